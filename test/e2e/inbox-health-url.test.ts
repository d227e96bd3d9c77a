/**
 * The admin page's "Health URL" field in Chromium, on SQLite and (with TEST_DATABASE_URL)
 * PostgreSQL: a site saved with a health URL is what the admin API lists and what the prober
 * checks; one that is not http(s) is refused with the field named and the stored one kept;
 * saving the site with the field empty stops the monitoring. Axe clean.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { forEachStore } from '../api/helpers.ts';
import { ADMIN, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';
import { startHealthServer, type HealthServer } from '../status/health-server.ts';

let browser: Browser;
before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  browser = await launchBrowser();
});
after(() => browser?.close());

const violations = (page: Page) =>
  new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));

forEachStore('Health URL in the admin page', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let health: HealthServer;

  before(async () => {
    health = await startHealthServer();
    server = await target.start(withAdmin({ env: { HELPWAY_PROBE_SECONDS: '60' } }));
    admin = await signIn(server.url);
  });
  after(async () => {
    await server?.stop();
    await health?.close();
  });

  const healthUrlOf = async (key: string) => {
    const res = await admin.get<{ sites: Array<{ key: string; healthUrl: string | null }> }>('/api/admin/sites');
    assert.equal(res.status, 200, res.text);
    return res.body.sites.find((s) => s.key === key)?.healthUrl;
  };

  it('saves a site with a health URL the prober then checks, refuses a non-http one by name, and stops monitoring when emptied', async () => {
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
    await page.getByRole('heading', { name: 'Add a site' }).waitFor();

    const field = page.getByLabel('Health URL');
    assert.match((await field.getAttribute('aria-describedby')) ?? '', /site-health-url-help/);
    assert.match((await page.locator('#site-health-url-help').textContent()) ?? '', /checks it regularly/);

    const saveSite = async (healthUrl: string) => {
      await page.getByLabel('Site key').fill('northgate');
      await page.getByLabel('Site name').fill('Northgate College');
      await page.getByLabel('Plan').selectOption('standard');
      await page.getByLabel('Origins (space separated)').fill('https://lms.northgate.example');
      await field.fill(healthUrl);
      await page.getByRole('button', { name: 'Save site' }).click();
    };
    const status = page.locator('main [role="status"]').first();

    const url = `${health.origin}/northgate/health`;
    await saveSite(url);
    await page.getByText('Site saved.').waitFor();
    assert.equal(await healthUrlOf('northgate'), url);
    assert.equal(await field.inputValue(), '', 'the form is cleared for the next site');

    // The prober checks what the form saved.
    await server.running.services.prober.probeOnce();
    assert.equal(health.hits.get('/northgate/health'), 1);
    const state = await admin.get<{ site: { state: string } }>('/api/status?site=northgate');
    assert.equal(state.body.site.state, 'up');

    // Not http(s): the API's reason with the field's name, and the stored URL kept.
    await saveSite('ftp://lms.northgate.example/health');
    await page.getByText(/healthUrl/).waitFor();
    assert.match((await status.textContent()) ?? '', /healthUrl/);
    assert.equal(await healthUrlOf('northgate'), url);
    assert.deepEqual(await violations(page), [], 'axe with the refusal shown');

    // Saved with the field empty: no longer monitored.
    await saveSite('');
    await page.getByText('Site saved.').waitFor();
    assert.equal(await healthUrlOf('northgate'), null);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
