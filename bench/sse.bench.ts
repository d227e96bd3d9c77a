/**
 * Live event streams at scale, with the API in its own process (as `npm start` runs it, rate
 * limits and request logs off):
 *
 * - how much resident memory (RSS) idle chat streams cost: with 0 open, then 1,000, 5,000 and
 *   10,000 (10 per chat, the per-ticket cap), and the KB per stream at each step;
 * - the agent reply → requester latency under load: agents reply to random chats at 100 messages
 *   a second while 5,000 streams are open, timed from sending the reply until the requester's
 *   stream has it, and until the last of that chat's 10 streams has it.
 *
 *   npm run bench -- sse
 *   BENCH_SSE_STEPS=1000,5000,10000   idle streams to measure memory at (default)
 *   BENCH_SSE_LOAD_STREAMS=5000       streams open during the latency run (default)
 *   BENCH_SSE_RATE=100                replies a second (default)
 *   BENCH_SSE_MESSAGES=1500           replies timed (default: 15 s at 100/s, after 2 s of warm-up)
 *   BENCH_SSE_STORES=sqlite,postgres  which stores (default both; PostgreSQL skipped if unreachable)
 *   BENCH_DATABASE_URL=postgres://…   the PostgreSQL to use (else TEST_DATABASE_URL, else the local test database)
 *   BENCH_SSE_SERVER_DIR=/path/to/another/checkout   serve that checkout's API (before/after figures)
 *   e.g. a quick run: BENCH_SSE_STEPS=500 BENCH_SSE_LOAD_STREAMS=500 BENCH_SSE_MESSAGES=200 npm run bench -- sse
 *
 * Every stream comes from loopback, so the per-address stream cap (100 by default) is raised for
 * the API process this bench starts, through HELPWAY_STREAMS_PER_ADDRESS, and only there. Each
 * stream is a socket in both processes: this bench raises its open-file limit (ulimit -n) to what
 * it needs when the hard limit allows, and otherwise says how far it falls short.
 *
 * Figures only; nothing passes or fails on time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newSchemaName, dropSchema } from '../test/support/api-server.ts';
import { openSse, type SseConnection } from '../test/chat/sse-client.ts';
import { post, validTicket } from '../test/api/helpers.ts';
import { ADMIN, signIn, type AgentSession } from '../test/inbox/support.ts';
import { benchApiEnv, cpuMs, report, residentMb, startApiProcess, stopApiProcess, type ApiProcess } from './api-process.ts';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';

const numbers = (raw: string) =>
  raw
    .split(',')
    .map((n) => Number(n.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
const STEPS = numbers(process.env.BENCH_SSE_STEPS ?? '1000,5000,10000').sort((a, b) => a - b);
const LOAD_STREAMS = Number(process.env.BENCH_SSE_LOAD_STREAMS ?? 5000);
const RATE = Number(process.env.BENCH_SSE_RATE ?? 100);
const MESSAGES = Number(process.env.BENCH_SSE_MESSAGES ?? 1500);
const WARMUP = Math.round(RATE * 2);
const STORES = (process.env.BENCH_SSE_STORES ?? 'sqlite,postgres').toLowerCase();
const SERVER_DIR = process.env.BENCH_SSE_SERVER_DIR;
const PER_TICKET = 10;
const MOST = Math.max(LOAD_STREAMS, ...STEPS);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** This process's open-file limits (soft, hard) from /proc, or null where there is none. */
function openFileLimits(): { soft: number; hard: number } | null {
  try {
    const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m) return null;
    const n = (v: string) => (v === 'unlimited' ? Infinity : Number(v));
    return { soft: n(m[1]), hard: n(m[2]) };
  } catch {
    return null;
  }
}

/**
 * Every stream is a socket here and one in the API (which inherits this limit): raise the soft
 * limit by running this bench again under `ulimit -n`, when the hard limit allows.
 */
