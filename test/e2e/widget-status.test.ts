/**
 * The widget on a site with an open incident, in Chromium, on the real API and both stores: the
 * incident declared by an agent (POST /api/inbox/incidents) shows at the top of the panel with its
 * status and the last update's time in words (en, fr), axe clean; picking S1 asks "Is it this?" —
 * "I'm affected too" records the person as a subscriber and files no ticket, "No, it's something
 * else" gives the form back and an S1 ticket is filed; a healthy site shows no banner and never
 * downloads the banner's chunk.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { forEachStore } from '../api/helpers.ts';
import { eventually, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { startHealthServer } from '../status/health-server.ts';
import { axeViolations, newContext, startHelpwayForWidget, startHostServer, type HostPage, type HostServer } from './widget-support.ts';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const TITLE = 'Riverside sign-in pages time out';
/** Far enough ahead to be under way whenever the tests run: Wednesday 1 July, 18:30 in London (summer time). */
const MAINTENANCE_ENDS = '2099-07-01T17:30:00.000Z';
const UPDATE = 'We found the cause (a full disk on the sign-in service) and are freeing space.';

/** The element's attributes on the host page: its site, language, and the host's identity if any. */
function hostPage(server: TestServer, attributes: string): HostPage {
  return {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dashboard | LMS</title>
<script type="module" src="${server.url}/widget.js"></script></head><body><main><h1>Dashboard</h1></main>
<helpway-widget ${attributes}></helpway-widget></body></html>`,
  };
}

/** The element inside the widget's shadow roots that has focus: its tag, id and text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}#${el.id} ${(el.textContent ?? '').trim()}` : '';
  });
}

