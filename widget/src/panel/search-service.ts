/**
 * Loads the shared search engine and the index once per page, and exposes search and suggest
 * in the shape the panel renders. The engine is the same code the KB site and the CLI use.
 * A widget speaking French or German also loads that language's part (its reading code and
 * word lists, /search-language-<lang>.json) on first use, so questions in its language find the
 * English articles; an English widget never downloads one. Without it, searches stay English.
 *
 * When the knowledge base is too big to download, /search-index.json is a small manifest saying so
 * (content/search/build/ship-index.ts): the widget then asks the API for each search
 * (remote-search.ts), with no configuration and no extra request.
 */
import { createSearcher, isServerSearch } from '#search/engine.ts';
import type { Searcher, SearchHit, SearchIndexData, SearchOptions, PageContext, ServerSearchManifest } from '#search/engine.ts';
import type { LanguagePackData } from '#search/lang-pack.ts';
import type { HelpwayApi } from './api-client.ts';
import { remoteSearcher } from './remote-search.ts';

export type { SearchHit, PageContext, Searcher };

/** A searcher here (answers at once) or on the server (`remote`: answers with a promise, cancellable). */
export interface WidgetSearcher {
  /** Each search is a request: keystrokes are debounced and a stale search cancelled. */
  remote?: boolean;
  search(query: string, options?: SearchOptions & { signal?: AbortSignal }): SearchHit[] | Promise<SearchHit[]>;
  suggest(context: PageContext, limit?: number, signal?: AbortSignal): SearchHit[] | Promise<SearchHit[]>;
}

let shared: Promise<Searcher | 'server'> | undefined;
let index: SearchIndexData;
const inLanguage: Record<string, Promise<WidgetSearcher>> = {};

export function loadSearcher(api: HelpwayApi, lang = 'en'): Promise<WidgetSearcher> {
  shared ??= api
    .searchIndex<SearchIndexData | ServerSearchManifest>()
    .then((data) => (isServerSearch(data) ? 'server' : createSearcher((index = data))));
  shared.catch(() => {
    shared = undefined;
  });
  const english = shared;
  return (inLanguage[lang] ??= english.then(async (local) => {
    if (local === 'server') return remoteSearcher(api, lang);
    if (lang === 'en') return local;
    try {
      const [part, pack] = await Promise.all([import('#search/lang-searcher.ts'), api.searchLanguage<LanguagePackData>(lang)]);
      return part.searchInLanguage(local, pack, index);
    } catch {
      // Without its language part (offline, an old server), the widget still searches in English
      // (and tries the part again next time).
      delete inLanguage[lang];
      return local;
    }
  })).catch((error: unknown) => {
    delete inLanguage[lang];
    throw error;
  });
}
