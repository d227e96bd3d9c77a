/**
 * Uptime at scale: 5,000 sites, 90 days of down periods (a few per site, some crossing the range's
 * start, some still open) and maintenance windows (per site, and for all sites, overlapping), then
 * every site's uptime over the 90 days (uptimeOfAll: three indexed selects, the arithmetic in one pass), on SQLite and, if reachable,
 * PostgreSQL. Prints ms (min and median of the runs); never fails on time. Target: ≤ 200 ms.
 *
 *   npm run bench -- uptime
 *   BENCH_UPTIME_SITES=1000 node bench/uptime.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from '../api/src/store/database.ts';
import { uptimeOfAll } from '../api/src/status/uptime.ts';
import { dropSchema, newSchemaName } from '../test/support/api-server.ts';
import { reachablePostgres, shownUrl, BENCH_POSTGRES_URL } from './postgres.ts';

const SITES = Number(process.env.BENCH_UPTIME_SITES ?? 5_000);
const RUNS = Number(process.env.BENCH_UPTIME_RUNS ?? 10);
const NOW = new Date('2026-06-30T12:00:00.000Z');
const DAY = 86_400_000;
const FROM = new Date(NOW.getTime() - 90 * DAY);

/** A small deterministic generator, so both stores get the same rows. */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}
const iso = (ms: number) => new Date(ms).toISOString();

async function insertChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

async function fill(store: Store): Promise<{ downtime: number; windows: number }> {
  const db = store.db;
  const rnd = random(42);

  const sites = Array.from({ length: SITES }, (_, i) => ({
    key: `site-${i}`,
    name: `Site ${i}`,
    plan: 'standard',
    origins: '[]',
    budget_hours: 0,
    created_at: iso(FROM.getTime()),
  }));
  await insertChunks(sites, (chunk) => db.insertInto('sites').values(chunk).execute());

  const downtime: Array<{ site_key: string; started_at: string; ended_at: string | null }> = [];
  const windows: Array<Record<string, string | null>> = [];
  for (const site of sites) {
    const periods = Math.floor(rnd() * 12);
    for (let p = 0; p < periods; p++) {
      const start = FROM.getTime() - 2 * DAY + rnd() * 92 * DAY;
      const end = start + (1 + rnd() * 180) * 60_000;
      downtime.push({ site_key: site.key, started_at: iso(start), ended_at: end > NOW.getTime() && rnd() < 0.5 ? null : iso(end) });
    }
    if (rnd() < 0.3) {
      const start = FROM.getTime() + rnd() * 90 * DAY;
      windows.push(window('site', site.key, start, start + (30 + rnd() * 120) * 60_000));
    }
  }
  for (let w = 0; w < 12; w++) {
    const start = FROM.getTime() + w * 7 * DAY + rnd() * DAY;
    windows.push(window('all', null, start, start + 2 * 3_600_000));
  }
  await insertChunks(downtime, (chunk) =>
    db
      .insertInto('site_downtime' as never)
      .values(chunk as never)
      .execute(),
  );
  await insertChunks(windows, (chunk) =>
    db
      .insertInto('maintenance_windows')
      .values(chunk as never)
      .execute(),
  );
  if (store.dialect === 'postgres') await sql`analyze`.execute(db);
  return { downtime: downtime.length, windows: windows.length };
}

function window(scope: string, siteKey: string | null, start: number, end: number) {
  return {
    scope,
    site_key: siteKey,
    title: 'Maintenance',
    body: '',
    starts_at: iso(start),
    ends_at: iso(end),
    created_by: 'bench',
    created_at: iso(start - DAY),
    cancelled_at: null,
  };
}

async function run(name: string, store: Store): Promise<void> {
  const counts = await fill(store);
  const times: number[] = [];
  let result = new Map<string, number>();
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    result = await uptimeOfAll(store.db, FROM, NOW);
    if (i > 0) times.push(performance.now() - t0); // the first run warms caches and plans
  }
  times.sort((a, b) => a - b);
  const values = [...result.values()];
  const below = values.filter((v) => v < 100).length;
  console.log(
    `${name}: ${SITES} sites, ${counts.downtime} down periods, ${counts.windows} maintenance windows, 90 days — ` +
      `uptimeOfAll min ${times[0].toFixed(1)} ms, median ${times[Math.floor(times.length / 2)].toFixed(1)} ms ` +
      `(${RUNS} runs; ${below} sites below 100 %, lowest ${Math.min(...values).toFixed(2)} %)`,
  );
}

const dir = mkdtempSync(path.join(tmpdir(), 'helpway-uptime-bench-'));
try {
  const sqlite = await openStore({ dataDir: dir });
  await run('SQLite', sqlite).finally(() => sqlite.close());
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const url = await reachablePostgres();
if (!url) console.log(`PostgreSQL: skipped (${shownUrl(BENCH_POSTGRES_URL)} not reachable)`);
else {
  const schema = newSchemaName();
  const pgStore = await openStore({ dataDir: dir, databaseUrl: url, databaseSchema: schema });
  try {
    await run('PostgreSQL', pgStore);
  } finally {
    await pgStore.close();
    await dropSchema(url, schema);
  }
}
