/**
 * Which language a question is written in, when nobody said: the language whose words it uses
 * that English does not know ("réinitialiser", "le", "hochladen"), unless English words outnumber
 * them more than two to one; else English. English words and names in a French or German
 * question ("SCORM", "Plugin installieren") do not make it English, and a word English knows
 * too ("site", "test") makes no question French. Used by the CLI (all
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
    if (own > 0 && 2 * own >= other && (own > bestOwn || (own === bestOwn && other < bestEnglish))) {
      best = language;
      bestOwn = own;
      bestEnglish = other;
    }
  }
  return best;
}

/**
 * A first guess from letters, the commonest small words and a few LMS words and endings, before any
 * language part is loaded (so a page in English fetches the French part only for a question that
 * looks French). Wrong now and then; the language part, once in, reads English words as English.
 */
export function guessLanguage(text: string): string | undefined {
  const t = ` ${text.toLowerCase()} `;
  const count = (re: RegExp) => t.match(re)?.length ?? 0;
  const fr =
    count(/[àâçéèêëîïôûùœ]/g) +
    2 *
      count(
        /[\s'’](le|la|les|des|du|de|en|et|au|aux|ne|se|ce|je|vous|nous|une|est|pour|dans|avec|comment|sur|pas|mon|ma|mes|nos|qui|quand|un|d|l|qu|cours|utilisateurs?|apprenants?|fichiers?|plateforme|mot|devoirs?|inscrire)(?=[\s'’?!.,])/g,
      );
  const de =
    2 * count(/[äöüß]/g) +
    2 *
      count(
        /\s(der|die|das|des|und|ist|welche|meiner|meine|einem|vom|gibt|sich|nicht|wie|ich|kann|mit|für|ein|eine|einen|wer|wo|im|zu|auf|bei|wird|werden|den|dem|kurs|kurse|nutzer|benutzer|teilnehmer|datei|passwort|kennwort|fehler|plattform|seite|bericht|aufgabe|zertifikat)(?=[\s?!.,])/g,
      ) +
    count(/\p{L}{3}(ieren|iert|ungen|ung|keit|heit)(?=[\s?!.,])/gu) +
    count(/\s(ein|aus|an|ab|auf|hoch|zurück|vor|nach)\p{L}{3,}en(?=[\s?!.,])/gu);
  return fr > de ? 'fr' : de > fr ? 'de' : undefined;
}
