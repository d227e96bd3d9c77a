/**
 * The one search engine of Helpway, used unchanged by the widget, the KB site and the CLI.
 * Browser-safe: no node: imports.
 *
 * How it ranks (measured in bench/search.bench.ts against Fuse.js run directly over the articles):
 * - The index (build-index.ts) holds, per normalised term, which articles have it in which field:
 *   title > keywords > headings > summary > a compact body excerpt.
 * - A query becomes concepts (vocabulary.ts): each typed word or known phrase, with its synonyms.
 *   The word lists (synonyms.ts, and normalize.ts's stop words, joins and spellings in language.ts) travel in the index, not in this module's code: the browser
 *   downloads them once, with the index, and build-time code (build-index.ts, synonyms.ts,
 *   Fuse.createIndex) stays out of the browser's module graph.
 *   Word order does not matter; every concept is scored on its own and the scores add up,
 *   weighted by how rare the term is (idf) and scaled by the share of concepts an article covers.
 * - Typo tolerance: a typed word that is not in the index (or is a rare misspelling in it) is
 *   matched against the index's vocabulary, as written, with Fuse.js (prebuilt with
 *   Fuse.createIndex, loaded with Fuse.parseIndex), plus exact look-ups of its swapped-letter and
 *   extra-letter variants. Corrections count less than the word itself and never more than it
 *   would (idf cap). A correction also lets a misspelt phrase ("how urgnt") be recognised.
 *   The last word also matches as a prefix, for search-as-you-type. A correction must be a
 *   plausible typo: few edits for the word's length (maxTypoEdits) and the same first letter,
 *   so "pasword" finds "password" but "plorkt" is not "portal".
 * - Precision: a query whose words the index cannot place (gibberish, or only generic words
 *   or only far corrections beside an unknown word) returns nothing, so the widget and the KB
 *   show their empty state with "Contact support" and report the no-result search.
 * - Intents (synonyms.ts INTENTS): "who deleted/removed/changed X" is a question for the logs,
 *   whatever X is; the other words count less.
 * - The body excerpt also keeps a body's named items (code spans, short list and table
 *   entries, such as the generated list of supported file types), not only its frequent words.
 * - Why not Fuse over the articles directly: its default scoring rewards matches near the start
 *   of a field and treats a multi-word query as one pattern; run per word with ignoreLocation it
 *   scans every article's text for every word (too slow at 10,000 articles) and still scores
 *   poorly (see the bench's side-by-side table).
 * - Page context (context.ts): articles whose `contexts` match the page's URL or title, or whose
 *   terms match the page's words, are boosted in a search and listed by suggest(). A vague
 *   trouble query on a page ("error", "it doesn't work") ranks the page's articles first; beside a
 *   subject ("upload failed"), trouble words count like generic words.
 */
// The basic build: no extended/token search, which the engine does not use (about 2 KB less gzipped).
import Fuse, { type FuseIndex } from 'fuse.js/basic';
import { STOP_WORDS, termOf, tokenize, useLanguage, type LanguageData } from './normalize.ts';
import { createVocabulary, WEAK_WEIGHT, type Concept, type VocabularyData } from './vocabulary.ts';
import { compileUrlPattern, matchTitle, matchUrl, parsePageUrl, titleTerms, urlWords, type UrlPattern } from './context.ts';

export const INDEX_VERSION = 2;

/** Fields of an article, in the order of their bit in a posting's mask. */
export const FIELDS = ['title', 'keywords', 'headings', 'summary', 'body'] as const;
/** Relative weight of a term found in each field (same order as FIELDS). */
export const FIELD_WEIGHTS = [5, 4, 2.5, 2, 1];

export interface SearchDoc {
  slug: string;
  title: string;
  summary: string;
  category: string;
  /** LMS pages this article helps on (url patterns with `*`, page titles). */
  contexts?: { urls: string[]; titles: string[] };
}

export interface SerializedFuseIndex {
  keys: ReadonlyArray<unknown>;
  records: unknown[];
}

