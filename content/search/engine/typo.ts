/**
 * What counts as a typo: an edit distance, and how many edits a word of a given length may hold.
 * Pure functions; term-candidates.ts asks them about the corrections Fuse proposes.
 */
import { termOf } from './normalize.ts';

/** Edits a typo of this length may hold: one up to 7 letters, two up to 11, then three. */
export function maxTypoEdits(length: number): number {
  return length <= 7 ? 1 : length <= 11 ? 2 : 3;
}

/**
 * Optimal string alignment distance (insertions, deletions, substitutions, adjacent swaps),
 * stopping early once it exceeds `max` (then returns max + 1).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2] + 1);
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return Math.min(prev[b.length], max + 1);
}

/**
 * Is `term` (written `surface`) a plausible correction of the typed `word`? Fuse finds candidates
 * by fuzzy substring; a real typo is also close as a whole word: few edits for its length, and the
 * same first letter (people rarely mistype it) unless the word is long and one edit away.
 * So "pasword" → "password", "certifcate" → "certificate", but "plorkt" is not "portal",
 * "qwerty" is not "query" and "plugh" is not "plugin".
 */
export function plausibleTypo(word: string, surface: string, term: string): boolean {
  // Stems are compared too when the typed word has an ending ("uplods" ~ "upload"), but a bare
  // word is compared as written only ("asdf" is not "adfs", whose stem is "adf").
  const typedTerm = termOf(word);
  let distance = editDistance(word, surface, 3);
  if (typedTerm !== word) distance = Math.min(distance, editDistance(typedTerm, term, 3));
  const allowed = maxTypoEdits(word.length);
  if (distance > allowed) return false;
  const sameStart = word[0] === surface[0] || (word[0] === surface[1] && word[1] === surface[0]);
  return sameStart || (distance === 1 && word.length >= 6);
}