function ensureOpenFiles(need: number): void {
  const limits = openFileLimits();
  if (!limits || limits.soft >= need) return;
  if (limits.hard >= need && !process.env.BENCH_SSE_RAISED) {
    const self = fileURLToPath(import.meta.url);
    const run = spawnSync('sh', ['-c', `ulimit -n ${need} && exec "$0" "$@"`, process.execPath, ...process.execArgv, self], {
      stdio: 'inherit',
      env: { ...process.env, BENCH_SSE_RAISED: '1' },
    });
    process.exit(run.status ?? 1);
  }
  console.log(
    `open-file limit ${limits.soft} (hard ${limits.hard}) is below the ${need} this run needs: raise it (ulimit -n ${need}) or lower BENCH_SSE_STEPS`,
  );
}

ensureOpenFiles(MOST + 1000);

/** Median of a few samples once the process has settled, in MB. */
async function settledRss(pid: number): Promise<number | null> {
  await pause(2000);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const mb = residentMb(pid);
    if (mb === null) return null;
    samples.push(mb);
    await pause(200);
  }
  return samples.sort((a, b) => a - b)[2];
}

interface ChatTicket {
  reference: string;
  token: string;
}

async function chatTicket(base: string, i: number): Promise<ChatTicket> {
  const res = await post(base, '/api/tickets', validTicket({ channel: 'chat', subject: `Load ${i}`, description: `Opening message ${i}` }));
  if (res.status !== 201) throw new Error(`ticket: ${res.status} ${res.text}`);
  return res.body;
}

/** Agent messages awaited, by body: when each stream had it, and who waits for all of them. */
const arrivals = new Map<string, { at: number[]; all(): void }>();

async function openChat(base: string, t: ChatTicket): Promise<SseConnection> {
  const s = await openSse(`${base}/api/chat/${t.reference}/events?token=${t.token}`);
  if (s.status !== 200) throw new Error(`stream: ${s.status} ${JSON.stringify(s.body)}`);
  await s.waitFor((e) => e.some((m) => m.event === 'message'), 60_000, 'the opening message');
  s.onEvent((e) => {
    const awaited = e.event === 'message' ? arrivals.get(e.data.body) : undefined;
    if (awaited && awaited.at.push(e.at) === PER_TICKET) awaited.all();
    // What the bench does not look at again: the events list would grow for the whole run.
    s.events.length = 0;
  });
  return s;
}

/** Opens streams `from`…`to - 1`, stream i on ticket i / PER_TICKET, 100 at a time. */
async function openRange(base: string, tickets: ChatTicket[], from: number, to: number): Promise<SseConnection[]> {
  const streams: SseConnection[] = [];
  for (let i = from; i < to; i += 100) {
    const batch = Array.from({ length: Math.min(100, to - i) }, (_, k) => tickets[Math.floor((i + k) / PER_TICKET)]);
    streams.push(...(await Promise.all(batch.map((t) => openChat(base, t)))));
  }
  return streams;
}

/**
 * Replies at RATE a second to random chats among the first `chats` (each with PER_TICKET streams
 * open), not waiting for one to arrive before sending the next.
 */
