/**
 * The SLA and volume reports over a year of tickets (100,000 by default) on SQLite and, if
 * reachable, PostgreSQL: milliseconds per report over HTTP for the whole year. Never fails on time.
 *
 *   BENCH_REPORT_TICKETS=100000 BENCH_DATABASE_URL=postgres://… node bench/reports.bench.ts
 */
import { CompiledQuery } from 'kysely';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';
import { startServer, type TestServer } from '../test/support/api-server.ts';
import { fixedClock } from '../test/api/helpers.ts';
import { fileTicket, signIn, withAdmin } from '../test/inbox/support.ts';

const TICKETS = Number(process.env.BENCH_REPORT_TICKETS ?? 100_000);
const YEAR_MS = 365 * 86_400_000;
const FROM = Date.parse('2025-01-01T00:00:00.000Z');

/** Copies of one real ticket spread over 2025, with due times and kept outcomes. */
async function fill(server: TestServer): Promise<void> {
  const template = await fileTicket(server.url, { severity: 'S2' });
  const db = server.running.store.db;
  const { id: _, ...row } = await db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', Number(template.reference.slice(3)) - 1000)
    .executeTakeFirstOrThrow();
  const batch = 400;
  for (let i = 0; i < TICKETS; i += batch) {
    const rows = Array.from({ length: Math.min(batch, TICKETS - i) }, (_, k) => {
      const n = i + k;
      const created = FROM + Math.floor((n / TICKETS) * YEAR_MS);
      const iso = (ms: number) => new Date(created + ms).toISOString();
      const answered = n % 5 !== 0;
      return {
        ...row,
        created_at: iso(0),
        severity: `S${1 + (n % 4)}`,
        first_response_due: iso(4 * 3_600_000),
        resolution_due: iso(48 * 3_600_000),
        first_responded_at: answered ? iso((n % 400) * 60_000) : null,
        first_response_minutes: answered ? (n * 7919) % 600 : null,
        first_response_met: answered ? (n % 3 ? 1 : 0) : null,
        replies_met: n % 4,
        replies_missed: n % 7 === 0 ? 1 : 0,
        status: n % 20 < 17 ? 'solved' : 'open',
      };
    });
    await db.insertInto('tickets').values(rows).execute();
  }
  await db.executeQuery(CompiledQuery.raw(server.running.store.dialect === 'postgres' ? 'ANALYZE tickets' : 'ANALYZE'));
}

async function run(label: string, databaseUrl?: string): Promise<void> {
  const server = await startServer(withAdmin({ clock: fixedClock(new Date('2026-01-15T12:00:00.000Z')), databaseUrl }));
  try {
    await fill(server);
    const agent = await signIn(server.url);
    for (const name of ['sla', 'volume']) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        const res = await agent.get(`/api/reports/${name}?from=2025-01-01&to=2025-12-31`);
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${res.text}`);
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      console.log(`${label} ${name}: ${TICKETS} tickets, median ${times[2].toFixed(0)} ms, worst ${times[4].toFixed(0)} ms`);
    }
  } finally {
    await server.stop();
  }
}

await run('SQLite');
const url = BENCH_POSTGRES_URL;
if (await reachablePostgres(url)) await run(`PostgreSQL (${shownUrl(url)})`, url);
