/**
 * A load test of the whole product, for sizing a deployment: a scripted mix of what requesters,
 * the widget and agents do, against one API process on SQLite and two on PostgreSQL (two
 * processes sharing one database, requests spread over both), at rising concurrency until the
 * throughput stops rising (the saturation point). Prints, at each step and at saturation, the
 * requests per second and the p95 latency of each kind of request, and the servers' CPU time
 * per request (the figure other load on the machine distorts least); then each kind alone, for
 * what one request of that kind costs the server.
 *
 * The mix (weights out of 100), as the product is used today:
 *   kb page         GET an article's KB page (HTML), served by the API's static serving      30
 *   widget open     POST /api/widget-events {type: "opened"}                                  5
 *   widget policy   GET /api/policy?site=&lang= (the contact form's plans and hours)          5
 *   widget status   GET /api/status?site= (incidents shown in the panel)                      5
 *   widget index    GET /search-index.json (the widget's and KB's search run in the browser
 *                   on it: a first visit downloads it, most revalidate it, If-None-Match → 304) 10
 *   search event    POST /api/search-events (what the widget reports of each search)         10
 *   widget article  GET /articles/<slug>.json (an article opened inside the widget)          10
 *   ticket          POST /api/tickets (the contact form)                                      5
 *   chat message    POST /api/chat/<reference>/messages (a requester in a live chat)          10
 *   agent queue     GET /api/inbox/tickets (an agent's queue, signed-in session)              10
 *
 * Closed loop: N workers, each sending its next request as soon as the last one answered, spread
 * round-robin over the processes. The load generator runs in this process, on the same machine
 * (2 cores here), so the figures are a floor of what the server alone would do; the servers' CPU
 * time per request is measured from /proc and is not.
 *
 *   npm run bench -- load
 *   BENCH_LOAD_SECONDS=30 BENCH_LOAD_STEPS=4,8,16,32,64,128,256 npm run bench -- load
 *   BENCH_LOAD_KIND_SECONDS=5   how long each kind runs alone afterwards, for its CPU cost (default 3)
 *   BENCH_LOAD_STORES=sqlite (or postgres)   only one of the two set-ups
 *   BENCH_DATABASE_URL=postgres://…   the PostgreSQL (else TEST_DATABASE_URL; skipped if unreachable)
 *
 * Figures only; nothing passes or fails on time.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { newSchemaName, dropSchema } from '../test/support/api-server.ts';
import { post, validTicket } from '../test/api/helpers.ts';
import { ADMIN, signIn, type AgentSession } from '../test/inbox/support.ts';
import { benchApiEnv, ROOT, startApiProcess, stopApiProcess, type ApiProcess } from './api-process.ts';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const STEPS = (process.env.BENCH_LOAD_STEPS ?? '4,8,16,32,64,128')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const STORES = (process.env.BENCH_LOAD_STORES ?? 'sqlite,postgres').toLowerCase();
/** Ramping stops once this many steps in a row have not raised the best throughput by 5 %. */
const FLAT_STEPS = 2;
const KIND_SECONDS = Number(process.env.BENCH_LOAD_KIND_SECONDS ?? 3);
const IDLE_SECONDS = 5;
const CHAT_TICKETS = 40;
const QUEUE_TICKETS = 200;

const KB_DIST = path.join(ROOT, 'kb-site', 'dist');
const SLUGS = readdirSync(path.join(KB_DIST, 'articles'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5));
if (!SLUGS.length) {
  console.error('kb-site/dist has no articles: run npm run build first');
  process.exit(1);
}

interface Target {
  url: string;
  agent: AgentSession;
  chats: Array<{ reference: string; token: string }>;
  indexEtag: string | null;
}

