/**
 * The inbox's Reports page in Chromium: opened by its nav link, the charts drawn (canvas) with
 * their tables and text summaries, the site filter and the period change the figures, a CSV link
 * downloads the table, a site's monthly statement opens from its link, the funnel says it is not
 * drawn from real widget sessions, the print layout drops the nav, and axe finds nothing in light
 * or dark.
 *
 * Fixture (today, real clock): the demo site (standard plan, 10 h) gets three tickets and 60
 * minutes; a second site "north" (priority plan, 5 h) one ticket and 30 minutes. Four widget
 * sessions on the demo site: all four see a suggestion, three search, two read an article, one
 * opens the contact form and files the third ticket (one self-served: read and no ticket).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { ADMIN, fileTicket, signIn, withAdmin } from '../inbox/support.ts';
import { post } from '../api/helpers.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';
import { csvRecords } from '../reports/support.ts';

let browser: Browser;
let server: TestServer;
const today = new Date().toISOString().slice(0, 10);
const month = today.slice(0, 7);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  [browser, server] = await Promise.all([launchBrowser(), startServer(withAdmin())]);
  const admin = await signIn(server.url);
  const site = await admin.post('/api/admin/sites', { key: 'north', name: 'North College', plan: 'priority', origins: [], budgetHours: 5 });
  assert.ok(site.status === 200 || site.status === 201, site.text);
  const sessions = ['1', '2', '3', '4'].map((n) => `00000000-0000-4000-8000-00000000000${n}`);
  const steps: Record<string, string[]> = {
    [sessions[0]]: ['opened', 'suggestion_shown'],
    [sessions[1]]: ['opened', 'suggestion_shown'],
    [sessions[2]]: ['opened', 'suggestion_shown', 'article_read'],
    [sessions[3]]: ['opened', 'suggestion_shown', 'article_read', 'escalation_started'],
  };
  for (const [session, types] of Object.entries(steps)) {
    const events = types.map((type) => ({
      site: 'demo',
      session,
      type,
      ...(type === 'article_read' ? { slug: 'bulk-upload-users' } : {}),
    }));
    assert.equal((await post(server.url, '/api/widget-events', events)).status, 202);
  }
  for (const session of sessions.slice(1)) {
    const res = await post(server.url, '/api/search-events', {
      site: 'demo',
      session,
      source: 'widget',
      query: 'upload users',
      resultCount: 3,
    });
    assert.equal(res.status, 202, res.text);
  }
  const demo = [];
  for (const subject of ['Gradebook', 'Quiz timer']) demo.push((await fileTicket(server.url, { subject })).reference);
  demo.push((await fileTicket(server.url, { subject: 'Enrolment', widgetSession: sessions[3] })).reference);
  const north = (await fileTicket(server.url, { site: 'north', subject: 'North: login' })).reference;
  for (const [ref, minutes] of [
    [demo[0], 60],
    [north, 30],
  ] as const) {
    const res = await admin.post(`/api/inbox/tickets/${ref}/time`, { minutes, rate: 'standard' });
    assert.ok(res.status === 200 || res.status === 201, res.text);
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const violations = (page: Page) =>
  new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));

const cells = (page: Page, table: string) =>
  page
    .locator(`helpway-reports table[data-table="${table}"] tbody tr`)
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')));

async function openReports(page: Page) {
  await page.goto(`${server.url}/inbox/`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  await page
    .getByRole('status')
    .filter({ hasText: /^Showing / })
    .waitFor();
}

/** Canvases drawn in a chart, and how many of their pixels are painted. */
const painted = (page: Page, id: string) =>
  page.locator(`helpway-reports #${id}`).evaluate((el) =>
    [...el.querySelectorAll('canvas')].map((c) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]) n++;
      return n;
    }),
  );