export interface SearchIndexData {
  version: number;
  docs: SearchDoc[];
  /** Index terms (normalised, stemmed), sorted. */
  terms: string[];
  /** postings[i] lists the articles having terms[i], each as `docIndex * 32 + fieldMask`. */
  postings: number[][];
  /**
   * Fuse.js index (Fuse.createIndex(...).toJSON()) over the terms worth correcting typos into:
   * each record holds a word as people write it (`v`, "scope") and its term's position in `terms` (`i`, "scop").
   * Shipped compact: no field norms (searched with ignoreFieldNorm), and no `v` when the word is its term.
   */
  fuzzy: SerializedFuseIndex;
  /** Synonyms, generic and trouble words, intents (from synonyms.ts): data, not engine code. */
  vocabulary: VocabularyData;
  /** Stop words, joined two-word spellings and spelling variants (language.ts). */
  language: LanguageData;
}

export interface PageContext {
  url?: string;
  title?: string;
  heading?: string;
  /** Any other words from the page (breadcrumbs, an error message). */
  context?: string;
}

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

export interface SearchOptions {
  context?: PageContext;
  /** Default 10. */
  limit?: number;
}

export interface Searcher {
  /** Articles for a query, best first. A page context boosts articles that fit the page. */
  search(query: string, options?: SearchOptions): SearchHit[];
  /** Articles for the page the user is on, with no query, best first. */
  suggest(context: PageContext, limit?: number): SearchHit[];
}

/** Tuning, chosen by the figures in bench/search.bench.ts. */
export const TUNING = {
  /** Fuse threshold for a typo in a vocabulary term (0 exact … 1 anything). */
  fuzzyThreshold: 0.34,
  /** Discount of a typo-corrected term against an exact one. */
  fuzzyWeight: 0.8,
  /** Minimum typed length before typo correction / prefix matching apply. */
  fuzzyMinLength: 4,
  /** A typo is replaced by its correction before phrases are recognised when this similar (0..1). */
  correctMinSim: 0.55,
  /** A typed word found in at most this many articles also brings the words it resembles. */
  rareTerm: 2,
  prefixMinLength: 3,
  /** An article must score at least this share of the best article to be listed. */
  relativeCutoff: 0.12,
  /** Bonus when the title holds every concept of a multi-word query. */
  titleAllBonus: 0.2,
  /** Exponent of the coverage factor: how much an article must cover all query concepts. */
  coveragePower: 1,
  /** Share of a concept's best possible score that counts as fully covering it (≈ a keyword match). */
  strongShare: 0.45,
  /** A page-context match multiplies an article's score by up to (1 + contextBoost). */
  contextBoost: 1,
  /** ...and adds up to this share of a perfect query match (less as the query's best match is
   *  clearer), so page articles surface on vague queries ("it is broken" on the grading page). */
  contextOnly: 0.5,
  /** When k articles match a page URL, each URL match counts 1 / (1 + penalty × (k - 1)). */
  sharedPagePenalty: 0.2,
  /** Beside an intent ("who deleted …" → logs), the query's other concepts count this much. */
  intentOthers: 0.35,
  /** A vague trouble query on a page ("error", "it doesn't work"): the query's own matches count
   *  this much beside the page's articles. */
  troubleQueryShare: 0.3,
  /** Suggestions: minimum combined context score to be listed. */
  suggestCutoff: 0.3,
};

/** Edits a typo of this length may hold: one up to 7 letters, two up to 11, then three. */
export function maxTypoEdits(length: number): number {
  return length <= 7 ? 1 : length <= 11 ? 2 : 3;
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps),
 * stopping early once it exceeds `max` (then returns max + 1).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2] + 1);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return Math.min(prev[b.length], max + 1);
}

/** Field score of a posting mask: the best field counts fully, the others a quarter. */
const MASK_SCORE: number[] = [];
for (let mask = 0; mask < 32; mask++) {
  let best = 0;
  let sum = 0;
  for (let f = 0; f < FIELDS.length; f++) {
    if (mask & (1 << f)) {
      best = Math.max(best, FIELD_WEIGHTS[f]);
      sum += FIELD_WEIGHTS[f];
    }
  }
  MASK_SCORE.push(best + 0.25 * (sum - best));
}
const MASK_MAX = MASK_SCORE[31];

interface TermCandidate {
  term: number;
  sim: number;
  /** Upper bound of the candidate's idf: a correction never outweighs the word actually typed. */
  idfCap?: number;
}

