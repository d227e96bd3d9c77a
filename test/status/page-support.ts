/**
 * The status pages' fixture: two sites and what happened to them (site_health, site_downtime,
 * incidents with their sites and updates, maintenance windows), written straight to the tables.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../api/src/store/schema.ts';
import type { TestServer } from '../support/api-server.ts';

/** Untyped access to the tables (the fixture writes plain rows). */
export const statusTables = (db: Kysely<Database>) => db as unknown as Kysely<any>;

/** Inserts a row and returns its id. */
export async function insertRow(db: Kysely<Database>, table: string, row: Record<string, unknown>): Promise<number> {
  const inserted = await statusTables(db).insertInto(table).values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export const STATUS_NOW = '2026-03-02T10:15:00.000Z';
export const HOSTILE_TITLE = '<script>alert("title")</script> Gradebook & "quizzes" down';
export const HOSTILE_BODY = 'We restarted it. <img src=x onerror=alert(1)>';

/**
 * Two sites and what happened to them, at STATUS_NOW (Monday 2 March 2026, 10:15 UTC). Acme's
 * day by day (hand-computed): created 10 Dec 2025 06:00 (earlier days: no data; that day 100 %
 * over 18 h); 27 Feb down 23:50–00:20 (10 min: 1430/1440 = 99.30 %; 28 Feb 20 min: 98.61 %);
 * 1 Mar maintenance 02:00–04:00 and down 03:30–04:30 (30 min outside it: 1290/1320 = 97.72 %);
 * today down since 10:00 (15 of 615 min: 97.56 %). A cancelled window and another site's
 * downtime count for nothing.
 */
export async function seedStatus(server: TestServer) {
  const db = server.running.store.db;
  const t = statusTables(db);
  await t
    .insertInto('sites')
    .values([
      { key: 'acme', name: 'Acme Academy', plan: 'standard', origins: '[]', budget_hours: 0, created_at: '2025-12-10T06:00:00.000Z' },
      {
        key: 'birch',
        name: 'Birch & <Co> College',
        plan: 'standard',
        origins: '[]',
        budget_hours: 0,
        created_at: '2025-01-01T00:00:00.000Z',
      },
    ])
    .execute();
  server.running.services.sites.invalidate();
  await t
    .insertInto('site_health')
    .values([
      { site_key: 'acme', state: 'down', failures: 3, successes: 0, next_probe_at: '2026-03-02T10:16:00.000Z' },
      { site_key: 'birch', state: 'up', failures: 0, successes: 5, next_probe_at: '2026-03-02T10:16:00.000Z' },
    ])
    .execute();
  const down = (site_key: string, started_at: string, ended_at: string | null) =>
    insertRow(db, 'site_downtime', { site_key, started_at, ended_at });
  await down('acme', '2026-02-27T23:50:00.000Z', '2026-02-28T00:20:00.000Z');
  await down('acme', '2026-03-01T03:30:00.000Z', '2026-03-01T04:30:00.000Z');
  await down('acme', '2026-03-02T10:00:00.000Z', null);
  await down('birch', '2026-02-25T00:00:00.000Z', '2026-02-25T12:00:00.000Z');
  const maintenance = (row: Record<string, unknown>) =>
    insertRow(db, 'maintenance_windows', {
      body: '',
      created_by: 'ops@example.org',
      created_at: '2026-02-20T09:00:00.000Z',
      cancelled_at: null,
      ...row,
    });
  const past = await maintenance({
    scope: 'site',
    site_key: 'acme',
    title: 'Acme disk swap',
    starts_at: '2026-03-01T02:00:00.000Z',
    ends_at: '2026-03-01T04:00:00.000Z',
  });
  const cancelled = await maintenance({
    scope: 'all',
    site_key: null,
    title: 'Cancelled window',
    starts_at: '2026-02-28T00:00:00.000Z',
    ends_at: '2026-03-09T00:00:00.000Z',
    cancelled_at: '2026-02-21T00:00:00.000Z',
  });
  const upcoming = await maintenance({
    scope: 'all',
    site_key: null,
    title: 'Database <upgrade>',
    body: 'Expect 10 minutes & no more.',
    starts_at: '2026-03-05T20:00:00.000Z',
    ends_at: '2026-03-05T22:00:00.000Z',
  });
  const birchWork = await maintenance({
    scope: 'site',
    site_key: 'birch',
    title: 'Birch theme update',
    starts_at: '2026-03-03T20:00:00.000Z',
    ends_at: '2026-03-03T21:00:00.000Z',
  });
  const incident = async (row: Record<string, unknown>, sites: string[], updates: Array<[string, string, string]>) => {
    const id = await insertRow(db, 'incidents', { auto: 0, hold: 0, created_by: 'ops@example.org', resolved_at: null, ...row });
    if (sites.length)
      await t
        .insertInto('incident_sites')
        .values(sites.map((site_key) => ({ incident_id: id, site_key })))
        .execute();
    for (const [status, body, created_at] of updates)
      await insertRow(db, 'incident_updates', { incident_id: id, status, body, author: 'ops@example.org', created_at });
    return id;
  };
  const acmeOpen = await incident(
    {
      title: HOSTILE_TITLE,
      status: 'identified',
      scope: 'sites',
      started_at: '2026-03-02T10:00:00.000Z',
      updated_at: '2026-03-02T10:10:00.000Z',
    },
    ['acme'],
    [
      ['investigating', 'Looking into it.', '2026-03-02T10:02:00.000Z'],
      ['identified', HOSTILE_BODY, '2026-03-02T10:10:00.000Z'],
    ],
  );
  const birchOpen = await incident(
    {
      title: 'Birch logins slow',
      status: 'investigating',
      scope: 'sites',
      started_at: '2026-03-02T09:00:00.000Z',
      updated_at: '2026-03-02T09:00:00.000Z',
    },
    ['birch'],
    [],
  );
  const allResolved = await incident(
    {
      title: 'Mail delays for everyone',
      status: 'resolved',
      scope: 'all',
      started_at: '2026-02-10T08:00:00.000Z',
      resolved_at: '2026-02-10T09:30:00.000Z',
      updated_at: '2026-02-10T09:30:00.000Z',
    },
    [],
    [['resolved', 'Mail flows again.', '2026-02-10T09:30:00.000Z']],
  );
  const tooOld = await incident(
    {
      title: 'Ancient outage',
      status: 'resolved',
      scope: 'all',
      started_at: '2025-11-01T08:00:00.000Z',
      resolved_at: '2025-11-01T09:00:00.000Z',
      updated_at: '2025-11-01T09:00:00.000Z',
    },
    [],
    [],
  );
  return { past, cancelled, upcoming, birchWork, acmeOpen, birchOpen, allResolved, tooOld };
}
