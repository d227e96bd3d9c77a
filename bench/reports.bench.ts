/**
 * The reports at scale: 100,000 tickets over a year and 1,000,000 widget and search events, generated
 * in SQL, then every report (GET /api/reports/{name}) over the last 90 days, for all sites and for
 * one, timed over HTTP on SQLite and, if reachable, PostgreSQL. Prints p50/p95 per report; never
 * fails on time.
 *
 *   npm run bench -- reports
 *   BENCH_REPORT_TICKETS=20000 BENCH_REPORT_EVENTS=200000 node bench/reports.bench.ts
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';
import { startServer, type TestServer } from '../test/support/api-server.ts';
import { fixedClock } from '../test/api/helpers.ts';
import { signIn, withAdmin, type AgentSession } from '../test/inbox/support.ts';
import { REPORT_NAMES } from '../api/src/reports/shapes.ts';

const TICKETS = Number(process.env.BENCH_REPORT_TICKETS ?? 100_000);
const EVENTS = Number(process.env.BENCH_REPORT_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 15);
const SITES = 20;
const NOW = new Date('2026-11-30T12:00:00.000Z');
const YEAR_MS = 365 * 86_400_000;
const HOUR_MS = 3_600_000;

type Dialect = 'sqlite' | 'postgres';

/** Rows 0..count-1 as `s(n)`. */
function series(dialect: Dialect, count: number): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`generate_series(0::bigint, ${sql.lit(count - 1)}) AS s(n)`
    : sql`(WITH RECURSIVE r(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM r WHERE n < ${sql.lit(count - 1)}) SELECT n FROM r) AS s`;
}

