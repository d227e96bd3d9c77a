/**
 * Decodes a search index for querying, once per load: checks its version, loads its language
 * tables, and builds what every query needs (term look-up, idf, the Fuse typo index by letter).
 */
import Fuse, { type FuseIndex, type FuseResult } from 'fuse.js/basic';
import { INDEX_VERSION, type SearchDoc, type SearchIndexData } from './index-format.ts';
import { useLanguage } from './normalize.ts';
import { TUNING } from './tuning.ts';

export interface LoadedIndex {
  docs: SearchDoc[];
  /** Index terms, sorted. */
  terms: string[];
  postings: number[][];
  /** Position of each term in `terms`. */
  termIndex: Map<string, number>;
  /** Per term: how rare it is among the articles. */
  idf: number[];
  /** Per term: the word as the articles write it ("scope" for "scop"), which typos are compared with. */
  written: string[];
  /**
   * At most four words of the vocabulary a typed word resembles and `accept` keeps, best first
   * (Fuse score: 0 exact). Filtered before the four are taken, so other words (however many a
   * bigger vocabulary holds) never crowd out an accepted one.
   */
  fuzzySearch(word: string, accept: (found: FuseResult<string>) => boolean): Array<FuseResult<string>>;
  /** First position in `terms` of a term >= prefix. */
  lowerBound(prefix: string): number;
}

export function loadIndex(data: SearchIndexData): LoadedIndex {
  if (data.version !== INDEX_VERSION)
    throw new Error(`search index version ${data.version} is not supported (expected ${INDEX_VERSION}): rebuild the index`);
  const { docs, terms, postings } = data;
  // The index's own normalisation tables, so queries become the terms the index was built with.
  useLanguage(data.language);
  const N = docs.length;
  const termIndex = new Map<string, number>();
  terms.forEach((t, i) => termIndex.set(t, i));
  const idf = postings.map((p) => Math.log(1 + (N - p.length + 0.5) / (p.length + 0.5)));
  // The prebuilt Fuse index is split by first letter at load: a typo is looked for among the terms
  // sharing the typed word's first or second letter (a swapped first pair still matches), which
  // keeps typo correction to a few thousand comparisons at 10,000 articles.
  const fuseOptions = {
    includeScore: true,
    threshold: TUNING.fuzzyThreshold,
    location: 0,
    distance: 8,
    ignoreFieldNorm: true,
    shouldSort: true,
  };
  const byLetter = new Map<string, unknown[]>();
  const written = terms.slice();
  for (const { i, v = terms[i] } of data.fuzzy.records as Array<{ v?: string; i: number }>) {
    const letter = v[0];
    if (!letter) continue;
    written[i] = v;
    let list = byLetter.get(letter);
    if (!list) byLetter.set(letter, (list = []));
    list.push({ v, i });
  }
  const fuzzyByLetter = new Map<string, Fuse<string>>();
  for (const [letter, records] of byLetter) {
    const index = Fuse.parseIndex({ keys: data.fuzzy.keys, records } as Parameters<typeof Fuse.parseIndex>[0]) as FuseIndex<string>;
    fuzzyByLetter.set(letter, new Fuse(written, fuseOptions, index));
  }
  const fuzzySearch = (term: string, accept: (found: FuseResult<string>) => boolean) => {
    const found = (fuzzyByLetter.get(term[0])?.search(term) ?? []).filter(accept);
    if (term[1] !== term[0]) found.push(...(fuzzyByLetter.get(term[1])?.search(term) ?? []).filter(accept));
    return found.sort((a, b) => (a.score ?? 1) - (b.score ?? 1)).slice(0, 4);
  };
  const lowerBound = (prefix: string): number => {
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return { docs, terms, postings, termIndex, idf, written, fuzzySearch, lowerBound };
}
