/**
 * The Reports page's weight: the inbox entry plus the chunk it imports when Reports is opened
 * (with that chunk's own static imports), gzip -9, at most 60 KB; and the chart library (uPlot,
 * recognised by its "u-over" layer class) is in that chunk, not in the entry every inbox page loads.
 * Measured on api/src/inbox/ui/dist when it is newer than the sources (as after `npm run build`),
 * else on a fresh build in a temporary folder.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipBytes, importsOf, withStaticImports, type WidgetBuild } from '../support/widget-bytes.ts';

const BUDGET = 60 * 1024;
const ROOT = path.resolve(import.meta.dirname, '../..');
const UI = path.join(ROOT, 'api', 'src', 'inbox', 'ui');

function currentDist(): { dist: string; built: boolean } {
  const dist = path.join(UI, 'dist');
  const newestSource = Math.max(
    ...readdirSync(UI)
      .filter((f) => /\.(ts|css|html)$/.test(f))
      .map((f) => statSync(path.join(UI, f)).mtimeMs),
  );
  const index = path.join(dist, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource) return { dist, built: false };
  const outDir = mkdtempSync(path.join(tmpdir(), 'helpway-inbox-build-'));
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'api/src/inbox/ui/vite.config.ts', '--outDir', outDir, '--emptyOutDir'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`building the inbox failed:\n${run.stderr || run.stdout}`);
  return { dist: outDir, built: true };
}

const { dist, built } = currentDist();
after(() => {
  if (built) rmSync(dist, { recursive: true, force: true });
});
const build: WidgetBuild = new Map(
  readdirSync(path.join(dist, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => [`assets/${f}`, readFileSync(path.join(dist, 'assets', f), 'utf8')]),
);
const entry = /src="\/inbox\/(assets\/[^"]+\.js)"/.exec(readFileSync(path.join(dist, 'index.html'), 'utf8'))?.[1] ?? '';
const reportsChunk = importsOf(build, entry).dynamic.find((f) => path.posix.basename(f).startsWith('reports-view-'));

test('the Reports page is a chunk of its own, imported on demand, holding the chart library', () => {
  assert.ok(build.has(entry), `the entry ${entry} is built`);
  assert.ok(reportsChunk, `the entry imports a reports-view chunk dynamically (${importsOf(build, entry).dynamic.join(', ')})`);
  const onDemand = withStaticImports(build, [reportsChunk]).filter((f) => !withStaticImports(build, [entry]).includes(f));
  assert.ok(
    onDemand.some((f) => build.get(f)!.includes('u-over')),
    'uPlot is in the on-demand chunks',
  );
  for (const f of withStaticImports(build, [entry]))
    assert.ok(!build.get(f)!.includes('u-over'), `${f}, loaded on every page, has no uPlot`);
});

test(`the Reports page's JavaScript is at most ${BUDGET} bytes gzipped`, (t) => {
  const files = withStaticImports(build, [entry, reportsChunk!]);
  const sizes = files.map((f) => [f, gzipBytes(build.get(f)!)] as const);
  const total = sizes.reduce((n, [, b]) => n + b, 0);
  t.diagnostic(`${sizes.map(([f, b]) => `${f} ${b}`).join(', ')}; total ${total} bytes gzipped${built ? ' (fresh build)' : ''}`);
  assert.ok(total <= BUDGET, `${total} bytes gzipped, over the ${BUDGET} budget`);
});
