/**
 * From scores to results: which articles are listed and in what order, and each as a SearchHit
 * with a 0..1 score and the matched words of its title and summary for highlighting.
 */
import type { LoadedIndex } from './loaded-index.ts';
import { STOP_WORDS, termOf, tokenize } from './normalize.ts';

export interface SearchHit {
  slug: string;
  title: string;
  summary: string;
  category: string;
  /** 0 = best, 1 = worst, like Fuse.js. */
  score: number;
  /** Inclusive [start, end] ranges of matched words in the title and summary. */
  highlights?: { title?: Array<[number, number]>; summary?: Array<[number, number]> };
}

/**
 * Articles worth listing, best first (ties in index order): at least `cutoffShare` of the best
 * score and at least `absoluteMin`, at most `limit`.
 */
export function rank(scores: Float64Array, cutoffShare: number, absoluteMin: number, limit: number): number[] {
  const N = scores.length;
  let top = 0;
  for (let d = 0; d < N; d++) top = Math.max(top, scores[d]);
  if (top <= 0) return [];
  const min = Math.max(absoluteMin, top * cutoffShare);
  const order: number[] = [];
  for (let d = 0; d < N; d++) if (scores[d] >= min && scores[d] > 0) order.push(d);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  return order.slice(0, limit);
}

function highlight(text: string, matched: Set<string>): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const w of tokenize(text)) {
    if (STOP_WORDS.has(w.word)) continue;
    if (matched.has(termOf(w.word))) ranges.push([w.start, w.end]);
  }
  return ranges;
}

/** `ceiling`: the best possible score, which maps to 0. `matched`: index terms to highlight. */
export function toHits(
  { docs, terms }: LoadedIndex,
  order: number[],
  scores: Float64Array,
  ceiling: number,
  matched: Set<number> | undefined,
): SearchHit[] {
  const matchedTerms = new Set([...(matched ?? [])].map((i) => terms[i]));
  return order.map((d) => {
    const doc = docs[d];
    const hit: SearchHit = {
      slug: doc.slug,
      title: doc.title,
      summary: doc.summary,
      category: doc.category,
      score: Math.round(Math.max(0, Math.min(1, 1 - scores[d] / ceiling)) * 10000) / 10000,
    };
    if (matchedTerms.size) hit.highlights = { title: highlight(doc.title, matchedTerms), summary: highlight(doc.summary, matchedTerms) };
    return hit;
  });
}
