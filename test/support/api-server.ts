/**
 * Starts the real Helpway server (policy, store, migrations, every route, the KB site and widget
 * if built) on a random port for tests. SQLite in a temp DATA_DIR unless `databaseUrl` is given;
 * on PostgreSQL each server gets its own schema unless `databaseSchema` is given, and a schema
 * it made is dropped on stop.
 *
 *   const server = await startServer();
 *   const res = await fetch(`${server.url}/api/health`);
 *   await server.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { readConfig, type Config } from '../../api/src/config.ts';
import type { Clock } from '../../api/src/http/env.ts';
import { startHelpway, type RunningServer } from '../../api/src/server.ts';

export interface StartServerOptions {
  /** Extra environment, read like the real process's (e.g. HELPWAY_RATE_LIMITS, HELPWAY_DEMO). */
  env?: Record<string, string | undefined>;
  /** PostgreSQL URL; absent = SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema to use and keep (e.g. to restart on the same data). */
  databaseSchema?: string;
  /** SQLite directory to use and keep; absent = a temp dir removed on stop. */
  dataDir?: string;
  /** Config overrides applied after the environment. */
  config?: Partial<Config>;
  clock?: Clock;
  /** Print request logs (default off to keep test output readable). */
  log?: boolean;
  /** A 5xx is a bug (contract 4 of docs/architecture.md): stop() throws if the server answered one, unless this is set. */
  allowServerErrors?: boolean;
}

export interface TestServer {
  url: string;
  dataDir: string;
  databaseSchema?: string;
  running: RunningServer;
  /** Requests answered with a 5xx, and errors the server logged, so far. */
  serverErrors: Array<Record<string, unknown>>;
  /** Every entry the server logged so far (request lines included), as JSON: what an operator's log would hold. */
  logged(): string;
  stop(): Promise<void>;
}

export const newSchemaName = (): string => `hw_test_${randomBytes(6).toString('hex')}`;

export async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

export async function startServer(options: StartServerOptions = {}): Promise<TestServer> {
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'helpway-test-'));
  const ownSchema = Boolean(options.databaseUrl && !options.databaseSchema);
  const databaseSchema = options.databaseUrl ? (options.databaseSchema ?? newSchemaName()) : undefined;
  const config: Config = {
    ...readConfig({
      // The SLA sweeper runs when a test asks (services.sla.sweepOnce()), not on a timer: a test
      // that moves its clock must not find a warning mail it did not ask for. A test may set it.
      HELPWAY_SLA_POLL_MS: '86400000',
      // Likewise the prober: a test probes with services.prober.probeOnce().
      HELPWAY_PROBE_SECONDS: '86400',
      ...options.env,
      HELPWAY_REQUEST_LOG: '1',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
    }),
    databaseSchema,
    ...options.config,
  };
  const serverErrors: Array<Record<string, unknown>> = [];
  const entries: string[] = [];
  const log = (entry: Record<string, unknown>) => {
    entries.push(JSON.stringify(entry));
    if (entry.level === 'error' || (typeof entry.status === 'number' && entry.status >= 500)) serverErrors.push(entry);
    if (options.log || entry.level === 'error') process.stderr.write(JSON.stringify(entry) + '\n');
  };
  let running: RunningServer;
  try {
    running = await startHelpway(config, { clock: options.clock, log });
  } catch (error) {
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    if (ownSchema && options.databaseUrl) await dropSchema(options.databaseUrl, databaseSchema!).catch(() => {});
    throw error;
  }
  return {
    url: running.url,
    dataDir,
    databaseSchema,
    running,
    serverErrors,
    logged: () => entries.join('\n'),
    async stop() {
      await running.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      if (ownSchema && options.databaseUrl) await dropSchema(options.databaseUrl, databaseSchema!);
      if (serverErrors.length && !options.allowServerErrors) {
        throw new Error(
          `the server answered ${serverErrors.length} request(s) with a 5xx or logged an error (a 5xx is a bug):\n${serverErrors
            .slice(0, 5)
            .map((e) => JSON.stringify(e))
            .join('\n')}`,
        );
      }
    },
  };
}
