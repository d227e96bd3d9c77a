/**
 * Live chat latency: the time from an agent's reply (POST /api/inbox/tickets/{ref}/replies) to
 * the message event arriving on the requester's SSE stream. Prints p50/p95/p99/max in ms.
 *
 *   1. loopback, one process, SQLite
 *   2. two API processes on one PostgreSQL database: requester on process A, agent on process B,
 *      the event fans out through LISTEN/NOTIFY (BENCH_DATABASE_URL, else TEST_DATABASE_URL,
 *      else postgres://postgres@127.0.0.1:5432/test; skipped with a message if unreachable)
 *
 * Goal: p95 ≤ 100 ms on loopback. Figures only; nothing passes or fails on time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, newSchemaName, dropSchema } from '../test/support/api-server.ts';
import { openSse, type SseConnection } from '../test/chat/sse-client.ts';
import { post, validTicket, call } from '../test/api/helpers.ts';
import { ADMIN, signIn, withAdmin } from '../test/inbox/support.ts';
import { benchApiEnv, report, startApiProcess as startProcess, stopApiProcess as stopProcess } from './api-process.ts';
import { BENCH_POSTGRES_URL, reachablePostgres, shownUrl } from './postgres.ts';

const MESSAGES = Number(process.env.BENCH_CHAT_MESSAGES ?? 300);
const WARMUP = 20;

/** Sends `count` agent replies one at a time and times each until the requester's stream has it. */
async function measure(requesterBase: string, agentBase: string): Promise<number[]> {
  const created = await post(requesterBase, '/api/tickets', validTicket({ channel: 'chat', subject: 'Latency', description: 'Start' }));
  if (created.status !== 201) throw new Error(`ticket: ${created.status} ${created.text}`);
  const { reference, token } = created.body;
  const stream: SseConnection = await openSse(`${requesterBase}/api/chat/${reference}/events?token=${token}`);
  await stream.waitFor((e) => e.some((m) => m.event === 'message'));
  const agent = await signIn(agentBase);
  const samples: number[] = [];
  for (let i = 0; i < MESSAGES + WARMUP; i++) {
    const body = `message ${i}`;
    const arrived = new Promise<number>((resolve) => stream.onEvent((e) => e.event === 'message' && e.data.body === body && resolve(e.at)));
    const start = performance.now();
    const res = await agent.post(`/api/inbox/tickets/${reference}/replies`, { body });
    if (res.status !== 201) throw new Error(`reply: ${res.status} ${res.text}`);
    const at = await arrived;
    if (i >= WARMUP) samples.push(at - start);
  }
  stream.close();
  return samples;
}

// 1. Loopback, one process, SQLite.
{
  const server = await startServer(withAdmin({ env: { HELPWAY_RATE_LIMITS: 'off' } }));
  try {
    report('chat latency, loopback, SQLite, agent reply → requester SSE', await measure(server.url, server.url));
  } finally {
    await server.stop();
  }
}

// 2. Two processes on one PostgreSQL database.
const url = BENCH_POSTGRES_URL;
const reachable = (await reachablePostgres(url)) !== null;
if (!reachable) {
  console.log(`chat latency, two processes on PostgreSQL: skipped (cannot connect to ${shownUrl(url)})`);
} else {
  const schema = newSchemaName();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-bench-'));
  const env = {
    DATABASE_URL: url,
    DATABASE_SCHEMA: schema,
    ...benchApiEnv(ADMIN),
    DATA_DIR: dataDir,
  };
  const a = await startProcess(env);
  const b = await startProcess(env);
  try {
    const health = await call(b.url, '/api/health');
    if (health.status !== 200) throw new Error('process B is not healthy');
    report('chat latency, two processes on PostgreSQL (reply on B → requester SSE on A via LISTEN/NOTIFY)', await measure(a.url, b.url));
    report('chat latency, PostgreSQL, same process (reply and SSE on A)', await measure(a.url, a.url));
  } finally {
    await stopProcess(a);
    await stopProcess(b);
    await dropSchema(url, schema);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
