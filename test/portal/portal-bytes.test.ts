/**
 * The portal's first visit: the page's entry and every chunk it imports statically, gzip -9, at
 * most 60 KB. Measured on api/src/portal/ui/dist when it is newer than the sources, else on a
 * fresh build in a temporary folder.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipBytes, withStaticImports, type WidgetBuild } from '../support/widget-bytes.ts';

const BUDGET = 60 * 1024;
const ROOT = path.resolve(import.meta.dirname, '../..');
const UI = path.join(ROOT, 'api', 'src', 'portal', 'ui');

function currentDist(): { dist: string; built: boolean } {
  const dist = path.join(UI, 'dist');
  const newest = Math.max(
    ...readdirSync(UI)
      .filter((f) => /\.(ts|css|html)$/.test(f))
      .map((f) => statSync(path.join(UI, f)).mtimeMs),
  );
  const index = path.join(dist, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newest) return { dist, built: false };
  const outDir = mkdtempSync(path.join(tmpdir(), 'helpway-portal-build-'));
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'api/src/portal/ui/vite.config.ts', '--outDir', outDir, '--emptyOutDir'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`building the portal failed:\n${run.stderr || run.stdout}`);
  return { dist: outDir, built: true };
}

const { dist, built } = currentDist();
after(() => {
  if (built) rmSync(dist, { recursive: true, force: true });
});

test(`the portal's first visit is at most ${BUDGET} bytes gzipped`, (t) => {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const build: WidgetBuild = new Map(
    readdirSync(path.join(dist, 'assets')).map((f) => [`assets/${f}`, readFileSync(path.join(dist, 'assets', f), 'utf8')]),
  );
  const entry = /src="\/portal\/(assets\/[^"]+\.js)"/.exec(html)?.[1] ?? '';
  assert.ok(build.has(entry), `the entry ${entry} is built`);
  const css = [...html.matchAll(/href="\/portal\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]);
  const files = [...withStaticImports(build, [entry]), ...css];
  const sizes = files.map((f) => [f, gzipBytes(build.get(f)!)] as const);
  const total = sizes.reduce((n, [, b]) => n + b, gzipBytes(html));
  t.diagnostic(
    `index.html + ${sizes.map(([f, b]) => `${f} ${b}`).join(', ')}; total ${total} bytes gzipped${built ? ' (fresh build)' : ''}`,
  );
  assert.ok(total <= BUDGET, `${total} bytes gzipped, over the ${BUDGET} budget`);
});
