/**
 * Loads the shared search engine and the index once per page, and exposes search and suggest
 * in the shape the panel renders. The engine is the same code the KB site and the CLI use.
 */
import { createSearcher } from '#search/engine.ts';
import type { Searcher, SearchHit, SearchIndexData, PageContext } from '#search/engine.ts';
import type { HelpwayApi } from './api-client.ts';

export type { SearchHit, PageContext, Searcher };

let shared: Promise<Searcher> | undefined;

export function loadSearcher(api: HelpwayApi): Promise<Searcher> {
  shared ??= api.searchIndex<SearchIndexData>().then((data) => createSearcher(data));
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}
