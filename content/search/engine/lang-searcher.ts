/**
 * A searcher that reads questions in another language: each question, and the title of the page
 * it is asked on, is read as the English words of the articles (lang-query.ts), then searched by
 * the one engine as it is (engine.ts knows nothing of languages). The widget, the KB search page
 * and the CLI all wrap their searcher this way, so a French question ranks the same everywhere.
 * Part of the lazily loaded language part: an English page never loads it.
 */
import type { PageContext, Searcher } from './engine.ts';
import type { SearchIndexData } from './index-format.ts';
import type { LanguagePackData } from './lang-pack.ts';
import { createQueryLanguage, type KnownToEnglish, type QueryLanguage } from './lang-query.ts';
import { STOP_WORDS, termOf } from './normalize.ts';

/**
 * Whether the index knows a word as English (a stop word, or a term of the articles). Call once
 * the index is loaded (createSearcher), whose normalisation termOf() uses.
 */
export function englishWords(index: Pick<SearchIndexData, 'terms'>): KnownToEnglish {
  const terms = new Set(index.terms);
  return (word) => STOP_WORDS.has(word) || terms.has(termOf(word));
}

/** `searcher` (over `index`) reading questions and page titles written in `language`. */
export function searchIn(searcher: Searcher, language: QueryLanguage, english: KnownToEnglish): Searcher {
  const read = (text: string | undefined) => text && language.toEnglish(text, false, english);
  const page = (context: PageContext): PageContext => ({
    ...context,
    title: read(context.title),
    heading: read(context.heading),
    context: read(context.context),
  });
  return {
    search(query, options = {}) {
      // The last word may be unfinished unless the question ends with a space (search as you type): so may its reading's.
      const unfinished = !/\s$/.test(query);
      const inEnglish = language.toEnglish(query, unfinished, english) + (unfinished ? '' : ' ');
      return searcher.search(inEnglish, { ...options, context: options.context && page(options.context) });
    },
    suggest: (context, limit) => searcher.suggest(page(context), limit),
  };
}

/** A language part as downloaded (/search-language-<lang>.json), wrapped around the searcher of `index`. */
export function searchInLanguage(searcher: Searcher, pack: LanguagePackData, index: Pick<SearchIndexData, 'terms'>): Searcher {
  return searchIn(searcher, createQueryLanguage(pack), englishWords(index));
}