forEachStore('The widget during an incident', (target) => {
  let server: TestServer;
  let host: HostServer;
  let admin: AgentSession;
  let incident: { id: number; updates: Array<{ body: string; createdAt: string }> };
  const contexts: BrowserContext[] = [];

  before(async () => {
    server = await startHelpwayForWidget(withAdmin({ databaseUrl: target.databaseUrl }));
    const pages: Record<string, HostPage> = { '/favicon.ico': { body: '' } };
    host = await startHostServer(pages);
    admin = await signIn(server.url);
    const calm = await admin.post('/api/admin/sites', { key: 'calm', name: 'Calm College', plan: 'standard', origins: [host.url] });
    assert.equal(calm.status, 201, calm.text);
    pages['/'] = hostPage(server, 'site="demo"');
    pages['/fr/'] = hostPage(server, 'site="demo" lang="fr"');
    pages['/known/'] = hostPage(server, 'site="demo" user-name="Kim Known" user-email="kim@riverside.example"');
    pages['/calm/'] = hostPage(server, 'site="calm"');
    const north = await admin.post('/api/admin/sites', { key: 'north', name: 'North Academy', plan: 'standard', origins: [host.url] });
    assert.equal(north.status, 201, north.text);
    pages['/north/'] = hostPage(server, 'site="north" lang="de"');
    const window = await admin.post('/api/inbox/maintenance', {
      siteKeys: 'north',
      title: 'Database upgrade',
      body: 'Courses are read-only meanwhile.',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: MAINTENANCE_ENDS,
    });
    assert.equal(window.status, 201, window.text);
    const declared = await admin.post('/api/inbox/incidents', { title: TITLE, status: 'identified', siteKeys: ['demo'], body: UPDATE });
    assert.equal(declared.status, 201, declared.text);
    incident = declared.body;
  });
  after(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await host?.close();
    await server?.stop();
  });

  /** Opens the panel on `path`; the widget's clock is `at` (a fixed instant) when given. */
  async function openPanel(path: string, options: { locale?: string; at?: number } = {}) {
    const context = await newContext(browser, { locale: options.locale ?? 'en-GB', timezoneId: 'Europe/London' });
    contexts.push(context);
    const page = await context.newPage();
    if (options.at) await page.clock.setFixedTime(options.at);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    const status = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/status');
    await page.goto(`${host.url}${path}`);
    await page.getByRole('button', { name: { fr: 'Aide', de: 'Hilfe' }[options.locale ?? ''] ?? 'Help', exact: true }).click();
    const answer = await status;
    assert.equal(answer.status(), 200, await answer.text());
    return { context, page, requested };
  }

  async function subscribers() {
    return server.running.store.db
      .selectFrom('incident_subscribers')
      .select(['incident_id', 'email', 'name', 'site_key'])
      .orderBy('id')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r })));
  }
  const ticketCount = async () => (await server.running.store.db.selectFrom('tickets').select('id').execute()).length;

  test('the open incident shows at the top of the panel: title, status, the last update and its time in words; axe clean', async () => {
    const posted = Date.parse(incident.updates[0].createdAt);
    assert.equal(incident.updates[0].body, UPDATE);
    // The reader's clock 5 minutes 10 seconds after the update: "5 minutes ago".
    const { page, requested } = await openPanel('/', { at: posted + 310_000 });
    const banner = page.getByRole('dialog', { name: 'Help' }).getByRole('region', { name: 'Service status' });
    await banner.waitFor();
    const text = (await banner.textContent()) ?? '';
    assert.match(text, new RegExp(`${TITLE}\\s*—\\s*Cause identified`));
    assert.ok(text.includes(UPDATE), text);
    assert.equal((await banner.locator('time').textContent())?.trim(), 'Updated 5 minutes ago');
    assert.equal(await banner.locator('time').getAttribute('datetime'), incident.updates[0].createdAt);
    // Announced politely: inside a live region that was there before it arrived.
    assert.equal(await banner.locator('xpath=..').getAttribute('aria-live'), 'polite');
    assert.ok(
      requested.some((p) => /^\/chunks\/status-banner-/.test(p)),
      requested.join(', '),
    );
    assert.deepEqual(await axeViolations(page), []);
  });

  test('in French: the status and the time in French words', async () => {
    const posted = Date.parse(incident.updates[0].createdAt);
    const { page } = await openPanel('/fr/', { locale: 'fr', at: posted + 2 * 3600_000 + 60_000 });
    const banner = page.getByRole('region', { name: 'État du service' });
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? '', /Cause identifiée/);
    assert.equal((await banner.locator('time').textContent())?.trim(), 'Mis à jour il y a 2 heures');
    assert.deepEqual(await axeViolations(page), []);
  });

  test('S1 asks "Is it this?"; "I\'m affected too" records the person as a subscriber and files no ticket', async () => {
    const before = await ticketCount();
    const { page } = await openPanel('/');
    const dialog = page.getByRole('dialog', { name: 'Help' });
    await dialog.getByRole('region', { name: 'Service status' }).waitFor();
    await dialog.getByRole('button', { name: 'Contact support' }).click();
    const form = page.getByRole('dialog', { name: 'Contact support' });
    await form.getByRole('radio', { name: /^S1/ }).click();
    const question = form.getByRole('group', { name: 'Is it this?' });
    await question.waitFor();
    assert.match(await focused(page), /^h3#hw-ask-title Is it this\?/);
    assert.match((await question.textContent()) ?? '', new RegExp(TITLE));
    // The banner leaves the incident to the question meanwhile.
    assert.equal(await form.getByRole('region', { name: 'Service status' }).count(), 0);
    assert.deepEqual(await axeViolations(page), []);
    // Neither the form nor the host page gave a name and an email: the question asks for them.
    await question.getByRole('button', { name: 'I’m affected too' }).click();
    await question.getByText('Please fill this in.').first().waitFor();
    assert.match(await focused(page), /^input#hw-ask-name/);
    await page.keyboard.type('Alex Affected');
    await page.keyboard.press('Tab');
    await page.keyboard.type('alex@riverside.example');
    await page.keyboard.press('Tab');
    assert.match(await focused(page), /^button# I’m affected too/);
    await page.keyboard.press('Enter');
    const done = form.getByRole('status').filter({ hasText: 'We will send the updates on this problem to alex@riverside.example.' });
    await done.waitFor();
    assert.match(await focused(page), /^div# Thank you\./);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(await subscribers(), [
      { incident_id: incident.id, email: 'alex@riverside.example', name: 'Alex Affected', site_key: 'demo' },
    ]);
    assert.equal(await ticketCount(), before);
    // The S1 draft is gone: writing about something else starts a fresh form.
    await done.getByRole('button', { name: 'Write about something else' }).click();
    await form.getByRole('radio', { name: /^S1/ }).waitFor();
    assert.equal(await form.getByRole('radio', { name: /^S1/ }).isChecked(), false);
    assert.equal(await ticketCount(), before);
  });

  test('"No, it\'s something else" gives the form back and files an S1 ticket; the host\'s identity would have been used', async () => {
    const before = await ticketCount();
    const { page } = await openPanel('/known/');
    const dialog = page.getByRole('dialog', { name: 'Help' });
    await dialog.getByRole('region', { name: 'Service status' }).waitFor();
    await dialog.getByRole('button', { name: 'Contact support' }).click();
    const form = page.getByRole('dialog', { name: 'Contact support' });
    await form.getByRole('radio', { name: /^Query/ }).check();
    await form.getByRole('radio', { name: /^S1/ }).click();
    const question = form.getByRole('group', { name: 'Is it this?' });
    await question.waitFor();
    // The host page vouched for the person: nothing to ask.
    assert.equal(await question.getByRole('textbox').count(), 0);
    await question.getByRole('button', { name: 'No, it’s something else' }).click();
    await form.getByLabel('Subject').waitFor();
    assert.equal(await form.getByRole('radio', { name: /^S1/ }).isChecked(), true);
    assert.match(await focused(page), /^input#/);
    await form.getByLabel('Subject').fill('The whole site shows a database error');
    await form.getByLabel('Description').fill('Every page of the site answers with a database error since 9:00.');
    await form.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('dialog', { name: 'Message received' }).waitFor();
    const tickets = await server.running.store.db.selectFrom('tickets').select(['severity', 'subject']).orderBy('id').execute();
    assert.equal(tickets.length, before + 1);
    assert.deepEqual({ ...tickets.at(-1) }, { severity: 'S1', subject: 'The whole site shows a database error' });
    assert.ok(!(await subscribers()).some((s) => s.email === 'kim@riverside.example'));
  });

  test('a healthy site shows no banner and does not load its chunk', async () => {
    const { page, requested } = await openPanel('/calm/');
    const dialog = page.getByRole('dialog', { name: 'Help' });
    await dialog.getByRole('searchbox', { name: 'Search help articles' }).waitFor();
    // Whatever follows the answer (a render) is done once the panel has rendered again.
    await page.waitForTimeout(300);
    assert.equal(await dialog.getByRole('region', { name: 'Service status' }).count(), 0);
    assert.ok(!requested.some((p) => p.includes('status-banner')), requested.join(', '));
  });

  test('maintenance under way shows with its end, in German; the incident of another site does not', async () => {
    const { page, requested } = await openPanel('/north/', { locale: 'de' });
    const banner = page.getByRole('region', { name: 'Dienststatus' });
    await banner.waitFor();
    const text = (await banner.textContent()) ?? '';
    assert.match(text, /Database upgrade\s*—\s*Wartung läuft/);
    assert.ok(text.includes('Courses are read-only meanwhile.'), text);
    assert.ok(!text.includes(TITLE), text);
    assert.equal((await banner.locator('time').textContent())?.trim(), 'Bis Mittwoch, 1. Juli um 18:30.');
    assert.ok(requested.some((p) => /^\/chunks\/status-banner-/.test(p)));
    assert.deepEqual(await axeViolations(page), []);
  });
});

test('from a health URL failing to the widget showing the incident, probing every second (reported)', async (t) => {
  const health = await startHealthServer();
  const server = await startHelpwayForWidget(withAdmin({ env: { HELPWAY_PROBE_SECONDS: '1' } }));
  const pages: Record<string, HostPage> = {};
  const host = await startHostServer(pages);
  const context = await newContext(browser);
  try {
    pages['/'] = hostPage(server, 'site="probed"');
    const admin = await signIn(server.url);
    const site = { key: 'probed', name: 'Probed College', plan: 'standard', origins: [host.url], healthUrl: `${health.origin}/health` };
    const created = await admin.post('/api/admin/sites', site);
    assert.equal(created.status, 201, created.text);
    const db = server.running.store.db;
    await eventually(
      async () => (await db.selectFrom('site_health').select('state').where('site_key', '=', 'probed').executeTakeFirst())?.state === 'up',
      15_000,
      'the site up',
    );
    const page = await context.newPage();
    await page.goto(`${host.url}/`);
    const launcher = page.getByRole('button', { name: 'Help', exact: true });
    const banner = page.getByRole('region', { name: 'Service status' });
    const failedAt = Date.now();
    health.answer(500);
    // A requester opening the panel again and again until the incident shows.
    for (;;) {
      await launcher.click();
      await page.getByRole('searchbox', { name: 'Search help articles' }).waitFor();
      if (
        await banner.waitFor({ timeout: 400 }).then(
          () => true,
          () => false,
        )
      )
        break;
      await page.keyboard.press('Escape');
      assert.ok(Date.now() - failedAt < 30_000, 'the incident showed within 30 s');
    }
    const seconds = (Date.now() - failedAt) / 1000;
    assert.match((await banner.textContent()) ?? '', /Probed College/);
    t.diagnostic(
      `health URL failing → incident in the widget: ${seconds.toFixed(1)} s (probes every 1 s, down after 3 failures, status cacheable 5 s)`,
    );
    // Three failed probes a second apart at the least.
    assert.ok(seconds >= 2, `${seconds} s`);
  } finally {
    await context.close();
    await host.close();
    await server.stop();
    await health.close();
  }
});
