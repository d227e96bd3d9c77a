/**
 * How the ticket search index (migration 0020_ticket_search) cuts text into words, written once for
 * both sides: the database triggers that index a ticket and the inbox code that turns what an
 * agent typed into a query. A word is a run of letters and digits; everything else separates
 * words (so an address "priya@college.example" is the words priya, college, example, and
 * "HW-1042" is hw, 1042); case and the common Latin accents do not count ("Crème" = "creme").
 * No stemming: the help desk's requesters write English, French and German, and each typed word
 * matches as a prefix instead ("assign" finds "assignment", "priya@coll" finds the address).
 *
 * SQLite's FTS5 tokenizer (`unicode61 remove_diacritics 2`) applies the same rule itself, to the
 * documents and to the query alike. PostgreSQL's 'simple' text-search configuration splits on
 * fewer characters (it keeps "priya@college.example" whole) and keeps accents, so its triggers
 * first replace non-alphanumerics by spaces and fold accents with `translate(…, ACCENTED, PLAIN)`;
 * the query's words go through `foldWord` with the same table.
 */

/** Lower-case letters with a diacritic that the PostgreSQL side folds, one character each. */
export const ACCENTED = 'àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž';

/** Letters that do not decompose into a base letter and a mark. */
const UNDECOMPOSED: Record<string, string> = { đ: 'd', ħ: 'h', ı: 'i', ŀ: 'l', ł: 'l', ø: 'o', ŧ: 't' };

/** What each of ACCENTED folds to, position for position (translate() needs equal lengths). */
export const PLAIN = [...ACCENTED].map((ch) => UNDECOMPOSED[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '')).join('');

const FOLD = new Map([...ACCENTED].map((ch, i) => [ch, PLAIN[i]]));

/** A lower-cased word with ACCENTED folded as the PostgreSQL triggers fold it. */
export const foldWord = (word: string): string => [...word].map((ch) => FOLD.get(ch) ?? ch).join('');

/** Words a query keeps: more make no better search, only a slower one. */
export const MAX_QUERY_WORDS = 8;
/** Longer "words" are pasted tokens or hashes: their first characters still find them (prefix). */
export const MAX_WORD_LENGTH = 40;

/** The words of `text` as the index cut them: lower case, accents folded, at most MAX_QUERY_WORDS. */
export function searchWords(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => foldWord(w).slice(0, MAX_WORD_LENGTH));
  return [...new Set(words)].slice(0, MAX_QUERY_WORDS);
}
