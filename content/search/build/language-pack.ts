/**
 * Builds a language part of the search index (#search/lang-pack.ts) from a language's word lists
 * (./languages/fr.ts, de.ts): the lexicon's phrases are folded as questions will be (case,
 * accents, elisions, punctuation) and checked, so two phrases that read the same never point to
 * different English words. Build time only, like build-index.ts.
 */
import { LANGUAGE_PACK_VERSION, type LanguagePackData } from '#search/lang-pack.ts';
import { lexiconKey } from '#search/lang-query.ts';
import { FRENCH } from './languages/fr.ts';
import { GERMAN } from './languages/de.ts';

/**
 * A language's lists as written by people (see languages/fr.ts for what each means): the part's
 * own fields, with the lexicon and the same-as-English words not yet folded.
 */
export type LanguageSource = Omit<LanguagePackData, 'version'>;

/** The languages the index has a part for, besides English. */
export const LANGUAGE_SOURCES: readonly LanguageSource[] = [FRENCH, GERMAN];

export const SEARCH_LANGUAGES: readonly string[] = LANGUAGE_SOURCES.map((s) => s.lang);

export function buildLanguagePack(source: LanguageSource): LanguagePackData {
  const lexicon: Record<string, string> = {};
  const from: Record<string, string> = {};
  const problems: string[] = [];
  const add = (phrase: string, english: string) => {
    const key = lexiconKey(phrase, source.elision);
    if (!key) problems.push(`"${phrase}" (for "${english}") has no words`);
    else if (key in lexicon && lexicon[key] !== english)
      problems.push(
        `"${phrase}" reads as "${key}", which already means "${lexicon[key] || key}" (from "${from[key]}"), not "${english || key}"`,
      );
    else {
      lexicon[key] = english;
      from[key] = phrase;
    }
  };
  for (const word of source.same.split(/\s+/).filter(Boolean)) add(word, '');
  for (const [english, phrases] of Object.entries(source.lexicon)) {
    for (const phrase of phrases.split('|')) add(phrase.trim(), english);
  }
  // Folded as questions are ("gibt's" is "gibt" and "s"), one word each.
  const stopWords = [...new Set(lexiconKey(source.stopWords, source.elision).split(' '))];
  // A stop word is never read alone, so a one-word entry for it would never be used.
  for (const w of stopWords)
    if (w in lexicon) problems.push(`"${from[w]}" is a stop word: drop it from the lexicon or from the stop words`);
  if (problems.length)
    throw new Error(`search language ${source.lang} (content/search/build/languages/${source.lang}.ts):\n  ${problems.join('\n  ')}`);
  const grouped: Record<string, string[]> = {};
  const same: string[] = [];
  for (const [key, english] of Object.entries(lexicon)) {
    if (english) (grouped[english] ??= []).push(key);
    else same.push(key);
  }
  const pack: LanguagePackData = {
    version: LANGUAGE_PACK_VERSION,
    lang: source.lang,
    stem: source.stem,
    stopWords: stopWords.join(' '),
    lexicon: Object.fromEntries(Object.entries(grouped).map(([english, keys]) => [english, keys.join('|')])),
    same: same.join(' '),
  };
  if (source.elision) pack.elision = source.elision;
  if (source.letters) pack.letters = source.letters;
  if (source.retry) pack.retry = source.retry;
  if (source.linkers) pack.linkers = source.linkers;
  if (source.particles) pack.particles = source.particles;
  return pack;
}

/** Every language part, by language. */
export function buildLanguagePacks(): Record<string, LanguagePackData> {
  return Object.fromEntries(LANGUAGE_SOURCES.map((s) => [s.lang, buildLanguagePack(s)]));
}
