/**
 * The server as a process: data survives a restart, a bad policy stops start-up with a clear
 * message, SIGTERM lets in-flight requests finish, and the admin CLI manages sites in the same store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parse, stringify } from 'yaml';
import { CONTENT_DIR } from '../../content/src/load.ts';
import { dropSchema, newSchemaName } from '../support/api-server.ts';
import { call, forEachStore, post, validTicket } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MAIN = path.join(ROOT, 'api', 'src', 'main.ts');
const ADMIN = path.join(ROOT, 'api', 'src', 'admin-cli.ts');

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts main.ts and resolves with its URL from the "listening" log line. */
async function startMain(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', ...env },
  });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (d) => {
      buffer += d;
      out += d;
      const m = /"msg":"listening","url":"([^"]+)"/.exec(buffer);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, url, output: () => out };
}

forEachStore('restart', (target) => {
  it('a ticket created before a restart is readable after it (same store)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-restart-'));
    const databaseSchema = target.databaseUrl ? newSchemaName() : undefined;
    try {
      const first = await target.start({ dataDir, databaseSchema });
      const created = await post(first.url, '/api/tickets', validTicket({ subject: 'Survives restarts' }));
      assert.equal(created.status, 201, created.text);
      await first.stop();
      const second = await target.start({ dataDir, databaseSchema });
      try {
        const got = await call(second.url, `/api/tickets/${created.body.reference}`, {
          headers: { authorization: `Bearer ${created.body.token}` },
        });
        assert.equal(got.status, 200, got.text);
        assert.equal(got.body.subject, 'Survives restarts');
        assert.equal(got.body.sla.firstResponseDue, created.body.sla.firstResponseDue);
        const next = await post(second.url, '/api/tickets', validTicket());
        assert.notEqual(next.body.reference, created.body.reference, 'references keep counting');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      if (target.databaseUrl && databaseSchema) await dropSchema(target.databaseUrl, databaseSchema);
    }
  });
});

describe('start-up with a bad policy', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'helpway-badpolicy-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('stops with exit code 1, naming the file, the field and the fix, without a stack trace', async () => {
    const doc = parse(readFileSync(path.join(CONTENT_DIR, 'policy.yaml'), 'utf8'));
    doc.severities[1].target.responseHours = 'four';
    doc.calendar.timezone = 'Europe/Londres';
    const file = path.join(dir, 'policy.yaml');
    writeFileSync(file, stringify(doc));
    const result = await run(MAIN, [], { HELPWAY_POLICY_FILE: file, DATA_DIR: path.join(dir, 'data'), PORT: '0' });
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /policy\.yaml/);
    assert.match(result.stderr, /severities\.1\.target\.responseHours/);
    assert.match(result.stderr, /calendar\.timezone: unknown time zone: use an IANA name/);
    assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
    assert.doesNotMatch(result.stdout, /listening/);
  });

  it('reports invalid YAML the same way', async () => {
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, 'calendar: [unclosed\n');
    const result = await run(MAIN, [], { HELPWAY_POLICY_FILE: file, DATA_DIR: path.join(dir, 'data'), PORT: '0' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /broken\.yaml/);
    assert.match(result.stderr, /not valid YAML/);
    assert.doesNotMatch(result.stderr, /^\s+at /m);
  });

  it('refuses a bad configuration value clearly', async () => {
    const result = await run(MAIN, [], { PORT: 'eighty', DATA_DIR: path.join(dir, 'data') });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /PORT "eighty" is not a port number/);
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM, an in-flight request finishes, then the process exits 0', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-sigterm-'));
    try {
      const { child, url, output } = await startMain({ DATA_DIR: dataDir, HELPWAY_RATE_LIMITS: 'off' });
      const body = JSON.stringify(validTicket({ subject: 'In flight during shutdown' }));
      const u = new URL(url);
      const responded = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: u.hostname,
            port: u.port,
            path: '/api/tickets',
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 40));
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(40)), 300);
        }, 200);
      });
      const res = await responded;
      assert.equal(res.status, 201, res.body);
      assert.match(JSON.parse(res.body).reference, /^HW-/);
      const [code] = await once(child, 'exit');
      assert.equal(code, 0, output());
      assert.match(output(), /"msg":"shutting down","signal":"SIGTERM"/);
      assert.match(output(), /"msg":"stopped"/);
      // request logs are JSON lines with method, path, status and ms
      const line = output()
        .split('\n')
        .find((l) => l.includes('"msg":"request"') && l.includes('/api/tickets'));
      const entry = JSON.parse(line!);
      assert.equal(entry.method, 'POST');
      assert.equal(entry.status, 201);
      assert.equal(typeof entry.ms, 'number');
      await assert.rejects(fetch(`${url}/api/health`));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('admin CLI', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'helpway-admin-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('adds and lists sites in the store the server uses', async () => {
    const add = await run(
      ADMIN,
      [
        'sites',
        'add',
        '--key',
        'acme',
        '--name',
        'Acme College',
        '--plan',
        'standard',
        '--origin',
        'https://lms.acme.example',
        '--budget',
        '20',
      ],
      { DATA_DIR: dataDir },
    );
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /Saved site "acme"/);
    const list = await run(ADMIN, ['sites', 'list', '--json'], { DATA_DIR: dataDir });
    assert.equal(list.code, 0, list.stderr);
    const sites = JSON.parse(list.stdout);
    const acme = sites.find((s: any) => s.key === 'acme');
    assert.deepEqual(
      [acme.name, acme.plan, acme.origins, acme.budgetHours],
      ['Acme College', 'standard', ['https://lms.acme.example'], 20],
    );

    const { startServer } = await import('../support/api-server.ts');
    const server = await startServer({ dataDir });
    try {
      const res = await call(server.url, '/api/policy?site=acme', { headers: { origin: 'https://lms.acme.example' } });
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://lms.acme.example');
    } finally {
      await server.stop();
    }
  });

  it('refuses a bad origin or plan with a message naming the option', async () => {
    const badOrigin = await run(ADMIN, ['sites', 'add', '--key', 'x', '--name', 'X', '--origin', 'https://lms.x.example/path'], {
      DATA_DIR: dataDir,
    });
    assert.equal(badOrigin.code, 1);
    assert.match(badOrigin.stderr, /--origins?.*origin like/);
    const badPlan = await run(ADMIN, ['sites', 'add', '--key', 'x', '--name', 'X', '--plan', 'gold'], { DATA_DIR: dataDir });
    assert.equal(badPlan.code, 1);
    assert.match(badPlan.stderr, /--plan: no plan "gold"/);
    const usage = await run(ADMIN, ['frobnicate'], { DATA_DIR: dataDir });
    assert.equal(usage.code, 2);
    assert.match(usage.stdout, /Usage:/);
  });
});
