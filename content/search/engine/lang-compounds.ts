/**
 * German compounds: a word the lexicon does not know is read as known words written together
 * ("Kursabschluss" = "Kurs" + "Abschluss", "Wartungsmodus" = "Wartung" + "s" + "Modus"), so the
 * lexicon lists the parts once rather than every compound admins may write. Part of the lazily
 * loaded language part (lang-query.ts).
 */

/** Shortest part of a compound: shorter pieces ("ab", "an") would split ordinary words. */
const MIN_PART = 3;
/** Compounds of more parts than this are not worth the search (and are rare in questions). */
const MAX_PARTS = 4;

/**
 * `word` (folded) as known parts, longest first part first, or undefined when it is not made of
 * known words. `known` says whether a piece is a word of the lexicon; `linkers` are the letters
 * that may join two parts ("s", "n", "es", "en", "e").
 */
export function splitCompound(word: string, known: (part: string) => boolean, linkers: readonly string[]): string[] | undefined {
  const split = (rest: string, depth: number): string[] | undefined => {
    if (known(rest)) return [rest];
    if (depth >= MAX_PARTS) return undefined;
    for (let end = rest.length - MIN_PART; end >= MIN_PART; end--) {
      const head = rest.slice(0, end);
      if (!known(head)) continue;
      for (const linker of ['', ...linkers]) {
        if (!rest.startsWith(linker, end)) continue;
        const tail = rest.slice(end + linker.length);
        if (tail.length < MIN_PART) continue;
        const parts = split(tail, depth + 1);
        if (parts) return [head, ...parts];
      }
    }
    return undefined;
  };
  const parts = split(word, 1);
  return parts && parts.length > 1 ? parts : undefined;
}
