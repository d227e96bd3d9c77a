/**
 * The inbox's Incidents section in a real browser, axe clean: declare an incident (its hostile
 * title shown as text), post an update that resolves it, see an incident the monitor opens appear
 * and be announced without a reload, announce and cancel maintenance.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { ADMIN, withAdmin } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';
import { onSiteDown } from '../../api/src/status/incidents.ts';
import { addStatusSites } from '../status/support.ts';

let browser: Browser;
let server: TestServer;
const HOSTILE = '<img src=x onerror="window.__xss=1"> Logins fail';

before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  [browser, server] = await Promise.all([launchBrowser(), startServer(withAdmin())]);
  await addStatusSites(server);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const violations = (page: Page) =>
  new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));

test('agents declare, update and resolve incidents, see automatic ones arrive, and announce maintenance', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/inbox/`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents', level: 1 }).waitFor();
    await page.getByText('No incidents.').waitFor();
    assert.deepEqual(await violations(page), []);

    await page.getByLabel('Title').first().fill(HOSTILE);
    await page.getByLabel('Sites (keys separated by commas, or "all")').fill('acme');
    await page.getByLabel('First update (public)').fill('We are looking into it.');
    await page.getByRole('button', { name: 'Declare' }).click();
    await page.getByRole('status').filter({ hasText: 'Incident declared.' }).waitFor();
    const card = page.getByRole('article', { name: HOSTILE });
    await card.waitFor();
    await card.getByText(/· acme ·/).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.deepEqual(await violations(page), []);

    // A site goes down: the monitor's incident shows up and is announced, without a reload.
    await onSiteDown(server.running.services, 'beta', new Date().toISOString(), 'timeout');
    await page.getByRole('status').filter({ hasText: 'New incident: Beta LMS is down.' }).waitFor();
    await page.getByRole('article', { name: 'Beta LMS is down' }).getByText('opened by monitoring').waitFor();

    const form = page.getByRole('form', { name: `Post an update on ${HOSTILE}` });
    await form.getByLabel('Status').selectOption('resolved');
    await form.getByLabel('Update (public)').fill('Fixed: a certificate was renewed.');
    await form.getByRole('button', { name: 'Post update' }).click();
    await page.getByRole('status').filter({ hasText: 'Update posted' }).waitFor();
    await card.getByText('Fixed: a certificate was renewed.').waitFor();
    assert.equal(await page.getByRole('form', { name: `Post an update on ${HOSTILE}` }).count(), 0, 'no form on a resolved incident');

    await page.getByLabel('Title').last().fill('Database upgrade');
    await page.getByLabel('Site key (empty: all sites)').fill('acme');
    await page.getByLabel('Starts').fill('2030-01-05T06:00');
    await page.getByLabel('Ends').fill('2030-01-05T07:00');
    await page.getByRole('button', { name: 'Announce' }).click();
    const table = page.getByRole('table', { name: 'Maintenance' });
    await table.getByRole('cell', { name: 'Database upgrade', exact: true }).waitFor();
    await table.getByRole('cell', { name: 'upcoming', exact: true }).waitFor();
    assert.deepEqual(await violations(page), []);
    await table.getByRole('button', { name: 'Cancel Database upgrade' }).click();
    await table.getByRole('cell', { name: 'cancelled', exact: true }).waitFor();
  } finally {
    await context.close();
  }
});
