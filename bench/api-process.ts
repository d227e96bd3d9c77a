/**
 * For the live-update benchmarks: the API in a child process, started as `npm start` starts it
 * (so the load generator does not share its event loop and its memory can be read on its own),
 * its resident memory, and a one-line latency summary.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The environment every bench's API process starts with: any free loopback port, rate limits and
 * request logs off (the load generator is one address), and the admin of test/inbox/support.ts
 * (ADMIN) so benches can sign in. A bench adds its store and its own settings.
 */
export function benchApiEnv(admin: { email: string; password: string }): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    HELPWAY_RATE_LIMITS: 'off',
    HELPWAY_REQUEST_LOG: '0',
    HELPWAY_ADMIN_EMAIL: admin.email,
    HELPWAY_ADMIN_PASSWORD: admin.password,
  };
}

export interface ApiProcess {
  url: string;
  child: ChildProcess;
}

/** Starts `api/src/main.ts` of `root` (default this checkout) and resolves with its URL once it listens. */
export async function startApiProcess(env: Record<string, string>, root = ROOT): Promise<ApiProcess> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), [path.join(root, 'api/src/main.ts')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        try {
          const entry = JSON.parse(line);
          if (entry.msg === 'listening') resolve(entry.url);
        } catch {
          // partial line
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}`)));
  });
  return { url, child };
}

export async function stopApiProcess(p: ApiProcess): Promise<void> {
  if (p.child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    p.child.once('exit', () => resolve());
    p.child.kill('SIGTERM');
  });
}

/** Resident memory of a process in MB (Linux /proc), or null where that is not available. */
export function residentMb(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * CPU time a process has used so far, in ms (Linux /proc: user + system, at the usual 100 ticks a
 * second), or null where that is not available. On a shared machine it says what the work cost
 * when the wall-clock figures say how long it waited for a core.
 */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Prints `label: n=… p50=… p95=… p99=… max=…` in ms. */
export function report(label: string, samples: number[]): void {
  const s = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(2);
  console.log(
    `${label}: n=${s.length} p50=${f(percentile(s, 50))} ms p95=${f(percentile(s, 95))} ms p99=${f(percentile(s, 99))} ms max=${f(s.at(-1)!)} ms`,
  );
}

/**
 * Starts this bench file itself as a child (`node <self> --serve`) with an IPC channel, for the
 * benches whose server side is their own code (a bare route beside the app, event-loop probes);
 * the child prints `{"url":"…"}` once it listens.
 */
export function startBenchChild(self: string, env: Record<string, string>): Promise<ApiProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [self, '--serve'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let buffer = '';
    child.stdout!.on('data', (d) => {
      buffer += d;
      const m = /\{"url":"([^"]+)"\}/.exec(buffer);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}
