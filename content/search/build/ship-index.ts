/**
 * How the built search index travels, chosen by its size alone (no configuration):
 * - at or under the budget, /search-index.json is the index, and the widget and the KB search page
 *   search on the client (instant, offline once loaded);
 * - over it, /search-index.json is a small manifest saying "ask the server", and the whole index
 *   goes to /search-index-full.json, which the API loads once and answers `GET /api/search` from
 *   (api/src/articles/public-search.ts), with the same engine and so the same ranking.
 * Measured in bench/search-scale.bench.ts: at 1,000 articles the index alone is ~356 KB gzipped.
 */
import { gzipSync } from 'node:zlib';
import type { SearchIndexData, ServerSearchManifest } from '#search/index-format.ts';

/** The most a browser downloads for the index (gzipped) before search moves to the server. */
export const SEARCH_INDEX_BUDGET = 60 * 1024;

/** Where the whole index goes when it is over the budget, beside /search-index.json. */
export const FULL_INDEX_FILE = 'search-index-full.json';

export interface ShippedIndex {
  /** The body of /search-index.json: the index, or the manifest. */
  client: string;
  /** The body of /search-index-full.json, only when the index is over the budget. */
  full?: string;
  gzipBytes: number;
}

export function shipIndex(index: SearchIndexData, budget = SEARCH_INDEX_BUDGET): ShippedIndex {
  const json = JSON.stringify(index);
  const gzipBytes = gzipSync(json, { level: 9 }).length;
  if (gzipBytes <= budget) return { client: json, gzipBytes };
  const manifest: ServerSearchManifest = { version: index.version, search: 'server', articles: index.docs.length, gzipBytes };
  return { client: JSON.stringify(manifest), full: json, gzipBytes };
}
