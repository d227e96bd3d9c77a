/**
 * Loads the shared search engine and the index once per page, and exposes search and suggest
 * in the shape the panel renders. The engine is the same code the KB site and the CLI use.
 * A widget speaking French or German also loads that language's part (its reading code and
 * word lists, /search-language-<lang>.json) on first use, so questions in its language find the
 * English articles; an English widget never downloads one. Without it, searches stay English.
 */
import { createSearcher } from '#search/engine.ts';
import type { Searcher, SearchHit, SearchIndexData, PageContext } from '#search/engine.ts';
import type { LanguagePackData } from '#search/lang-pack.ts';
import type { HelpwayApi } from './api-client.ts';

export type { SearchHit, PageContext, Searcher };

let shared: Promise<Searcher> | undefined;
let index: SearchIndexData;
const inLanguage: Record<string, Promise<Searcher>> = {};

export function loadSearcher(api: HelpwayApi, lang = 'en'): Promise<Searcher> {
  shared ??= api.searchIndex<SearchIndexData>().then((data) => createSearcher((index = data)));
  shared.catch(() => {
    shared = undefined;
  });
  if (lang === 'en') return shared;
  const searcher = (inLanguage[lang] ??= Promise.all([
    shared,
    import('#search/lang-searcher.ts'),
    api.searchLanguage<LanguagePackData>(lang),
  ]).then(([english, part, pack]) => part.searchInLanguage(english, pack, index)));
  // Without its language part (offline, an old server), the widget still searches in English.
  return searcher.catch(() => {
    delete inLanguage[lang];
    return shared!;
  });
}
