/** CORS for registered origins only (and loopback for the demo site), and rate limits with Retry-After. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addSite } from '../../api/src/sites/sites.ts';
import { assertError, call, forEachStore, post, validTicket } from './helpers.ts';
import { startServer, type TestServer } from '../support/api-server.ts';

const ACME = 'https://lms.acme.example';
const EVIL = 'https://evil.example';

forEachStore('CORS', (target) => {
  let server: TestServer;
  let url: string;
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: 'off' } });
    url = server.url;
    await addSite(
      server.running.store.db,
      server.running.policy,
      { key: 'acme', name: 'Acme College', plan: 'standard', origins: [ACME], budgetHours: 20 },
      new Date(),
    );
  });
  after(() => server.stop());

  const acao = (res: { headers: Headers }) => res.headers.get('access-control-allow-origin');

  it('answers a registered origin with its own origin in Access-Control-Allow-Origin', async () => {
    const res = await call(url, '/api/policy?site=acme', { headers: { origin: ACME } });
    assert.equal(res.status, 200);
    assert.equal(acao(res), ACME);
    assert.match(res.headers.get('vary') ?? '', /Origin/i);
  });

  it('gives a refused origin no Access-Control-Allow-Origin', async () => {
    for (const path of ['/api/policy?site=acme', '/api/policy', '/api/health', '/api/sla/preview?site=acme&severity=S1']) {
      const res = await call(url, path, { headers: { origin: EVIL } });
      assert.equal(acao(res), null, path);
    }
    // an origin registered for another site is not allowed for this one
    assert.equal(acao(await call(url, '/api/policy?site=demo', { headers: { origin: ACME } })), null);
  });

  it('preflight: allowed for a registered origin, with the methods and headers the widget sends', async () => {
    const res = await call(url, '/api/tickets', {
      method: 'OPTIONS',
      headers: { origin: ACME, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' },
    });
    assert.equal(res.status, 204);
    assert.equal(acao(res), ACME);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match((res.headers.get('access-control-allow-headers') ?? '').toLowerCase(), /idempotency-key/);
    const refused = await call(url, '/api/tickets', {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST' },
    });
    assert.equal(acao(refused), null);
  });

  it("creates a ticket from the site's origin; refuses (403, nothing stored) a ticket for a site the origin does not belong to", async () => {
    const ok = await post(url, '/api/tickets', validTicket({ site: 'acme', subject: 'from acme' }), { origin: ACME });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(acao(ok), ACME);
    const wrongSite = await post(url, '/api/tickets', validTicket({ site: 'demo', subject: 'cross-site' }), { origin: ACME });
    assertError(wrongSite, 403, 'origin_not_allowed');
    assert.equal(acao(wrongSite), null);
    assertError(
      await post(url, '/api/tickets', validTicket({ site: 'acme', subject: 'cross-site' }), { origin: EVIL }),
      403,
      'origin_not_allowed',
    );
    const rows = await server.running.store.db.selectFrom('tickets').select('id').where('subject', '=', 'cross-site').execute();
    assert.equal(rows.length, 0);
  });

  it('error responses to an allowed origin stay readable by it (the widget shows the fields)', async () => {
    const res = await post(url, '/api/tickets', validTicket({ site: 'acme', requester: { name: 'A', email: 'nope' } }), { origin: ACME });
    assertError(res, 422, 'validation_failed', 'requester.email');
    assert.equal(acao(res), ACME);
    const bad = await call(url, '/api/tickets', { method: 'POST', body: '{', headers: { origin: ACME } });
    assertError(bad, 400, 'invalid_json');
    assert.equal(acao(bad), ACME);
  });

  it('a page served by this server (KB site, demo page) may post for any site', async () => {
    const own = new URL(url).origin;
    const res = await post(url, '/api/tickets', validTicket({ site: 'acme', subject: 'from the KB site' }), { origin: own });
    assert.equal(res.status, 201, res.text);
  });

  it('demo mode: the demo site accepts any loopback origin', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:9999', 'http://[::1]:3000', 'http://localhost']) {
      const res = await call(url, '/api/policy?site=demo', { headers: { origin } });
      assert.equal(acao(res), origin, origin);
    }
    const created = await post(url, '/api/tickets', validTicket({ site: 'demo' }), { origin: 'http://localhost:4321' });
    assert.equal(created.status, 201, created.text);
    for (const origin of ['http://localhost.evil.example', 'https://localhost:5173', 'http://127.0.0.2:80']) {
      assert.equal(acao(await call(url, '/api/policy?site=demo', { headers: { origin } })), null, origin);
    }
    // loopback is the demo site's privilege, not every site's
    assertError(
      await post(url, '/api/tickets', validTicket({ site: 'acme' }), { origin: 'http://localhost:5173' }),
      403,
      'origin_not_allowed',
    );
  });
});

forEachStore('demo mode off', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start({ env: { HELPWAY_DEMO: 'off', HELPWAY_RATE_LIMITS: 'off' } });
  });
  after(() => server.stop());

  it('has no demo site and no loopback privilege', async () => {
    assertError(await post(server.url, '/api/tickets', validTicket({ site: 'demo' })), 422, 'unknown_site', 'site');
    const res = await call(server.url, '/api/tickets', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });
});

describe('rate limits', () => {
  let server: TestServer;
  before(async () => {
    // Buckets live in memory, whatever the store: one SQLite run is enough.
    server = await startServer({
      env: { HELPWAY_RATE_LIMITS: 'tickets=3/60,events=5/60,reads=4/60,siteMultiplier=2', HELPWAY_TRUST_PROXY: '1' },
    });
  });
  after(() => server.stop());
  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  it('per IP: the request after the burst gets 429 with Retry-After, in the error shape', async () => {
    for (let i = 0; i < 4; i++) assert.equal((await call(server.url, '/api/policy', { headers: from('10.0.0.1') })).status, 200);
    const limited = await call(server.url, '/api/policy', { headers: from('10.0.0.1') });
    assertError(limited, 429, 'rate_limited');
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 15, `Retry-After ${retry}`);
    // another address is not affected
    assert.equal((await call(server.url, '/api/policy', { headers: from('10.0.0.2') })).status, 200);
  });

  it('per IP for tickets and events, separately from reads', async () => {
    const ip = from('10.0.1.1');
    for (let i = 0; i < 3; i++) assert.equal((await post(server.url, '/api/tickets', validTicket(), ip)).status, 201);
    assertError(await post(server.url, '/api/tickets', validTicket(), ip), 429, 'rate_limited');
    assert.equal((await call(server.url, '/api/policy', { headers: ip })).status, 200);
    for (let i = 0; i < 5; i++)
      assert.equal((await post(server.url, '/api/widget-events', { site: 'demo', type: 'opened' }, ip)).status, 202);
    assertError(await post(server.url, '/api/widget-events', { site: 'demo', type: 'opened' }, ip), 429, 'rate_limited');
  });

  it("per site: many addresses behind the site's own origin cannot exceed the site's bucket", async () => {
    // site bucket for events = 5 × 2 = 10; requests with no origin above did not spend it
    const widget = (ip: string) => ({ ...from(ip), origin: 'http://localhost:5173' });
    const results: number[] = [];
    for (let i = 0; i < 12; i++)
      results.push((await post(server.url, '/api/widget-events', { site: 'demo', type: 'opened' }, widget(`10.0.2.${i}`))).status);
    assert.deepEqual(results, [...Array(10).fill(202), 429, 429]);
    const res = await post(server.url, '/api/widget-events', { site: 'demo', type: 'opened' }, widget('10.0.3.1'));
    assertError(res, 429, 'rate_limited');
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
  });
});
