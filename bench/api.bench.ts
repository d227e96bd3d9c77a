/**
 * API throughput: autocannon on POST /api/tickets and GET /api/policy, and on a bare Hono route
 * served by the same server in the same run (the ceiling of this machine and stack), on SQLite
 * and, if reachable, PostgreSQL. Prints req/s, p50, p99 and the ratio to the bare route; never
 * fails on time. The server runs in a child process, started as `npm start` starts it (rate
 * limits and request logs off), so the load generator does not share its event loop.
 *
 *   node bench/api.bench.ts                 (or import { runApiBench } from bench/run.ts)
 *   BENCH_SECONDS=10 BENCH_CONNECTIONS=10 BENCH_DATABASE_URL=postgres://… node bench/api.bench.ts
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import pg from 'pg';
import { startBenchChild } from './api-process.ts';
import { reachablePostgres } from './postgres.ts';

/** The part of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  method: string;
  body?: string;
  headers: Record<string, string>;
  connections: number;
  duration: number;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const SELF = fileURLToPath(import.meta.url);

export interface ApiBenchRow {
  store: 'SQLite' | 'PostgreSQL';
  route: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** requests/s relative to the bare route in the same run. */
  ratioToBare: number;
  /** Server CPU time (user + system) per request: robust to other load on the machine. */
  serverCpuMicrosPerRequest: number;
}

/** Child mode: the real server (startHelpway, as `npm start` runs it) with a bare route in front, on one port. */
async function serve(): Promise<void> {
  const { Hono } = await import('hono');
  const { readConfig } = await import('../api/src/config.ts');
  const { startHelpway } = await import('../api/src/server.ts');
  const config = { ...readConfig({ ...process.env, HELPWAY_RATE_LIMITS: 'off', HELPWAY_REQUEST_LOG: '0' }), port: 0, host: '127.0.0.1' };
  const running = await startHelpway(config, {
    log: () => {},
    wrap: (appFetch) => {
      const root = new Hono();
      root.get('/bare', (c) => c.text('ok'));
      root.all('*', (c) => appFetch(c.req.raw, c.env));
      return root.fetch;
    },
  });
  process.stdout.write(JSON.stringify({ url: running.url }) + '\n');
  process.on('message', () => process.send?.(process.cpuUsage()));
  process.once('SIGTERM', () => running.stop().then(() => process.exit(0)));
}

const TICKET = JSON.stringify({
  site: 'demo',
  type: 'query',
  severity: 'S2',
  subject: 'Learners cannot submit assignments',
  description: 'Since this morning no learner in the Biology course can submit. The button is greyed out. '.repeat(4),
  requester: { name: 'Priya Admin', email: 'priya@college.example' },
  channel: 'email',
  context: {
    url: 'https://lms.college.example/mod/assign/view.php?id=12',
    title: 'Assignment 3',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  },
  journey: { searches: ['assignment submit button', 'submission greyed out'], articlesRead: ['assignments'] },
});

function serverCpu(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (usage) => resolve((usage as NodeJS.CpuUsage).user + (usage as NodeJS.CpuUsage).system));
    child.send('cpu');
  });
}

async function load(
  url: string,
  options: { method?: 'GET' | 'POST'; body?: string; seconds: number; connections: number; child?: ChildProcess },
) {
  const cpuBefore = options.child ? await serverCpu(options.child) : 0;
  const result = await autocannon({
    url,
    method: options.method ?? 'GET',
    body: options.body,
    headers: options.body ? { 'content-type': 'application/json' } : {},
    connections: options.connections,
    duration: options.seconds,
  });
  const cpuMicros = options.child ? (await serverCpu(options.child)) - cpuBefore : 0;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCpuMicrosPerRequest: result.requests.total ? cpuMicros / result.requests.total : 0,
  };
}

export async function runApiBench(options: { seconds?: number; connections?: number } = {}): Promise<ApiBenchRow[]> {
  const seconds = options.seconds ?? Number(process.env.BENCH_SECONDS ?? 8);
  const connections = options.connections ?? Number(process.env.BENCH_CONNECTIONS ?? 10);
  const rows: ApiBenchRow[] = [];
  const pgUrl = await reachablePostgres();
  const stores: Array<{ store: ApiBenchRow['store']; env: Record<string, string> }> = [{ store: 'SQLite', env: { DATABASE_URL: '' } }];
  const schema = `hw_bench_${process.pid}`;
  if (pgUrl) stores.push({ store: 'PostgreSQL', env: { DATABASE_URL: pgUrl, DATABASE_SCHEMA: schema } });
  else console.log('PostgreSQL not reachable: API bench on SQLite only');

  for (const { store, env } of stores) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-bench-'));
    const { child, url } = await startBenchChild(SELF, { ...env, DATA_DIR: dataDir });
    try {
      // warm-up: JIT, statement caches, pool
      await load(`${url}/bare`, { seconds: 1, connections });
      await load(`${url}/api/tickets`, { method: 'POST', body: TICKET, seconds: 1, connections });
      const bare = await load(`${url}/bare`, { seconds, connections, child });
      const policy = await load(`${url}/api/policy?site=demo`, { seconds, connections, child });
      const tickets = await load(`${url}/api/tickets`, { method: 'POST', body: TICKET, seconds, connections, child });
      for (const [route, r] of [
        ['GET /bare (bare Hono route)', bare],
        ['GET /api/policy?site=demo', policy],
        ['POST /api/tickets', tickets],
      ] as const) {
        rows.push({ store, route, ...r, ratioToBare: r.requestsPerSecond / bare.requestsPerSecond });
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
      if (store === 'PostgreSQL' && pgUrl) {
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await client.end();
      }
    }
  }
  return rows;
}

export function printApiBench(rows: ApiBenchRow[]): void {
  console.log(
    `API over HTTP (Node ${process.version}, autocannon, ${process.env.BENCH_CONNECTIONS ?? 10} connections, rate limits and request logs off; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`,
  );
  const width = Math.max(...rows.map((r) => r.route.length));
  for (const r of rows) {
    console.log(
      `  ${r.store.padEnd(10)} ${r.route.padEnd(width)}  ${Math.round(r.requestsPerSecond).toLocaleString('en-GB').padStart(7)} req/s  p50 ${String(r.p50Ms).padStart(3)} ms  p99 ${String(r.p99Ms).padStart(3)} ms  ${(r.ratioToBare * 100).toFixed(1).padStart(5)}% of bare  server CPU ${Math.round(r.serverCpuMicrosPerRequest).toLocaleString('en-GB').padStart(5)} µs/req${r.non2xx || r.errors ? `  (non-2xx ${r.non2xx}, errors ${r.errors})` : ''}`,
    );
  }
}

if (process.argv[1] === SELF) {
  if (process.argv.includes('--serve')) await serve();
  else printApiBench(await runApiBench());
}
