/**
 * Site keys are public: a site's shared bucket counts only requests from an origin registered for
 * that site (its widget on the client's LMS). Anyone else is held by the per-address limit alone,
 * so a flood from other addresses cannot refuse the site's real users.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { addSite } from '../../api/src/sites/sites.ts';
import { assertError, forEachStore, post, validTicket } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';

const ACME = 'https://lms.acme.example';
const BETA = 'https://lms.beta.example';

forEachStore('per-site limits', (target) => {
  let server: TestServer;
  before(async () => {
    // per address 2 tickets a minute; a site's share 2 × 2 = 4
    server = await target.start({
      env: { HELPWAY_RATE_LIMITS: 'tickets=2/60,events=100/60,reads=100/60,siteMultiplier=2', HELPWAY_TRUST_PROXY: '1' },
    });
    const { db } = server.running.store;
    await addSite(
      db,
      server.running.policy,
      { key: 'acme', name: 'Acme College', plan: 'standard', origins: [ACME], budgetHours: 20 },
      new Date(),
    );
    await addSite(
      db,
      server.running.policy,
      { key: 'beta', name: 'Beta School', plan: 'standard', origins: [BETA], budgetHours: 20 },
      new Date(),
    );
  });
  after(() => server.stop());

  const ticket = (site: string, ip: string, origin?: string) =>
    post(server.url, '/api/tickets', validTicket({ site, subject: `from ${ip}` }), {
      'x-forwarded-for': ip,
      ...(origin ? { origin } : {}),
    });

  it('outsiders exhaust only their own addresses; the registered origin still gets through', async () => {
    const outside: number[] = [];
    for (let a = 1; a <= 4; a++) for (let i = 0; i < 2; i++) outside.push((await ticket('acme', `192.0.2.${a}`)).status);
    assert.deepEqual(outside, Array(8).fill(201), 'no origin: per-address limits only');
    for (let a = 5; a <= 8; a++) assertError(await ticket('acme', `192.0.2.${a}`, 'https://evil.example'), 403, 'origin_not_allowed');
    // each outside address is still limited
    assertError(await ticket('acme', '192.0.2.1'), 429, 'rate_limited');

    const real = await ticket('acme', '10.20.0.1', ACME);
    assert.equal(real.status, 201, real.text);
  });

  it("many addresses behind one registered origin share the site's bucket", async () => {
    const statuses: number[] = [];
    for (let a = 1; a <= 6; a++) statuses.push((await ticket('beta', `10.30.0.${a}`, BETA)).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 429, 429]);
    const refused = await ticket('beta', '10.30.0.9', BETA);
    const error = assertError(refused, 429, 'rate_limited');
    assert.match(error.message, /site/);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    // the site's bucket is its widget's: it does not refuse another site's users
    assert.equal((await ticket('acme', '10.30.0.10', ACME)).status, 201);
  });
});
