/**
 * The admin page's "Site contacts" section in Chromium, on SQLite and (with TEST_DATABASE_URL)
 * PostgreSQL: pick a site, add a key contact and a member, a bad email refused with its message
 * under the field, remove one by its named button; after each step the admin API says the same
 * as the table, another site's contacts stay put, a hostile name stays text, and axe is clean.
 * The SLA section's site select (the same shared picker) still switches sites.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { fixedClock, forEachStore } from '../api/helpers.ts';
import { ADMIN, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';
import type { ContactView } from '../../api/src/portal/account-shapes.ts';

const HOSTILE = 'Dee <img src=x onerror="window.__xss=1">';

let browser: Browser;
before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  browser = await launchBrowser();
});
after(() => browser?.close());

const violations = (page: Page) =>
  new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));

/** The table's rows as "name | email | role", header row left out. */
const rowsOf = async (section: Locator) =>
  await section.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) =>
      [...r.children]
        .slice(0, 3)
        .map((c) => c.textContent?.trim())
        .join(' | '),
    ),
  );

forEachStore('Site contacts in the admin page', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const contactsOf = async (site: string) => {
    const res = await admin.get<{ contacts: ContactView[] }>(`/api/admin/sites/${site}/contacts`);
    assert.equal(res.status, 200, res.text);
    return res.body.contacts.map((c) => `${c.name} | ${c.email} | ${c.role} | ${c.createdBy}`);
  };

  before(async () => {
    server = await target.start(withAdmin({ clock: fixedClock() }));
    admin = await signIn(server.url);
    const site = await admin.post('/api/admin/sites', {
      key: 'northgate',
      name: 'Northgate College',
      plan: 'standard',
      origins: [],
      budgetHours: 0,
    });
    assert.equal(site.status, 201, site.text);
    const other = await admin.post('/api/admin/sites/demo/contacts', { email: 'dee@demo.example', name: HOSTILE, role: 'member' });
    assert.equal(other.status, 201, other.text);
  });
  after(() => server?.stop());

  it('adds a key contact and a member, shows a bad email under its field, removes one; the API agrees at each step; axe clean', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/inbox/`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByRole('link', { name: 'Admin' }).click();

    const section = page.locator('helpway-site-contacts');
    await section.getByRole('heading', { name: 'Site contacts' }).waitFor();
    const status = section.getByRole('status');

    // The demo site's contact, named with markup, is listed as text.
    await section.getByLabel('Site').selectOption('demo');
    await section.getByRole('table', { name: 'Contacts of' }).waitFor();
    assert.deepEqual(await rowsOf(section), [`${HOSTILE} | dee@demo.example | Member`]);
    assert.equal(await section.locator('tbody img').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);

    await section.getByLabel('Site').selectOption('northgate');
    await section.getByText('Northgate College has no contacts yet.').waitFor();
    assert.deepEqual(await contactsOf('northgate'), []);

    const add = async (name: string, email: string, role: 'key' | 'member') => {
      await section.getByLabel('Name').fill(name);
      await section.getByLabel('Email').fill(email);
      await section.getByLabel('Role').selectOption(role);
      await section.getByRole('button', { name: 'Add contact' }).click();
    };

    // A key contact: the address is stored lower-cased, the admin recorded as who added them.
    await add('Jane Doe', 'Jane.Doe@Northgate.example', 'key');
    await status.filter({ hasText: 'Jane Doe (jane.doe@northgate.example) added to northgate as key contact.' }).waitFor();
    assert.deepEqual(await contactsOf('northgate'), [`Jane Doe | jane.doe@northgate.example | key | ${ADMIN.email}`]);
    assert.deepEqual(await rowsOf(section), ['Jane Doe | jane.doe@northgate.example | Key contact']);
    assert.equal(await section.getByLabel('Name').inputValue(), '', 'the form is cleared for the next one');

    await add('Sam Lee', 'sam@northgate.example', 'member');
    await status.filter({ hasText: 'Sam Lee (sam@northgate.example) added to northgate as member.' }).waitFor();
    assert.deepEqual(await contactsOf('northgate'), [
      `Jane Doe | jane.doe@northgate.example | key | ${ADMIN.email}`,
      `Sam Lee | sam@northgate.example | member | ${ADMIN.email}`,
    ]);
    assert.deepEqual(await rowsOf(section), [
      'Jane Doe | jane.doe@northgate.example | Key contact',
      'Sam Lee | sam@northgate.example | Member',
    ]);
    // "Added": the server's fixed clock, 2 March 2026 (the hour is the browser's time zone's).
    assert.match(
      (await section.locator('tbody tr').first().locator('td').nth(2).textContent()) ?? '',
      /^2 Mar 2026, \d\d:\d\d by admin@kestrel\.example$/,
    );

    // A bad email: the API's message under the field, the field marked invalid and focused; nothing stored.
    await add('Pat Roe', 'pat@', 'member');
    const emailError = section.locator('#contact-email-error');
    await emailError.waitFor();
    assert.equal(await emailError.textContent(), 'Email must be an email address.');
    assert.equal(await emailError.isVisible(), true);
    const email = section.getByLabel('Email');
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await email.getAttribute('aria-describedby'), 'contact-email-error');
    assert.equal(await email.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true, 'focus moved to the field');
    assert.equal(await section.getByLabel('Name').getAttribute('aria-invalid'), 'false');
    await status.filter({ hasText: 'The contact was not saved: email must be an email address.' }).waitFor();
    assert.equal((await contactsOf('northgate')).length, 2);
    assert.deepEqual(await violations(page), [], 'axe with a field error shown');

    // Remove by the row's named button; the other site's contact is untouched.
    await section.getByRole('button', { name: 'Remove Jane Doe' }).click();
    await status.filter({ hasText: 'Jane Doe (jane.doe@northgate.example) removed from northgate.' }).waitFor();
    assert.deepEqual(await contactsOf('northgate'), [`Sam Lee | sam@northgate.example | member | ${ADMIN.email}`]);
    // The table re-renders from the reloaded list after the status is announced: wait for it to settle.
    const settled = ['Sam Lee | sam@northgate.example | Member'];
    for (let i = 0; i < 50 && JSON.stringify(await rowsOf(section)) !== JSON.stringify(settled); i++) await page.waitForTimeout(100);
    assert.deepEqual(await rowsOf(section), settled);
    assert.equal(await section.getByRole('button', { name: 'Remove Sam Lee' }).count(), 1);
    assert.deepEqual(await contactsOf('demo'), [`${HOSTILE} | dee@demo.example | member | ${ADMIN.email}`]);
    assert.deepEqual(await violations(page), [], 'axe after the removal');

    // The SLA section picks its site with the same shared select.
    const sla = page.locator('helpway-site-sla');
    await sla.getByLabel('Site').selectOption('northgate');
    await sla.getByRole('table', { name: 'Terms for new tickets of northgate' }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});
