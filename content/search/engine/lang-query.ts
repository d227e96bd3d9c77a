/**
 * Reads a question in another language as the English words of the articles: "réinitialiser le
 * mot de passe d'un utilisateur" → "reset password user", "Benutzer per CSV-Datei hochladen" →
 * "user csv file upload". The English engine then searches those words with its own synonyms,
 * typo tolerance and page context, so one index serves every language.
 *
 * On the way: elisions ("d'un", "l'utilisateur"), case and accents, the language's letter
 * spellings ("ue" for "ü"), stop words, a light stemmer ("utilisateurs", "Kursen"), German
 * compounds (lang-compounds.ts), known phrases longest first ("mot de passe", "carnet de notes"),
 * then, for words the language does not know, a close typo of a known word or, for the last word
 * typed so far, the known word it begins. Words that neither the language nor typo tolerance
 * place stay as typed: product names, acronyms and English words ("SCORM", "Moodle", "CSV")
 * mean the same in any question. Words English knows are never "corrected" into another language.
 *
 * The rules are the language part's data (lang-pack.ts); this module is the lazily loaded code
 * that applies them, shared by every language. The widget loads it only when it speaks one.
 */
import { splitCompound } from './lang-compounds.ts';
import { LANGUAGE_PACK_VERSION, type LanguagePackData } from './lang-pack.ts';
import { foldText } from './normalize.ts';
import { editDistance } from './typo.ts';

/** Whether English (the index) knows a word as typed: such words are never corrected into another language. */
export type KnownToEnglish = (word: string) => boolean;

export interface QueryLanguage {
  /** The language this part reads ("fr", "de"). */
  lang: string;
  /**
   * The text in the English words of the articles. `prefixLast`: the last word may be unfinished
   * (search as you type). `english` tells English words apart (none are, without it).
   */
  toEnglish(text: string, prefixLast?: boolean, english?: KnownToEnglish): string;
  /**
   * Evidence for detection: how many of the text's words this language knows and English does
   * not (`own`), and how many English knows and this language does not (`english`).
   */
  evidence(text: string, english: KnownToEnglish): { own: number; english: number };
}

/** A word of the question: folded as typed, and the forms it is looked up by (as written, stemmed). */
interface Token {
  word: string;
  forms: string[];
}

/** A lexicon entry: each word's forms, and the English it stands for ("" = the words themselves). */
interface Entry {
  words: string[][];
  to: string;
}

/** A stretch of the question read one way: an entry, a stop word, a guess, or a word passed on. */
interface Reading {
  length: number;
  entry?: Entry;
  /** The English for a word that is no entry as typed: the entry of a typo or of an unfinished word. */
  english?: string;
  stop?: boolean;
  /** A short word neither language knows: dropped, like a stop word. */
  unknown?: boolean;
}

/** Small words a phrase may skip in a question ("formation pour nos administrateurs"). */
const MAX_SKIPPED = 3;
/** The last word, while typed, is completed into a known word from this many letters. */
const MIN_COMPLETION = 5;
/** A word is read as a typo of a known word from this many letters (shorter ones are too often other words). */
const MIN_TYPO = 7;
/**
 * Words neither this language nor English knows are passed on from this many letters: cognates
 * the English typo tolerance may place ("categorie"). Shorter ones are more likely small words
 * these lists lack, which English would "correct" into something else ("vide" into "video").
 */
const KEEP_UNKNOWN = 7;

const compile = (rules: Array<[string, string]> | undefined, flags: string) =>
  (rules ?? []).map(([pattern, replacement]) => [new RegExp(pattern, flags), replacement] as const);

/** Elided words ("l'", "qu'") as a pattern, from a language part's alternatives. */
const elisionPattern = (alternatives: string) => new RegExp(`(^|[^\\p{L}])(?:${alternatives})'(?=\\p{L})`, 'gu');

