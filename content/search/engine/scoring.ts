/**
 * Scoring: how well each article answers a list of concepts (vocabulary.ts). Every concept is
 * scored on its own through its best alternative (the word as typed, a synonym, a correction), by
 * idf × field weight × similarity; the concepts' scores add up, scaled by the share of the query an
 * article covers, with a bonus when the title holds every concept. Beside an intent ("who deleted
 * …" → the logs), the other concepts count less.
 *
 * A term's idf is counted among the articles the query could be about (those holding any of its
 * candidate terms, and never fewer than TUNING.idfArticles), not among all articles: articles that
 * share no word with a query do not change how it ranks, so a knowledge base that grows with
 * articles on other subjects answers the same questions the same way (bench/search-scale.bench.ts,
 * test/search/relevance.test.ts).
 */
import { FIELD_WEIGHTS } from './index-format.ts';
import type { LoadedIndex } from './loaded-index.ts';
import type { TermCandidate, TermMatcher } from './term-candidates.ts';
import { TUNING } from './tuning.ts';
import type { Concept } from './vocabulary.ts';

export interface Scored {
  scores: Float64Array;
  /** Concepts nothing in the index answers (unknown words with no plausible correction). */
  failed: number;
  /** Concepts answered by a word as typed or a synonym (not only by a typo correction or completion). */
  exact: number;
  /** Concepts answered that are not generic words. */
  strong: number;
  /** Sum over concepts of their best possible contribution (for a 0..1 score). */
  ceiling: number;
  /** Index terms that matched, for highlighting. */
  matched: Set<number>;
}

/** Per article, how well it answers the concepts. `fuzzy` false: exact terms only (page words are not typed by the user, so not corrected). */
export type ScoreConcepts = (concepts: Concept[], prefixLast: boolean, fuzzy?: boolean) => Scored;

/** Field score of a posting mask: the best field counts fully, the others a quarter. */
const MASK_SCORE: number[] = [];
for (let mask = 0; mask < 32; mask++) {
  let best = 0;
  let sum = 0;
  for (let f = 0; f < FIELD_WEIGHTS.length; f++) {
    if (mask & (1 << f)) {
      best = Math.max(best, FIELD_WEIGHTS[f]);
      sum += FIELD_WEIGHTS[f];
    }
  }
  MASK_SCORE.push(best + 0.25 * (sum - best));
}
const MASK_MAX = MASK_SCORE[31];