interface Kind {
  name: string;
  weight: number;
  /** One request; resolves with the response status. */
  send: (t: Target, n: number) => Promise<number>;
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Sends a request and reads its body to the end (as a browser would), resolving with the status. */
async function status(url: string, init?: RequestInit): Promise<number> {
  const res = await fetch(url, init);
  await res.arrayBuffer();
  return res.status;
}

const slug = (n: number) => SLUGS[(n * 7919) % SLUGS.length];

const KINDS: Kind[] = [
  { name: 'kb page', weight: 30, send: (t, n) => status(`${t.url}/articles/${slug(n)}/`) },
  {
    name: 'widget open',
    weight: 5,
    send: (t) => status(`${t.url}/api/widget-events`, json({ site: 'demo', type: 'opened', session: randomUUID() })),
  },
  { name: 'widget policy', weight: 5, send: (t) => status(`${t.url}/api/policy?site=demo&lang=en`) },
  { name: 'widget status', weight: 5, send: (t) => status(`${t.url}/api/status?site=demo`) },
  {
    name: 'widget index',
    weight: 10,
    // One visit in four downloads the index; the others revalidate the copy they have.
    send: (t, n) => status(`${t.url}/search-index.json`, n % 4 === 0 || !t.indexEtag ? {} : { headers: { 'if-none-match': t.indexEtag } }),
  },
  {
    name: 'search event',
    weight: 10,
    send: (t, n) =>
      status(
        `${t.url}/api/search-events`,
        json({ site: 'demo', source: 'widget', query: `how to ${slug(n).replaceAll('-', ' ')}`, resultCount: 5, clickedSlug: slug(n) }),
      ),
  },
  { name: 'widget article', weight: 10, send: (t, n) => status(`${t.url}/articles/${slug(n)}.json`) },
  {
    name: 'ticket',
    weight: 5,
    send: (t, n) =>
      status(
        `${t.url}/api/tickets`,
        json(
          validTicket({
            subject: `Load ${n}: cannot upload users`,
            requester: { name: 'Load Admin', email: `load${n % 500}@college.example` },
          }),
        ),
      ),
  },
  {
    name: 'chat message',
    weight: 10,
    send: (t, n) => {
      const chat = t.chats[n % t.chats.length];
      return status(`${t.url}/api/chat/${chat.reference}/messages`, {
        ...json({ body: `Still there? (${n})` }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${chat.token}` },
      });
    },
  },
  {
    name: 'agent queue',
    weight: 10,
    send: (t) => status(`${t.url}/api/inbox/tickets`, { headers: { cookie: t.agent.cookie } }),
  },
];
const TOTAL_WEIGHT = KINDS.reduce((a, k) => a + k.weight, 0);

/** The kind for the n-th request: a fixed, evenly spread sequence with the mix's weights. */
function kindFor(n: number): Kind {
  let x = ((n * 37) % TOTAL_WEIGHT) + 0.5;
  for (const k of KINDS) if ((x -= k.weight) < 0) return k;
  return KINDS[0];
}

interface StepResult {
  concurrency: number;
  seconds: number;
  total: number;
  perKind: Map<string, { latencies: number[]; failures: number }>;
  serverCpuMs: number;
  /** This process's CPU time (the load generator), ms. */
  clientCpuMs: number;
  /** PostgreSQL's backends' CPU time, ms, when the database runs on this machine. */
  databaseCpuMs: number | null;
}

/** CPU time (user + system) of a process, ms, from /proc. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, 100 per second on Linux
  } catch {
    return NaN;
  }
}

/**
 * The PostgreSQL server processes serving this database, when it runs on this machine (their CPU
 * is read from /proc like the API's): the backends in pg_stat_activity, other than the asking one.
 */
async function databasePids(url: string | undefined): Promise<number[]> {
  if (!url) return [];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows.map((r) => r.pid).filter((pid) => !Number.isNaN(cpuMs(pid)));
  } finally {
    await client.end();
  }
}

async function step(
  targets: Target[],
  pids: number[],
  concurrency: number,
  seconds: number,
  databaseUrl?: string,
  only?: Kind,
): Promise<StepResult> {
  const perKind = new Map(KINDS.map((k) => [k.name, { latencies: [] as number[], failures: 0 }]));
  let counter = 0;
  let total = 0;
  const cpuBefore = pids.reduce((a, p) => a + cpuMs(p), 0);
  const clientBefore = process.cpuUsage();
  // The pools keep their connections while the load runs: the backends now are those of the step.
  const dbPids = await databasePids(databaseUrl);
  const dbBefore = new Map(dbPids.map((p) => [p, cpuMs(p)]));
  const start = performance.now();
  const until = start + seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const n = counter++;
      const kind = only ?? kindFor(n);
      const target = targets[n % targets.length];
      const sent = performance.now();
      let code = 0;
      try {
        code = await kind.send(target, n);
      } catch {
        code = 0;
      }
      const row = perKind.get(kind.name)!;
      row.latencies.push(performance.now() - sent);
      if (code >= 400 || code === 0) row.failures++;
      total++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - start) / 1000;
  const client = process.cpuUsage(clientBefore);
  return {
    concurrency,
    seconds: elapsed,
    total,
    perKind,
    serverCpuMs: pids.reduce((a, p) => a + cpuMs(p), 0) - cpuBefore,
    clientCpuMs: (client.user + client.system) / 1000,
    // A backend that ended during the step is left out (its CPU cannot be read any more).
    databaseCpuMs: databaseUrl
      ? [...dbBefore].reduce((a, [p, before]) => {
          const now = cpuMs(p);
          return Number.isNaN(now) ? a : a + now - before;
        }, 0)
      : null,
  };
}

function p95(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
}

function printStep(r: StepResult, label = ''): void {
  const all = [...r.perKind.values()].flatMap((k) => k.latencies);
  const failures = [...r.perKind.values()].reduce((a, k) => a + k.failures, 0);
  console.log(
    `  ${label}${String(r.concurrency).padStart(4)} concurrent: ${(r.total / r.seconds).toFixed(0).padStart(5)} req/s   p95 ${p95(all).toFixed(1)} ms   ` +
      `server CPU ${(r.serverCpuMs / r.total).toFixed(2)} ms/request (${(r.serverCpuMs / r.seconds / 10).toFixed(0)} % of a core)   ` +
      (r.databaseCpuMs !== null
        ? `PostgreSQL CPU ${(r.databaseCpuMs / r.total).toFixed(2)} ms/request (${(r.databaseCpuMs / r.seconds / 10).toFixed(0)} % of a core)   `
        : '') +
      `load generator ${(r.clientCpuMs / r.seconds / 10).toFixed(0)} % of a core   failures ${failures}`,
  );
}

function printKinds(r: StepResult): void {
  for (const [name, k] of r.perKind) {
    const fails = k.failures ? `   failures ${k.failures}` : '';
    console.log(
      `      ${name.padEnd(15)} ${(k.latencies.length / r.seconds).toFixed(0).padStart(5)} req/s   p95 ${p95(k.latencies).toFixed(1).padStart(7)} ms${fails}`,
    );
  }
}

/** Chat tickets to talk in, tickets for the queue, an agent signed in on each process. */
async function prepare(urls: string[]): Promise<Target[]> {
  const chats: Target['chats'] = [];
  for (let i = 0; i < CHAT_TICKETS; i++) {
    const res = await post(
      urls[0],
      '/api/tickets',
      validTicket({ channel: 'chat', subject: `Chat ${i}`, description: `Opening message ${i}` }),
    );
    if (res.status !== 201) throw new Error(`chat ticket: ${res.status} ${res.text}`);
    chats.push({ reference: res.body.reference, token: res.body.token });
  }
  for (let i = 0; i < QUEUE_TICKETS; i += 20)
    await Promise.all(
      Array.from({ length: 20 }, async (_, k) => {
        const res = await post(urls[0], '/api/tickets', validTicket({ subject: `Queue ${i + k}`, severity: `S${1 + ((i + k) % 4)}` }));
        if (res.status !== 201) throw new Error(`ticket: ${res.status} ${res.text}`);
      }),
    );
  const index = await fetch(`${urls[0]}/search-index.json`);
  await index.arrayBuffer();
  const indexEtag = index.headers.get('etag');
  // One sign-in at a time: the sign-in limiter answers 429 to simultaneous ones for one email.
  const targets: Target[] = [];
  for (const url of urls) targets.push({ url, agent: await signIn(url), chats, indexEtag });
  return targets;
}

/** Every kind once through each process: a request that fails here would only be noise below. */
async function check(targets: Target[]): Promise<void> {
  for (const t of targets)
    for (const [i, kind] of KINDS.entries()) {
      const code = await kind.send(t, i + 1);
      if (code >= 400) throw new Error(`${kind.name} answered ${code} on ${t.url}`);
    }
}

async function run(label: string, processes: number, env: Record<string, string>): Promise<void> {
  const databaseUrl = env.DATABASE_URL;
  const base = {
    ...benchApiEnv(ADMIN),
    ...env,
  };
  const apis: ApiProcess[] = [];
  try {
    // One after the other: the first creates the schema, the next finds it done.
    for (let i = 0; i < processes; i++) apis.push(await startApiProcess(base));
    const targets = await prepare(apis.map((a) => a.url));
    await check(targets);
    const pids = apis.map((a) => a.child.pid!);
    console.log(`\n${label}: ${processes} API process(es), ${SECONDS} s per step, load average ${loadAverage()}`);
    await step(targets, pids, STEPS[0], Math.min(3, SECONDS), databaseUrl); // warm-up, not reported
    // What the processes spend with no request at all (timers: SLA sweeps, probes, the event feed).
    const idleBefore = pids.reduce((a, p) => a + cpuMs(p), 0);
    await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
    const idle = (pids.reduce((a, p) => a + cpuMs(p), 0) - idleBefore) / IDLE_SECONDS / 10;
    console.log(`  idle (no requests, ${IDLE_SECONDS} s): the API process(es) use ${idle.toFixed(1)} % of a core`);
    const results: StepResult[] = [];
    let best: StepResult | undefined;
    let flat = 0;
    for (const concurrency of STEPS) {
      const r = await step(targets, pids, concurrency, SECONDS, databaseUrl);
      results.push(r);
      printStep(r);
      printKinds(r);
      const rate = r.total / r.seconds;
      if (!best || rate > 1.05 * (best.total / best.seconds)) {
        best = r;
        flat = 0;
      } else if (++flat >= FLAT_STEPS) break;
    }
    console.log(`  saturation (the step of highest throughput), load average ${loadAverage()}:`);
    printStep(best!, '');
    printKinds(best!);
    // What each kind costs the server on its own: CPU time per request, which other load on the
    // machine distorts far less than req/s.
    console.log(`  each kind alone (8 concurrent, ${KIND_SECONDS} s): server CPU per request, throughput, p95`);
    for (const kind of KINDS) {
      const r = await step(targets, pids, 8, KIND_SECONDS, databaseUrl, kind);
      const k = r.perKind.get(kind.name)!;
      const db = r.databaseCpuMs !== null ? ` + PostgreSQL ${(r.databaseCpuMs / r.total).toFixed(2)} ms` : '';
      console.log(
        `      ${kind.name.padEnd(15)} ${(r.serverCpuMs / r.total).toFixed(2)} ms${db}   ${(r.total / r.seconds).toFixed(0).padStart(5)} req/s   p95 ${p95(k.latencies).toFixed(1)} ms${k.failures ? `   failures ${k.failures}` : ''}`,
      );
    }
  } finally {
    for (const api of apis) await stopApiProcess(api);
  }
}

const loadAverage = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

console.log(
  `Load test: the mix ${KINDS.map((k) => `${k.name} ${k.weight}`).join(', ')} (out of ${TOTAL_WEIGHT}); ` +
    `steps ${STEPS.join(', ')} concurrent, stopping after ${FLAT_STEPS} steps without 5 % more throughput; ${os.cpus().length} CPU(s)`,
);

if (STORES.includes('sqlite')) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-load-'));
  try {
    await run('SQLite', 1, { DATA_DIR: dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (STORES.includes('postgres')) {
  const url = BENCH_POSTGRES_URL;
  if ((await reachablePostgres(url)) === null) {
    console.log(`\nPostgreSQL: skipped (cannot connect to ${shownUrl(url)})`);
  } else {
    const schema = newSchemaName();
    // One data folder for both, as two servers would share a volume (uploads).
    const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-load-'));
    try {
      await run('PostgreSQL', 2, { DATABASE_URL: url, DATABASE_SCHEMA: schema, DATA_DIR: dataDir });
    } finally {
      await dropSchema(url, schema).catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}
