/**
 * The search index as it travels: built once by content/search/build/build-index.ts, served as
 * /search-index.json, decoded by loaded-index.ts. Plain JSON, so what the CLI searches is byte for
 * byte what the widget and the KB site download.
 */
import type { LanguageData } from './normalize.ts';
import type { VocabularyData } from './vocabulary.ts';

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
  /** Synonyms, generic and trouble words, intents (from build/synonyms.ts): data, not engine code. */
  vocabulary: VocabularyData;
  /** Stop words, joined two-word spellings and spelling variants (build/language.ts). */
  language: LanguageData;
}

/**
 * What /search-index.json holds instead of the index when the built index is over the download
 * budget (content/search/build/ship-index.ts): a note that the API answers searches
 * (`GET /api/search`, the same engine over the same index). The widget and the KB search page
 * fetch /search-index.json as always and read which strategy it is from its content: no
 * configuration, and no extra request.
 */
export interface ServerSearchManifest {
  version: number;
  search: 'server';
  /** How many articles the index holds, and its size gzipped: why it stays on the server. */
  articles: number;
  gzipBytes: number;
}

export const isServerSearch = (data: SearchIndexData | ServerSearchManifest): data is ServerSearchManifest =>
  (data as Partial<ServerSearchManifest>).search === 'server';