interface Scored {
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

const CONTEXT_WORDS_SHARE = 0.5;
const isTrouble = (c: Concept, trouble: ReadonlySet<string>): boolean => c.own.length > 0 && c.own.every((t) => trouble.has(t));

/** A query that says something is wrong but not what ("error", "it is not working"). */
function isTroubleOnly(concepts: Concept[], trouble: ReadonlySet<string>): boolean {
  return concepts.length > 0 && concepts.every((c) => c.weak || isTrouble(c, trouble));
}

/**
 * On a page, "upload failed" is about the upload on this page: the trouble words count like
 * generic words, so the subject and the page decide (not an article that says "failed" a lot).
 */
function troubleAsWeak(concepts: Concept[], trouble: ReadonlySet<string>): Concept[] {
  return concepts.map((c) =>
    !c.weak && !c.intent && isTrouble(c, trouble) ? { ...c, weak: true, alternatives: c.alternatives.map((a) => ({ ...a, weight: a.weight * WEAK_WEIGHT })) } : c,
  );
}

export function createSearcher(data: SearchIndexData): Searcher {
  if (data.version !== INDEX_VERSION) throw new Error(`search index version ${data.version} is not supported (expected ${INDEX_VERSION}): rebuild the index`);
  const { docs, terms, postings } = data;
  // The index's own normalisation tables, so queries become the terms the index was built with.
  useLanguage(data.language);
  const { analyseQuery, troubleTerms } = createVocabulary(data.vocabulary);
  const N = docs.length;
  const termIndex = new Map<string, number>();
  terms.forEach((t, i) => termIndex.set(t, i));
  const idf = postings.map((p) => Math.log(1 + (N - p.length + 0.5) / (p.length + 0.5)));
  // The prebuilt Fuse index is split by first letter at load: a typo is looked for among the terms
  // sharing the typed word's first or second letter (a swapped first pair still matches), which
  // keeps typo correction to a few thousand comparisons at 10,000 articles.
  const fuseOptions = { includeScore: true, threshold: TUNING.fuzzyThreshold, location: 0, distance: 8, ignoreFieldNorm: true, shouldSort: true };
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
  const fuzzySearch = (term: string) => {
    const found = [...(fuzzyByLetter.get(term[0])?.search(term, { limit: 4 }) ?? [])];
    if (term[1] !== term[0]) found.push(...(fuzzyByLetter.get(term[1])?.search(term, { limit: 4 }) ?? []));
    return found.sort((a, b) => (a.score ?? 1) - (b.score ?? 1)).slice(0, 4);
  };

  // Articles share page patterns (many claim /course/view.php): each distinct pattern is compiled
  // and tested once per page, and articles refer to patterns by number.
  const urlPatternList: UrlPattern[] = [];
  const titlePatternList: string[][] = [];
  const intern = <T>(list: T[], ids: Map<string, number>, key: string, make: () => T): number => {
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = list.length));
      list.push(make());
    }
    return id;
  };
  const urlIds = new Map<string, number>();
  const titleIds = new Map<string, number>();
  const docUrlPatterns = docs.map((d) => Int32Array.from(d.contexts?.urls ?? [], (u) => intern(urlPatternList, urlIds, u, () => compileUrlPattern(u))));
  const docTitlePatterns = docs.map((d) =>
    Int32Array.from(d.contexts?.titles ?? [], (t) => {
      const termsOfTitle = titleTerms(t);
      return intern(titlePatternList, titleIds, termsOfTitle.join(' '), () => termsOfTitle);
    }),
  );
  const fuzzyCache = new Map<string, TermCandidate[]>();

  /** First index of a term >= prefix in the sorted vocabulary. */
  function lowerBound(prefix: string): number {
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (terms[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  const addCandidate = (out: TermCandidate[], term: number, sim: number, idfCap?: number) => {
    const prev = out.find((c) => c.term === term);
    if (prev) prev.sim = Math.max(prev.sim, sim);
    else out.push(idfCap === undefined ? { term, sim } : { term, sim, idfCap });
  };

  /**
   * Is `term` (written `surface`) a plausible correction of the typed `word`? Fuse finds candidates
   * by fuzzy substring; a real typo is also close as a whole word: few edits for its length, and the
   * same first letter (people rarely mistype it) unless the word is long and one edit away.
   * So "pasword" → "password", "certifcate" → "certificate", but "plorkt" is not "portal",
   * "qwerty" is not "query" and "plugh" is not "plugin".
   */
  function plausibleTypo(word: string, surface: string, term: string): boolean {
    // Stems are compared too when the typed word has an ending ("uplods" ~ "upload"), but a bare
    // word is compared as written only ("asdf" is not "adfs", whose stem is "adf").
    const typedTerm = termOf(word);
    let distance = editDistance(word, surface, 3);
    if (typedTerm !== word) distance = Math.min(distance, editDistance(typedTerm, term, 3));
    const allowed = maxTypoEdits(word.length);
    if (distance > allowed) return false;
    const sameStart = word[0] === surface[0] || (word[0] === surface[1] && word[1] === surface[0]);
    return sameStart || (distance === 1 && word.length >= 6);
  }

  /** Typo corrections of a word (not its own term `exact`), added to `out`. */
  function corrections(word: string, exact: number | undefined, cap: number | undefined, out: TermCandidate[]): TermCandidate[] {
    if (word.length < TUNING.fuzzyMinLength || /\d/.test(word)) return out;
    // One swapped pair or one extra letter: exact look-ups of the corrected word.
    for (let k = 0; k < word.length; k++) {
      const variants = [word.slice(0, k) + word.slice(k + 1)];
      if (k + 1 < word.length) variants.push(word.slice(0, k) + word[k + 1] + word[k] + word.slice(k + 2));
      for (const v of variants) {
        const i = termIndex.get(termOf(v));
        if (i !== undefined && i !== exact && v.length >= 3 && plausibleTypo(word, written[i], terms[i])) addCandidate(out, i, TUNING.fuzzyWeight * 0.95, cap);
      }
    }
    // Anything else within the threshold (missing, wrong letters): Fuse over the words as written.
    const found = fuzzySearch(word).filter((r) => r.refIndex !== exact && plausibleTypo(word, r.item, terms[r.refIndex]));
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
   * The word a typo most likely meant, as written in the articles, for query analysis (so typed
   * phrases still match); undefined when the word is known, or is the unfinished last word.
   */
  function correctWord(word: string, last: boolean, prefixLast: boolean): string | undefined {
    const term = termOf(word);
    if (termIndex.has(term)) return undefined;
    if (last && prefixLast && terms[lowerBound(term)]?.startsWith(term)) return undefined;
    const found = corrections(word, undefined, undefined, []);
    let best: TermCandidate | undefined;
    for (const c of found) if (!best || c.sim > best.sim) best = c;
    return best && best.sim >= TUNING.correctMinSim ? written[best.term] : undefined;
  }

  /**
   * Vocabulary terms a typed word may mean: its own term, typo corrections, completions.
   * Typos are looked for when the word is not in the index, or is so rare there (a misspelling in
   * one article's keywords) that the word it resembles should count too.
   */
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
      for (let i = lowerBound(term), n = 0; i < terms.length && n < 30 && terms[i].startsWith(term); i++, n++) {
        if (i === exact) continue;
        // A complete word that is also the start of others ("bug" → "bugfix") is most likely complete.
        addCandidate(out, i, (exact === undefined ? 0.7 : 0.5) + 0.2 * (term.length / terms[i].length), cap);
      }
    }
    if (fuzzyCache.size > 2000) fuzzyCache.clear();
    fuzzyCache.set(key, out);
    return out;
  }

  /** Best (idf × field score × sim) per document for one term and its candidates, into `into`. */
  function scoreTerm(cands: TermCandidate[], weight: number, into: Float64Array, matched: Set<number>, inTitle?: Uint8Array): number {
    let best = 0;
    for (const { term, sim, idfCap } of cands) {
      if (sim >= 1) exactSeen = true;
      const list = postings[term];
      const termIdf = idfCap === undefined ? idf[term] : Math.min(idf[term], idfCap);
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

  /** Set by scoreTerm when a word as typed (or a synonym) is in the index. */
  let exactSeen = false;

  // Score arrays are reused between queries: no garbage per query, whatever the index size.
  const pool: Float64Array[] = [];
  const take = (): Float64Array => pool.pop()?.fill(0) ?? new Float64Array(N);
  const give = (...arrays: Float64Array[]) => pool.push(...arrays);

  /** `fuzzy` false: exact terms only (page words are not typed by the user, so not corrected). */
  function scoreConcepts(concepts: Concept[], prefixLast: boolean, fuzzy = true): Scored {
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
    concepts.forEach((concept, ci) => {
      const conceptScores = take();
      inTitle.fill(0);
      let conceptCeiling = 0;
      exactSeen = false;
      for (const alt of concept.alternatives) {
        const allowPrefix = alt.typed && prefixLast && ci === lastIndex;
        if (alt.terms.length === 1) {
          const cands = alt.typed && fuzzy ? candidates(alt.terms[0], alt.words?.[0] ?? alt.terms[0], allowPrefix) : exactOnly(alt.terms[0]);
          conceptCeiling = Math.max(conceptCeiling, scoreTerm(cands, alt.weight, conceptScores, matched, inTitle));
          continue;
        }
        // Several words: each word scores on its own; typed phrases earn partial credit,
        // synonyms count only when all their words are there.
        const per = alt.terms.map((t, ti) => {
          const into = take();
          const cands = alt.typed && fuzzy ? candidates(t, alt.words?.[ti] ?? t, allowPrefix && ti === alt.terms.length - 1) : exactOnly(t);
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
      }
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
  }

  function exactOnly(term: string): TermCandidate[] {
    const i = termIndex.get(term);
    return i === undefined ? [] : [{ term: i, sim: 1 }];
  }

  // The widget searches many times from one page: the page's scores are kept for the next query
  // (read-only: callers never write into them).
  let lastContext: { key: string; scores: Float64Array } | undefined;
  function contextScores(context: PageContext): Float64Array {
    const key = JSON.stringify([context.url ?? '', context.title ?? '', context.heading ?? '', context.context ?? '']);
    if (lastContext?.key === key) return lastContext.scores;
    const scores = computeContextScores(context);
    lastContext = { key, scores };
    return scores;
  }

  /**
   * Per document, how well it fits the page: its best `contexts` match (0..1) plus up to
   * CONTEXT_WORDS_SHARE for the page's words found in it (so ties between articles claiming
   * the same page are broken by the page's title and URL words).
   */
  function computeContextScores(context: PageContext): Float64Array {
    const out = new Float64Array(N);
    const page = context.url ? parsePageUrl(context.url) : undefined;
    const pageTitles = [context.title, context.heading].filter((t): t is string => !!t?.trim()).map((t) => new Set(titleTerms(t)));
    const urlScore = new Float64Array(urlPatternList.length);
    if (page) urlPatternList.forEach((p, i) => (urlScore[i] = matchUrl(p, page)));
    const titleScore = new Float64Array(titlePatternList.length);
    for (const pt of pageTitles) titlePatternList.forEach((t, i) => (titleScore[i] = Math.max(titleScore[i], matchTitle(t, pt))));
    const byUrl = new Float64Array(N);
    let urlMatches = 0;
    for (let d = 0; d < N; d++) {
      for (const id of docUrlPatterns[d]) if (urlScore[id] > byUrl[d]) byUrl[d] = urlScore[id];
      if (byUrl[d] > 0) urlMatches++;
    }
    // A page many articles claim (the course page) says less about each of them than a page one
    // article claims (the bulk upload page): like idf, for pages.
    const urlShare = urlMatches > 1 ? 1 / (1 + TUNING.sharedPagePenalty * (urlMatches - 1)) : 1;
    for (let d = 0; d < N; d++) {
      let direct = byUrl[d] * urlShare;
      for (const id of docTitlePatterns[d]) if (titleScore[id] > direct) direct = titleScore[id];
      out[d] = direct;
    }
    // The page's own words (title, heading, URL words) as a query: the article's keywords and title.
    const text = [context.title, context.heading, context.url ? urlWords(context.url) : '', context.context].filter(Boolean).join(' ');
    const concepts = analyseQuery(text);
    if (concepts.length) {
      const { scores, ceiling } = scoreConcepts(concepts, false, false);
      // Relative to the best article, and to how well that article matches the page's words
      // at all: a page whose words only graze the articles suggests nothing.
      let top = 0;
      for (let d = 0; d < N; d++) top = Math.max(top, scores[d]);
      const strength = ceiling > 0 ? Math.min(1, top / (TUNING.strongShare * ceiling)) : 0;
      if (top > 0) for (let d = 0; d < N; d++) out[d] += CONTEXT_WORDS_SHARE * strength * (scores[d] / top) * (scores[d] / top);
    }
    return out;
  }

  function highlight(text: string, matched: Set<string>): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    for (const w of tokenize(text)) {
      if (STOP_WORDS.has(w.word)) continue;
      if (matched.has(termOf(w.word))) ranges.push([w.start, w.end]);
    }
    return ranges;
  }

  function toHits(order: number[], scores: Float64Array, ceiling: number, matched: Set<number> | undefined): SearchHit[] {
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

  function rank(scores: Float64Array, cutoffShare: number, absoluteMin: number, limit: number): number[] {
    let top = 0;
    for (let d = 0; d < N; d++) top = Math.max(top, scores[d]);
    if (top <= 0) return [];
    const min = Math.max(absoluteMin, top * cutoffShare);
    const order: number[] = [];
    for (let d = 0; d < N; d++) if (scores[d] >= min && scores[d] > 0) order.push(d);
    order.sort((a, b) => scores[b] - scores[a] || a - b);
    return order.slice(0, limit);
  }

  function suggest(context: PageContext, limit = 5): SearchHit[] {
    const scores = contextScores(context);
    return toHits(rank(scores, 0, TUNING.suggestCutoff, limit), scores, 1 + CONTEXT_WORDS_SHARE, undefined);
  }

  function search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 10;
    // Search-as-you-type: the last word may be unfinished unless the query ends with a space.
    const prefixLast = !/\s$/.test(query);
    let concepts = analyseQuery(query, (word, last) => correctWord(word, last, prefixLast));
    const hasContext = !!(options.context && (options.context.url || options.context.title || options.context.heading || options.context.context));
    if (!concepts.length) return hasContext ? suggest(options.context!, limit) : [];
    const trouble = hasContext && isTroubleOnly(concepts, troubleTerms);
    if (hasContext && !trouble) concepts = troubleAsWeak(concepts, troubleTerms);
    const scored = scoreConcepts(concepts, prefixLast);
    const { scores, ceiling, matched } = scored;
    // Unknown words the index cannot place mean the query is not about anything here: say so
    // (an empty result leads to "Contact support" and is reported) rather than guess from
    // what is left. Left over are only generic words ("asdf settings"), or only typo corrections
    // beside gibberish ("xyzzy plugh").
    // Trouble words the articles never use ("error" on a page) still mean "trouble here".
    if (trouble && ceiling <= 0) return suggest(options.context!, limit);
    if (scored.failed > 0 && (scored.strong === 0 || scored.exact === 0)) return [];
    let max = ceiling;
    if (hasContext && ceiling > 0) {
      // On a page, an article that fits the page is boosted, and listed even when the query
      // says little about it ("it is broken" on the assignment grading page).
      const ctx = contextScores(options.context!);
      let ctxTop = 0;
      for (let d = 0; d < N; d++) ctxTop = Math.max(ctxTop, ctx[d]);
      if (trouble && ctxTop >= TUNING.suggestCutoff) {
        // "error" on the quiz page is trouble with the quiz: the page's articles first, ordered
        // among themselves (and followed) by what the words say.
        const pageMax = 1 + CONTEXT_WORDS_SHARE;
        for (let d = 0; d < N; d++) scores[d] = (ctx[d] / pageMax) * ceiling + TUNING.troubleQueryShare * scores[d];
        max *= 1 + TUNING.troubleQueryShare * (1 + TUNING.titleAllBonus);
      } else {
        // The clearer the query's own answer, the less a page article it does not mention adds.
        let top = 0;
        for (let d = 0; d < N; d++) top = Math.max(top, scores[d]);
        const pageOnly = TUNING.contextOnly * Math.max(0, 1 - top / ceiling) * ceiling;
        for (let d = 0; d < N; d++) {
          const fit = Math.min(1, ctx[d]);
          scores[d] = scores[d] * (1 + TUNING.contextBoost * fit) + pageOnly * fit;
        }
        max *= 1 + TUNING.contextBoost + TUNING.contextOnly;
      }
    }
    return toHits(rank(scores, TUNING.relativeCutoff, 0, limit), scores, max, matched);
  }

  return { search, suggest };
}
