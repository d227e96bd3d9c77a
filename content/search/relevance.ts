/**
 * Relevance measures for question sets like shared/eval/search-dev.json:
 * hit@3 (an expected article in the first three) and MRR@10 (mean of 1/rank of the first expected
 * article in the first ten, 0 when absent). Used by the relevance test and the benchmark.
 */

export interface RelevanceCase {
  q: string;
  url?: string;
  title?: string;
  expect: string[];
}

export interface RelevanceReport {
  cases: number;
  hitAt3: number;
  mrrAt10: number;
  /** Cases whose first expected article is not first, with what came first. */
  misses: Array<{ case: RelevanceCase; rank: number | null; top: string[] }>;
}

/** `run` returns slugs best first for one case. */
export function measureRelevance(cases: RelevanceCase[], run: (c: RelevanceCase) => string[]): RelevanceReport {
  let hits = 0;
  let rr = 0;
  const misses: RelevanceReport['misses'] = [];
  for (const c of cases) {
    const slugs = run(c).slice(0, 10);
    const index = slugs.findIndex((s) => c.expect.includes(s));
    if (index >= 0 && index < 3) hits++;
    if (index >= 0) rr += 1 / (index + 1);
    if (index !== 0) misses.push({ case: c, rank: index >= 0 ? index + 1 : null, top: slugs.slice(0, 3) });
  }
  const n = cases.length || 1;
  return { cases: cases.length, hitAt3: hits / n, mrrAt10: rr / n, misses };
}
