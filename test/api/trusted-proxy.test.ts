/**
 * HELPWAY_TRUST_PROXY=N: the client is the address our outermost trusted proxy appended to
 * X-Forwarded-For (the Nth entry from the right), never the client-supplied leftmost one; the
 * protocol likewise from X-Forwarded-Proto. Off: the headers are ignored.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, readConfig } from '../../api/src/config.ts';
import { ADMIN, withAdmin } from '../inbox/support.ts';
import { assertError, call, forEachStore, post } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';

const LIMITS = 'tickets=3/60,events=5/60,reads=4/60';

/** Status codes of `n` GET /api/policy requests, each with its own X-Forwarded-For. */
async function reads(url: string, n: number, xff: (i: number) => string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await call(url, '/api/policy', { headers: { 'x-forwarded-for': xff(i) } })).status);
  return statuses;
}

describe('HELPWAY_TRUST_PROXY', () => {
  it('reads a hop count: off by default, on/true = 1 proxy, a number of proxies; anything else stops start-up', () => {
    assert.equal(readConfig({}).trustProxy, 0);
    for (const off of ['off', '0', 'false', 'no', '']) assert.equal(readConfig({ HELPWAY_TRUST_PROXY: off }).trustProxy, 0, off);
    for (const on of ['on', 'true', 'yes', '1', 'TRUE']) assert.equal(readConfig({ HELPWAY_TRUST_PROXY: on }).trustProxy, 1, on);
    assert.equal(readConfig({ HELPWAY_TRUST_PROXY: '2' }).trustProxy, 2);
    for (const bad of ['banana', '-1', '1.5', '127.0.0.1']) {
      assert.throws(
        () => readConfig({ HELPWAY_TRUST_PROXY: bad }),
        (e: Error) => e instanceof ConfigError && /HELPWAY_TRUST_PROXY/.test(e.message),
        bad,
      );
    }
  });
});

forEachStore('one trusted proxy', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: LIMITS, HELPWAY_TRUST_PROXY: '1' } });
  });
  after(() => server.stop());

  it('a client-supplied leftmost X-Forwarded-For cannot get a fresh rate-limit bucket', async () => {
    // The proxy appends the address it saw (10.1.0.1); the client varies what it sent itself.
    const statuses = await reads(server.url, 6, (i) => `198.51.100.${i}, 10.1.0.1`);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
    const limited = await call(server.url, '/api/policy', { headers: { 'x-forwarded-for': '10.1.0.1' } });
    assertError(limited, 429, 'rate_limited');
    // a different client behind the same proxy has its own bucket
    assert.equal((await call(server.url, '/api/policy', { headers: { 'x-forwarded-for': '10.1.0.1, 10.1.0.2' } })).status, 200);
  });

  it('the same for ticket creation', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await post(server.url, '/api/tickets', { site: 'demo' }, { 'x-forwarded-for': `203.0.113.${i}, 10.1.1.1` })).status);
    }
    assert.deepEqual(statuses, [422, 422, 422, 429, 429]);
  });
});

forEachStore('two trusted proxies', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: LIMITS, HELPWAY_TRUST_PROXY: '2' } });
  });
  after(() => server.stop());

  it('takes the second entry from the right (what the outer proxy saw)', async () => {
    // client-chosen, the client (appended by the CDN), the CDN's edge (appended by the load balancer)
    assert.deepEqual(await reads(server.url, 6, (i) => `198.51.100.${i}, 10.2.0.1, 172.16.0.${i}`), [200, 200, 200, 200, 429, 429]);
    assert.equal((await call(server.url, '/api/policy', { headers: { 'x-forwarded-for': '10.2.0.2, 172.16.0.1' } })).status, 200);
  });
});

forEachStore('no trusted proxy', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: LIMITS } });
  });
  after(() => server.stop());

  it('ignores X-Forwarded-For: every request counts against the socket address', async () => {
    assert.deepEqual(await reads(server.url, 6, (i) => `10.3.0.${i}`), [200, 200, 200, 200, 429, 429]);
  });
});

forEachStore('forwarded protocol', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start(withAdmin({ env: { HELPWAY_TRUST_PROXY: '1' } }));
  });
  after(() => server.stop());

  const cookieAfterLogin = async (proto: string) =>
    (await post(server.url, '/api/agents/login', ADMIN, { 'x-forwarded-proto': proto })).headers.get('set-cookie') ?? '';

  it('is the entry our proxy wrote, not one the client sent before it', async () => {
    assert.match(await cookieAfterLogin('https'), /Secure/);
    assert.match(await cookieAfterLogin('http, https'), /Secure/);
    // the client claimed https; the proxy it reached says http
    const plain = await cookieAfterLogin('https, http');
    assert.match(plain, /helpway_session=/);
    assert.doesNotMatch(plain, /Secure/);
  });
});
