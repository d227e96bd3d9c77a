/**
 * Page context in the ranking: per article, how well it fits the page the user is on (its
 * `contexts` against the page's URL and title, plus the page's own words), which suggest() lists
 * and a search on that page is boosted by. context.ts matches one pattern; this ranks the articles.
 */
import {
  compileUrlPattern,
  matchTitle,
  matchUrl,
  parsePageUrl,
  titleTerms,
  urlWords,
  type PageContext,
  type UrlPattern,
} from './context.ts';
import type { LoadedIndex } from './loaded-index.ts';
import type { ScoreConcepts } from './scoring.ts';
import { TUNING } from './tuning.ts';
import type { Concept } from './vocabulary.ts';

/** How much the page's words add to an article's best `contexts` match (0..1). */
const CONTEXT_WORDS_SHARE = 0.5;
/** The highest page score an article can have. */
export const PAGE_SCORE_MAX = 1 + CONTEXT_WORDS_SHARE;

/** Per document, how well it fits the page (0..PAGE_SCORE_MAX); callers never write into the result. */
export type PageScores = (context: PageContext) => Float64Array;

export function createPageScorer(index: LoadedIndex, analyseQuery: (text: string) => Concept[], scoreConcepts: ScoreConcepts): PageScores {
  const { docs } = index;
  const N = docs.length;
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
  const docUrlPatterns = docs.map((d) =>
    Int32Array.from(d.contexts?.urls ?? [], (u) => intern(urlPatternList, urlIds, u, () => compileUrlPattern(u))),
  );
  const docTitlePatterns = docs.map((d) =>
    Int32Array.from(d.contexts?.titles ?? [], (t) => {
      const termsOfTitle = titleTerms(t);
      return intern(titlePatternList, titleIds, termsOfTitle.join(' '), () => termsOfTitle);
    }),
  );

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

  // The widget searches many times from one page: the page's scores are kept for the next query.
  let lastContext: { key: string; scores: Float64Array } | undefined;
  return function contextScores(context: PageContext): Float64Array {
    const key = JSON.stringify([context.url ?? '', context.title ?? '', context.heading ?? '', context.context ?? '']);
    if (lastContext?.key === key) return lastContext.scores;
    const scores = computeContextScores(context);
    lastContext = { key, scores };
    return scores;
  };
}

/**
 * A search on a page: articles that fit the page are boosted, and listed even when the query says
 * little about them ("it is broken" on the assignment grading page). Rewrites `scores` (the query's,
 * whose best possible total is `ceiling`) and returns the new best possible total.
 * `trouble`: the query only says something is wrong ("error" on the quiz page).
 */
export function boostByPage(scores: Float64Array, ceiling: number, page: Float64Array, trouble: boolean): number {
  const N = scores.length;
  let pageTop = 0;
  for (let d = 0; d < N; d++) pageTop = Math.max(pageTop, page[d]);
  if (trouble && pageTop >= TUNING.suggestCutoff) {
    // Trouble with the quiz: the page's articles first, ordered among themselves (and followed) by
    // what the words say.
    for (let d = 0; d < N; d++) scores[d] = (page[d] / PAGE_SCORE_MAX) * ceiling + TUNING.troubleQueryShare * scores[d];
    return ceiling * (1 + TUNING.troubleQueryShare * (1 + TUNING.titleAllBonus));
  }
  // The clearer the query's own answer, the less a page article it does not mention adds.
  let top = 0;
  for (let d = 0; d < N; d++) top = Math.max(top, scores[d]);
  const pageOnly = TUNING.contextOnly * Math.max(0, 1 - top / ceiling) * ceiling;
  for (let d = 0; d < N; d++) {
    const fit = Math.min(1, page[d]);
    scores[d] = scores[d] * (1 + TUNING.contextBoost * fit) + pageOnly * fit;
  }
  return ceiling * (1 + TUNING.contextBoost + TUNING.contextOnly);
}
