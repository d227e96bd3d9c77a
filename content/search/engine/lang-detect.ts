/**
 * Which language a question is written in, when nobody said: the language whose words it uses
 * that English does not know ("réinitialiser", "le", "hochladen"), else English. English words
 * and names in a French or German question ("SCORM", "Plugin installieren") do not make it English,
 * and one word English knows too ("site", "test") makes no question French. Used by the CLI (all
 * language parts at hand) and by the KB search page (see guessLanguage for before any part is loaded).
 */
import type { KnownToEnglish, QueryLanguage } from './lang-query.ts';

/** The language `text` is written in among `languages`, or undefined for English. */
export function detectLanguage(text: string, languages: readonly QueryLanguage[], english: KnownToEnglish): QueryLanguage | undefined {
  let best: QueryLanguage | undefined;
  let bestOwn = 0;
  let bestEnglish = 0;
  for (const language of languages) {
    const { own, english: other } = language.evidence(text, english);
    if (own > 0 && own >= other && (own > bestOwn || (own === bestOwn && other < bestEnglish))) {
      best = language;
      bestOwn = own;
      bestEnglish = other;
    }
  }
  return best;
}

/**
 * A first guess from the letters and the commonest small words only, before any language part is
 * loaded (so a page in English fetches the French part only for a question that looks French).
 * detectLanguage decides once the part is in.
 */
export function guessLanguage(text: string): string | undefined {
  const t = ` ${text.toLowerCase()} `;
  const score = (letters: RegExp, words: RegExp) => (t.match(letters)?.length ?? 0) + 2 * (t.match(words)?.length ?? 0);
  const fr = score(
    /[àâçéèêëîïôûùœ]/g,
    /[\s'’](le|la|les|des|du|une|est|pour|dans|avec|comment|sur|pas|mon|ma|mes|nos|qui|quand|un|d|l|qu)(?=[\s'’])/g,
  );
  const de = score(
    /[äöüß]/g,
    /\s(der|die|das|und|ist|nicht|wie|ich|kann|mit|für|ein|eine|einen|wer|wo|im|zu|auf|bei|wird|werden|den|dem)(?=\s)/g,
  );
  return fr > de && fr > 0 ? 'fr' : de > fr ? 'de' : undefined;
}
