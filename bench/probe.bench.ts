/**
 * The prober (api/src/status/prober.ts) with 5,000 sites that have a health URL, on one process,
 * against a local health endpoint that answers at once (in a child process, so its work is not
 * counted as the prober's): one interval's round on SQLite and, if reachable, PostgreSQL. Prints
 * wall time, the process's CPU time (process.cpuUsage) and RSS; never fails on time. Goal: the
 * round fits well inside the default 60 s interval.
 *
 *   npm run bench -- probe
 *   BENCH_PROBE_SITES=5000 node bench/probe.bench.ts
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';
import { startServer } from '../test/support/api-server.ts';
import { fixedClock, MONDAY_MORNING } from '../test/api/helpers.ts';

const SITES = Number(process.env.BENCH_PROBE_SITES ?? 5000);

const HEALTH_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;

async function healthEndpoint(): Promise<{ origin: string; stop(): void }> {
  const child = spawn(process.execPath, ['-e', HEALTH_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
  return { origin: `http://127.0.0.1:${chunk.toString().trim()}`, stop: () => child.kill() };
}

async function run(label: string, origin: string, databaseUrl?: string): Promise<void> {
  const server = await startServer({
    databaseUrl,
    clock: fixedClock(MONDAY_MORNING),
    env: { HELPWAY_RATE_LIMITS: 'off', HELPWAY_PROBE_SECONDS: '60' },
  });
  try {
    const db = server.running.store.db;
    const at = MONDAY_MORNING.toISOString();
    for (let i = 0; i < SITES; i += 500) {
      const rows = Array.from({ length: Math.min(500, SITES - i) }, (_, k) => {
        const key = `site-${i + k}`;
        return { key, name: key, plan: 'standard', origins: '[]', budget_hours: 0, created_at: at, health_url: `${origin}/${key}` };
      });
      await db.insertInto('sites').values(rows).execute();
    }
    const rss0 = process.memoryUsage().rss;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await server.running.services.prober.probeOnce();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const rss1 = process.memoryUsage().rss;
    if (report.probed !== SITES || report.failed !== 0) throw new Error(`expected ${SITES} good probes, got ${JSON.stringify(report)}`);
    const rollups = await db.selectFrom('probe_rollups').select(db.fn.sum<number>('probes').as('n')).executeTakeFirstOrThrow();
    console.log(
      `${label}: ${report.probed} sites probed in one round: wall ${(wall / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s ` +
        `(user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)}), RSS ${(rss0 / 2 ** 20).toFixed(0)} → ${(rss1 / 2 ** 20).toFixed(0)} MiB; ` +
        `${Number(rollups.n)} probes in the hour's counts`,
    );
  } finally {
    await server.stop();
  }
}

const health = await healthEndpoint();
try {
  await run('SQLite', health.origin);
  const url = await reachablePostgres();
  if (url) await run('PostgreSQL', health.origin, url);
  else console.log(`PostgreSQL: skipped (${shownUrl(BENCH_POSTGRES_URL)} not reachable; set BENCH_DATABASE_URL)`);
} finally {
  health.stop();
}
