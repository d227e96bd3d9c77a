/**
 * Runs every benchmark, `bench/*.bench.ts`, one after the other, each in its own Node 24 process.
 *   npm run bench                 all of them
 *   npm run bench -- search api   only those whose file name contains one of the words
 * Benchmarks print figures; they never pass or fail on time. This exits non-zero only when a
 * benchmark crashes.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const LOCAL_NODE = path.join(ROOT, 'node_modules/.bin/node');
const NODE = existsSync(LOCAL_NODE) ? LOCAL_NODE : process.execPath;

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('Usage: npm run bench [-- NAME...]   (runs bench/*.bench.ts whose file name contains a NAME)');
  process.exit(0);
}

const all = readdirSync(BENCH_DIR)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const selected = filters.length ? all.filter((f) => filters.some((name) => f.includes(name))) : all;
if (!selected.length) {
  console.error(`No benchmark matches ${filters.map((f) => `"${f}"`).join(', ')}. Available: ${all.join(', ') || '(none)'}`);
  process.exit(2);
}

function runOne(file: string): Promise<{ code: number; seconds: number }> {
  const start = performance.now();
  return new Promise((resolve) => {
    // --expose-gc lets a benchmark collect garbage before it starts timing.
    const child = spawn(NODE, ['--expose-gc', path.join(BENCH_DIR, file)], { cwd: ROOT, stdio: 'inherit', env: process.env });
    child.on('error', (error) => {
      console.error(`could not start ${file}: ${error.message}`);
      resolve({ code: 1, seconds: 0 });
    });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), seconds: (performance.now() - start) / 1000 }));
  });
}

const failed: string[] = [];
for (const file of selected) {
  console.log(`\n# ${file}`);
  const { code, seconds } = await runOne(file);
  console.log(`# ${file}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${seconds.toFixed(1)} s`);
  if (code !== 0) failed.push(file);
}
if (failed.length) {
  console.error(`\n${failed.length} benchmark(s) crashed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
