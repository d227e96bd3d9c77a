/**
 * Search at scale: what the build ships and what a widget session costs at 63, 1,000 and 10,000
 * articles, measured in real Chromium against the real server. Prints figures, never fails on time.
 *   npm run bench -- search-scale
 *   SEARCH_SCALE_SIZES=63,1000 SEARCH_SCALE_RTT_MS=100 npm run bench -- search-scale
 *
 * For each size (the real knowledge base, then synthetic ones made from it: bench/search-corpus.ts):
 * 1. The strategy the build picks (content/search/build/ship-index.ts): the index on the client, or
 *    the manifest and GET /api/search.
 * 2. Widget bytes from opening to first results (gzip -9 of every response from the Helpway
 *    origin from the click on "Help" until the first search's results show: the panel's JavaScript,
 *    the language, the policy, the index or the manifest, the suggestions and the search answers).
 * 3. Keystroke-to-results over a simulated network (Chromium's network emulation adds the round
 *    trip to every request): a whole query typed at once into the box, until its first result shows.
 * 4. Server CPU per query: the engine over the whole index answering the question sets (as typed,
 *    on an LMS page, and half-typed), each a cache miss; and a repeated query (the per-query cache).
 * 5. Relevance on the dev and extra question sets at every size: the real articles plus articles on
 *    made-up subjects (they answer none of the questions), against the real knowledge base alone.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { createSearcher, type PageContext, type SearchIndexData } from '#search/engine.ts';
import { measureRelevance, type RelevanceCase } from '../content/search/relevance.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { startServer } from '../test/support/api-server.ts';
import { kbSiteWith } from '../test/support/large-kb.ts';
import { startHostServer } from '../test/e2e/widget-support.ts';
import { realArticles, realPlusUnrelated, syntheticArticles, withTypo, random } from './search-corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.SEARCH_SCALE_SIZES ?? '63,1000,10000').split(',').map(Number);
const RTT_MS = Number(process.env.SEARCH_SCALE_RTT_MS ?? 100);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

function readCases(...files: string[]): RelevanceCase[] {
  for (const file of files)
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as RelevanceCase[];
    } catch {
      // next
    }
  return [];
}
const dev = readCases(
  process.env.SEARCH_DEV_SET ?? path.resolve(ROOT, '../shared/eval/search-dev.json'),
  path.join(ROOT, 'test/search/search-dev.json'),
);
const extra = readCases(path.join(ROOT, 'test/search/questions-extra.json'));
const { articles: real } = await realArticles();

const LMS_PATH = '/lms/admin/tool/uploaduser/index.php';
const QUERIES = [
  'upload users from a csv file',
  'reset a password',
  'grade export',
  'course backup',
  'theme colours',
  'enrol students',
  'quiz attempts',
  'certificate',
];

// ------------------------------------------------------------------------------------------ 1-3
console.log(`\n## Widget session, in Chromium, network round trip +${RTT_MS} ms (CDP emulation)`);
console.log(
  `${'articles'.padStart(8)}  ${'index gz'.padStart(9)}  ${'strategy'.padEnd(8)}  ${'open→1st results'.padStart(16)}  ${'(JS'.padStart(8)}  ${'index'.padStart(8)}  ${'search'.padStart(8)}  ${'other)'.padStart(8)}  ${'keystroke→results p50'.padStart(21)}  ${'p95'.padStart(7)}`,
);
const browser = await launchBrowser();
try {
  for (const size of SIZES) {
    const corpus = size <= real.length ? real.slice(0, size) : syntheticArticles(real, size);
    const site = kbSiteWith(corpus);
    const server = await startServer({ config: { kbSiteDir: site.dir }, env: { HELPWAY_RATE_LIMITS: 'off' } });
    const host = await startHostServer({
      [LMS_PATH]: {
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Upload users</title>
<script type="module" src="${server.url}/widget.js"></script></head>
<body><main><h1>Upload users</h1></main><helpway-widget site="demo"></helpway-widget></body></html>`,
      },
      '/favicon.ico': { body: '' },
    });
    const pageContext: PageContext = { url: `${host.url}${LMS_PATH}`, title: 'Upload users', heading: 'Upload users', context: '' };
    try {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: RTT_MS, downloadThroughput: -1, uploadThroughput: -1 });
      await page.goto(`${host.url}${LMS_PATH}`);
      const bytes = { js: 0, index: 0, search: 0, other: 0 };
      let counting = true;
      page.on('response', async (res) => {
        if (!counting || !res.url().startsWith(server.url)) return;
        const body = await res.body().catch(() => Buffer.alloc(0));
        const gz = body.length ? gzipSync(body, { level: 9 }).length : 0;
        const p = new URL(res.url()).pathname;
        if (p.endsWith('.js')) bytes.js += gz;
        else if (p.startsWith('/search-index') || p.startsWith('/search-language')) bytes.index += gz;
        else if (p === '/api/search') bytes.search += gz;
        else bytes.other += gz;
      });
      // The entry, as the session budget counts it (loaded with the page, before the click).
      bytes.js += gzipSync(await (await fetch(`${server.url}/widget.js`)).arrayBuffer().then(Buffer.from), { level: 9 }).length;
      await page.getByRole('button', { name: 'Help', exact: true }).click();
      const first = site.searcher.search(QUERIES[0], { context: pageContext, limit: 8 })[0]?.title ?? '';
      await page.getByRole('dialog', { name: 'Help' }).getByRole('searchbox', { name: 'Search help articles' }).fill(QUERIES[0]);
      await resultShows(page, first);
      await page.waitForTimeout(300);
      counting = false;
      const total = bytes.js + bytes.index + bytes.search + bytes.other;
      // Keystroke to results: each query typed at once, timed in the page until its first result shows.
      const times: number[] = [];
      for (const q of QUERIES.slice(1)) {
        const hits = site.searcher.search(q, { context: pageContext, limit: 8 });
        if (!hits.length) continue;
        times.push(await typeAndTime(page, q, hits[0].title));
      }
      times.sort((a, b) => a - b);
      console.log(
        `${String(corpus.length).padStart(8)}  ${kb(site.shipped.gzipBytes).padStart(9)}  ${(site.shipped.full ? 'server' : 'client').padEnd(8)}  ${kb(total).padStart(16)}  ${kb(bytes.js).padStart(8)}  ${kb(bytes.index).padStart(8)}  ${kb(bytes.search).padStart(8)}  ${kb(bytes.other).padStart(8)}  ${ms(pct(times, 50)).padStart(21)}  ${ms(pct(times, 95)).padStart(7)}`,
      );
      await context.close();
    } finally {
      await server.stop();
      await host.close();
      site.remove();
    }
  }
} finally {
  await browser.close();
}

async function resultShows(page: Page, title: string): Promise<void> {
  await page.waitForFunction(
    (t) =>
      document.querySelector('helpway-widget')?.shadowRoot?.querySelector('helpway-panel')?.shadowRoot?.querySelector('.hit-title')
        ?.textContent === t,
    title,
    { timeout: 20000 },
  );
}

/** Sets the box to `q` as one input event, and times until the first result is `title` (in the page's clock). */
function typeAndTime(page: Page, q: string, title: string): Promise<number> {
  return page.evaluate(
    ([query, expected]) =>
      new Promise<number>((resolve, reject) => {
        const root = document.querySelector('helpway-widget')!.shadowRoot!.querySelector('helpway-panel')!.shadowRoot!;
        const box = root.querySelector<HTMLInputElement>('#q')!;
        const started = performance.now();
        box.value = query;
        box.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
        const check = () => {
          if (root.querySelector('.hit-title')?.textContent === expected) resolve(performance.now() - started);
          else if (performance.now() - started > 20000) reject(new Error(`no result for ${query}`));
          else requestAnimationFrame(check);
        };
        check();
      }),
    [q, title] as const,
  );
}