/** An ISO-8601 UTC instant (as the stores keep them) from an SQL expression in epoch milliseconds. */
function iso(dialect: Dialect, ms: RawBuilder<unknown>): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`to_char(to_timestamp((${ms}) / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
    : sql`strftime('%Y-%m-%dT%H:%M:%fZ', (${ms}) / 1000.0, 'unixepoch')`;
}

/** One of `values` picked by an integer SQL expression. */
function pick(expression: RawBuilder<unknown>, values: readonly (string | number | null)[]): RawBuilder<unknown> {
  const cases = values.map((v, i) => sql`WHEN ${sql.lit(i)} THEN ${v === null ? sql`NULL` : sql.lit(v)}`);
  return sql`(CASE ((${expression}) % ${sql.lit(values.length)}) ${sql.join(cases, sql` `)} END)`;
}

const PATTERNS = [
  '/admin/tool/uploaduser/index.php',
  '/course/view.php',
  '/admin/settings.php?section=maintenancemode',
  '/grade/report/grader/index.php',
  '/courses/:id/assignments/:id',
  '/login/index.php',
  '/user/profile.php',
  '/admin/user.php',
  '/backup/backup.php',
  '/mod/quiz/view.php',
];
const SLUGS = [
  'bulk-upload-users',
  'reset-password',
  'maintenance-mode',
  'course-backup',
  'gradebook-export',
  'sso-setup',
  'site-logs',
  'branding',
];

async function fill(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const now = NOW.getTime();
  const n = sql`s.n`;
  const at = (offset: RawBuilder<unknown>) => iso(dialect, sql`${sql.lit(now)} - ${offset}`);
  const site = (expression: RawBuilder<unknown>) => sql`'site-' || ((${expression}) % ${sql.lit(SITES)})`;

  await sql`INSERT INTO sites (key, name, plan, origins, budget_hours, created_at)
    SELECT ${site(n)}, 'Site ' || s.n, ${pick(n, ['standard', 'priority'])}, '[]', 200, ${at(sql.lit(YEAR_MS + HOUR_MS))}
    FROM ${series(dialect, SITES)}`.execute(db);

  // Tickets spread over the year; most answered, some late; a tenth still waiting.
  const created = sql`(${sql.lit(YEAR_MS)} * s.n / ${sql.lit(TICKETS)})`;
  const createdAt = at(created);
  const firstMinutes = sql`((s.n * 37) % 600)`;
  await sql`INSERT INTO tickets (site_key, plan, type, severity, status, subject, description, requester_name, requester_email,
      channel, context, journey, fields, token_hash, first_response_due, resolution_due, first_responded_at, resolved_at,
      created_at, updated_at, page_pattern, widget_session, first_response_minutes, first_response_met, resolution_minutes,
      resolution_met, replies_met, replies_missed)
    SELECT ${site(n)}, ${pick(n, ['standard', 'priority'])}, ${pick(sql`s.n / 3`, ['query', 'request', 'bug', 'site_refresh'])},
      ${pick(sql`s.n / 7`, ['S1', 'S2', 'S3', 'S4', 'S4', 'S3'])},
      ${pick(n, ['closed', 'solved', 'closed', 'open', 'closed', 'solved', 'pending', 'closed', 'closed', 'new'])},
      'Bench ticket ' || s.n, 'Generated for the reports benchmark.', 'Bench Admin', 'admin' || (s.n % 500) || '@lms.example',
      ${pick(n, ['email', 'email', 'chat', 'phone'])}, '{"url":"https://lms.example/"}', '{"searches":[],"articlesRead":[]}', '{}',
      'bench' || s.n, ${at(sql`${created} - ${sql.lit(4 * HOUR_MS)}`)}, ${at(sql`${created} - ${sql.lit(72 * HOUR_MS)}`)},
      CASE WHEN s.n % 10 = 9 THEN NULL ELSE ${at(sql`${created} - ${firstMinutes} * 60000`)} END,
      CASE WHEN s.n % 10 IN (0, 1, 2, 4, 5, 7, 8) THEN ${at(sql`${created} - ${sql.lit(50 * HOUR_MS)}`)} ELSE NULL END,
      ${createdAt}, ${createdAt}, ${pick(sql`(s.n * s.n) / 11`, PATTERNS)},
      CASE WHEN s.n % 3 = 0 THEN 'bench-session-' || (s.n * 5) ELSE NULL END,
      CASE WHEN s.n % 10 = 9 THEN NULL ELSE ${firstMinutes} END,
      CASE WHEN s.n % 10 = 9 THEN NULL WHEN ${firstMinutes} < 240 THEN 1 ELSE 0 END,
      CASE WHEN s.n % 10 IN (0, 1, 2, 4, 5, 7, 8) THEN 900 + (s.n % 1500) ELSE NULL END,
      CASE WHEN s.n % 10 IN (0, 1, 2, 4, 5, 7, 8) THEN (CASE WHEN s.n % 13 = 0 THEN 0 ELSE 1 END) ELSE NULL END,
      s.n % 3, CASE WHEN s.n % 11 = 0 THEN 1 ELSE 0 END
    FROM ${series(dialect, TICKETS)}`.execute(db);
  const firstId = Number((await sql<{ id: number }>`SELECT MIN(id) AS id FROM tickets`.execute(db)).rows[0].id);

  // The events: 3 in 5 widget events (4 a session), 2 in 5 searches (2 a session) over the same sessions.
  const widgetCount = Math.round(EVENTS * 0.6);
  const searchCount = EVENTS - widgetCount;
  const sessions = Math.ceil(widgetCount / 4);
  const sessionAt = (session: RawBuilder<unknown>) => sql`(${sql.lit(YEAR_MS)} * (${session}) / ${sql.lit(sessions)})`;
  await sql`INSERT INTO widget_sessions (id, site_key, started_at, page, page_pattern, suggested_at, searched_at, clicked_at, read_at,
      escalated_at, ticket_at, ticket_id, ticket_within_24h)
    SELECT 'bench-session-' || s.n, ${site(n)}, ${at(sessionAt(n))}, 'https://lms.example/page', ${pick(n, PATTERNS)},
      CASE WHEN s.n % 2 = 0 THEN ${at(sql`${sessionAt(n)} - 1000`)} END,
      CASE WHEN s.n % 3 <> 0 THEN ${at(sql`${sessionAt(n)} - 5000`)} END,
      CASE WHEN s.n % 4 <> 3 THEN ${at(sql`${sessionAt(n)} - 9000`)} END,
      CASE WHEN s.n % 5 <> 4 THEN ${at(sql`${sessionAt(n)} - 20000`)} END,
      CASE WHEN s.n % 6 = 0 THEN ${at(sql`${sessionAt(n)} - 60000`)} END,
      CASE WHEN s.n % 12 = 0 THEN ${at(sql`${sessionAt(n)} - 90000`)} END,
      CASE WHEN s.n % 12 = 0 THEN ${sql.lit(firstId)} + (s.n % ${sql.lit(TICKETS)}) END,
      CASE WHEN s.n % 24 = 0 THEN 1 ELSE 0 END
    FROM ${series(dialect, sessions)}`.execute(db);
  await sql`INSERT INTO widget_events (site_key, type, slug, page, created_at, session_id)
    SELECT ${site(sql`s.n / 4`)}, ${pick(n, ['opened', 'suggestion_shown', 'article_read', 'escalation_started'])},
      CASE WHEN s.n % 4 = 2 THEN ${pick(sql`s.n / 4`, SLUGS)} END, 'https://lms.example/page',
      ${at(sql`${sessionAt(sql`s.n / 4`)} - (s.n % 4) * 1000`)}, 'bench-session-' || (s.n / 4)
    FROM ${series(dialect, widgetCount)}`.execute(db);
  await sql`INSERT INTO search_events (query, result_count, clicked_slug, source, page, site_key, created_at, session_id, read_slug,
      read_at, ticket_id)
    SELECT 'question ' || ((s.n * s.n) % 700), CASE WHEN (s.n * s.n) % 700 < 60 THEN 0 ELSE 1 + s.n % 9 END,
      CASE WHEN s.n % 3 = 0 AND (s.n * s.n) % 700 >= 60 THEN ${pick(n, SLUGS)} END, ${pick(n, ['widget', 'widget', 'kb'])},
      'https://lms.example/page', ${site(sql`s.n / 2`)}, ${at(sql`${sessionAt(sql`s.n / 2`)} - 3000 - (s.n % 2) * 500`)},
      'bench-session-' || (s.n / 2),
      CASE WHEN s.n % 4 = 1 THEN ${pick(n, SLUGS)} END,
      CASE WHEN s.n % 4 = 1 THEN ${at(sql`${sessionAt(sql`s.n / 2`)} - 20000`)} END,
      CASE WHEN s.n % 25 = 0 THEN ${sql.lit(firstId)} + (s.n % ${sql.lit(TICKETS)}) END
    FROM ${series(dialect, searchCount)}`.execute(db);

  // Feedback, satisfaction and the timesheet, in proportion.
  await sql`INSERT INTO feedback (slug, helpful, comment, site_key, page, created_at)
    SELECT ${pick(n, SLUGS)}, CASE WHEN s.n % 4 = 0 THEN 0 ELSE 1 END,
      CASE WHEN s.n % 8 = 0 THEN 'The steps do not match our version.' END, ${site(n)}, 'https://lms.example/page',
      ${at(sql`${sql.lit(YEAR_MS)} * s.n / ${sql.lit(TICKETS / 2)}`)}
    FROM ${series(dialect, Math.round(TICKETS / 2))}`.execute(db);
  await sql`INSERT INTO satisfaction (ticket_id, site_key, rating, comment, created_at, updated_at)
    SELECT ${sql.lit(firstId)} + s.n * 5, ${site(sql`s.n * 5`)}, CASE WHEN s.n % 6 = 0 THEN 'bad' ELSE 'good' END,
      CASE WHEN s.n % 6 = 0 THEN 'Took too long.' END,
      ${at(sql`${sql.lit(YEAR_MS)} * s.n * 5 / ${sql.lit(TICKETS)} - ${sql.lit(60 * HOUR_MS)}`)},
      ${at(sql`${sql.lit(YEAR_MS)} * s.n * 5 / ${sql.lit(TICKETS)} - ${sql.lit(60 * HOUR_MS)}`)}
    FROM ${series(dialect, Math.floor(TICKETS / 5))}`.execute(db);
  await sql`INSERT INTO time_entries (ticket_id, site_key, agent_id, minutes, rate, note, created_at)
    SELECT ${sql.lit(firstId)} + s.n * 2, ${site(sql`s.n * 2`)}, 1, 15 + s.n % 90, ${pick(n, ['standard', 'standard', 'consultancy'])},
      'Bench entry', ${at(sql`${sql.lit(YEAR_MS)} * s.n * 2 / ${sql.lit(TICKETS)} - ${sql.lit(2 * HOUR_MS)}`)}
    FROM ${series(dialect, Math.floor(TICKETS / 2))}`.execute(db);
  await sql.raw('ANALYZE').execute(db);
}

function percentileOf(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

async function measure(agent: AgentSession, label: string): Promise<void> {
  const to = new Date(NOW.getTime() - 86_400_000).toISOString().slice(0, 10);
  const from = new Date(NOW.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  for (const scope of [null, 'site-4']) {
    console.log(`  ${label}, ${from}..${to}${scope ? `, site ${scope}` : ', all sites'}:`);
    for (const name of REPORT_NAMES) {
      const url = `/api/reports/${name}?from=${from}&to=${to}${scope ? `&site=${scope}` : ''}`;
      const first = await agent.get(url);
      if (first.status !== 200) {
        console.log(`    ${name.padEnd(9)} answered ${first.status}: ${JSON.stringify(first.body).slice(0, 160)}`);
        continue;
      }
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        const res = await agent.get(url);
        ms.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`${name} answered ${res.status}`);
      }
      const bytes = Buffer.byteLength(JSON.stringify(first.body));
      console.log(
        `    ${name.padEnd(9)} p50 ${percentileOf(ms, 0.5).toFixed(1).padStart(7)} ms  p95 ${percentileOf(ms, 0.95).toFixed(1).padStart(7)} ms  (${RUNS} runs, ${(bytes / 1024).toFixed(1)} KB JSON)`,
      );
    }
  }
}

async function run(name: string, databaseUrl?: string): Promise<void> {
  const server: TestServer = await startServer(withAdmin({ databaseUrl, clock: fixedClock(NOW) }));
  try {
    const start = performance.now();
    await fill(server.running.store.db as Kysely<any>, server.running.store.dialect as Dialect);
    console.log(
      `${name}: ${TICKETS.toLocaleString('en')} tickets and ${EVENTS.toLocaleString('en')} widget and search events written in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    await measure(await signIn(server.url), name);
  } finally {
    await server.stop();
  }
}

await run('SQLite');
const postgres = await reachablePostgres();
if (postgres) await run('PostgreSQL', postgres);
else console.log(`PostgreSQL: skipped (no connection to ${shownUrl(BENCH_POSTGRES_URL)})`);
