/** One port: the KB site at /, the widget at /widget.js and /chunks, the demo page at /demo, the API at /api. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startServer, type TestServer } from '../support/api-server.ts';

function write(root: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

const BIG_JS = Array.from({ length: 200 }, (_, i) => `export const value${i} = "chunk ${i}";`).join('\n');
const BIG_JSON = JSON.stringify({
  version: 2,
  docs: Array.from({ length: 300 }, (_, i) => ({ slug: `article-${i}`, title: `Article ${i}` })),
});

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
    write(widget, 'chunks/big-Y2.js', BIG_JS);
    write(kb, 'search-index.json', BIG_JSON);
    write(kb, 'articles/bulk-upload-users.json', '{"slug":"bulk-upload-users"}');
    write(kb, 'fr/articles/bulk-upload-users.json', '{"slug":"bulk-upload-users","lang":"fr"}');
    write(kb, 'fr/articles/bulk-upload-users/index.html', '<!doctype html><title>Import</title>');
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

  it("unknown pages get the KB site's 404 page with status 404; unknown API paths get JSON", async () => {
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

  it('strong ETag; If-None-Match with it → 304 with no body; a changed file gets a new ETag', async () => {
    for (const p of ['/widget.js', '/chunks/big-Y2.js', '/search-index.json', '/', '/articles/bulk-upload-users/']) {
      const first = await fetch(server.url + p, { headers: { 'accept-encoding': 'identity' } });
      assert.equal(first.status, 200, p);
      await first.arrayBuffer();
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^"[A-Za-z0-9_-]{20,}"$/, `${p}: strong ETag`);
      const again = await fetch(server.url + p, { headers: { 'if-none-match': etag!, 'accept-encoding': 'identity' } });
      assert.equal(again.status, 304, p);
      assert.equal(await again.text(), '');
      assert.equal(again.headers.get('etag'), etag);
      assert.ok(again.headers.get('cache-control'), `${p}: 304 keeps Cache-Control`);
      const other = await fetch(server.url + p, { headers: { 'if-none-match': '"something-else"', 'accept-encoding': 'identity' } });
      assert.equal(other.status, 200, p);
    }
    const before = (await fetch(server.url + '/widget.js')).headers.get('etag');
    write(path.join(dir, 'widget'), 'widget.js', 'export const widget = 2; // a new build');
    const after = await fetch(server.url + '/widget.js', { headers: { 'if-none-match': before! } });
    assert.equal(after.status, 200);
    assert.match(await after.text(), /widget = 2/);
    assert.notEqual(after.headers.get('etag'), before);
  });

  it('gzip and brotli bodies decode to the file; each encoding has its own ETag and any revalidates; Vary: Accept-Encoding', async () => {
    const http = await import('node:http');
    // node:http, not fetch: fetch would decode the body and hide Content-Encoding from the test.
    const raw = (p: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: Record<string, any>; body: Buffer }>((resolve, reject) => {
        http
          .get(server.url + p, { headers }, (res) => {
            const parts: Buffer[] = [];
            res.on('data', (d: Buffer) => parts.push(d));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
          })
          .on('error', reject);
      });
    for (const [p, content] of [
      ['/chunks/big-Y2.js', BIG_JS],
      ['/search-index.json', BIG_JSON],
    ] as const) {
      const gz = await raw(p, { 'accept-encoding': 'gzip' });
      assert.equal(gz.status, 200);
      assert.equal(gz.headers['content-encoding'], 'gzip', p);
      assert.equal(gz.headers.vary, 'Accept-Encoding');
      assert.ok(gz.body.length < Buffer.byteLength(content) / 2, `${p}: compressed`);
      assert.equal(Number(gz.headers['content-length']), gz.body.length);
      assert.equal(gunzipSync(gz.body).toString(), content);
      const br = await raw(p, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.headers['content-encoding'], 'br', p);
      assert.equal(brotliDecompressSync(br.body).toString(), content);
      const plain = await raw(p, { 'accept-encoding': 'br;q=0, gzip;q=0' });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.equal(plain.body.toString(), content);
      const tags = new Set([gz.headers.etag, br.headers.etag, plain.headers.etag]);
      assert.equal(tags.size, 3, 'one strong ETag per representation');
      assert.equal((await raw(p, { 'accept-encoding': 'br', 'if-none-match': gz.headers.etag })).status, 304);
      assert.equal((await raw(p, { 'accept-encoding': 'gzip', 'if-none-match': `W/${br.headers.etag}` })).status, 304);
    }
  });

  it('widget files, the search index and the article JSON (each language) keep their cross-origin headers, also on 304', async () => {
    for (const p of [
      '/widget.js',
      '/chunks/panel-X1.js',
      '/search-index.json',
      '/articles/bulk-upload-users.json',
      '/fr/articles/bulk-upload-users.json',
    ]) {
      const res = await fetch(server.url + p);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', p);
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin', p);
      const again = await fetch(server.url + p, { headers: { 'if-none-match': res.headers.get('etag')! } });
      assert.equal(again.status, 304);
      assert.equal(again.headers.get('access-control-allow-origin'), '*', p);
      assert.equal(again.headers.get('cross-origin-resource-policy'), 'cross-origin', p);
    }
  });

  it('KB pages themselves are not opened to other origins', async () => {
    for (const p of ['/articles/bulk-upload-users/', '/fr/articles/bulk-upload-users/']) {
      const res = await fetch(server.url + p);
      assert.equal(res.status, 200, p);
      assert.equal(res.headers.get('access-control-allow-origin'), null, p);
    }
  });

  it('does not serve files outside the built folders', async () => {
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/chunks/../../package.json']) {
      const res = await get(p);
      assert.ok(res.status === 404 || res.status === 400, `${p}: ${res.status}`);
      assert.doesNotMatch(res.text, /"devDependencies"/);
    }
  });
});
