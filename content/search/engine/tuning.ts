/**
 * The engine's tuning, chosen by the figures in bench/search.bench.ts and bench/search-tuning.ts
 * (which sweeps these values in place: every unit reads them when it runs, never copies them).
 */
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
  /** Weights are counted among at least this many articles: a term's idf among the articles a query
   *  could be about (scoring.ts), a body word's rarity when the index picks an article's
   *  distinctive words (build-index.ts). Articles on other subjects then change neither, so a
   *  growing knowledge base ranks the same questions the same way. */
  idfArticles: 64,
  /** Suggestions: minimum combined context score to be listed. */
  suggestCutoff: 0.3,
};
