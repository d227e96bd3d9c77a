/**
 * The search CLI and other languages, run as a separate process on the real content: French and
 * German questions find the English articles with the language detected from the question, or
 * given with --lang (or "lang" on a --batch line); a bad language is a usage error.
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
const slugs = (stdout: string) => (JSON.parse(stdout) as Array<{ slug: string }>).map((r) => r.slug);

let dir: string | undefined;
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('French and German questions, language detected: the English article first', async () => {
  for (const [q, slug] of [
    ["réinitialiser le mot de passe d'un utilisateur", 'password-reset-admin'],
    ['Benutzer per CSV-Datei hochladen', 'bulk-upload-users'],
    ['Wartungsmodus aktivieren', 'maintenance-mode'],
  ]) {
    const { code, stdout } = await cli([q, '--json']);
    assert.equal(code, 0);
    assert.equal(slugs(stdout)[0], slug, q);
  }
});

test('--lang reads the query in that language; --lang en reads it as English', async () => {
  const de = await cli(['Kursabschluss einrichten', '--lang', 'de', '--json']);
  assert.equal(slugs(de.stdout)[0], 'course-completion');
  const en = await cli(['Kursabschluss einrichten', '--lang', 'en', '--json']);
  assert.equal(en.code, 0);
  assert.notEqual(slugs(en.stdout)[0], 'course-completion', 'English alone does not read German');
});

test('a French page title helps its suggestions', async () => {
  const { stdout } = await cli([
    '',
    '--url',
    'https://lms.exemple.fr/admin/settings.php',
    '--title',
    'Mode maintenance',
    '--lang',
    'fr',
    '--json',
  ]);
  assert.equal(slugs(stdout)[0], 'maintenance-mode');
});

test('--batch lines may name their language, else it is detected', async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'helpway-cli-lang-'));
  const file = path.join(dir, 'q.jsonl');
  await writeFile(
    file,
    [
      JSON.stringify({ q: 'exporter les notes vers Excel' }),
      JSON.stringify({ q: 'Zertifikat automatisch ausstellen', lang: 'de' }),
      JSON.stringify({ q: 'upload users from a csv file' }),
    ].join('\n'),
  );
  const { code, stdout } = await cli(['--batch', file]);
  assert.equal(code, 0);
  assert.deepEqual(
    stdout
      .trim()
      .split('\n')
      .map((line) => slugs(line)[0]),
    ['gradebook-export', 'certificates', 'bulk-upload-users'],
  );
});

test('an unknown language is a usage error naming the choices', async () => {
  const bad = await cli(['bonjour', '--lang', 'es']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--lang must be one of en, fr, de, got "es"/);
  dir ??= await mkdtemp(path.join(tmpdir(), 'helpway-cli-lang-'));
  const file = path.join(dir, 'bad.jsonl');
  await writeFile(file, JSON.stringify({ q: 'x', lang: 'it' }));
  const batch = await cli(['--batch', file]);
  assert.equal(batch.code, 2);
  assert.match(batch.stderr, /bad\.jsonl:1: "lang" must be one of en, fr, de, got "it"/);
});