// ------------------------------------------------------------------------------------------ 4
console.log('\n## Server CPU per query (the engine over the whole index, as GET /api/search runs it; cache misses)');
console.log(
  `${'articles'.padStart(8)}  ${'load'.padStart(8)}  ${'CPU p50'.padStart(9)}  ${'p95'.padStart(9)}  ${'max'.padStart(9)}  ${'mean'.padStart(9)}  ${'queries/s/core'.padStart(15)}  ${'cache hit'.padStart(10)}  ${'heap'.padStart(9)}`,
);
const cases = [...dev, ...extra];
const rnd = random(5);
const asked = [
  ...cases.filter((c) => c.q).map((c) => ({ q: c.q, context: undefined as PageContext | undefined })),
  ...cases.filter((c) => c.q).map((c) => ({ q: withTypo(c.q, rnd), context: undefined })),
  ...cases
    .filter((c) => c.q.length > 6)
    .map((c) => ({ q: c.q.slice(0, c.q.length - 3), context: { url: `https://lms.example.edu${LMS_PATH}`, title: 'Upload users' } })),
];
for (const size of SIZES) {
  const corpus = size <= real.length ? real.slice(0, size) : syntheticArticles(real, size);
  const json = JSON.stringify(buildSearchIndex(corpus));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let t = performance.now();
  const searcher = createSearcher(JSON.parse(json) as SearchIndexData);
  const load = performance.now() - t;
  gc?.();
  const heap = process.memoryUsage().heapUsed - heap0;
  for (const q of ['course', 'user settings', 'backup']) searcher.search(q);
  const cpu: number[] = [];
  for (const { q, context } of asked) {
    const c0 = process.cpuUsage();
    searcher.search(q, { context, limit: 10 });
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mean = cpu.reduce((a, b) => a + b, 0) / cpu.length;
  cpu.sort((a, b) => a - b);
  // A repeated query: a look-up in the per-query cache (a Map keyed by the parameters).
  const cache = new Map([[JSON.stringify(['reset a password', undefined, 'en', 10]), searcher.search('reset a password')]]);
  t = performance.now();
  for (let i = 0; i < 10000; i++) cache.get(JSON.stringify(['reset a password', undefined, 'en', 10]));
  const hit = (performance.now() - t) / 10000;
  console.log(
    `${String(corpus.length).padStart(8)}  ${ms(load).padStart(8)}  ${ms(pct(cpu, 50)).padStart(9)}  ${ms(pct(cpu, 95)).padStart(9)}  ${ms(cpu.at(-1)!).padStart(9)}  ${ms(mean).padStart(9)}  ${String(Math.round(1000 / mean)).padStart(15)}  ${`${(hit * 1000).toFixed(1)} µs`.padStart(10)}  ${kb(heap).padStart(9)}`,
  );
}

// ------------------------------------------------------------------------------------------ 5
console.log('\n## Relevance at scale: the real articles plus articles on made-up subjects (dev and extra question sets)');
console.log('   "server = engine": the hits GET /api/search answers (real HTTP) against the engine in this process, per case;');
console.log(
  '   "top-10 moved": cases whose top 10 differ from the real knowledge base alone (goal 0: unrelated articles must not move a rank)',
);
console.log(`${'articles'.padStart(8)}  ${'set'.padEnd(6)}  ${'cases'.padStart(5)}  hit@3   MRR@10  server = engine  top-10 moved`);
const baseline = new Map<string, string[]>();
const pageOf = (c: RelevanceCase) => (c.url || c.title ? { url: c.url, title: c.title } : undefined);
for (const size of SIZES) {
  const corpus = realPlusUnrelated(real, Math.max(size, real.length));
  const site = kbSiteWith(corpus);
  const server = await startServer({ config: { kbSiteDir: site.dir }, env: { HELPWAY_RATE_LIMITS: 'off' } });
  try {
    for (const [name, set] of [
      ['dev', dev],
      ['extra', extra],
    ] as const) {
      let moved = 0;
      let same = 0;
      const answers: string[][] = [];
      for (const c of set) {
        const page = pageOf(c);
        const params = new URLSearchParams({
          q: c.q,
          limit: '10',
          ...(c.url ? { url: c.url } : {}),
          ...(c.title ? { title: c.title } : {}),
        });
        const res = await fetch(`${server.url}/api/search?${params}`);
        const viaHttp = res.ok ? ((await res.json()) as { hits: Array<{ slug: string }> }).hits.map((h) => h.slug) : [];
        const local = (c.q.trim() ? site.searcher.search(c.q, { context: page }) : page ? site.searcher.suggest(page, 10) : []).map(
          (h) => h.slug,
        );
        if (JSON.stringify(viaHttp) === JSON.stringify(local)) same++;
        const key = `${name}:${c.q}:${c.url ?? ''}:${c.title ?? ''}`;
        if (!baseline.has(key)) baseline.set(key, local);
        else if (JSON.stringify(baseline.get(key)) !== JSON.stringify(local)) moved++;
        answers.push(viaHttp);
      }
      let i = 0;
      const r = measureRelevance(set, () => answers[i++]);
      console.log(
        `${String(corpus.length).padStart(8)}  ${name.padEnd(6)}  ${String(set.length).padStart(5)}  ${r.hitAt3.toFixed(3)}  ${r.mrrAt10.toFixed(3)}  ${`${same}/${set.length}`.padStart(15)}  ${String(moved).padStart(12)}`,
      );
    }
  } finally {
    await server.stop();
    site.remove();
  }
}
console.log('\n(goals: ≤ 100 KB gz from opening to first results at any size, today’s bytes at 63; relevance unchanged at every size)');
