/**
 * The one search engine of Helpway, used unchanged by the widget, the KB site and the CLI: the
 * public API (createSearcher and its types), and how a search goes from a query to hits.
 * Browser-safe: this folder imports nothing but itself and Fuse's basic build (its own tsconfig
 * checks it without Node's types).
 *
 * How it ranks (measured in bench/search.bench.ts against Fuse.js run directly over the articles):
 * - The index (index-format.ts; built by content/search/build/build-index.ts) holds, per
 *   normalised term, which articles have it in which field:
 *   title > keywords > headings > summary > a compact body excerpt.
 * - A query becomes concepts (vocabulary.ts): each typed word or known phrase, with its synonyms.
 *   The word lists (synonyms, stop words, joins and spellings) travel in the index, not in this
 *   folder's code: the browser downloads them once, with the index, and build-time code
 *   (build-index.ts, synonyms.ts, Fuse.createIndex) stays out of the browser's module graph.
 *   Word order does not matter; every concept is scored on its own and the scores add up,
 *   weighted by how rare the term is (idf) and scaled by the share of concepts an article covers
 *   (scoring.ts).
 * - Typo tolerance (term-candidates.ts, typo.ts): a typed word that is not in the index (or is a
 *   rare misspelling in it) is matched against the index's vocabulary, as written, with Fuse.js
 *   (prebuilt with Fuse.createIndex, loaded with Fuse.parseIndex in loaded-index.ts), plus exact
 *   look-ups of its swapped-letter and extra-letter variants. Corrections count less than the word
 *   itself and never more than it would (idf cap). A correction also lets a misspelt phrase
 *   ("how urgnt") be recognised. The last word also matches as a prefix, for search-as-you-type.
 *   A correction must be a plausible typo: few edits for the word's length (maxTypoEdits) and the
 *   same first letter, so "pasword" finds "password" but "plorkt" is not "portal".
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
 * - Page context (context.ts, page-scores.ts): articles whose `contexts` match the page's URL or
 *   title, or whose terms match the page's words, are boosted in a search and listed by suggest().
 *   A vague trouble query on a page ("error", "it doesn't work") ranks the page's articles first;
 *   beside a subject ("upload failed"), trouble words count like generic words (trouble.ts).
 */
import type { PageContext } from './context.ts';
import { rank, toHits, type SearchHit } from './hits.ts';
import type { SearchIndexData } from './index-format.ts';
import { loadIndex } from './loaded-index.ts';
import { boostByPage, createPageScorer, PAGE_SCORE_MAX } from './page-scores.ts';
import { createScorer } from './scoring.ts';
import { createTermMatcher } from './term-candidates.ts';
import { isTroubleOnly, troubleAsWeak } from './trouble.ts';
import { TUNING } from './tuning.ts';
import { createVocabulary } from './vocabulary.ts';

export type { PageContext } from './context.ts';
export type { SearchHit } from './hits.ts';
export {
  FIELDS,
  FIELD_WEIGHTS,
  INDEX_VERSION,
  isServerSearch,
  type SearchDoc,
  type SearchIndexData,
  type SerializedFuseIndex,
  type ServerSearchManifest,
} from './index-format.ts';
export { TUNING } from './tuning.ts';
export { editDistance, maxTypoEdits } from './typo.ts';

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

export function createSearcher(data: SearchIndexData): Searcher {
  const index = loadIndex(data);
  const { analyseQuery, troubleTerms } = createVocabulary(data.vocabulary);
  const matcher = createTermMatcher(index);
  const scoreConcepts = createScorer(index, matcher);
  const pageScores = createPageScorer(index, analyseQuery, scoreConcepts);

  function suggest(context: PageContext, limit = 5): SearchHit[] {
    const scores = pageScores(context);
    return toHits(index, rank(scores, 0, TUNING.suggestCutoff, limit), scores, PAGE_SCORE_MAX, undefined);
  }

  function search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = options.limit ?? 10;
    // Search-as-you-type: the last word may be unfinished unless the query ends with a space.
    const prefixLast = !/\s$/.test(query);
    let concepts = analyseQuery(query, (word, last) => matcher.correctWord(word, last, prefixLast));
    const context = options.context;
    const hasContext = !!(context && (context.url || context.title || context.heading || context.context));
    if (!concepts.length) return hasContext ? suggest(context!, limit) : [];
    const trouble = hasContext && isTroubleOnly(concepts, troubleTerms);
    if (hasContext && !trouble) concepts = troubleAsWeak(concepts, troubleTerms);
    const scored = scoreConcepts(concepts, prefixLast);
    const { scores, ceiling, matched } = scored;
    // Unknown words the index cannot place mean the query is not about anything here: say so
    // (an empty result leads to "Contact support" and is reported) rather than guess from
    // what is left. Left over are only generic words ("asdf settings"), or only typo corrections
    // beside gibberish ("xyzzy plugh").
    // Trouble words the articles never use ("error" on a page) still mean "trouble here".
    if (trouble && ceiling <= 0) return suggest(context!, limit);
    if (scored.failed > 0 && (scored.strong === 0 || scored.exact === 0)) return [];
    const max = hasContext && ceiling > 0 ? boostByPage(scores, ceiling, pageScores(context!), trouble) : ceiling;
    return toHits(index, rank(scores, TUNING.relativeCutoff, 0, limit), scores, max, matched);
  }

  return { search, suggest };
}