test('Reports: charts and tables, filters change the figures, CSV, statements, funnel not available, print, axe in light', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openReports(page);

  // Four charts drawn on canvas.
  for (const id of ['chart-sla', 'chart-funnel', 'chart-volume', 'chart-budget']) {
    const canvases = await painted(page, id);
    assert.equal(canvases.length, 1, id);
    assert.ok(canvases[0] > 500, `${id}: ${canvases[0]} pixels painted`);
  }

  // All sites, the last 90 days: 4 tickets filed today; the SLA week holds them all.
  const volume = await cells(page, 'volume');
  assert.equal(volume.length, 90);
  assert.deepEqual(volume.at(-1), [today, '4', '4']);
  assert.equal(
    volume.reduce((n, r) => n + Number(r[1]), 0),
    4,
  );
  assert.match(
    (await page.locator('helpway-reports #chart-volume').getAttribute('aria-label')) ?? '',
    /^Ticket volume per day: 4 tickets filed from /,
  );
  const sla = await cells(page, 'sla');
  assert.equal(sla.length, 1);
  assert.equal(sla[0][1], '4');
  assert.match(
    (await page.locator('helpway-reports #chart-sla').getAttribute('aria-label')) ?? '',
    /first response met nothing due in week \d{4}-W\d\d/,
  );
  // Budget: demo 10 − 1 = 9 h left, north 5 − 0.5 = 4.5 h, at this month's end.
  const burn = await cells(page, 'burn');
  assert.deepEqual(burn.at(-1), [month, '9', '4.5']);
  assert.deepEqual(
    (await cells(page, 'budget')).map((r) => r.slice(0, 4)),
    [
      ['Demo LMS', '10', '1', '9'],
      ['North College', '5', '0.5', '4.5'],
    ],
  );
  assert.deepEqual(await violations(page), [], 'axe, light');

  // One site: North College's one ticket and its budget only.
  await page.getByLabel('Site', { exact: true }).selectOption({ label: 'North College' });
  await page.getByRole('button', { name: 'Show reports' }).click();
  await page.locator('helpway-reports table[data-table="budget"] tbody tr').filter({ hasNotText: 'Demo LMS' }).first().waitFor();
  await page.waitForFunction(
    () =>
      document
        .querySelector('helpway-inbox')
        ?.shadowRoot?.querySelector('helpway-reports')
        ?.shadowRoot?.querySelectorAll('table[data-table="budget"] tbody tr').length === 1,
  );
  assert.deepEqual((await cells(page, 'volume')).at(-1), [today, '1', '1']);
  assert.equal((await cells(page, 'sla'))[0][1], '1');
  assert.deepEqual((await cells(page, 'burn')).at(-1), [month, '4.5']);
  assert.equal((await painted(page, 'chart-budget')).length, 1);

  // The CSV link downloads the table as shown: north, the last 90 days.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download volume per day (CSV)' }).click(),
  ]);
  const rows = csvRecords(readFileSync((await download.path())!, 'utf8'));
  assert.equal(rows.length, 90);
  assert.deepEqual(rows.at(-1), { date: today, tickets: '1', backlog: '1' });
  assert.match(download.suggestedFilename(), /^helpway-volume-days-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);

  // A period that ends yesterday: nothing filed, no SLA week.
  await page.getByLabel('From', { exact: true }).fill(yesterday);
  await page.getByLabel('To', { exact: true }).fill(yesterday);
  await page.getByRole('button', { name: 'Show reports' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Showing ${yesterday} to ${yesterday}.` })
    .waitFor();
  assert.deepEqual(await cells(page, 'volume'), [[yesterday, '0', '0']]);
  assert.deepEqual(await cells(page, 'sla'), []);

  // Print: no nav, the charts and tables stay.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('navigation', { name: 'Inbox' }).isVisible(), false);
  assert.equal(await page.locator('helpway-reports #chart-volume canvas').isVisible(), true);
  assert.equal(await page.locator('helpway-reports table[data-table="volume"]').isVisible(), true);
  assert.equal(await page.getByLabel('Site', { exact: true }).isVisible(), false);
  await page.emulateMedia({ media: 'screen' });

  // The statement of North College for this month, from its link.
  await page.getByLabel('From', { exact: true }).fill(today);
  await page.getByLabel('To', { exact: true }).fill(today);
  await page.getByRole('button', { name: 'Show reports' }).click();
  await page.getByRole('link', { name: `Budget statement North College ${month}` }).click();
  await page.getByRole('heading', { name: 'Budget statement' }).waitFor();
  assert.equal(await page.locator('tr', { hasText: 'Used this month' }).locator('td').textContent(), '0.50 h (£47.50)');
  assert.equal(await page.locator('tr', { hasText: 'Remaining so far' }).locator('td').textContent(), '4.50 h');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the funnel of the widget sessions; dark mode is axe clean', async () => {
  const context = await browser.newContext({ colorScheme: 'dark' });
  const page = await context.newPage();
  await openReports(page);
  assert.equal((await painted(page, 'chart-funnel')).length, 1);
  assert.deepEqual(
    (await cells(page, 'funnel')).map((r) => r.slice(0, 3)),
    [
      ['sessions', '4', '100%'],
      ['engaged', '3', '75%'],
      ['read', '2', '50%'],
      ['escalated', '1', '25%'],
      ['ticket', '1', '25%'],
    ],
  );
  assert.equal(
    await page.locator('helpway-reports #chart-funnel').getAttribute('aria-label'),
    'Self-service funnel: sessions 4, engaged 3, read 2, escalated 1, ticket 1; 25% self-served.',
  );
  const href = await page.getByRole('link', { name: 'Download funnel steps (CSV)' }).getAttribute('href');
  assert.match(href ?? '', /^\/api\/reports\/funnel\?from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d&format=csv&table=steps$/);
  // Dark: the page's own colours changed, and axe still finds nothing.
  assert.equal(await page.locator('helpway-reports').evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(20, 24, 29)');
  assert.deepEqual(await violations(page), [], 'axe, dark');
  await context.close();
});
