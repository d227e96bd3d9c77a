/**
 * The SLA sweeper (api/src/sla/sweeper.ts) with 100,000 open tickets (and closed ones beside
 * them), on SQLite and, if reachable, PostgreSQL: a sweep when no ticket needs a look (the
 * steady state, every HELPWAY_SLA_POLL_MS), and a sweep that looks at a burst of tickets whose
 * look came due at once. Prints the query plan of the sweep's query (the partial index on
 * sla_check_at, migration 0013) and milliseconds per sweep; never fails on time. Goal: ≤ 200 ms.
 *
 *   npm run bench -- sla-sweep
 *   BENCH_SLA_TICKETS=100000 BENCH_SLA_BURST=1000 node bench/sla-sweep.bench.ts
 */
import { CompiledQuery } from 'kysely';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';
import { startServer, type TestServer } from '../test/support/api-server.ts';
import { fixedClock, MONDAY_MORNING } from '../test/api/helpers.ts';
import { fileTicket } from '../test/inbox/support.ts';
import { idFromReference } from '../api/src/tickets/reference.ts';

const OPEN = Number(process.env.BENCH_SLA_TICKETS ?? 100_000);
const CLOSED = Math.round(OPEN / 2);
const BURST = Number(process.env.BENCH_SLA_BURST ?? 1000);
const RUNS = 20;
const NOW = MONDAY_MORNING;

/** Copies of one real ticket: OPEN running ones whose next look lies ahead, CLOSED ended ones. */
async function fill(server: TestServer): Promise<void> {
  const template = await fileTicket(server.url, { severity: 'S2', subject: 'bench template' });
  const db = server.running.store.db;
  const templateId = idFromReference(template.reference)!;
  const { id: _, ...row } = await db.selectFrom('tickets').selectAll().where('id', '=', templateId).executeTakeFirstOrThrow();
  // The template itself is looked at on the first sweep; take it out of the figures.
  await db.updateTable('tickets').set({ sla_check_at: null }).where('id', '=', templateId).execute();
  const batch = 400;
  const total = OPEN + CLOSED;
  for (let i = 0; i < total; i += batch) {
    const rows = Array.from({ length: Math.min(batch, total - i) }, (_, k) => {
      const n = i + k;
      const open = n < OPEN;
      const ahead = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
      return {
        ...row,
        status: open ? 'open' : n % 2 ? 'closed' : 'solved',
        severity: `S${1 + (n % 4)}`,
        first_response_due: ahead(60 + (n % 600)),
        resolution_due: ahead(2000 + (n % 3000)),
        // Open: next look somewhere in the coming days; ended: never.
        sla_check_at: open ? ahead(1 + (n % 5000)) : null,
      };
    });
    await db.insertInto('tickets').values(rows).execute();
  }
  if (server.running.store.dialect === 'postgres') await db.executeQuery(CompiledQuery.raw('ANALYZE tickets'));
  else await db.executeQuery(CompiledQuery.raw('ANALYZE'));
}

async function sweepPlan(server: TestServer): Promise<string> {
  const { db, dialect } = server.running.store;
  const query = db
    .selectFrom('tickets')
    .select('id')
    .where('sla_check_at', '<=', NOW.toISOString())
    .where('status', 'in', ['new', 'open'])
    .orderBy('sla_check_at')
    .limit(500)
    .compile();
  const explain = dialect === 'postgres' ? 'EXPLAIN ' : 'EXPLAIN QUERY PLAN ';
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + query.sql, [...query.parameters]));
  return result.rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n      ');
}

async function run(label: string, databaseUrl?: string): Promise<void> {
  const server = await startServer({
    databaseUrl,
    clock: fixedClock(NOW),
    env: { HELPWAY_RATE_LIMITS: 'off', HELPWAY_SLA_POLL_MS: '86400000' },
  });
  try {
    const started = performance.now();
    await fill(server);
    console.log(`${label}: ${OPEN} open + ${CLOSED} ended tickets filled in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(`  plan of the sweep's query:\n      ${await sweepPlan(server)}`);
    const sla = server.running.services.sla;
    await sla.sweepOnce(); // warm up
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const report = await sla.sweepOnce();
      times.push(performance.now() - t);
      if (report.checked !== 0) throw new Error(`expected a quiet sweep, got ${JSON.stringify(report)}`);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  quiet sweep (nothing due among ${OPEN} open): median ${times[RUNS >> 1].toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`,
    );
    // A burst: BURST tickets' looks come due at once (e.g. after a deploy, or a busy morning).
    const db = server.running.store.db;
    const ids = await db.selectFrom('tickets').select('id').where('status', '=', 'open').orderBy('id').limit(BURST).execute();
    await db
      .updateTable('tickets')
      .set({ sla_check_at: new Date(NOW.getTime() - 60_000).toISOString() })
      .where(
        'id',
        'in',
        ids.map((r) => Number(r.id)),
      )
      .execute();
    const t = performance.now();
    const report = await sla.sweepOnce();
    const ms = performance.now() - t;
    console.log(
      `  burst sweep: ${report.checked} tickets looked at and rescheduled in ${ms.toFixed(0)} ms (${(ms / Math.max(1, report.checked)).toFixed(2)} ms per ticket)`,
    );
  } finally {
    await server.stop();
  }
}

await run('SQLite');
const url = await reachablePostgres();
if (url) await run('PostgreSQL', url);
else console.log(`PostgreSQL: skipped (${shownUrl(BENCH_POSTGRES_URL)} not reachable; set BENCH_DATABASE_URL)`);
