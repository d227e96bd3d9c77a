/**
 * One hostile request against the whole server: 30 MB of nested JSON arrays sent to
 * POST /api/tickets, once with a Content-Length and once chunked, while GET /api/health is polled
 * every few milliseconds. Prints the health latency (p50, p95, worst) during each attack and
 * without one, what the attacker got back and when, the server's event-loop delay and CPU time
 * (its own work, apart from a busy machine's scheduling), and its peak resident memory.
 * Goal: worst ≤ 100 ms. Never fails on time.
 *
 * The server runs in a child process as `npm start` runs it (SQLite; rate limits and request
 * logs off), and the attacker in another, so the poller shares an event loop with neither.
 *
 *   npm run bench -- hostile
 *   HOSTILE_MB=30 HOSTILE_POLL_MS=5 node bench/hostile-body.bench.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startBenchChild } from './api-process.ts';

const SELF = fileURLToPath(import.meta.url);
const MB = 1024 * 1024;
const BODY_MB = Number(process.env.HOSTILE_MB ?? 30);
const POLL_MS = Number(process.env.HOSTILE_POLL_MS ?? 5);
/** Health polling goes on this long after the attacker's answer, to catch any late stall. */
const SETTLE_MS = 1500;

/** Child mode: the real server, reporting its memory on request. */
async function serve(): Promise<void> {
  const { readConfig } = await import('../api/src/config.ts');
  const { startHelpway } = await import('../api/src/server.ts');
  const config = { ...readConfig({ ...process.env, HELPWAY_RATE_LIMITS: 'off', HELPWAY_REQUEST_LOG: '0' }), port: 0, host: '127.0.0.1' };
  const running = await startHelpway(config, { log: () => {} });
  process.stdout.write(JSON.stringify({ url: running.url }) + '\n');
  // maxRSS is the process's high-water mark in KB since it started. The event-loop delay
  // histogram shows stalls of the server itself, apart from a busy machine's scheduling noise.
  // CPU time tells the server's own work from waiting for a core on a busy machine.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let cpu = process.cpuUsage();
  process.on('message', () => {
    const used = process.cpuUsage(cpu);
    process.send?.({
      rss: process.memoryUsage().rss,
      maxRss: process.resourceUsage().maxRSS * 1024,
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
      cpuMs: (used.user + used.system) / 1000,
    });
    loop.reset();
    cpu = process.cpuUsage();
  });
  process.once('SIGTERM', () => running.stop().then(() => process.exit(0)));
}

type ServerStats = { rss: number; maxRss: number; loopMaxMs: number; loopP99Ms: number; cpuMs: number };

/** The server's memory, and its event-loop delay since the last call. */
function serverStats(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as ServerStats));
    child.send('memory');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls /api/health back to back (POLL_MS apart) until `stop()`; returns each latency in ms. */
function pollHealth(url: string): { stop(): Promise<{ latencies: number[]; failures: number }> } {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const start = performance.now();
      try {
        const res = await fetch(`${url}/api/health`);
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - start);
      await sleep(POLL_MS);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { latencies, failures };
    },
  };
}

type Attack = { status: number; ms: number; sentBytes: number };

/**
 * Attacker mode: sends BODY_MB of nested arrays to POST /api/tickets, declared or chunked, as fast
 * as the server takes it. Prints the status (0 if the server closed the connection without an
 * answer), when it came, and how much had been written.
 */
async function attackerMain(url: string, mode: 'content-length' | 'chunked'): Promise<void> {
  const half = (BODY_MB * MB) / 2;
  const body = Buffer.from('['.repeat(half) + ']'.repeat(half));
  process.send?.('ready');
  await new Promise((resolve) => process.once('message', resolve));
  process.send?.(await attack(url, body, mode));
}

function attack(url: string, body: Buffer, mode: 'content-length' | 'chunked'): Promise<Attack> {
  const u = new URL(url);
  const start = performance.now();
  return new Promise((resolve) => {
    let sentBytes = 0;
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      resolve({ status, ms: performance.now() - start, sentBytes });
      req.destroy();
    };
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (mode === 'content-length') headers['content-length'] = String(body.length);
    const req = httpRequest({ host: u.hostname, port: u.port, path: '/api/tickets', method: 'POST', headers }, (res) =>
      finish(res.statusCode ?? 0),
    );
    req.on('error', () => finish(0));
    req.on('close', () => finish(0));
    const CHUNK = 64 * 1024;
    const write = () => {
      while (!done && sentBytes < body.length) {
        const chunk = body.subarray(sentBytes, sentBytes + CHUNK);
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!done) req.end();
    };
    write();
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mb = (n: number) => `${(n / MB).toFixed(0)} MB`;

/** Starts an attacker process with its body built, and returns a function that launches it. */
async function attacker(url: string, mode: 'content-length' | 'chunked'): Promise<() => Promise<Attack>> {
  const child = spawn(process.execPath, [SELF, '--attack', url, mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((resolve) => child.once('message', resolve));
  return () =>
    new Promise((resolve) => {
      child.once('message', (result) => {
        child.kill();
        resolve(result as Attack);
      });
      child.send('go');
    });
}

/** One phase: health polled throughout, with an attack (or, for the baseline, none) in the middle. */
async function phase(url: string, child: ChildProcess, mode: 'idle' | 'content-length' | 'chunked'): Promise<void> {
  const launch = mode === 'idle' ? null : await attacker(url, mode);
  await serverStats(child); // resets the server's event-loop histogram and CPU count
  const poll = pollHealth(url);
  await sleep(50);
  const result = launch ? await launch() : null;
  await sleep(SETTLE_MS);
  const { latencies, failures } = await poll.stop();
  const server = await serverStats(child);
  const sorted = latencies.sort((a, b) => a - b);
  const worst = sorted.at(-1) ?? 0;
  const goal = mode === 'idle' ? '' : ` (goal ≤ 100 ms: ${worst <= 100 ? 'met' : 'MISSED'})`;
  const attack = result
    ? `attacker got ${result.status || 'no answer (connection closed)'} after ${ms(result.ms)}, ${mb(result.sentBytes)} written; `
    : 'no attack; ';
  console.log(
    `  ${mode.padEnd(15)} health p50 ${ms(percentile(sorted, 50))}  p95 ${ms(percentile(sorted, 95))}  worst ${ms(worst)}${goal}  (${sorted.length} polls, ${failures} failed)`,
  );
  console.log(
    `  ${''.padEnd(15)} ${attack}server event loop delay p99 ${ms(server.loopP99Ms)} max ${ms(server.loopMaxMs)}, CPU ${ms(server.cpuMs)} (${ms(server.cpuMs / Math.max(1, sorted.length))} per poll); RSS ${mb(server.rss)}, peak ${mb(server.maxRss)}`,
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-hostile-'));
  const { child, url } = await startBenchChild(SELF, { DATABASE_URL: '', DATA_DIR: dataDir });
  try {
    for (let i = 0; i < 50; i++) await (await fetch(`${url}/api/health`)).arrayBuffer(); // warm-up
    console.log(
      `Hostile JSON body vs /api/health (Node ${process.version}, SQLite, ${BODY_MB} MB of nested arrays, health polled every ${POLL_MS} ms; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`,
    );
    for (const mode of ['idle', 'content-length', 'chunked'] as const) await phase(url, child, mode);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === SELF) {
  const at = process.argv.indexOf('--attack');
  if (process.argv.includes('--serve')) await serve();
  else if (at > 0) await attackerMain(process.argv[at + 1], process.argv[at + 2] as 'content-length' | 'chunked');
  else await main();
}
