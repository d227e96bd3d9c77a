/**
 * The KB site's build at scale: the real content plus synthetic articles (copies of the real ones'
 * sources under new slugs and titles) up to BUILD_SCALE_ARTICLES (default 10,000), built by Astro as
 * `npm run build:site` builds it, into a temporary folder. Prints figures, never fails on time.
 *   npm run bench -- build-scale
 *   BUILD_SCALE_ARTICLES=1000 npm run bench -- build-scale
 *
 * Reports the build's wall time and peak memory (GNU time, the whole process tree's largest RSS),
 * what it wrote (pages, the search index or its manifest), and how the pages that list articles
 * hold up: the home page, category pages (paginated), the sitemap, as served by the real server.
 * The other parts of `npm run build` (widget, inbox, portal) do not depend on the article count.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startServer } from '../test/support/api-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CONTENT = path.join(ROOT, 'content');
const COUNT = Number(process.env.BUILD_SCALE_ARTICLES ?? 10000);
const kb = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name));
}

/** A real article's source under a new slug: another title, not on the home page's popular list, no page contexts. */
function variant(source: string, n: number): string {
  const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source)!;
  const lines: string[] = [];
  let skipping = false;
  for (const line of front.split('\n')) {
    if (skipping && /^\s/.test(line)) continue;
    skipping = /^(contexts|popular):/.test(line);
    if (skipping) continue;
    const title = /^title:\s*(.*)$/.exec(line);
    lines.push(title ? `title: ${JSON.stringify(`${title[1].replace(/^["']|["']$/g, '')} (part ${n})`)}` : line);
  }
  return `---\n${lines.join('\n')}\n---\n${body}`;
}

const dir = mkdtempSync(path.join(tmpdir(), 'helpway-build-scale-'));
try {
  const content = path.join(dir, 'content');
  for (const entry of readdirSync(CONTENT)) {
    if (entry === 'src' || entry === 'search') continue; // code, not content
    cpSync(path.join(CONTENT, entry), path.join(content, entry), { recursive: true });
  }
  const real = files(path.join(content, 'articles'), '.md').sort();
  for (let i = real.length; i < COUNT; i++) {
    const file = real[i % real.length];
    const to = path.join(path.dirname(file), `${path.basename(file, '.md')}-${i}.md`);
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, variant(readFileSync(file, 'utf8'), i));
  }
  const articles = files(path.join(content, 'articles'), '.md').length;
  console.log(`\n## KB site build (astro build) with ${articles} articles (${real.length} real)`);

  const out = path.join(dir, 'dist');
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-v',
      path.join(ROOT, 'node_modules/.bin/node'),
      path.join(ROOT, 'node_modules/astro/bin/astro.mjs'),
      'build',
      '--root',
      'kb-site',
      '--outDir',
      out,
    ],
    { cwd: ROOT, env: { ...process.env, HELPWAY_CONTENT_DIR: content, NO_COLOR: '1' }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  const report = run.stderr;
  if (run.status !== 0) {
    console.log(run.stdout.slice(-3000), report.slice(-3000));
    throw new Error(`astro build failed (${run.status})`);
  }
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.*)/.exec(report)?.[1];
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1] ?? 0) * 1024;
  const cpu =
    Number(/User time \(seconds\): ([\d.]+)/.exec(report)?.[1] ?? 0) + Number(/System time \(seconds\): ([\d.]+)/.exec(report)?.[1] ?? 0);
  console.log(`build: ${wall} wall, ${cpu.toFixed(0)} s CPU, peak RSS ${kb(rss)}`);

  const pages = files(out, '.html');
  const size = files(out, '').reduce((sum, f) => sum + statSync(f).size, 0);
  console.log(`output: ${pages.length} HTML pages, ${kb(size)} in all`);
  const index = readFileSync(path.join(out, 'search-index.json'));
  const full = path.join(out, 'search-index-full.json');
  console.log(
    existsSync(full)
      ? `search: /search-index.json is the manifest (${index.length} B: ${index.toString()}); the whole index, /search-index-full.json, is ${kb(statSync(full).size)} (${kb(gzipSync(readFileSync(full)).length)} gz), for the API`
      : `search: /search-index.json is the index, ${kb(index.length)} (${kb(gzipSync(index).length)} gz): searched in the browser`,
  );

  // The pages that list articles, served by the real server: bytes on the wire and time to first byte.
  const server = await startServer({ config: { kbSiteDir: out }, env: { HELPWAY_RATE_LIMITS: 'off' } });
  try {
    const categories = readdirSync(path.join(out, 'categories'));
    const biggest = categories
      .map((c) => ({
        c,
        pages: existsSync(path.join(out, 'categories', c, 'page')) ? readdirSync(path.join(out, 'categories', c, 'page')).length + 1 : 1,
      }))
      .sort((a, b) => b.pages - a.pages)[0];
    const targets = [
      ['home', '/'],
      [`category ${biggest.c} (page 1 of ${biggest.pages})`, `/categories/${biggest.c}/`],
      [
        `category ${biggest.c} (page ${biggest.pages})`,
        biggest.pages > 1 ? `/categories/${biggest.c}/page/${biggest.pages}/` : `/categories/${biggest.c}/`,
      ],
      ['sitemap', '/sitemap.xml'],
    ];
    console.log(
      `${'page'.padEnd(46)} ${'bytes'.padStart(9)} ${'gz'.padStart(9)} ${'links'.padStart(6)} ${'p50'.padStart(8)} ${'p95'.padStart(8)}`,
    );
    for (const [name, url] of targets) {
      const times: number[] = [];
      let body = '';
      for (let i = 0; i < 30; i++) {
        const t = performance.now();
        const res = await fetch(`${server.url}${url}`, { headers: { 'accept-encoding': 'identity' } });
        body = await res.text();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const links = (body.match(/<a |<loc>/g) ?? []).length;
      console.log(
        `${name.padEnd(46)} ${kb(Buffer.byteLength(body)).padStart(9)} ${kb(gzipSync(body).length).padStart(9)} ${String(links).padStart(6)} ${`${times[14].toFixed(1)} ms`.padStart(8)} ${`${times[28].toFixed(1)} ms`.padStart(8)}`,
      );
    }
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
