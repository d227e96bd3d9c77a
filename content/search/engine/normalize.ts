/**
 * Text normalisation shared by the index builder and the query side, so both see the same terms:
 * case and accent folding, punctuation, possessives, stop words and a light English stemmer.
 * Browser-safe: no node: imports.
 */

/** Lower-case, strip accents (NFKD + combining marks) and fold typographic quotes. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .toLowerCase();
}

/** A word of the source text with its position, for highlighting. */
export interface WordSpan {
  /** Folded word, possessive removed. */
  word: string;
  /** Inclusive start and end offsets in the original text. */
  start: number;
  end: number;
}

const NON_ASCII = /[^\x00-\x7f]/;

// Letters, digits; an inner apostrophe is kept here and resolved below (user's, don't).
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;

/**
 * Words of `text` with offsets into the ORIGINAL string. Folding is done per match so offsets stay
 * valid (NFKD can change lengths; we only fold the matched word, never the whole text).
 */
export function words(text: string): WordSpan[] {
  const out: WordSpan[] = [];
  // Work on the original string: \p{L} already matches accented letters.
  const source = text.replace(/[\u2018\u2019\u02bc]/g, "'");
  for (const m of source.matchAll(WORD)) {
    // Most words are ASCII: skip Unicode normalisation for them.
    let word = NON_ASCII.test(m[0]) ? foldText(m[0]) : m[0].toLowerCase();
    // Possessives and contractions: "user's" → "user", "don't" → "dont" (a stop word).
    if (word.endsWith("'s")) word = word.slice(0, -2);
    else word = word.replace(/'/g, '');
    if (!word) continue;
    out.push({ word, start: m.index, end: m.index + m[0].length - 1 });
  }
  return out;
}

/**
 * The language tables (language.ts): a project's data, shipped in the search index rather than in
 * this module's code. Loaded once per process or page by useLanguage(): build-index.ts does it at
 * build time, createSearcher() from the index it is given.
 */
export interface LanguageData {
  /**
   * Two-word spellings of one thing, joined before anything else so "log in", "logging in" and
   * "login" meet. Key: stemmed first word + second word.
   */
  joins: Record<string, string>;
  /** Words that carry no meaning in a help question, space-separated. */
  stopWords: string;
  /** Spelling variants folded to one form after stemming (UK/US and common compounds). */
  spelling: Record<string, string>;
}

const JOINS = new Map<string, string>();
const JOIN_SECOND = new Set<string>();
const SPELLING = new Map<string, string>();
/** Stop words (the loaded language's); phrases that need one ("log in") are joined by tokenize() first. */
export const STOP_WORDS: ReadonlySet<string> = new Set<string>();

/** Loads the language tables every function of this module uses (replacing any loaded before). */
export function useLanguage(data: LanguageData): void {
  JOINS.clear();
  JOIN_SECOND.clear();
  SPELLING.clear();
  const stop = STOP_WORDS as Set<string>;
  stop.clear();
  for (const [k, v] of Object.entries(data.joins)) {
    JOINS.set(k, v);
    JOIN_SECOND.add(k.split(' ')[1]);
  }
  for (const [k, v] of Object.entries(data.spelling)) SPELLING.set(k, v);
  for (const w of data.stopWords.split(' ')) if (w) stop.add(w);
  termCache.clear();
}

/** Normalising with no language loaded would silently give other terms than the index's. */
function needLanguage(): void {
  if (!STOP_WORDS.size) throw new Error('search: no language loaded (createSearcher() or build-index.ts loads it)');
}

/** Words with the two-word spellings of JOINS merged (the merged span covers both words). */
export function tokenize(text: string): WordSpan[] {
  needLanguage();
  const list = words(text);
  const out: WordSpan[] = [];
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    const b = list[i + 1];
    const joined = b && JOIN_SECOND.has(b.word) ? (JOINS.get(`${a.word} ${b.word}`) ?? JOINS.get(`${stem(a.word)} ${b.word}`)) : undefined;
    if (joined) {
      out.push({ word: joined, start: a.start, end: b.end });
      i++;
    } else out.push(a);
  }
  return out;
}

const VOWEL = /[aeiouy]/;

function undouble(w: string): string {
  const n = w.length;
  if (n >= 3 && w[n - 1] === w[n - 2] && !/[lsz]/.test(w[n - 1]) && !VOWEL.test(w[n - 1])) return w.slice(0, -1);
  return w;
}

/**
 * A light, deterministic English stemmer: plurals, -ing, -ed and a final -e, so that
 * "courses", "course"; "creating", "created", "create"; "uploads", "uploaded" meet.
 * Deliberately conservative (no suffix stripping beyond these) so stems stay readable.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) {
    // Short plurals of acronyms and ids: "ids" → "id", "urls" → "url".
    if (w.length === 3 && w.endsWith('s') && !/[su]s$/.test(w) && !/\d/.test(w)) return w.slice(0, -1);
    return w;
  }
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);

  if (w.endsWith('ing') && w.length >= 6 && VOWEL.test(w.slice(0, -3))) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && !w.endsWith('eed') && w.length >= 5 && VOWEL.test(w.slice(0, -2))) w = undouble(w.slice(0, -2));

  if (w.length > 4 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

/** One word → its index term: stem, then fold spelling variants. */
export function termOf(word: string): string {
  let t = termCache.get(word);
  if (t === undefined) {
    needLanguage();
    const s = stem(word);
    t = SPELLING.get(s) ?? s;
    if (termCache.size > 50_000) termCache.clear();
    termCache.set(word, t);
  }
  return t;
}
const termCache = new Map<string, string>();

/** Words of a text as index terms, stop words removed (used for fields and queries alike). */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const { word } of tokenize(text)) {
    if (STOP_WORDS.has(word)) continue;
    out.push(termOf(word));
  }
  return out;
}
