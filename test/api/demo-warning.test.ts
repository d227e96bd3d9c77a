/**
 * Demo mode stays the out-of-the-box default, but `npm start`'s process warns loudly on stderr,
 * once, when it is on together with NODE_ENV=production or a DATABASE_URL.
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forEachStore } from './helpers.ts';
import { dropSchema, newSchemaName } from '../support/api-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WARNING = /WARNING: Helpway is running in DEMO MODE/g;

/** Runs api/src/main.ts until it listens, stops it with SIGTERM, and returns what it wrote. */
async function startAndStop(env: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-demo-warning-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_ENV|DATABASE_|HELPWAY_|NODE_TEST)/.test(k)));
  const child = spawn(process.execPath, [path.join(ROOT, 'api/src/main.ts')], {
    cwd: ROOT,
    env: { ...base, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, HELPWAY_REQUEST_LOG: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start:\n${stdout}\n${stderr}`)), 30_000);
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('"msg":"listening"')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', () => {
        clearTimeout(timer);
        reject(new Error(`the server exited before listening:\n${stdout}\n${stderr}`));
      });
    });
    child.kill('SIGTERM');
    return { stdout, stderr, code: await exited };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

forEachStore('demo mode warning at start', (target) => {
  /** SQLite: NODE_ENV=production is the reason; PostgreSQL: DATABASE_URL alone is. */
  async function run(extra: Record<string, string>) {
    if (!target.databaseUrl) return startAndStop({ NODE_ENV: 'production', ...extra });
    const schema = newSchemaName();
    try {
      return await startAndStop({ DATABASE_URL: target.databaseUrl, DATABASE_SCHEMA: schema, ...extra });
    } finally {
      await dropSchema(target.databaseUrl, schema);
    }
  }

  it('warns once on stderr, saying why and how to turn demo mode off', async () => {
    const { stdout, stderr, code } = await run({});
    assert.equal(stderr.match(WARNING)?.length, 1, stderr);
    assert.match(stderr, target.databaseUrl ? /DATABASE_URL is set/ : /NODE_ENV=production/);
    assert.match(stderr, /HELPWAY_DEMO=off/);
    assert.doesNotMatch(stdout, WARNING);
    assert.equal(code, 0);
  });

  it('says nothing with HELPWAY_DEMO=off', async () => {
    const { stderr } = await run({ HELPWAY_DEMO: 'off' });
    assert.doesNotMatch(stderr, WARNING);
  });
});

it('says nothing for a plain local start (SQLite, no NODE_ENV)', async () => {
  const { stdout, stderr } = await startAndStop({});
  assert.match(stdout, /"demoMode":true/);
  assert.doesNotMatch(stderr, WARNING);
});
