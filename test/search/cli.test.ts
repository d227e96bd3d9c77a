/**
 * The search CLI (contract 1 of docs/architecture.md), run as a separate process on the real content:
 * JSON shape, best first, at most 10, suggestions for a page, --batch in order, clear usage errors.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'content/search/cli.ts');
const run = promisify(execFile);

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

type Row = { slug: string; title: string; score: number };
function assertContractArray(value: unknown): asserts value is Row[] {
  assert.ok(Array.isArray(value), 'a JSON array');
  assert.ok(value.length <= 10, 'at most 10 results');
  for (const row of value as Row[]) {
    assert.deepEqual(Object.keys(row).sort(), ['score', 'slug', 'title']);
    assert.equal(typeof row.slug, 'string');
    assert.equal(typeof row.title, 'string');
    assert.ok(typeof row.score === 'number' && row.score >= 0 && row.score <= 1);
  }
  for (let i = 1; i < (value as Row[]).length; i++) assert.ok((value as Row[])[i - 1].score <= (value as Row[])[i].score, 'best first');
}

let dir: string | undefined;
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a query prints the contract JSON, best first', async () => {
  const { code, stdout } = await cli(['upload users from a csv file', '--json']);
  assert.equal(code, 0);
  const rows = JSON.parse(stdout);
  assertContractArray(rows);
  assert.equal(rows[0].slug, 'bulk-upload-users');
});

test('an empty query with --url/--title prints the page suggestions', async () => {
  const { code, stdout } = await cli([
    '',
    '--url',
    'https://lms.example.org/admin/user/user_bulk.php?foo=1',
    '--title',
    'Bulk user actions',
    '--json',
  ]);
  assert.equal(code, 0);
  const rows = JSON.parse(stdout);
  assertContractArray(rows);
  assert.equal(rows[0].slug, 'bulk-upload-users');
});

test('--batch prints one array per input line, in order', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'helpway-search-'));
  const file = path.join(dir, 'questions.jsonl');
  await writeFile(
    file,
    [
      JSON.stringify({ q: 'microsoft single sign-on' }),
      JSON.stringify({ q: '', url: '/report/log/index.php', title: 'Site logs' }),
      '',
      JSON.stringify({ q: 'severity levels' }),
    ].join('\n') + '\n',
  );
  const { code, stdout } = await cli(['--batch', file]);
  assert.equal(code, 0);
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 3);
  lines.forEach(assertContractArray);
  assert.deepEqual(
    lines.map((l: Row[]) => l[0]?.slug),
    ['microsoft-sso', 'site-logs', 'severity-levels'],
  );
});

test('--batch with a bad line names the file and line', async () => {
  dir ??= await mkdtemp(path.join(tmpdir(), 'helpway-search-'));
  const file = path.join(dir, 'bad.jsonl');
  await writeFile(file, '{"q": "ok"}\n{not json}\n');
  const { code, stderr } = await cli(['--batch', file]);
  assert.equal(code, 2);
  assert.match(stderr, /bad\.jsonl:2/);
});

test('unknown flags, missing query and bad --limit are usage errors (exit 2)', async () => {
  const unknown = await cli(['x', '--colour']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--colour/);
  assert.match(unknown.stderr, /Usage/);
  const missing = await cli(['--json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /give a query/);
  const limit = await cli(['x', '--limit', '50']);
  assert.equal(limit.code, 2);
  assert.match(limit.stderr, /--limit/);
  const batch = await cli(['--batch', path.join(tmpdir(), 'helpway-no-such-file.jsonl')]);
  assert.equal(batch.code, 2);
  assert.match(batch.stderr, /cannot read --batch file/);
});

test('npm run --silent search works as documented', async () => {
  const { stdout } = await run('npm', ['run', '--silent', 'search', '--', 'severity levels', '--json'], { cwd: ROOT });
  const rows = JSON.parse(stdout);
  assertContractArray(rows);
  assert.equal(rows[0].slug, 'severity-levels');
});
