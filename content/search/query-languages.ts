/**
 * The languages a question may be asked in, for Node callers that hold every language part (the
 * search CLI, the relevance test and the benchmark): each part built and round-tripped through
 * JSON (exactly what a French or German page downloads), and the searcher for a question — in
 * the language asked for, else the one detected (#search/lang-detect.ts), else English.
 */
import { buildLanguagePacks, SEARCH_LANGUAGES } from '#search-build/language-pack.ts';
import type { SearchIndexData, Searcher } from '#search/engine.ts';
import { detectLanguage } from '#search/lang-detect.ts';
import { createQueryLanguage } from '#search/lang-query.ts';
import { englishWords, searchIn } from '#search/lang-searcher.ts';

/** "en" and the languages with a language part ("fr", "de"). */
export const QUERY_LANGUAGES: readonly string[] = ['en', ...SEARCH_LANGUAGES];

export interface QueryLanguages {
  /** The language `text` is written in: `lang` when given, else detected ("en" when none fits). */
  detect(text: string, lang?: string): string;
  /** `searcher` reading questions in `lang` ("en": as it is). */
  searcher(lang: string): Searcher;
}

/** `searcher` over `index`, created with createSearcher() before this is called. */
export function loadQueryLanguages(searcher: Searcher, index: Pick<SearchIndexData, 'terms'>): QueryLanguages {
  const english = englishWords(index);
  const languages = Object.values(buildLanguagePacks()).map((pack) => createQueryLanguage(JSON.parse(JSON.stringify(pack))));
  const searchers = new Map<string, Searcher>([
    ['en', searcher],
    ...languages.map((l) => [l.lang, searchIn(searcher, l, english)] as const),
  ]);
  return {
    detect: (text, lang) => lang ?? detectLanguage(text, languages, english)?.lang ?? 'en',
    searcher(lang) {
      const found = searchers.get(lang);
      if (!found) throw new Error(`no search language "${lang}" (known: ${QUERY_LANGUAGES.join(', ')})`);
      return found;
    },
  };
}
