/**
 * A language part of the search index as it travels: what it takes to read a French or German
 * question against the English articles. Built by content/search/build/language-pack.ts, served
 * as /search-language-<lang>.json beside /search-index.json, and fetched only by a page or widget
 * that speaks that language (an English session never downloads one). Read by lang-query.ts.
 *
 * Every rule is data (regular expressions as source text, word lists), so the code that applies
 * them is one small module for every language, and a language is added by writing its lists.
 */

export const LANGUAGE_PACK_VERSION = 1;

export interface LanguagePackData {
  version: number;
  /** The language of the questions this part reads (BCP 47): "fr", "de". */
  lang: string;
  /**
   * Elided words before an apostrophe, as a regular expression's alternatives ("qu|[cdjlmnst]"):
   * "l'utilisateur", "d'un" and "qu'il" lose them before anything else.
   */
  elision?: string;
  /** Letter rewrites after case and accent folding, [pattern, replacement] (German "ue" for "ü"). */
  letters?: Array<[string, string]>;
  /**
   * The light stemmer: [pattern, replacement] applied in order, each once, to a folded word
   * ("utilisateurs" → "utilisateur", "Kursen" → "kurs"). Words of 3 letters or fewer are kept.
   */
  stem: Array<[string, string]>;
  /** Rewrites tried when a word is not known as it is (German participles: "gelöscht" → "löscht"). */
  retry?: Array<[string, string]>;
  /** Words that carry no meaning in a help question, folded, space-separated. */
  stopWords: string;
  /** Verb particles a sentence may leave at its end ("lade … hoch" for "hochladen"), German. */
  particles?: string[];
  /**
   * Letters that may join the parts of a compound ("s" in "Wartungsmodus"). Present: unknown
   * words are split into known ones ("Kursabschluss" → "Kurs" + "Abschluss"); absent: never.
   */
  linkers?: string[];
  /**
   * The English words the articles use ("password") → the known words and phrases that say them,
   * folded, "|"-separated ("mot de passe|mdp"). Grouped by the English, which travels once.
   */
  lexicon: Record<string, string>;
  /** Words written as in English ("plugin", "scorm"), space-separated: known, read as they are. */
  same: string;
}
