/** One port: the KB site at /, the widget at /widget.js and /chunks, the demo page at /demo, the API at /api. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type TestServer } from '../support/api-server.ts';

function write(root: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

describe('static front-ends next to the API', () => {
  let dir: string;
  let server: TestServer;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'helpway-static-'));
    const kb = path.join(dir, 'kb');
    const widget = path.join(dir, 'widget');
    write(kb, 'index.html', '<!doctype html><title>KB home</title>');
    write(kb, '404.html', '<!doctype html><title>Page not found</title>');
    write(kb, 'articles/bulk-upload-users/index.html', '<!doctype html><title>Bulk upload</title>');
    write(kb, '_astro/site.abc123.css', 'body{}');
    write(widget, 'widget.js', 'export const widget = 1;');
    write(widget, 'chunks/panel-X1.js', 'export const panel = 1;');
    write(widget, 'demo/index.html', '<!doctype html><title>Demo LMS</title>');
    server = await startServer({ config: { kbSiteDir: kb, widgetDir: widget } });
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (p: string) => {
    const res = await fetch(server.url + p, { redirect: 'manual' });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  it('serves the KB site, with and without the trailing slash, revalidating', async () => {
    const home = await get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /KB home/);
    assert.equal(home.headers.get('cache-control'), 'no-cache');
    assert.match((await get('/articles/bulk-upload-users/')).text, /Bulk upload/);
    assert.match((await get('/articles/bulk-upload-users')).text, /Bulk upload/);
  });

  it('content-hashed assets are immutable', async () => {
    const css = await get('/_astro/site.abc123.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('cache-control') ?? '', /immutable/);
  });

  it('unknown pages get the KB site\'s 404 page with status 404; unknown API paths get JSON', async () => {
    const page = await get('/no/such/page');
    assert.equal(page.status, 404);
    assert.match(page.text, /Page not found/);
    const api = await get('/api/no-such-endpoint');
    assert.equal(api.status, 404);
    assert.equal(JSON.parse(api.text).error.code, 'not_found');
  });

  it('serves the widget, its chunks and the demo page', async () => {
    const js = await get('/widget.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.match((await get('/chunks/panel-X1.js')).text, /panel/);
    const redirect = await get('/demo');
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/demo/');
    assert.match((await get('/demo/')).text, /Demo LMS/);
  });

  it('does not serve files outside the built folders', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/chunks/../../package.json']) {
      const res = await get(p);
      assert.ok(res.status === 404 || res.status === 400, `${p}: ${res.status}`);
      assert.doesNotMatch(res.text, /"devDependencies"/);
    }
  });
});
