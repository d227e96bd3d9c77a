/**
 * Search that scales, in real Chromium over real HTTP: when the built index is over the download
 * budget (a 200-article knowledge base, ~80 KB gzipped, through the build's own decision), the widget
 * and the KB search page no longer download it — /search-index.json is the small manifest — and ask
 * GET /api/search instead, debounced, listing exactly what the engine over the whole index lists.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Request } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { largeKbSite, type LargeKbSite } from '../support/large-kb.ts';
import { axeViolations, newContext, startHelpwayForWidget, startHostServer, type HostServer } from './widget-support.ts';
import { SEARCH_INDEX_BUDGET } from '#search-build/ship-index.ts';

let browser: Browser;
let server: TestServer;
let host: HostServer;
let kb: LargeKbSite;

const LMS_PATH = '/lms/admin/tool/uploaduser/index.php';
const QUERY = 'upload users from a csv file';

before(async () => {
  kb = await largeKbSite(200);
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget({ config: { kbSiteDir: kb.dir } })]);
  host = await startHostServer({
    [LMS_PATH]: {
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upload users</title>
<script type="module" src="${server.url}/widget.js"></script></head>
<body><main><h1>Upload users</h1></main><helpway-widget site="demo"></helpway-widget></body></html>`,
    },
    '/favicon.ico': { body: '' },
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
  kb?.remove();
});

test('the index is over the budget, so the build ships the manifest and the whole index apart', () => {
  assert.ok(kb.shipped.gzipBytes > SEARCH_INDEX_BUDGET, `index ${kb.shipped.gzipBytes} B gz`);
  assert.ok(kb.shipped.full, 'the whole index is written for the API');
  assert.deepEqual(JSON.parse(kb.shipped.client), { version: 2, search: 'server', articles: 200, gzipBytes: kb.shipped.gzipBytes });
});

test('the widget suggests and searches through /api/search, never downloading the index, with the engine’s results', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r: Request) => requests.push(new URL(r.url()).pathname + new URL(r.url()).search));
  const bodies: number[] = [];
  page.on('response', async (res) => {
    if (/search-index/.test(res.url())) bodies.push((await res.body()).length);
  });
  await page.goto(`${host.url}${LMS_PATH}`);
  const dialog = page.getByRole('dialog', { name: 'Help' });
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  const pageContext = { url: `${host.url}${LMS_PATH}`, title: 'Upload users', heading: 'Upload users', context: '' };

  // Suggestions for the page.
  const suggested = kb.searcher.suggest(pageContext, 5).map((h) => h.title);
  assert.ok(suggested.length > 0, 'the page has suggestions');
  const list = dialog.getByRole('list').first().getByRole('button');
  await list.first().waitFor();
  assert.deepEqual(await list.locator('.hit-title').allTextContents(), suggested);

  // Typed key by key: debounced, so far fewer requests than keystrokes; the last one wins.
  const box = dialog.getByRole('searchbox', { name: 'Search help articles' });
  const before = requests.filter((r) => r.startsWith('/api/search?')).length;
  await box.pressSequentially(QUERY, { delay: 25 });
  const expected = kb.searcher.search(QUERY, { context: pageContext, limit: 8 }).map((h) => h.title);
  assert.ok(expected.length >= 3, 'the query finds articles');
  await page.waitForFunction(
    (first) => {
      const root = document.querySelector('helpway-widget')?.shadowRoot?.querySelector('helpway-panel')?.shadowRoot;
      return root?.querySelector('.hit-title')?.textContent === first && root.querySelector('#q') !== null;
    },
    expected[0],
    { timeout: 10000 },
  );
  await page.waitForTimeout(400); // any search still on the wire lands
  const titles = await dialog.getByRole('list').first().locator('.hit-title').allTextContents();
  assert.deepEqual(titles, expected);
  const searches = requests.filter((r) => r.startsWith('/api/search?')).slice(before);
  assert.ok(searches.length >= 1 && searches.length < QUERY.length / 2, `${searches.length} searches for ${QUERY.length} keystrokes`);
  const last = new URLSearchParams(searches.at(-1)!.split('?')[1]);
  assert.equal(last.get('q'), QUERY);
  assert.equal(last.get('site'), 'demo');
  assert.equal(last.get('title'), 'Upload users');

  // The index itself never came: only the manifest, once.
  assert.equal(requests.filter((r) => r.startsWith('/search-index.json')).length, 1);
  assert.ok(!requests.some((r) => r.includes('search-index-full')), 'the whole index is never downloaded');
  assert.ok(
    bodies.every((b) => b < 200),
    `manifest bytes ${bodies}`,
  );
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test('the KB search page searches through /api/search too, with the engine’s results', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r: Request) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/search/`);
  const box = page.getByRole('searchbox', { name: 'Search the knowledge base' });
  await box.focus();
  await box.pressSequentially('reset a password', { delay: 25 });
  const expected = kb.searcher.search('reset a password', { limit: 20 }).map((h) => `/articles/${h.slug}/`);
  assert.ok(expected.length >= 1, 'the query finds articles');
  const links = page.getByRole('list', { name: 'Search results' }).getByRole('link');
  await page.waitForFunction((n) => document.querySelectorAll('#results a').length === n, expected.length, { timeout: 10000 });
  await page.waitForTimeout(400);
  assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), expected);
  const searches = requests.filter((r) => r === '/api/search').length;
  assert.ok(searches >= 1 && searches < 'reset a password'.length / 2, `${searches} searches`);
  assert.ok(!requests.some((r) => r.includes('search-index-full')), 'the whole index is never downloaded');
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test('a KB search page built over the budget (data-search="server") fetches neither the engine nor the index file', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  // This knowledge base's site is the real build with a bigger index dropped in; a build over the
  // budget also marks its search pages (test/e2e/kb-scale-build.test.ts), as done here.
  await page.route('**/search/', async (route) => {
    const res = await route.fetch();
    const html = await res.text();
    assert.match(html, /data-search="client"/);
    await route.fulfill({ response: res, body: html.replace('data-search="client"', 'data-search="server"') });
  });
  const requests: string[] = [];
  page.on('request', (r: Request) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${server.url}/search/`);
  const box = page.getByRole('searchbox', { name: 'Search the knowledge base' });
  await box.fill('reset a password');
  const expected = kb.searcher.search('reset a password', { limit: 20 }).map((h) => `/articles/${h.slug}/`);
  await page.waitForFunction((n) => document.querySelectorAll('#results a').length === n, expected.length, { timeout: 10000 });
  assert.deepEqual(await page.locator('#results a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), expected);
  assert.ok(requests.includes('/api/search'));
  assert.ok(!requests.some((r) => r.startsWith('/search-index')), requests.join(' '));
  assert.ok(!requests.some((r) => /\/_astro\/(engine|typo)\./.test(r)), requests.join(' '));
  await context.close();
});
