/**
 * Site health probes over real HTTP, on both stores: a local health endpoint the test breaks
 * (500, then unreachable) and mends; the state machine (down after 3 failures, up after 2 good
 * answers), its down period, one event per transition, the hourly counts and their fold into
 * days; the health URL set through the admin API and `npm run admin -- sites set`; and on
 * PostgreSQL two processes on one schema probing each site once per interval.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { assertError, forEachStore, movableClock } from '../api/helpers.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { SiteEvent } from '../../api/src/status/events.ts';
import { nextState } from '../../api/src/status/probe-store.ts';
import { startHealthServer, type HealthServer } from './health-server.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'api', 'src', 'admin-cli.ts');
const START = '2026-03-02T10:15:00.000Z';
const plus = (seconds: number) => new Date(Date.parse(START) + seconds * 1000).toISOString();

describe('Probe state machine', () => {
  const fresh = { state: 'down', failures: 5, first_failure_at: plus(0), successes: 0, first_success_at: null, changed_at: plus(0) };
  it('a good answer between failures starts the count again', () => {
    const one = nextState(fresh, { at: plus(60), ok: true });
    assert.deepEqual([one.next.state, one.next.successes, one.transition], ['down', 1, null]);
    const failed = nextState(one.next, { at: plus(120), ok: false });
    assert.deepEqual([failed.next.state, failed.next.successes, failed.next.failures, failed.transition], ['down', 0, 1, null]);
    const good1 = nextState(failed.next, { at: plus(180), ok: true });
    const good2 = nextState(good1.next, { at: plus(240), ok: true });
    assert.deepEqual([good2.next.state, good2.transition, good2.since], ['up', 'up', plus(180)]);
  });
  it('from unknown, three failures make it down dated by the first', () => {
    let m: Parameters<typeof nextState>[0] = {
      state: 'unknown',
      failures: 0,
      first_failure_at: null,
      successes: 0,
      first_success_at: null,
      changed_at: null,
    };
    const steps = [0, 60, 120].map((s) => {
      const r = nextState(m, { at: plus(s), ok: false });
      m = r.next;
      return r.transition;
    });
    assert.deepEqual(steps, [null, null, 'down']);
    assert.equal(m.changed_at, plus(0));
  });
});

forEachStore('Site health probes', (target) => {
  let server: TestServer;
  let health: HealthServer;
  let admin: AgentSession;
  const clock = movableClock(new Date(START));
  const events: SiteEvent[] = [];
  let storeEnv: Record<string, string>;

  const db = () => server.running.store.db;
  const probe = () => server.running.services.prober.probeOnce();
  const cli = (args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'sites', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...storeEnv, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  before(async () => {
    health = await startHealthServer();
    server = await target.start(withAdmin({ clock, env: { HELPWAY_PROBE_SECONDS: '60' } }));
    admin = await signIn(server.url);
    server.running.services.siteEvents.subscribe('site.down', (e) => void events.push(e));
    server.running.services.siteEvents.subscribe('site.up', (e) => void events.push(e));
    storeEnv = target.databaseUrl
      ? { DATABASE_URL: target.databaseUrl, DATABASE_SCHEMA: server.databaseSchema!, DATA_DIR: server.dataDir }
      : { DATABASE_URL: '', DATABASE_SCHEMA: '', DATA_DIR: server.dataDir };
  });
  after(async () => {
    await server?.stop();
    await health?.close();
  });

  it('takes a health URL through the admin API, refusing one that is not http(s)', async () => {
    const bad = await admin.post('/api/admin/sites', { key: 'acme', name: 'Acme', plan: 'standard', healthUrl: 'ftp://acme.example/h' });
    assertError(bad, 422, 'validation_failed', 'healthUrl');
    const saved = await admin.post('/api/admin/sites', { key: 'acme', name: 'Acme', plan: 'standard', healthUrl: `${health.origin}/acme` });
    assert.equal(saved.status, 201, saved.text);
    assert.equal(saved.body.site.healthUrl, `${health.origin}/acme`);
    const listed = await admin.get('/api/admin/sites');
    assert.equal(listed.body.sites.find((s: { key: string }) => s.key === 'acme').healthUrl, `${health.origin}/acme`);
    // Saving the site without the field keeps the URL; null removes it (the UI's empty field).
    await admin.post('/api/admin/sites', { key: 'acme', name: 'Acme Ltd', plan: 'standard' });
    assert.equal(
      (await admin.get('/api/admin/sites')).body.sites.find((s: { key: string }) => s.key === 'acme').healthUrl,
      `${health.origin}/acme`,
    );
  });

  it('down after 3 failed probes (dated by the first), up after 2 good ones, one event each, counted by hour', async () => {
    assert.deepEqual(await probe(), { leader: true, probed: 1, failed: 0, transitions: 0, folded: 0 });
    assert.equal((await probe()).probed, 0, 'not due again within the interval');
    const plan: Array<[number, 'ok' | '500' | 'gone']> = [
      [60, '500'],
      [120, '500'],
      [180, 'gone'],
      [240, 'gone'],
      [300, 'ok'],
      [360, 'ok'],
    ];
    const states: string[] = [];
    for (const [seconds, mode] of plan) {
      if (mode === 'gone') await health.unreachable();
      else {
        await health.reachable();
        health.answer(mode === 'ok' ? 200 : 500);
      }
      clock.set(plus(seconds));
      assert.equal((await probe()).probed, 1);
      const row = await db().selectFrom('site_health').selectAll().where('site_key', '=', 'acme').executeTakeFirstOrThrow();
      states.push(row.state);
      if (seconds === 240) assert.match(row.last_error ?? '', /ECONNREFUSED/);
    }
    assert.deepEqual(states, ['up', 'up', 'down', 'down', 'down', 'up']);
    await server.running.services.siteEvents.settled();
    assert.deepEqual(events, [
      { type: 'site.down', siteKey: 'acme', at: plus(60), error: 'ECONNREFUSED: connect ECONNREFUSED ' + health.origin.slice(7) },
      { type: 'site.up', siteKey: 'acme', at: plus(300) },
    ]);
    const downtime = await db().selectFrom('site_downtime').select(['site_key', 'started_at', 'ended_at']).execute();
    assert.deepEqual(
      downtime.map((d) => ({ ...d })),
      [{ site_key: 'acme', started_at: plus(60), ended_at: plus(300) }],
    );
    // The down event opened the site's incident; the up event resolved it.
    const incidents = await db().selectFrom('incidents').select(['title', 'status', 'auto', 'started_at', 'resolved_at']).execute();
    assert.deepEqual(
      incidents.map((i) => ({ ...i, auto: Number(i.auto) })),
      [{ title: 'Acme Ltd is down', status: 'resolved', auto: 1, started_at: plus(60), resolved_at: plus(300) }],
    );
    const row = await db().selectFrom('site_health').selectAll().where('site_key', '=', 'acme').executeTakeFirstOrThrow();
    assert.deepEqual([row.failures, row.successes, row.last_error, row.last_ok_at, row.changed_at], [0, 2, null, plus(360), plus(300)]);
    // 7 probes in the 10:00 hour, 4 failed; the endpoint answered the 5 it was reachable for.
    const hours = await db().selectFrom('probe_rollups').select(['bucket', 'start', 'probes', 'failures']).execute();
    assert.deepEqual(
      hours.map((h) => ({ ...h, probes: Number(h.probes), failures: Number(h.failures) })),
      [{ bucket: 'hour', start: '2026-03-02T10:00:00.000Z', probes: 7, failures: 4 }],
    );
    assert.equal(health.hits.get('/acme'), 5);
  });

  it('folds hours older than 48 h into their day', async () => {
    clock.set('2026-03-04T12:30:00.000Z');
    const report = await probe();
    assert.equal(report.probed, 1);
    assert.equal(report.folded, 1);
    const rows = await db().selectFrom('probe_rollups').select(['bucket', 'start', 'probes', 'failures']).orderBy('start').execute();
    assert.deepEqual(
      rows.map((h) => ({ ...h, probes: Number(h.probes), failures: Number(h.failures) })),
      [
        { bucket: 'day', start: '2026-03-02T00:00:00.000Z', probes: 7, failures: 4 },
        { bucket: 'hour', start: '2026-03-04T12:00:00.000Z', probes: 1, failures: 0 },
      ],
    );
  });

  it('sites set --health-url from the CLI: probed at the next round; refused when not public outside demo mode; "" clears', async () => {
    // The key as the contract writes it (`sites set KEY …`); --key KEY works the same below.
    const set = await cli(['set', 'demo', '--health-url', `${health.origin}/demo`]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, new RegExp(`health URL: ${health.origin}/demo`));
    const listed = JSON.parse((await cli(['list', '--json'])).stdout) as Array<{ key: string; healthUrl: string | null }>;
    assert.equal(listed.find((s) => s.key === 'demo')?.healthUrl, `${health.origin}/demo`);
    const report = await probe(); // demo is new: due at once; acme is not due yet
    assert.equal(report.probed, 1);
    assert.equal(health.hits.get('/demo'), 1);

    const refused = await cli(['set', '--key', 'demo', '--health-url', 'http://10.0.0.7/health'], { HELPWAY_DEMO: 'off' });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^--health-url: the health URL must not point to a private, loopback or link-local address/);
    const notUrl = await cli(['set', '--key', 'demo', '--health-url', 'lms.example/health']);
    assert.equal(notUrl.code, 1);
    assert.match(notUrl.stderr, /^--health-url: use an http:\/\/ or https:\/\/ URL/);
    const publicHttp = await cli(['set', '--key', 'acme', '--health-url', 'http://93.184.216.34/health'], { HELPWAY_DEMO: 'off' });
    assert.equal(publicHttp.code, 0, publicHttp.stderr);

    const twoKeys = await cli(['set', 'demo', '--key', 'acme', '--health-url', '']);
    assert.equal(twoKeys.code, 2);
    assert.match(twoKeys.stderr, /give the site key once/);
    const cleared = await cli(['set', '--key', 'demo', '--health-url', '']);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.match(cleared.stdout, /health URL: \(none\)/);
    clock.set('2026-03-05T12:00:00.000Z');
    await cli(['set', '--key', 'acme', '--health-url', '']);
    assert.equal((await probe()).probed, 0, 'no site has a health URL any more');
  });
});

describe('Admin API health URL outside demo mode', () => {
  it('refuses a loopback health URL when demo mode is off', async () => {
    const server = await startServer(withAdmin({ env: { HELPWAY_DEMO: 'off' } }));
    try {
      const admin = await signIn(server.url);
      const res = await admin.post('/api/admin/sites', { key: 'acme', name: 'Acme', plan: 'standard', healthUrl: 'http://127.0.0.1:9/h' });
      const error = assertError(res, 422, 'validation_failed', 'healthUrl');
      assert.match(error.message, /private, loopback or link-local/);
    } finally {
      await server.stop();
    }
  });
});

const PG = process.env.TEST_DATABASE_URL;
describe('Two processes on one PostgreSQL', { skip: PG ? false : 'TEST_DATABASE_URL not set' }, () => {
  it('each site is probed once per interval, by the lease holder; the other takes over when it stops', async () => {
    const health = await startHealthServer();
    const clock = movableClock(new Date(START));
    const env = { HELPWAY_PROBE_SECONDS: '60' };
    const a = await startServer({ databaseUrl: PG, clock, env });
    const b = await startServer({ databaseUrl: PG, databaseSchema: a.databaseSchema, clock, env });
    try {
      const keys = Array.from({ length: 20 }, (_, i) => `s${i}`);
      await a.running.store.db
        .insertInto('sites')
        .values(
          keys.map((key) => ({
            key,
            name: key,
            plan: 'standard',
            origins: '[]',
            budget_hours: 0,
            created_at: START,
            health_url: `${health.origin}/${key}`,
          })),
        )
        .execute();
      const round = async () => {
        const reports = await Promise.all([a.running.services.prober.probeOnce(), b.running.services.prober.probeOnce()]);
        return reports.map((r) => [r.leader, r.probed]);
      };
      const first = await round();
      assert.deepEqual(first.map(([, n]) => n).sort(), [0, 20]);
      assert.equal(first.filter(([leader]) => leader).length, 1, 'one leader');
      clock.set(plus(60));
      await round();
      clock.set(plus(90)); // within the interval: nothing due, whoever asks
      assert.deepEqual(
        (await round()).map(([, n]) => n),
        [0, 0],
      );
      for (const key of keys) assert.equal(health.hits.get(`/${key}`), 2, key);
      // The leader stops and gives its lease up; the other probes at the next interval.
      const leaderIsA = first[0][0];
      await (leaderIsA ? a : b).running.services.prober.stop();
      clock.set(plus(120));
      const other = await (leaderIsA ? b : a).running.services.prober.probeOnce();
      assert.deepEqual([other.leader, other.probed], [true, 20]);
      assert.equal(health.total(), 60);
    } finally {
      await b.stop();
      await a.stop();
      await health.close();
    }
  });
});