export function createScorer(index: LoadedIndex, { candidates, exactOnly }: TermMatcher): ScoreConcepts {
  const { postings, idf } = index;
  const N = index.docs.length;

  /** Set by scoreTerm when a word as typed (or a synonym) is in the index. */
  let exactSeen = false;
  /** log(articles the query could be about + 1) − log(N + 1): added to every idf of the query. */
  let idfShift = 0;
  const inPool = new Uint8Array(N);

  /** The idf shift for the articles holding any of these candidates (see the header). */
  function poolShift(lists: TermCandidate[][]): number {
    inPool.fill(0);
    let pool = 0;
    for (const cands of lists)
      for (const { term } of cands)
        for (const p of postings[term])
          if (!inPool[p >> 5]) {
            inPool[p >> 5] = 1;
            pool++;
          }
    return Math.log(Math.max(TUNING.idfArticles, pool) + 1) - Math.log(N + 1);
  }

  /** Best (idf × field score × sim) per document for one term and its candidates, into `into`. */
  function scoreTerm(cands: TermCandidate[], weight: number, into: Float64Array, matched: Set<number>, inTitle?: Uint8Array): number {
    let best = 0;
    for (const { term, sim, idfCap } of cands) {
      if (sim >= 1) exactSeen = true;
      const list = postings[term];
      const termIdf = (idfCap === undefined ? idf[term] : Math.min(idf[term], idfCap)) + idfShift;
      const w = weight * sim * termIdf;
      if (w <= 0) continue;
      let any = false;
      for (let k = 0; k < list.length; k++) {
        const p = list[k];
        const d = p >> 5;
        const v = w * MASK_SCORE[p & 31];
        if (v > into[d]) {
          into[d] = v;
          any = true;
        }
        if (inTitle && p & 1) inTitle[d] = 1;
      }
      if (any) matched.add(term);
      // The ceiling is what the exact word would score: a typo or a completion scores worse.
      best = Math.max(best, weight * termIdf * MASK_MAX);
    }
    return best;
  }

  // Score arrays are reused between queries: no garbage per query, whatever the index size.
  const pool: Float64Array[] = [];
  const take = (): Float64Array => pool.pop()?.fill(0) ?? new Float64Array(N);
  const give = (...arrays: Float64Array[]) => pool.push(...arrays);

  return function scoreConcepts(concepts: Concept[], prefixLast: boolean, fuzzy = true): Scored {
    const total = new Float64Array(N);
    const covered = take();
    const matched = new Set<number>();
    let ceiling = 0;
    let conceptsFound = 0;
    let failed = 0;
    let exact = 0;
    let strongFound = 0;
    const titleCount = new Uint8Array(N);
    const inTitle = new Uint8Array(N);
    const lastIndex = concepts.length - 1;
    const hasIntent = concepts.some((c) => c.intent);
    // Per concept, per alternative, per word: the index terms it may mean (found once, used twice).
    const candidateLists = concepts.map((concept, ci) =>
      concept.alternatives.map((alt) => {
        const allowPrefix = alt.typed && prefixLast && ci === lastIndex;
        return alt.terms.map((t, ti) =>
          alt.typed && fuzzy ? candidates(t, alt.words?.[ti] ?? t, allowPrefix && ti === alt.terms.length - 1) : exactOnly(t),
        );
      }),
    );
    idfShift = poolShift(candidateLists.flat(2));
    concepts.forEach((concept, ci) => {
      const conceptScores = take();
      inTitle.fill(0);
      let conceptCeiling = 0;
      exactSeen = false;
      concept.alternatives.forEach((alt, ai) => {
        const altCandidates = candidateLists[ci][ai];
        if (alt.terms.length === 1) {
          conceptCeiling = Math.max(conceptCeiling, scoreTerm(altCandidates[0], alt.weight, conceptScores, matched, inTitle));
          return;
        }
        // Several words: each word scores on its own; typed phrases earn partial credit,
        // synonyms count only when all their words are there.
        const per = altCandidates.map((cands) => {
          const into = take();
          const c = scoreTerm(cands, alt.weight, into, matched);
          return { into, c };
        });
        const n = per.length;
        // Typed words add up (as if typed separately, but as one concept); a synonym phrase stands
        // for what was typed, so its words share one word's weight.
        const share = alt.typed ? 1 : 1 / n;
        const altCeiling = per.reduce((s, p) => s + p.c, 0) * share;
        conceptCeiling = Math.max(conceptCeiling, altCeiling);
        for (let d = 0; d < N; d++) {
          let sum = 0;
          let present = 0;
          for (const p of per) {
            if (p.into[d] > 0) {
              sum += p.into[d];
              present++;
            }
          }
          if (!present || (!alt.typed && present < n)) continue;
          // A partial phrase is discounted: fewer words, and less likely the same meaning.
          const v = sum * share * (present / n);
          if (v > conceptScores[d]) conceptScores[d] = v;
        }
        give(...per.map((p) => p.into));
      });
      if (conceptCeiling <= 0) {
        give(conceptScores);
        failed++;
        return; // a word the index does not know at all: ignore it (search() decides if that leaves enough)
      }
      const conceptExact = exactSeen;
      if (hasIntent && !concept.intent) {
        conceptCeiling *= TUNING.intentOthers;
        for (let d = 0; d < N; d++) conceptScores[d] *= TUNING.intentOthers;
      }
      let found = false;
      // A concept met only weakly (a synonym deep in the body) covers the query only partly.
      const strong = TUNING.strongShare * conceptCeiling;
      for (let d = 0; d < N; d++) {
        const v = conceptScores[d];
        if (v > 0) {
          total[d] += v;
          covered[d] += conceptCeiling * (0.5 + 0.5 * Math.min(1, v / strong));
          found = true;
          if (inTitle[d]) titleCount[d]++;
        }
      }
      give(conceptScores);
      if (!found) {
        failed++;
        return;
      }
      ceiling += conceptCeiling;
      conceptsFound++;
      if (conceptExact) exact++;
      if (!concept.weak) strongFound++;
    });
    if (ceiling > 0) {
      for (let d = 0; d < N; d++) {
        if (total[d] <= 0) continue;
        total[d] *= Math.pow(covered[d] / ceiling, TUNING.coveragePower);
        // Every word of a multi-word query in the title: the article is about exactly that.
        if (conceptsFound > 1 && titleCount[d] >= conceptsFound) total[d] *= 1 + TUNING.titleAllBonus;
      }
    }
    give(covered);
    return { scores: total, ceiling, matched, failed, exact, strong: strongFound };
  };
}
