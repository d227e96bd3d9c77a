/**
 * Search benchmark: prints figures, never fails on time.
 *   npm run bench -- search            (or: node bench/search.bench.ts)
 * 1. The real knowledge base: index build time, index size (raw and gzipped), load time.
 * 2. Relevance on shared/eval/search-dev.json, test/search/questions-extra.json and
 *    test/search/questions-blind.json (written before tuning; never used by search-tuning.ts):
 *    the Helpway engine side by side with Fuse.js used directly on the articles
 *    (default options; tuned: weighted keys + ignoreLocation; Fuse 7 token search).
 * 3. Latency p50/p95 at 100, 1,000 and 10,000 synthetic articles made from the real ones.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Fuse, { type IFuseOptions } from 'fuse.js';
import { buildSearchIndex, type IndexableArticle } from '#search-build/build-index.ts';
import { createSearcher, type SearchIndexData } from '#search/engine.ts';
import { measureRelevance, type RelevanceCase } from '../content/search/relevance.ts';
import { random, realArticles, syntheticArticles, withTypo } from './search-corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEV_SET = process.env.SEARCH_DEV_SET ?? path.resolve(ROOT, '../shared/eval/search-dev.json');
const EXTRA_SET = path.join(ROOT, 'test/search/questions-extra.json');
const BLIND_SET = path.join(ROOT, 'test/search/questions-blind.json');

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 3 : 1)} ms`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const now = () => performance.now();

function readCases(file: string): RelevanceCase[] | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RelevanceCase[];
  } catch {
    return undefined;
  }
}

function timeBuild(articles: IndexableArticle[], runs: number): { data: SearchIndexData; median: number } {
  const times: number[] = [];
  let data!: SearchIndexData;
  for (let i = 0; i < runs; i++) {
    const t = now();
    data = buildSearchIndex(articles);
    times.push(now() - t);
  }
  times.sort((a, b) => a - b);
  return { data, median: percentile(times, 50) };
}

// ---------------------------------------------------------------- 1. the real knowledge base
const { articles, warning } = await realArticles();
if (warning) console.log(`! ${warning}`);
console.log(`\n## Real knowledge base: ${articles.length} articles`);
const real = timeBuild(articles, 5);
const json = JSON.stringify(real.data);
const gz = gzipSync(json, { level: 9 }).length;
console.log(`index build (median of 5):  ${ms(real.median)}`);
console.log(`index size:                 ${kb(json.length)} raw, ${kb(gz)} gzipped (budget 40 KB)`);
for (const part of ['docs', 'terms', 'postings', 'fuzzy', 'vocabulary', 'language'] as const) {
  console.log(`  ${part.padEnd(9)} ${kb(gzipSync(JSON.stringify(real.data[part]), { level: 9 }).length)} gzipped`);
}
await engineBytes();
let t = now();
const searcher = createSearcher(JSON.parse(json) as SearchIndexData);
console.log(`load (JSON.parse + createSearcher): ${ms(now() - t)}`);

// ---------------------------------------------------------------- 2. relevance side by side
interface FlatArticle {
  slug: string;
  title: string;
  summary: string;
  keywords: string[];
  headings: string[];
  text: string;
}
const flat: FlatArticle[] = articles.map((a) => ({
  slug: a.slug,
  title: a.title,
  summary: a.summary,
  keywords: a.keywords,
  headings: a.headings.map((h) => h.text),
  text: a.text,
}));
const weightedKeys = [
  { name: 'title', weight: 5 },
  { name: 'keywords', weight: 4 },
  { name: 'headings', weight: 2.5 },
  { name: 'summary', weight: 2 },
  { name: 'text', weight: 1 },
];
const plainKeys = ['title', 'keywords', 'headings', 'summary', 'text'];
const fuseConfigs: Array<[string, IFuseOptions<FlatArticle>]> = [
  ['Fuse defaults (keys only)', { keys: plainKeys }],
  ['Fuse weighted + ignoreLocation', { keys: weightedKeys, ignoreLocation: true, threshold: 0.4 }],
  ['Fuse 7 token search, weighted', { keys: weightedKeys, ignoreLocation: true, useTokenSearch: true }],
];
// Fuse has no page context: a page-only case searches the page title (or URL) as its query.
const fuseQuery = (c: RelevanceCase) => c.q || c.title || c.url || '';
const ours = (c: RelevanceCase) => {
  const context = c.url || c.title ? { url: c.url, title: c.title } : undefined;
  return (c.q.trim() ? searcher.search(c.q, { context }) : context ? searcher.suggest(context, 10) : []).map((h) => h.slug);
};

const sets: Array<[string, RelevanceCase[]]> = [];
const dev = readCases(DEV_SET);
if (dev) sets.push([`dev set (${path.relative(process.cwd(), DEV_SET)})`, dev]);
else console.log(`! no dev set at ${DEV_SET} (set SEARCH_DEV_SET)`);
const extra = readCases(EXTRA_SET);
if (extra) sets.push(['extra questions (test/search/questions-extra.json)', extra]);
const blind = readCases(BLIND_SET);
if (blind) sets.push(['blind questions (test/search/questions-blind.json)', blind]);

const typoRnd = random(11);
const typoSets: Array<[string, RelevanceCase[]]> = sets.map(([label, cases]) => [
  `${label} with one typo per question (two letters swapped)`,
  cases.map((c) => ({ ...c, q: withTypo(c.q, typoRnd) })),
]);

for (const [label, cases] of [...sets, ...typoSets]) {
  console.log(`\n## Relevance: ${label}, ${cases.length} cases`);
  console.log(`${'configuration'.padEnd(34)} hit@3   MRR@10`);
  for (const [name, options] of fuseConfigs) {
    const fuse = new Fuse(flat, options);
    const r = measureRelevance(cases, (c) => fuse.search(fuseQuery(c), { limit: 10 }).map((x) => x.item.slug));
    console.log(`${name.padEnd(34)} ${r.hitAt3.toFixed(3)}  ${r.mrrAt10.toFixed(3)}`);
  }
  const r = measureRelevance(cases, ours);
  console.log(`${'Helpway engine'.padEnd(34)} ${r.hitAt3.toFixed(3)}  ${r.mrrAt10.toFixed(3)}`);
  for (const m of r.misses)
    console.log(
      `   rank ${m.rank ?? '-'}: ${JSON.stringify(m.case.q)}${m.case.url ? ` @${m.case.url}` : ''} → ${m.top.join(', ')} (want ${m.case.expect.join(' | ')})`,
    );
}

// ---------------------------------------------------------------- 3. latency at scale
const rnd = random(7);
const allCases = sets.flatMap(([, c]) => c);
const queries = [
  ...allCases.filter((c) => c.q).map((c) => ({ q: c.q })),
  ...allCases.filter((c) => c.q).map((c) => ({ q: withTypo(c.q, rnd) })),
  // search-as-you-type: the first letters of the last word
  ...allCases.filter((c) => c.q.length > 6).map((c) => ({ q: c.q.slice(0, Math.max(4, c.q.length - 3)) })),
];
const pages = allCases.filter((c) => c.url || c.title).map((c) => ({ url: c.url, title: c.title }));
// The same queries asked from an LMS page (page contexts taken in turn from the question sets).
const contextQueries = queries.slice(0, 100).map(({ q }, i) => ({ q, context: pages[i % pages.length] }));
const WARM_UP = ['course', 'user settings', 'grade export', 'how to reset', 'theme colour', 'backup'];

const { loadavg, cpus } = await import('node:os');
console.log(
  `\nMachine: ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} (wall-clock figures suffer when the machine is busy; CPU time less so)`,
);
console.log(
  `\n## Latency (Node ${process.version}), 3 rounds on a fresh searcher: ${queries.length} queries (as written, with a typo, half-typed), ${contextQueries.length} of them from an LMS page (in-page), ${pages.length} page suggestions`,
);
console.log(
  `${'articles'.padStart(8)}  ${'build'.padStart(9)}  ${'index gz'.padStart(9)}  ${'load'.padStart(9)}  ${'search p50'.padStart(10)}  ${'p95'.padStart(9)}  ${'max'.padStart(9)}  ${'CPU p95'.padStart(9)}  ${'in-page p95'.padStart(11)}  ${'(CPU)'.padStart(9)}  ${'suggest p95'.padStart(11)}  ${'vocabulary'.padStart(10)}`,
);
for (const size of [100, 1000, 10000]) {
  const corpus = syntheticArticles(articles, size);
  const { data, median } = timeBuild(corpus, size >= 10000 ? 1 : 3);
  const text = JSON.stringify(data);
  const size_gz = gzipSync(text).length;
  // Each round loads a fresh searcher (cold typo/prefix caches, as in a new page view),
  // warms the JIT on unrelated queries, then times every query once: wall-clock time, and the
  // process's CPU time (which other busy processes on the machine do not inflate).
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const contextTimes: number[] = [];
  const contextCpu: number[] = [];
  const suggestTimes: number[] = [];
  let load = 0;
  const timed = (into: number[], fn: () => void, cpuInto?: number[]) => {
    const c0 = process.cpuUsage();
    const t0 = now();
    fn();
    into.push(now() - t0);
    if (cpuInto) {
      const c = process.cpuUsage(c0);
      cpuInto.push((c.user + c.system) / 1000);
    }
  };
  for (let round = 0; round < 3; round++) {
    t = now();
    const s = createSearcher(JSON.parse(text) as SearchIndexData);
    load = now() - t;
    for (const q of WARM_UP) s.search(q);
    (globalThis as { gc?: () => void }).gc?.();
    for (const { q } of queries) timed(times, () => s.search(q), cpuTimes);
    for (const p of pages) timed(suggestTimes, () => s.suggest(p));
    for (const { q, context } of contextQueries) timed(contextTimes, () => s.search(q, { context }), contextCpu);
  }
  cpuTimes.sort((a, b) => a - b);
  contextCpu.sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  suggestTimes.sort((a, b) => a - b);
  contextTimes.sort((a, b) => a - b);
  console.log(
    `${String(size).padStart(8)}  ${ms(median).padStart(9)}  ${kb(size_gz).padStart(9)}  ${ms(load).padStart(9)}  ${ms(percentile(times, 50)).padStart(10)}  ${ms(percentile(times, 95)).padStart(9)}  ${ms(times[times.length - 1]).padStart(9)}  ${ms(percentile(cpuTimes, 95)).padStart(9)}  ${ms(percentile(contextTimes, 95)).padStart(11)}  ${ms(percentile(contextCpu, 95)).padStart(9)}  ${ms(percentile(suggestTimes, 95)).padStart(11)}  ${String(data.terms.length).padStart(10)}`,
  );
}
console.log('\n(targets: p95 ≤ 5 ms at 1,000 articles, ≤ 30 ms at 10,000; index ≤ 40 KB gzipped for the real content)');

/**
 * What the browser downloads for search besides the index: engine.ts and what it imports
 * (Fuse's basic build included), bundled and minified like the widget (Vite, library mode, ES).
 */
async function engineBytes(): Promise<void> {
  const { build } = await import('vite');
  const entry = fileURLToPath(import.meta.resolve('#search/engine.ts'));
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: true, target: 'es2022', lib: { entry, formats: ['es'], fileName: 'engine' } },
  });
  const chunks = (Array.isArray(result) ? result : [result])
    .flatMap((r) => ('output' in r ? r.output : []))
    .filter((o) => o.type === 'chunk');
  for (const chunk of chunks) {
    const modules = Object.keys(chunk.modules).map((m) => m.replace(/^.*\/(node_modules|content)\//, '$1/'));
    console.log(
      `engine JS (Vite lib, minified): ${kb(chunk.code.length)} raw, ${kb(gzipSync(chunk.code, { level: 9 }).length)} gzipped; modules: ${modules.join(', ')}`,
    );
  }
}