/** Folded words of a text, elisions removed: how questions and lexicon phrases are both read. */
function foldedWords(text: string, elision: RegExp | undefined): string[] {
  let folded = foldText(text);
  if (elision) folded = folded.replace(elision, '$1');
  return folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** A lexicon phrase as the language part stores it ("Mot-de-passe" → "mot de passe"). */
export function lexiconKey(phrase: string, elision?: string): string {
  // Lists may write an elision with a space ("compte d utilisateur"): read it as the apostrophe.
  const written = elision ? phrase.replace(new RegExp(`(^|[^\\p{L}])(${elision}) (?=\\p{L})`, 'gu'), "$1$2'") : phrase;
  return foldedWords(written, elision ? elisionPattern(elision) : undefined).join(' ');
}

const rewrite = (word: string, rules: ReadonlyArray<readonly [RegExp, string]>) => rules.reduce((w, [re, to]) => w.replace(re, to), word);

export function createQueryLanguage(pack: LanguagePackData): QueryLanguage {
  if (pack.version !== LANGUAGE_PACK_VERSION)
    throw new Error(`search language part version ${pack.version} is not supported (expected ${LANGUAGE_PACK_VERSION}): rebuild it`);
  const elision = pack.elision ? elisionPattern(pack.elision) : undefined;
  const letters = compile(pack.letters, 'gu');
  const stemRules = compile(pack.stem, 'u');
  const retryRules = compile(pack.retry, 'u');
  const stop = new Set(pack.stopWords.split(' ').map((w) => rewrite(w, letters)));

  const stem = (w: string) => (w.length <= 3 || /\d/.test(w) ? w : rewrite(w, stemRules));
  const formsOf = (word: string): string[] => {
    const written = rewrite(word, letters);
    const stemmed = stem(written);
    return stemmed === written ? [written] : [written, stemmed];
  };

  // Entries by each form of their first word; single words by each of their forms (compound parts).
  const byFirst = new Map<string, Entry[]>();
  const single = new Map<string, Entry>();
  const listed = Object.entries(pack.lexicon).flatMap(([to, phrases]) => phrases.split('|').map((phrase) => [phrase, to]));
  for (const [phrase, to] of [...pack.same.split(' ').map((word) => [word, '']), ...listed]) {
    const entry: Entry = { words: phrase.split(' ').map(formsOf), to };
    for (const form of entry.words[0]) {
      let list = byFirst.get(form);
      if (!list) byFirst.set(form, (list = []));
      list.push(entry);
      if (entry.words.length === 1 && !single.has(form)) single.set(form, entry);
    }
  }
  const singleForms = [...single.keys()];
  const entryOf = (forms: string[]) => forms.map((f) => single.get(f)).find(Boolean);
  const known = (part: string) => !!entryOf(formsOf(part));

  /** Folded words, elisions removed, with their forms. */
  function tokenize(text: string): Token[] {
    return foldedWords(text, elision).map((word) => ({ word, forms: formsOf(word) }));
  }

  const isKnown = (forms: string[]) => forms.some((f) => byFirst.has(f));

  /**
   * Unknown words read as a verb whose particle was left at the end ("lade … hoch" as
   * "hochladen"), through the retry rules ("gelöscht" as "löscht"), or as the known words they
   * are made of ("Kursabschluss" as "kurs" + "abschluss", each part a word of its own).
   */
  function expand(tokens: Token[]): Token[] {
    const used = new Set<number>();
    const out: Token[] = [];
    tokens.forEach((t, i) => {
      if (used.has(i)) return;
      if (stop.has(t.forms[0]) || t.forms.some((f) => single.has(f)) || /\d/.test(t.word)) return void out.push(t);
      for (let j = tokens.length - 1; j > i; j--) {
        const particle = tokens[j].forms[0];
        if (used.has(j) || !pack.particles?.includes(particle)) continue;
        const joined = particle + t.word;
        const forms = [joined, rewrite(joined, retryRules)].map(formsOf).find(isKnown);
        if (forms) {
          used.add(j);
          return void out.push({ word: joined, forms });
        }
      }
      if (isKnown(t.forms)) return void out.push(t); // the first word of a phrase
      const retried = formsOf(rewrite(t.word, retryRules));
      if (isKnown(retried)) return void out.push({ word: t.word, forms: retried });
      const parts = pack.linkers && splitCompound(rewrite(t.word, letters), known, pack.linkers);
      out.push(...(parts ? parts.map((part) => ({ word: part, forms: formsOf(part) })) : [t]));
    });
    return out;
  }

  const same = (a: string[], b: string[]) => a.some((f) => b.includes(f));

  /**
   * The longest entry starting at `i`, and how many of the question's words it spans: small words
   * between its words are skipped ("formation pour nos administrateurs" reads as "formation
   * administrateurs"); the last word may be unfinished when `prefix`. A stop word only starts a
   * phrase ("en masse", "qui a supprimé"): alone it means nothing, whatever its stem.
   */
  function entryAt(tokens: Token[], i: number, prefix: boolean): { entry: Entry; length: number } | undefined {
    let best: { entry: Entry; length: number } | undefined;
    const last = tokens.length - 1;
    const isStop = stop.has(tokens[i].forms[0]);
    for (const form of isStop ? tokens[i].forms.slice(0, 1) : tokens[i].forms) {
      for (const entry of byFirst.get(form) ?? []) {
        const n = entry.words.length;
        if ((best && best.entry.words.length >= n) || (isStop && n === 1)) continue;
        let k = 1;
        let q = i + 1;
        for (let skipped = 0; k < n && q <= last; q++) {
          const t = tokens[q];
          const unfinished = prefix && q === last && k === n - 1 && t.word.length >= 2 && entry.words[k][0].startsWith(t.forms[0]);
          if (same(t.forms, entry.words[k]) || unfinished) k++;
          else if (!stop.has(t.forms[0]) || ++skipped > MAX_SKIPPED) break;
        }
        if (k === n) best = { entry, length: q - i };
      }
    }
    return best;
  }

  /**
   * The known word meant by a word the language does not know: for the last word while it is being
   * typed, the shortest known word it begins; else a known word one plausible typo away.
   */
  function guess(word: string, unfinished: boolean): string | undefined {
    const [form] = formsOf(word);
    let best: string | undefined;
    if (unfinished && word.length >= MIN_COMPLETION)
      for (const candidate of singleForms) if (candidate.startsWith(form) && (!best || candidate.length < best.length)) best = candidate;
    if (best || word.length < MIN_TYPO) return best;
    // One edit: two would as often land on another real word ("renvoyer" is no typo of "renoter").
    for (const candidate of singleForms) if (candidate[0] === form[0] && editDistance(form, candidate, 1) <= 1) return candidate;
    return undefined;
  }

  const englishOf = (entry: Entry, words: string[]) => entry.to || words.join(' ');

  /** The question read left to right: entries (longest first), stop words, guesses, compounds. */
  function read(text: string, prefixLast: boolean, english: KnownToEnglish): Array<Reading & { words: string[] }> {
    const tokens = expand(tokenize(text));
    const out: Array<Reading & { words: string[] }> = [];
    for (let i = 0; i < tokens.length;) {
      const t = tokens[i];
      const isLast = i === tokens.length - 1;
      const match = entryAt(tokens, i, prefixLast);
      const length = match?.length ?? 1;
      const words = tokens.slice(i, i + length).map((w) => w.word);
      if (match) out.push({ length, entry: match.entry, words });
      else if (stop.has(t.forms[0])) out.push({ length, stop: true, words });
      else {
        const isEnglish = english(t.word);
        const found = isEnglish ? undefined : guess(t.word, isLast && prefixLast);
        if (found) out.push({ length, english: englishOf(single.get(found)!, [found]), words });
        else if (isEnglish || t.word.length >= KEEP_UNKNOWN || /\d/.test(t.word)) out.push({ length, words });
        else out.push({ length, stop: true, words, unknown: true });
      }
      i += length;
    }
    return out;
  }

  const nothingIsEnglish: KnownToEnglish = () => false;

  return {
    lang: pack.lang,
    toEnglish(text, prefixLast = false, english = nothingIsEnglish) {
      return read(text, prefixLast, english)
        .flatMap((r) => (r.stop ? [] : r.entry ? [englishOf(r.entry, r.words)] : [r.english ?? r.words.join(' ')]))
        .join(' ');
    },
    evidence(text, english) {
      let own = 0;
      let en = 0;
      for (const r of read(text, false, english)) {
        const isEnglish = r.words.every(english);
        const ours = (r.stop && !r.unknown) || (r.entry ? r.entry.to !== '' : r.english !== undefined);
        if (ours && !isEnglish) own += r.length;
        else if (!ours && isEnglish) en += r.length;
      }
      return { own, english: en };
    },
  };
}
