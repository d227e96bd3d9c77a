/**
 * The agents' queue with many tickets: GET /api/inbox/tickets (first page, and every page walked
 * with the cursor) over HTTP, with the queue-order index (migration 0007_queue) and again after
 * dropping it, on SQLite and, if reachable, PostgreSQL. Prints the query plans (EXPLAIN) and
 * milliseconds per page; never fails on time.
 *
 *   npm run bench -- queue
 *   BENCH_QUEUE_TICKETS=100000 BENCH_DATABASE_URL=postgres://… node bench/queue.bench.ts
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';
import { startServer, type TestServer } from '../test/support/api-server.ts';
import { fixedClock } from '../test/api/helpers.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../test/inbox/support.ts';
import { QueueFilters, queueQueries } from '../api/src/inbox/tickets.ts';
import type { Database } from '../api/src/store/schema.ts';

const TICKETS = Number(process.env.BENCH_QUEUE_TICKETS ?? 100_000);
const PAGE = 50;
const RUNS = 20;

/** Copies of one real ticket, varied like a real queue: severities, answered, no due time, mostly ended. */
async function fill(server: TestServer): Promise<void> {
  const template = await fileTicket(server.url, { severity: 'S4' });
  const db = server.running.store.db;
  const { id: _, ...row } = await db
    .selectFrom('tickets')
    .selectAll()
    .where('id', '=', Number(template.reference.slice(3)) - 1000)
    .executeTakeFirstOrThrow();
  const start = Date.parse(row.created_at);
  const batch = 400;
  for (let i = 0; i < TICKETS; i += batch) {
    const rows = Array.from({ length: Math.min(batch, TICKETS - i) }, (_, k) => {
      const n = i + k;
      const due = (hours: number) => new Date(start + (((n * 7919) % 500) * 3_600_000) / 10 + hours * 3_600_000).toISOString();
      return {
        ...row,
        severity: `S${1 + (n % 4)}`,
        first_response_due: n % 17 === 0 ? null : due(1),
        resolution_due: n % 17 === 0 ? null : due(48),
        first_responded_at: n % 3 === 0 ? row.created_at : null,
        // Most tickets of a help desk that has run for a while are closed.
        status: n % 20 < 17 ? (n % 2 ? 'closed' : 'solved') : n % 7 === 0 ? 'pending' : 'open',
      };
    });
    await db.insertInto('tickets').values(rows).execute();
  }
  if (server.running.store.dialect === 'postgres') await db.executeQuery(CompiledQuery.raw('ANALYZE tickets'));
  else await db.executeQuery(CompiledQuery.raw('ANALYZE'));
}

async function plan(db: Kysely<Database>, dialect: string, query: { compile(): CompiledQuery }): Promise<string> {
  const compiled = query.compile();
  const explain = dialect === 'postgres' ? 'EXPLAIN ' : 'EXPLAIN QUERY PLAN ';
  const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]));
  return result.rows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n      ');
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(server: TestServer, agent: AgentSession, label: string): Promise<void> {
  const { db, dialect } = server.running.store;
  const first = QueueFilters.parse({ limit: String(PAGE) });
  const firstMs: number[] = [];
  for (let i = 0; i < RUNS; i++) firstMs.push(await time(() => agent.get(`/api/inbox/tickets?limit=${PAGE}`)));
  let pages = 0;
  let seen = 0;
  let cursor: string | null = null;
  const walkMs = await time(async () => {
    do {
      const res: { body: { tickets: unknown[]; nextCursor: string | null } } = await agent.get(
        `/api/inbox/tickets?status=all&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen += res.body.tickets.length;
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
  });
  console.log(
    `  ${label}: first page of ${PAGE} (with the count) ${median(firstMs).toFixed(1)} ms median of ${RUNS}; all ${seen} tickets in ${pages} pages of 500: ${walkMs.toFixed(0)} ms (${(walkMs / pages).toFixed(1)} ms a page)`,
  );
  const firstPage = await agent.get(`/api/inbox/tickets?limit=${PAGE}`);
  const next = QueueFilters.parse({ limit: String(PAGE), cursor: firstPage.body.nextCursor ?? undefined });
  console.log(`    plan, first page:  ${await plan(db, dialect, queueQueries(db, first, agent.agent).page)}`);
  console.log(`    plan, next page:   ${await plan(db, dialect, queueQueries(db, next, agent.agent).page)}`);
  console.log(`    plan, count:       ${await plan(db, dialect, queueQueries(db, first, agent.agent).count)}`);
  const allPage = await agent.get(`/api/inbox/tickets?status=all&limit=500`);
  const allNext = QueueFilters.parse({ status: 'all', limit: '500', cursor: allPage.body.nextCursor ?? undefined });
  console.log(`    plan, next page of all, 500: ${await plan(db, dialect, queueQueries(db, allNext, agent.agent).page)}`);
  const ms = { page: [] as number[], next: [] as number[], count: [] as number[], allNext: [] as number[], allCount: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    ms.page.push(await time(() => queueQueries(db, first, agent.agent).page.execute()));
    ms.next.push(await time(() => queueQueries(db, next, agent.agent).page.execute()));
    ms.count.push(await time(() => queueQueries(db, first, agent.agent).count.execute()));
    ms.allNext.push(await time(() => queueQueries(db, allNext, agent.agent).page.execute()));
    ms.allCount.push(await time(() => queueQueries(db, allNext, agent.agent).count.execute()));
  }
  console.log(
    `    queries alone (median of ${RUNS}): active first page ${median(ms.page).toFixed(2)} ms, next page ${median(ms.next).toFixed(2)} ms, count ${median(ms.count).toFixed(2)} ms; all, a next page of 500 ${median(ms.allNext).toFixed(2)} ms, count ${median(ms.allCount).toFixed(2)} ms`,
  );
}

async function run(name: string, databaseUrl?: string): Promise<void> {
  const server = await startServer(withAdmin({ databaseUrl, clock: fixedClock() }));
  try {
    const fillMs = await time(() => fill(server));
    console.log(`${name}: ${TICKETS} tickets written in ${(fillMs / 1000).toFixed(1)} s`);
    const agent = await signIn(server.url);
    await measure(server, agent, 'with the queue-order index');
    await server.running.store.db.schema.dropIndex('tickets_queue_order').execute();
    await measure(server, agent, 'without it');
  } finally {
    await server.stop();
  }
}

await run('SQLite');
const url = BENCH_POSTGRES_URL;
if (await reachablePostgres(url)) await run('PostgreSQL', url);
else console.log(`PostgreSQL: skipped, ${shownUrl(url)} is not reachable (set BENCH_DATABASE_URL)`);