async function load(agent: AgentSession, tickets: ChatTicket[], chats: number, pid: number): Promise<void> {
  const first: number[] = [];
  const all: number[] = [];
  let late = 0;
  let failed = 0;
  const interval = 1000 / RATE;
  const total = WARMUP + MESSAGES;
  const started = performance.now();
  const cpuBefore = cpuMs(pid);
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await pause(wait);
    else if (wait < -interval) late++;
    const t = tickets[Math.floor(Math.random() * chats)];
    const body = `Load ${i} ${Math.random().toString(36).slice(2, 8)}`;
    const at: number[] = [];
    const arrived = new Promise<void>((all) => arrivals.set(body, { at, all }));
    const sent = performance.now();
    pending.push(
      (async () => {
        const res = await agent.post(`/api/inbox/tickets/${t.reference}/replies`, { body });
        if (res.status !== 201) {
          failed++;
          return;
        }
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([arrived, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
        clearTimeout(timer);
        arrivals.delete(body);
        if (i < WARMUP || at.length < PER_TICKET) return;
        first.push(Math.min(...at) - sent);
        all.push(Math.max(...at) - sent);
      })(),
    );
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuMs(pid);
  const cpu = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / total;
  console.log(
    `  load: ${total} replies in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(0)}/s asked ${RATE}/s, ${late} sent late, ${failed} failed), ${chats} chats × ${PER_TICKET} streams`,
  );
  // Latency is time waited for a core as well as work: say how busy the machine was.
  console.log(`  machine load average (1 min) ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores at the end of the load`);
  if (cpu !== null)
    console.log(
      `  API CPU per reply (its handling, the read and the writes to its chat's streams): ${cpu.toFixed(2)} ms, ~${Math.floor(1000 / cpu)} replies/s per core`,
    );
  report(`  reply → requester stream, ${chats * PER_TICKET} streams open, ${RATE}/s`, first);
  report(`  reply → last of the chat's ${PER_TICKET} streams, ${chats * PER_TICKET} streams open, ${RATE}/s`, all);
}

async function run(store: string, env: Record<string, string>): Promise<void> {
  const api: ApiProcess = await startApiProcess(
    {
      ...benchApiEnv(ADMIN),
      // Every stream comes from loopback: the per-address cap is raised for this process only.
      HELPWAY_STREAMS_PER_ADDRESS: String(MOST + 100),
      ...env,
    },
    SERVER_DIR,
  );
  const pid = api.child.pid!;
  try {
    console.log(`${store}${SERVER_DIR ? ` (API from ${SERVER_DIR})` : ''}:`);
    const tickets: ChatTicket[] = [];
    const made = performance.now();
    const count = Math.ceil(MOST / PER_TICKET);
    for (let i = 0; i < count; i += 4)
      tickets.push(...(await Promise.all(Array.from({ length: Math.min(4, count - i) }, (_, k) => chatTicket(api.url, i + k)))));
    console.log(`  ${count} chat tickets filed in ${((performance.now() - made) / 1000).toFixed(1)} s`);
    const agent = await signIn(api.url);
    // Warm up the code paths, then close what was opened.
    for (const s of await openRange(api.url, tickets, 0, 5 * PER_TICKET)) s.close();
    await pause(500);
    const base = await settledRss(pid);
    if (base === null) console.log('  resident memory: n/a (no /proc)');
    else console.log(`  resident memory, 0 open streams: ${base.toFixed(1)} MB`);

    // Memory first, before the latency run leaves garbage behind.
    const streams: SseConnection[] = [];
    for (const step of STEPS) {
      const opening = performance.now();
      streams.push(...(await openRange(api.url, tickets, streams.length, step)));
      const took = (performance.now() - opening) / 1000;
      const rss = await settledRss(pid);
      if (rss !== null && base !== null)
        console.log(
          `  resident memory, ${step} open streams: ${rss.toFixed(1)} MB (${(((rss - base) * 1024) / step).toFixed(1)} KB per stream; opened in ${took.toFixed(1)} s)`,
        );
    }
    // Down (or up) to the streams the load runs with.
    for (const s of streams.splice(LOAD_STREAMS)) s.close();
    if (streams.length < LOAD_STREAMS) streams.push(...(await openRange(api.url, tickets, streams.length, LOAD_STREAMS)));
    await pause(1000);
    await load(agent, tickets, Math.floor(LOAD_STREAMS / PER_TICKET), pid);
    const rss = await settledRss(pid);
    if (rss !== null) console.log(`  resident memory after the load, ${streams.length} open streams: ${rss.toFixed(1)} MB`);
    for (const s of streams) s.close();
  } finally {
    await stopApiProcess(api);
  }
}

if (STORES.includes('sqlite')) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-bench-'));
  try {
    await run('SQLite', { DATA_DIR: dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (STORES.includes('postgres')) {
  const url = BENCH_POSTGRES_URL;
  if ((await reachablePostgres(url)) === null) {
    console.log(`PostgreSQL: skipped (cannot connect to ${shownUrl(url)})`);
  } else {
    const schema = newSchemaName();
    const pgDir = mkdtempSync(path.join(tmpdir(), 'helpway-bench-'));
    try {
      await run('PostgreSQL', { DATABASE_URL: url, DATABASE_SCHEMA: schema, DATA_DIR: pgDir });
    } finally {
      await dropSchema(url, schema);
      rmSync(pgDir, { recursive: true, force: true });
    }
  }
}
