/**
 * The query's words against the index's vocabulary: which index terms a typed word may mean (its
 * own term, typo corrections, completions of an unfinished last word), and which word a typo most
 * likely meant, so a misspelt phrase ("how urgnt") is still recognised.
 *
 * Typos are matched against the vocabulary as written, with Fuse.js (loaded-index.ts), plus exact
 * look-ups of the word's swapped-letter and extra-letter variants; typo.ts decides which of them
 * are plausible. Corrections count less than the word itself and never more than it would (idf cap).
 * Which corrections and completions a word gets never depends on words it does not resemble: the
 * implausible are dropped before the best are kept, and completions are the most used first.
 */
import type { LoadedIndex } from './loaded-index.ts';
import { termOf } from './normalize.ts';
import { TUNING } from './tuning.ts';
import { plausibleTypo } from './typo.ts';

export interface TermCandidate {
  term: number;
  sim: number;
  /** Upper bound of the candidate's idf: a correction never outweighs the word actually typed. */
  idfCap?: number;
}

export interface TermMatcher {
  /**
   * Vocabulary terms a typed word may mean: its own term, typo corrections, completions.
   * Typos are looked for when the word is not in the index, or is so rare there (a misspelling in
   * one article's keywords) that the word it resembles should count too.
   */
  candidates(term: string, word: string, allowPrefix: boolean): TermCandidate[];
  /** The term itself, if the index has it (page words are not typed by the user, so not corrected). */
  exactOnly(term: string): TermCandidate[];
  /**
   * The word a typo most likely meant, as written in the articles, for query analysis (so typed
   * phrases still match); undefined when the word is known, or is the unfinished last word.
   */
  correctWord(word: string, last: boolean, prefixLast: boolean): string | undefined;
}

const MAX_COMPLETIONS = 30;

const addCandidate = (out: TermCandidate[], term: number, sim: number, idfCap?: number) => {
  const prev = out.find((c) => c.term === term);
  if (prev) prev.sim = Math.max(prev.sim, sim);
  else out.push(idfCap === undefined ? { term, sim } : { term, sim, idfCap });
};

export function createTermMatcher(index: LoadedIndex): TermMatcher {
  const { terms, postings, termIndex, idf, written, fuzzySearch, lowerBound } = index;
  const fuzzyCache = new Map<string, TermCandidate[]>();

  /** Typo corrections of a word (not its own term `exact`), added to `out`. */
  function corrections(word: string, exact: number | undefined, cap: number | undefined, out: TermCandidate[]): TermCandidate[] {
    if (word.length < TUNING.fuzzyMinLength || /\d/.test(word)) return out;
    // One swapped pair or one extra letter: exact look-ups of the corrected word.
    for (let k = 0; k < word.length; k++) {
      const variants = [word.slice(0, k) + word.slice(k + 1)];
      if (k + 1 < word.length) variants.push(word.slice(0, k) + word[k + 1] + word[k] + word.slice(k + 2));
      for (const v of variants) {
        const i = termIndex.get(termOf(v));
        if (i !== undefined && i !== exact && v.length >= 3 && plausibleTypo(word, written[i], terms[i]))
          addCandidate(out, i, TUNING.fuzzyWeight * 0.95, cap);
      }
    }
    // Anything else within the threshold (missing, wrong letters): Fuse over the words as written.
    const found = fuzzySearch(word, (r) => r.refIndex !== exact && plausibleTypo(word, r.item, terms[r.refIndex]));
    const best = found[0]?.score ?? 1;
    for (const r of found) {
      const s = r.score ?? 1;
      if (s > best + 0.1) break;
      const cand = r.item;
      const lenPenalty = 1 - (0.5 * Math.abs(cand.length - word.length)) / Math.max(cand.length, word.length);
      addCandidate(out, r.refIndex, TUNING.fuzzyWeight * (1 - s) * lenPenalty, cap);
    }
    return out;
  }

  /**
   * Terms an unfinished word may become: at most MAX_COMPLETIONS, those the most articles use
   * (then the shortest), so "log" means login and logs however many rarer words start with it.
   */
  function completions(term: string, exact: number | undefined): number[] {
    const found: number[] = [];
    for (let i = lowerBound(term); i < terms.length && terms[i].startsWith(term); i++) if (i !== exact) found.push(i);
    if (found.length <= MAX_COMPLETIONS) return found;
    return found
      .sort((a, b) => postings[b].length - postings[a].length || terms[a].length - terms[b].length || a - b)
      .slice(0, MAX_COMPLETIONS);
  }

  function correctWord(word: string, last: boolean, prefixLast: boolean): string | undefined {
    const term = termOf(word);
    if (termIndex.has(term)) return undefined;
    if (last && prefixLast && terms[lowerBound(term)]?.startsWith(term)) return undefined;
    const found = corrections(word, undefined, undefined, []);
    let best: TermCandidate | undefined;
    for (const c of found) if (!best || c.sim > best.sim) best = c;
    return best && best.sim >= TUNING.correctMinSim ? written[best.term] : undefined;
  }

  function candidates(term: string, word: string, allowPrefix: boolean): TermCandidate[] {
    const key = `${term}|${word}|${allowPrefix}`;
    const cached = fuzzyCache.get(key);
    if (cached) return cached;
    const out: TermCandidate[] = [];
    const exact = termIndex.get(term);
    if (exact !== undefined) out.push({ term: exact, sim: 1 });
    const cap = exact === undefined ? undefined : idf[exact];
    const rare = exact === undefined || postings[exact].length <= TUNING.rareTerm;
    if (rare) corrections(word, exact, cap, out);
    if ((allowPrefix || exact === undefined) && term.length >= TUNING.prefixMinLength) {
      for (const i of completions(term, exact)) {
        // A complete word that is also the start of others ("bug" → "bugfix") is most likely complete.
        addCandidate(out, i, (exact === undefined ? 0.7 : 0.5) + 0.2 * (term.length / terms[i].length), cap);
      }
    }
    if (fuzzyCache.size > 2000) fuzzyCache.clear();
    fuzzyCache.set(key, out);
    return out;
  }

  function exactOnly(term: string): TermCandidate[] {
    const i = termIndex.get(term);
    return i === undefined ? [] : [{ term: i, sim: 1 }];
  }

  return { candidates, exactOnly, correctWord };
}
