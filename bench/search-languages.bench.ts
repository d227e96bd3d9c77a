/**
 * Search in other languages: prints figures, never fails on time.
 *   npm run bench -- search-languages      (also run by npm run bench -- search)
 * 1. What a French or German page downloads besides the index: each language part
 *    (/search-language-<lang>.json, raw and gzipped) and its reading code (Vite lib, minified).
 * 2. Relevance of test/search/questions-fr.json, questions-de.json and their -extra sets: English
 *    alone (what the engine did before), in the question's language, and with the language
 *    detected; and the English sets with detection on (they must not move).
 * 3. Cost: building the parts, loading one, and the reading's share of a search (p50/p95).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { buildLanguagePacks } from '#search-build/language-pack.ts';
import { createSearcher, type SearchIndexData } from '#search/engine.ts';
import { createQueryLanguage } from '#search/lang-query.ts';
import { englishWords, searchIn } from '#search/lang-searcher.ts';
import { loadQueryLanguages } from '../content/search/query-languages.ts';
import { measureRelevance, type RelevanceCase } from '../content/search/relevance.ts';
import { realArticles } from './search-corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n: number) => `${n.toFixed(n < 10 ? 3 : 1)} ms`;
const now = () => performance.now();
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, 'test/search', file), 'utf8')) as RelevanceCase[];

const { articles } = await realArticles();
const index = JSON.parse(JSON.stringify(buildSearchIndex(articles))) as SearchIndexData;
const searcher = createSearcher(index);
const indexGz = gzipSync(JSON.stringify(index), { level: 9 }).length;

// ---------------------------------------------------------------- 1. bytes
console.log(`\n## Language parts (the English index: ${kb(indexGz)} gzipped, unchanged)`);
let t = now();
const packs = buildLanguagePacks();
console.log(`build (both): ${ms(now() - t)}`);
for (const [lang, pack] of Object.entries(packs)) {
  const json = JSON.stringify(pack);
  const phrases = Object.values(pack.lexicon).flatMap((p) => p.split('|')).length;
  t = now();
  createQueryLanguage(JSON.parse(json));
  const load = now() - t;
  console.log(
    `search-language-${lang}.json: ${phrases} phrases + ${pack.same.split(' ').length} words as in English, ${kb(json.length)} raw, ${kb(gzipSync(json, { level: 9 }).length)} gzipped; load (parse + read rules) ${ms(load)}`,
  );
}
{
  const { build } = await import('vite');
  const entry = fileURLToPath(import.meta.resolve('#search/lang-searcher.ts'));
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: 'lang' },
      rollupOptions: { external: [/normalize\.ts$/, /typo\.ts$/] },
    },
  });
  for (const chunk of (Array.isArray(result) ? result : [result])
    .flatMap((r) => ('output' in r ? r.output : []))
    .filter((o) => o.type === 'chunk'))
    console.log(
      `reading code (lang-*.ts, minified, the engine's normalize/typo shared): ${kb(chunk.code.length)} raw, ${kb(gzipSync(chunk.code, { level: 9 }).length)} gzipped`,
    );
}

// ---------------------------------------------------------------- 2. relevance
const languages = loadQueryLanguages(searcher, index);
const runWith = (langOf: (c: RelevanceCase) => string) => (c: RelevanceCase) => {
  const s = languages.searcher(langOf(c));
  const context = c.url || c.title ? { url: c.url, title: c.title } : undefined;
  return (c.q.trim() ? s.search(c.q, { context }) : context ? s.suggest(context, 10) : []).map((h) => h.slug);
};
const line = (label: string, cases: RelevanceCase[], run: (c: RelevanceCase) => string[]) => {
  const r = measureRelevance(cases, run);
  console.log(`${label.padEnd(44)} ${r.hitAt3.toFixed(3)}   ${r.mrrAt10.toFixed(3)}`);
};
console.log(`\n## Relevance                                  hit@3   MRR@10`);
for (const file of ['questions-fr.json', 'questions-de.json', 'questions-fr-extra.json', 'questions-de-extra.json']) {
  const lang = file.slice(10, 12);
  const cases = read(file);
  console.log(`${file} (${cases.length} cases)`);
  line(
    '  English only (the engine alone)',
    cases,
    runWith(() => 'en'),
  );
  line(
    `  read as ${lang} (the widget: its language)`,
    cases,
    runWith(() => lang),
  );
  line(
    '  language detected (the CLI default)',
    cases,
    runWith((c) => languages.detect(c.q.trim() || c.title || '')),
  );
}
for (const file of ['search-dev.json', 'questions-extra.json', 'questions-blind.json']) {
  const cases = read(file);
  line(
    `${file} (${cases.length}), English`,
    cases,
    runWith(() => 'en'),
  );
  line(
    `${file}, language detected`,
    cases,
    runWith((c) => languages.detect(c.q)),
  );
}

// ---------------------------------------------------------------- 3. cost per search
console.log(`\n## A search, p50 / p95 over each set's questions × 20`);
for (const lang of ['fr', 'de']) {
  const cases = read(`questions-${lang}.json`).filter((c) => c.q.trim());
  const inLang = searchIn(searcher, createQueryLanguage(packs[lang]), englishWords(index));
  for (const [label, s] of [
    ['English only', searcher],
    [`read as ${lang}`, inLang],
  ] as const) {
    const times: number[] = [];
    for (let round = 0; round < 20; round++)
      for (const c of cases) {
        const start = now();
        s.search(c.q);
        times.push(now() - start);
      }
    times.sort((a, b) => a - b);
    console.log(`${lang} questions, ${label.padEnd(14)} ${ms(percentile(times, 50))} / ${ms(percentile(times, 95))}`);
  }
}
