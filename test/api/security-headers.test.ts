/**
 * Security headers on every page of the origin (Hono's secureHeaders): a CSP per kind of page,
 * nosniff, framing rules, a Referrer-Policy, and HSTS only over HTTPS (directly or at the trusted
 * proxy, by the entry it wrote in X-Forwarded-Proto).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { forEachStore, post, validTicket } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';

// Without a build the inbox answers 503 "not built", which the test server counts as a bug.
const INBOX_BUILT = existsSync(path.join(INBOX_DIST, 'index.html'));
const inboxPaths = INBOX_BUILT ? ['/inbox/', '/inbox', '/inbox/tickets/HW-1001'] : [];

function write(root: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

/** The CSP as a map of directive → sources. */
function csp(headers: Headers): Map<string, string[]> {
  const value = headers.get('content-security-policy');
  assert.ok(value, 'a Content-Security-Policy header');
  return new Map(
    value
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...sources] = d.split(/\s+/);
        return [name, sources];
      }),
  );
}

forEachStore('security headers', (target) => {
  let dir: string;
  let server: TestServer;
  let proxied: TestServer;
  let ticket: { reference: string; token: string };
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'helpway-headers-'));
    write(dir, 'kb/index.html', '<!doctype html><title>KB home</title>');
    write(dir, 'kb/404.html', '<!doctype html><title>Page not found</title>');
    write(dir, 'widget/widget.js', 'export const widget = 1;');
    write(dir, 'widget/demo/index.html', '<!doctype html><title>Demo LMS</title>');
    const config = { kbSiteDir: path.join(dir, 'kb'), widgetDir: path.join(dir, 'widget') };
    server = await target.start({ config, env: { HELPWAY_RATE_LIMITS: 'off' } });
    proxied = await target.start({ config, env: { HELPWAY_RATE_LIMITS: 'off', HELPWAY_TRUST_PROXY: '1' } });
    const created = await post(server.url, '/api/tickets', validTicket());
    assert.equal(created.status, 201, created.text);
    ticket = created.body;
  });
  after(async () => {
    const stopped = await Promise.allSettled([server?.stop(), proxied?.stop()]);
    rmSync(dir, { recursive: true, force: true });
    for (const s of stopped) if (s.status === 'rejected') throw s.reason;
  });

  const get = (base: string, p: string, headers: Record<string, string> = {}) => fetch(base + p, { headers, redirect: 'manual' });

  it('every kind of page gets nosniff, a Referrer-Policy and a CSP; no HSTS over plain HTTP', async () => {
    for (const p of [
      '/',
      '/no/such/page',
      ...inboxPaths,
      `/tickets/${ticket.reference}?token=${ticket.token}`,
      '/tickets/HW-99999?token=x',
      '/api/health',
      '/api/nope',
      '/api/docs',
      '/widget.js',
      '/demo/',
    ]) {
      const res = await get(server.url, p);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', p);
      assert.ok(res.headers.get('referrer-policy'), p);
      assert.ok(csp(res.headers).get('frame-ancestors'), p);
      assert.equal(res.headers.get('strict-transport-security'), null, p);
      await res.body?.cancel();
    }
  });

  it('/inbox/: strict CSP, never framed', { skip: INBOX_BUILT ? false : 'the inbox is not built: run npm run build:inbox' }, async () => {
    const res = await get(server.url, '/inbox/');
    await res.body?.cancel();
    const policy = csp(res.headers);
    assert.deepEqual(policy.get('default-src'), ["'self'"]);
    assert.deepEqual(policy.get('script-src') ?? policy.get('default-src'), ["'self'"]);
    assert.deepEqual(policy.get('style-src'), ["'self'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('referrer-policy'), 'same-origin');
  });

  it('the status page: no script, its one style element allowed by nonce, never framed, no referrer', async () => {
    const res = await get(server.url, `/tickets/${ticket.reference}?token=${ticket.token}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    const policy = csp(res.headers);
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.equal(policy.get('script-src'), undefined, "falls back to default-src 'none'");
    const nonce = /<style nonce="([^"]+)">/.exec(html)?.[1]?.replaceAll('&#61;', '=');
    assert.ok(nonce && nonce.length >= 16, 'a nonce on the style element');
    assert.deepEqual(policy.get('style-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const again = await get(server.url, `/tickets/${ticket.reference}?token=${ticket.token}`);
    assert.notEqual(/<style nonce="([^"]+)">/.exec(await again.text())?.[1], nonce, 'a new nonce per response');
  });

  it("the KB site: its own resources only, inline code left to the page's hashes, framed only by HTTPS pages", async () => {
    const res = await get(server.url, '/');
    assert.equal(res.status, 200);
    await res.body?.cancel();
    const policy = csp(res.headers);
    assert.deepEqual(policy.get('default-src'), ["'self'"]);
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'self'", 'https:']);
    assert.equal(res.headers.get('x-frame-options'), null, 'frame-ancestors decides');
    assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
  });

  it('the demo page: same-origin resources, framed only by itself', async () => {
    const res = await get(server.url, '/demo/');
    assert.equal(res.status, 200);
    await res.body?.cancel();
    const policy = csp(res.headers);
    assert.deepEqual(policy.get('default-src'), ["'self'"]);
    assert.equal(policy.get('script-src'), undefined);
    assert.deepEqual(policy.get('frame-ancestors'), ["'self'"]);
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
  });

  it('/api/health: nothing to load, never framed, no store', async () => {
    const res = await get(server.url, '/api/health');
    assert.equal(res.status, 200);
    await res.body?.cancel();
    const policy = csp(res.headers);
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'none'"]);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'same-origin');
  });

  it('/widget.js stays embeddable by LMS pages: CORP cross-origin and CORS, with nosniff', async () => {
    const res = await get(server.url, '/widget.js');
    assert.equal(res.status, 200);
    await res.body?.cancel();
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
  });

  it('HSTS only when our trusted proxy says the request came over HTTPS', async () => {
    for (const p of ['/', ...inboxPaths, '/api/health', '/widget.js', `/tickets/${ticket.reference}?token=${ticket.token}`]) {
      const https = await get(proxied.url, p, { 'x-forwarded-proto': 'https' });
      await https.body?.cancel();
      assert.match(https.headers.get('strict-transport-security') ?? '', /^max-age=\d{7,}/, p);
      // the client claimed https before the proxy wrote http
      const spoofed = await get(proxied.url, p, { 'x-forwarded-proto': 'https, http' });
      await spoofed.body?.cancel();
      assert.equal(spoofed.headers.get('strict-transport-security'), null, p);
      // without a trusted proxy the header is the client's word
      const direct = await get(server.url, p, { 'x-forwarded-proto': 'https' });
      await direct.body?.cancel();
      assert.equal(direct.headers.get('strict-transport-security'), null, p);
    }
  });
});
