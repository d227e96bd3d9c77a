/**
 * Uptime, GET /api/status and the uptime statement over HTTP on SQLite and PostgreSQL, with down
 * periods written as the prober will write them. Now = 10 March 2026 12:00 UTC.
 *
 * acme (plan priority, guarantee 99.9 %):
 *   down C 9 Mar 11:00–12:30 (90 min), A 10 Mar 00:00–01:00 (60), B 06:00–06:30 (30)
 *   maintenance W1 acme 00:30–01:30 and W2 all sites 01:00–02:00 → one island 00:30–02:00 (90 min),
 *   of which 30 min inside A; W3 (beta only) and W4 (acme, cancelled) do not count for acme.
 *   last 24 h (9 Mar 12:00 →): 1440 − 90 = 1350 owed; down 30 (C clipped) + 60 + 30 − 30 = 90
 *     → 1260 / 1350 = 93.333… → 93.33
 *   last 30 d: 43200 − 90 = 43110 owed; down 90 + 60 + 30 − 30 = 150 → 42960 / 43110 = 99.652… → 99.65
 *   March so far (1 Mar → 10 Mar 12:00, 13680 min): 13590 owed, down 150 → 13440 / 13590 = 98.896… → 98.89, not met
 * beta: down since 11:00, still (60 min); W2 and W3 06:00–07:00 (120 min) → 1320 owed, 1260 up → 95.454… → 95.45
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore, movableClock } from '../api/helpers.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { validate } from '../support/json-schema.ts';
import { csvRecords } from '../reports/support.ts';
import { uptimeOf, uptimePercent } from '../../api/src/status/uptime.ts';
import { ACME_ORIGIN, addDowntime, addStatusSites, setHealth } from './support.ts';

const HOSTILE = '<script>alert(1)</script> "Upgrade" & more';

describe('uptimePercent', () => {
  it('rounds down to two decimals, so any down time shows below 100', () => {
    assert.equal(uptimePercent(43_200 * 60, 60), 99.99);
    assert.equal(uptimePercent(1350, 90), 93.33);
    assert.equal(uptimePercent(100, 0), 100);
    assert.equal(uptimePercent(0, 0), 100);
  });
});

forEachStore('Uptime, the public status and the uptime statement', (target) => {
  let server: TestServer;
  let agent: AgentSession;
  let doc: Record<string, any>;
  const clock = movableClock(new Date('2026-03-10T12:00:00.000Z'));

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    await addStatusSites(server);
    agent = await signIn(server.url);
    await addDowntime(server, 'acme', '2026-03-09T11:00:00.000Z', '2026-03-09T12:30:00.000Z');
    await addDowntime(server, 'acme', '2026-03-10T00:00:00.000Z', '2026-03-10T01:00:00.000Z');
    await addDowntime(server, 'acme', '2026-03-10T06:00:00.000Z', '2026-03-10T06:30:00.000Z');
    await addDowntime(server, 'beta', '2026-03-10T11:00:00.000Z', null);
    const windows = [
      { siteKeys: 'acme', title: HOSTILE, startsAt: '2026-03-10T00:30:00.000Z', endsAt: '2026-03-10T01:30:00.000Z' },
      { siteKeys: 'all', title: 'Database upgrade', startsAt: '2026-03-10T01:00:00.000Z', endsAt: '2026-03-10T02:00:00.000Z' },
      { siteKeys: 'beta', title: 'Beta only', startsAt: '2026-03-10T06:00:00.000Z', endsAt: '2026-03-10T07:00:00.000Z' },
      { siteKeys: 'acme', title: 'Called off', startsAt: '2026-03-10T06:00:00.000Z', endsAt: '2026-03-10T06:30:00.000Z' },
      {
        siteKeys: 'acme',
        title: 'Next week',
        body: 'New theme.',
        startsAt: '2026-03-17T06:00:00.000Z',
        endsAt: '2026-03-17T07:00:00.000Z',
      },
    ];
    for (const w of windows) assert.equal((await agent.post('/api/inbox/maintenance', w)).status, 201);
    const list = await agent.get('/api/inbox/maintenance');
    const calledOff = list.body.maintenance.find((m: { title: string }) => m.title === 'Called off');
    const cancelled = await call(server.url, `/api/inbox/maintenance/${calledOff.id}`, {
      method: 'DELETE',
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
    });
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.equal(cancelled.body.state, 'cancelled');
    doc = (await call(server.url, '/api/openapi.json')).body;
  });
  after(() => server.stop());

  it('maintenance input is checked by field', async () => {
    const bad = await agent.post('/api/inbox/maintenance', {
      siteKeys: 'acme',
      title: 'x',
      startsAt: '2026-03-10T02:00:00Z',
      endsAt: '2026-03-10T01:00:00Z',
    });
    assert.equal(bad.status, 422);
    assert.ok(bad.body.error.fields.endsAt, bad.text);
    assertError(
      await agent.post('/api/inbox/maintenance', {
        siteKeys: 'nope',
        title: 'x',
        startsAt: '2026-03-10T01:00:00Z',
        endsAt: '2026-03-10T02:00:00Z',
      }),
      422,
      'unknown_site',
    );
  });

  it('uptimeOf: maintenance out of the down time and the total, overlapping windows merged, cancelled ones ignored', async () => {
    const db = server.running.store.db;
    const now = new Date('2026-03-10T12:00:00.000Z');
    const day = await uptimeOf(db, 'acme', new Date('2026-03-09T12:00:00.000Z'), now);
    assert.deepEqual(day, {
      percent: 93.33,
      downMinutes: 90,
      maintenanceMinutes: 90,
      periods: [
        { start: '2026-03-09T12:00:00.000Z', end: '2026-03-09T12:30:00.000Z' },
        { start: '2026-03-10T00:00:00.000Z', end: '2026-03-10T01:00:00.000Z' },
        { start: '2026-03-10T06:00:00.000Z', end: '2026-03-10T06:30:00.000Z' },
      ],
    });
    const month = await uptimeOf(db, 'acme', new Date('2026-02-08T12:00:00.000Z'), now);
    assert.equal(month.percent, 99.65);
    assert.equal(month.downMinutes, 150);
    const beta = await uptimeOf(db, 'beta', new Date('2026-03-09T12:00:00.000Z'), now);
    assert.deepEqual([beta.percent, beta.downMinutes, beta.maintenanceMinutes], [95.45, 60, 120]);
    assert.deepEqual(beta.periods, [{ start: '2026-03-10T11:00:00.000Z', end: null }]);
    const quiet = await uptimeOf(db, 'demo', new Date('2026-03-09T12:00:00.000Z'), now);
    assert.deepEqual(
      [quiet.percent, quiet.downMinutes, quiet.maintenanceMinutes],
      [100, 0, 60],
      'the all-sites window counts for every site',
    );
  });

  it('GET /api/status?site=: state, uptime, incidents and maintenance as documented; CORS for the site; cacheable 5 s', async () => {
    await setHealth(server, 'acme', 'down');
    const inc = await agent.post('/api/inbox/incidents', { title: 'Acme login <b>', siteKeys: ['acme'], body: 'Looking.' });
    const betaOnly = await agent.post('/api/inbox/incidents', { title: 'Beta only', siteKeys: ['beta'], body: 'x' });
    const res = await call(server.url, '/api/status?site=acme', { headers: { origin: ACME_ORIGIN } });
    assert.equal(res.status, 200, res.text);
    const schema = doc.paths['/api/status'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(validate(schema, res.body, doc), []);
    assert.equal(res.headers.get('cache-control'), 'public, max-age=5');
    assert.equal(res.headers.get('access-control-allow-origin'), ACME_ORIGIN);
    assert.deepEqual(res.body.site, { key: 'acme', name: 'Acme <LMS> & co', state: 'down', uptime: { last24h: 93.33, last30d: 99.65 } });
    const ids = res.body.incidents.map((i: { id: number }) => i.id);
    assert.ok(ids.includes(inc.body.id) && !ids.includes(betaOnly.body.id), 'its own incidents only');
    assert.equal(res.body.incidents.find((i: { id: number }) => i.id === inc.body.id).title, 'Acme login <b>');
    assert.ok(!('author' in res.body.incidents[0].updates[0]), 'no agent address in public');
    assert.deepEqual(
      res.body.maintenance.map((m: { title: string; state: string }) => [m.title, m.state]),
      [['Next week', 'upcoming']],
    );

    const evil = await call(server.url, '/api/status?site=acme', { headers: { origin: 'https://evil.example' } });
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const wrongSite = await call(server.url, '/api/status?site=beta', { headers: { origin: ACME_ORIGIN } });
    assert.equal(wrongSite.headers.get('access-control-allow-origin'), null, "acme's origin is not beta's");

    assert.equal((await call(server.url, '/api/status?site=beta')).body.site.state, 'up', 'no health row: up');
    assertError(await call(server.url, '/api/status?site=nope'), 404, 'not_found');
    assert.equal((await call(server.url, '/api/status?site=BAD!')).status, 422);
    const vendor = await call(server.url, '/api/status');
    assert.equal(vendor.body.site, null);
    assert.ok(vendor.body.incidents.some((i: { id: number }) => i.id === betaOnly.body.id));
    assert.deepEqual(validate(schema, vendor.body, doc), []);

    // A running window: maintenance, whatever the prober says.
    clock.set('2026-03-17T06:10:00.000Z');
    agent = await signIn(server.url);
    const during = await call(server.url, '/api/status?site=acme');
    assert.equal(during.body.site.state, 'maintenance');
    assert.equal(during.body.maintenance[0].state, 'active');
    clock.set('2026-03-10T12:00:00.000Z');
    agent = await signIn(server.url);
  });

  it('the uptime statement: uptime against the guarantee, down periods, maintenance, every value escaped; CSV', async () => {
    const res = await call(server.url, '/api/reports/uptime/statement?site=acme&month=2026-03', { headers: { cookie: agent.cookie } });
    assert.equal(res.status, 200, res.text);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /^default-src 'none'; style-src 'sha256-/);
    const html = res.text;
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62; &#34;Upgrade&#34; &#38; more'), 'the window title escaped');
    assert.ok(html.includes('Acme &#60;LMS&#62; &#38; co'), 'the site name escaped');
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(text, /Uptime 98\.89 %/);
    assert.match(text, /Guarantee 99\.9 %/);
    assert.match(text, /Guarantee met Not met/);
    assert.match(text, /Down time 150\.00 min/);
    assert.match(text, /2026-03-09 11:00 UTC 2026-03-09 12:30 UTC 90\.00/);
    assert.match(text, /not over/);

    const csv = await call(server.url, '/api/reports/uptime/statement?site=acme&month=2026-03&format=csv', {
      headers: { cookie: agent.cookie },
    });
    assert.deepEqual(csvRecords(csv.text), [
      { start: '2026-03-09T11:00:00.000Z', end: '2026-03-09T12:30:00.000Z', minutes: '90' },
      { start: '2026-03-10T00:00:00.000Z', end: '2026-03-10T01:00:00.000Z', minutes: '60' },
      { start: '2026-03-10T06:00:00.000Z', end: '2026-03-10T06:30:00.000Z', minutes: '30' },
    ]);
    const feb = await call(server.url, '/api/reports/uptime/statement?site=acme&month=2026-02&format=csv&table=summary', {
      headers: { cookie: agent.cookie },
    });
    const [summary] = csvRecords(feb.text);
    assert.equal(summary.uptime_percent, '100');
    assert.equal(summary.met, 'true');
    assert.equal(summary.complete, 'true');
    const standard = await call(server.url, '/api/reports/uptime/statement?site=beta&month=2026-03', { headers: { cookie: agent.cookie } });
    assert.match(standard.text, /No uptime guarantee on this plan/);
    assertError(await call(server.url, '/api/reports/uptime/statement?site=acme&month=2026-03'), 401, 'unauthorized');
    assertError(
      await call(server.url, '/api/reports/uptime/statement?site=nope&month=2026-03', { headers: { cookie: agent.cookie } }),
      422,
      'unknown_site',
    );
  });
});
