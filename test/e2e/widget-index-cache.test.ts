/**
 * The search index is revalidated, not re-downloaded: the widget fetches /search-index.json with
 * `cache: 'no-cache'`, so on the next page view the browser asks with If-None-Match and an
 * unchanged index costs a 304. The index here comes from a KB origin (the `kb` attribute) that
 * answers with an ETag, as a CDN in front of the KB site does.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { newContext, startHelpwayForWidget, startHostServer, type HostServer } from './widget-support.ts';

const INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../kb-site/dist/search-index.json');

let browser: Browser;
let server: TestServer;
let host: HostServer;
let kb: Server;
let kbUrl: string;
const indexRequests: Array<{ ifNoneMatch: string | undefined; status: number }> = [];

before(async () => {
  const body = readFileSync(INDEX);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
  kb = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*' };
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/search-index.json') {
      res.writeHead(404, cors).end();
      return;
    }
    const ifNoneMatch = req.headers['if-none-match'];
    const status = ifNoneMatch === etag ? 304 : 200;
    indexRequests.push({ ifNoneMatch, status });
    res.writeHead(status, { ...cors, etag, 'cache-control': 'no-cache', 'content-type': 'application/json' });
    res.end(status === 200 ? body : undefined);
  });
  await new Promise<void>((resolve) => kb.listen(0, '127.0.0.1', resolve));
  kbUrl = `http://127.0.0.1:${(kb.address() as AddressInfo).port}`;
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget()]);
  host = await startHostServer({
    '/lms/': {
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upload users</title>
<script type="module" src="${server.url}/widget.js"></script></head>
<body><main><h1>Upload users</h1></main><helpway-widget site="demo" kb="${kbUrl}"></helpway-widget></body></html>`,
    },
    '/favicon.ico': { body: '' },
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
  kb?.closeAllConnections();
  await new Promise<void>((resolve) => (kb ? kb.close(() => resolve()) : resolve()));
});

test('the index is revalidated with If-None-Match on the next page view (304, suggestions still shown)', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  for (let view = 0; view < 2; view++) {
    await page.goto(`${host.url}/lms/`);
    await page.getByRole('button', { name: 'Help', exact: true }).click();
    await page.getByRole('dialog', { name: 'Help' }).getByRole('list').first().getByRole('button').first().waitFor();
  }
  await context.close();
  assert.equal(indexRequests.length, 2, 'one index request per page view');
  assert.deepEqual(indexRequests[0], { ifNoneMatch: undefined, status: 200 });
  assert.equal(indexRequests[1].status, 304, 'the second view revalidated the cached index by its ETag');
});
