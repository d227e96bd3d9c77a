/**
 * Live event streams at scale: the API's resident memory (RSS) with 0 and with 1,000 open chat
 * event streams (100 chat tickets × 10 streams, the per-ticket cap), and the agent reply →
 * requester latency with those streams open: to one requester stream, and to the last of the
 * ticket's 10 streams. The API runs in its own process (as `npm start` runs it, rate limits and
 * request logs off, the per-address stream cap raised since every stream comes from loopback).
 *
 *   npm run bench -- sse
 *   BENCH_SSE_STREAMS=1000 BENCH_SSE_MESSAGES=200 npm run bench -- sse
 *   BENCH_DATABASE_URL=postgres://…   also on PostgreSQL (else TEST_DATABASE_URL; skipped if unreachable)
 *   BENCH_SSE_SERVER_DIR=/path/to/another/checkout   serve that checkout's API (before/after figures)
 *
 * Figures only; nothing passes or fails on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newSchemaName, dropSchema } from '../test/support/api-server.ts';
import { openSse, type SseConnection } from '../test/chat/sse-client.ts';
import { post, validTicket } from '../test/api/helpers.ts';
import { ADMIN, signIn, type AgentSession } from '../test/inbox/support.ts';
import { report, residentMb, startApiProcess, stopApiProcess, type ApiProcess } from './api-process.ts';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';

const STREAMS = Number(process.env.BENCH_SSE_STREAMS ?? 1000);
const PER_TICKET = 10;
const MESSAGES = Number(process.env.BENCH_SSE_MESSAGES ?? 200);
const WARMUP = 20;
const SERVER_DIR = process.env.BENCH_SSE_SERVER_DIR;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Median of a few samples once the process has settled. */
async function settledRss(pid: number): Promise<string> {
  await pause(2000);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const mb = residentMb(pid);
    if (mb === null) return 'n/a (no /proc)';
    samples.push(mb);
    await pause(200);
  }
  return `${samples.sort((a, b) => a - b)[2].toFixed(1)} MB`;
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

async function openChat(base: string, t: ChatTicket): Promise<SseConnection> {
  const s = await openSse(`${base}/api/chat/${t.reference}/events?token=${t.token}`);
  if (s.status !== 200) throw new Error(`stream: ${s.status} ${JSON.stringify(s.body)}`);
  await s.waitFor((e) => e.some((m) => m.event === 'message'), 30_000, 'the opening message');
  return s;
}

/** Opens `count` streams spread over `tickets`, `PER_TICKET` each, 50 at a time. */
async function openMany(base: string, tickets: ChatTicket[], count: number): Promise<SseConnection[]> {
  const targets = Array.from({ length: count }, (_, i) => tickets[Math.floor(i / PER_TICKET)]);
  const streams: SseConnection[] = [];
  for (let i = 0; i < targets.length; i += 50) streams.push(...(await Promise.all(targets.slice(i, i + 50).map((t) => openChat(base, t)))));
  return streams;
}

/** Agent replies one at a time on `t`; times each until `watched[0]` has it, and until all of `watched` have it. */
async function measure(agent: AgentSession, t: ChatTicket, watched: SseConnection[], label: string): Promise<void> {
  const first: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < MESSAGES + WARMUP; i++) {
    const body = `${label} ${i}`;
    const arrivals = watched.map(
      (s) => new Promise<number>((resolve) => s.onEvent((e) => e.event === 'message' && e.data.body === body && resolve(e.at))),
    );
    const start = performance.now();
    const res = await agent.post(`/api/inbox/tickets/${t.reference}/replies`, { body });
    if (res.status !== 201) throw new Error(`reply: ${res.status} ${res.text}`);
    const at = await Promise.all(arrivals);
    if (i >= WARMUP) {
      first.push(at[0] - start);
      all.push(Math.max(...at) - start);
    }
  }
  report(`  reply → requester stream, ${label}`, first);
  report(`  reply → last of the ticket's ${watched.length} streams, ${label}`, all);
}

async function run(store: string, env: Record<string, string>): Promise<void> {
  const api: ApiProcess = await startApiProcess(
    {
      PORT: '0',
      HOST: '127.0.0.1',
      HELPWAY_RATE_LIMITS: 'off',
      HELPWAY_REQUEST_LOG: '0',
      HELPWAY_ADMIN_EMAIL: ADMIN.email,
      HELPWAY_ADMIN_PASSWORD: ADMIN.password,
      HELPWAY_STREAMS_PER_ADDRESS: String(STREAMS + 100),
      ...env,
    },
    SERVER_DIR,
  );
  const pid = api.child.pid!;
  try {
    console.log(`${store}${SERVER_DIR ? ` (API from ${SERVER_DIR})` : ''}:`);
    const tickets: ChatTicket[] = [];
    for (let i = 0; i < Math.ceil(STREAMS / PER_TICKET); i++) tickets.push(await chatTicket(api.url, i));
    const agent = await signIn(api.url);
    // Warm up the code paths, then close what was opened.
    for (const s of await openMany(api.url, tickets.slice(0, 5), 5 * PER_TICKET)) s.close();
    await pause(500);
    console.log(`  resident memory, 0 open streams: ${await settledRss(pid)}`);

    // Memory first, before the latency runs leave garbage behind.
    const streams = await openMany(api.url, tickets, STREAMS);
    console.log(`  resident memory, ${streams.length} open streams: ${await settledRss(pid)}`);
    await measure(agent, tickets[0], streams.slice(0, PER_TICKET), `${streams.length} streams open`);
    for (const s of streams) s.close();
    await pause(1000);
    console.log(`  resident memory, all streams closed again: ${await settledRss(pid)}`);

    const few = await openMany(api.url, tickets.slice(0, 1), PER_TICKET);
    await measure(agent, tickets[0], few, `${few.length} streams open`);
    for (const s of few) s.close();
  } finally {
    await stopApiProcess(api);
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-bench-'));
try {
  await run('SQLite', { DATA_DIR: dataDir });
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const url = BENCH_POSTGRES_URL;
const reachable = (await reachablePostgres(url)) !== null;
if (!reachable) {
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
