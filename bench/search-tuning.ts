/**
 * How the engine's TUNING values were chosen: relevance (hit@3 / MRR@10) on the dev set, the extra
 * question set and the extra set with a typo per question, varying one value at a time around
 * the shipped configuration.
 *   node bench/search-tuning.ts                       the default sweep
 *   node bench/search-tuning.ts '{"contextOnly":[0.25,0.5]}'
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { createSearcher, TUNING, type SearchIndexData } from '#search/engine.ts';
import { measureRelevance, type RelevanceCase } from '../content/search/relevance.ts';
import { random, realArticles, withTypo } from './search-corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED_DEV = path.resolve(ROOT, '../shared/eval/search-dev.json');
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as RelevanceCase[];
const dev = read(process.env.SEARCH_DEV_SET ?? (safeExists(SHARED_DEV) ? SHARED_DEV : path.join(ROOT, 'test/search/search-dev.json')));
const extra = read(path.join(ROOT, 'test/search/questions-extra.json'));

function safeExists(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}

const rnd = random(5);
const typo = (q: string) => withTypo(q, rnd);
const extraTypo = extra.map((c) => ({ ...c, q: typo(c.q) }));

const { articles, warning } = await realArticles();
if (warning) console.log(`! ${warning}`);
const data = JSON.parse(JSON.stringify(buildSearchIndex(articles))) as SearchIndexData;

function measure(): string {
  const s = createSearcher(data);
  const run = (c: RelevanceCase) => {
    const context = c.url || c.title ? { url: c.url, title: c.title } : undefined;
    return (c.q.trim() ? s.search(c.q, { context }) : context ? s.suggest(context, 10) : []).map((h) => h.slug);
  };
  return [dev, extra, extraTypo]
    .map((set) => {
      const r = measureRelevance(set, run);
      return `${r.hitAt3.toFixed(3)} / ${r.mrrAt10.toFixed(3)}`;
    })
    .join('    ');
}

const shipped = { ...TUNING };
const grid: Record<string, number[]> = process.argv[2]
  ? JSON.parse(process.argv[2])
  : {
      coveragePower: [1, 1.5, 2, 3],
      strongShare: [0.3, 0.45, 0.6],
      titleAllBonus: [0, 0.2, 0.4],
      contextBoost: [0.5, 1, 1.5],
      contextOnly: [0.25, 0.5, 0.75],
      fuzzyWeight: [0.7, 0.8, 0.9],
      relativeCutoff: [0.05, 0.12, 0.2],
    };
console.log(`${'setting'.padEnd(26)} dev hit@3 / MRR    extra hit@3 / MRR    extra+typo hit@3 / MRR`);
console.log(`${'(shipped)'.padEnd(26)} ${measure()}`);
for (const [key, values] of Object.entries(grid)) {
  if (!(key in TUNING)) throw new Error(`unknown TUNING key "${key}"`);
  for (const value of values) {
    Object.assign(TUNING, shipped, { [key]: value });
    console.log(`${`${key} = ${value}`.padEnd(26)} ${measure()}${value === shipped[key as keyof typeof shipped] ? '   (shipped)' : ''}`);
  }
}
Object.assign(TUNING, shipped);
