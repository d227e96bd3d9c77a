/**
 * Reading French and German questions as the English words of the articles (#search/lang-query.ts)
 * with the shipped language parts: elisions, accents, stemming, compounds, split verbs and
 * participles, stop words, phrases, typos and unfinished words; words English knows stay English.
 * And detection (#search/lang-detect.ts): the language a question is written in, else English.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLanguagePacks } from '#search-build/language-pack.ts';
import { splitCompound } from '#search/lang-compounds.ts';
import { detectLanguage, guessLanguage } from '#search/lang-detect.ts';
import { LANGUAGE_PACK_VERSION } from '#search/lang-pack.ts';
import { createQueryLanguage, lexiconKey, type KnownToEnglish } from '#search/lang-query.ts';

const packs = buildLanguagePacks();
// Round-tripped through JSON: what a page downloads.
const fr = createQueryLanguage(JSON.parse(JSON.stringify(packs.fr)));
const de = createQueryLanguage(JSON.parse(JSON.stringify(packs.de)));
/** A few words English knows, standing in for the index. */
const ENGLISH = new Set([
  'reset',
  'password',
  'upload',
  'users',
  'user',
  'csv',
  'file',
  'the',
  'a',
  'in',
  'site',
  'logs',
  'restore',
  'test',
]);
const english: KnownToEnglish = (w) => ENGLISH.has(w);
const words = (text: string) => new Set(text.split(' '));

test('a French question reads as the English words of the articles', () => {
  assert.equal(fr.toEnglish("réinitialiser le mot de passe d'un utilisateur"), 'reset password user');
  assert.equal(fr.toEnglish('Déposer des utilisateurs avec un fichier CSV'), 'upload users csv file');
  assert.equal(fr.toEnglish('exporter le carnet de notes'), 'export gradebook');
});

test('French elisions, accents, case and plurals do not change the reading', () => {
  assert.equal(fr.toEnglish("l'utilisateur"), fr.toEnglish('utilisateur'));
  assert.equal(fr.toEnglish('L’UTILISATEUR d’un cours'), fr.toEnglish('utilisateur cours'));
  assert.equal(fr.toEnglish('reinitialiser mot de passe'), fr.toEnglish('réinitialiser mot de passe'));
  const forms = ['supprimer', 'supprimé', 'supprimées', 'supprimez', 'suppression'].map((w) => fr.toEnglish(w));
  assert.deepEqual(new Set(forms), new Set(['delete']));
  assert.equal(fr.toEnglish('utilisateurs'), 'user');
  assert.equal(fr.toEnglish('journaux'), fr.toEnglish('journal'));
});

test('German compounds are read as their parts; hyphens and umlauts typed as ue read the same', () => {
  assert.equal(de.toEnglish('Kursabschluss'), 'course completion');
  assert.equal(de.toEnglish('Wartungsmodus aktivieren'), 'maintenance mode enable');
  assert.equal(de.toEnglish('CSV-Datei'), 'csv file');
  assert.equal(de.toEnglish('Benutzer per CSV-Datei hochladen'), 'user csv file upload');
  assert.equal(de.toEnglish('Kennwort zuruecksetzen'), de.toEnglish('Kennwort zurücksetzen'));
  assert.equal(de.toEnglish('Passwort des Nutzers zurücksetzen'), 'password user reset');
  // A compound nobody listed: its parts are known.
  assert.equal(de.toEnglish('Zertifikatsvorlage'), 'certificate template');
  assert.deepEqual(
    ['Kurs', 'Kurse', 'Kursen', 'Kurses'].map((w) => de.toEnglish(w)),
    ['course', 'course', 'course', 'course'],
  );
});

test('German participles and verbs whose particle ends the sentence', () => {
  assert.ok(words(de.toEnglish('Wer hat die Aktivität gelöscht?')).has('deleted'));
  assert.ok(words(de.toEnglish('die Datei wurde hochgeladen')).has('upload'));
  assert.ok(words(de.toEnglish('wie lade ich die Nutzer hoch')).has('upload'));
  assert.ok(words(de.toEnglish('wie schalte ich den Wartungsmodus aus')).has('disable'));
  assert.ok(words(de.toEnglish('Kurs zurückgesetzt')).has('reset'));
});

test('phrases skip small words between their words, and a stop word alone means nothing', () => {
  assert.equal(fr.toEnglish('organiser une formation pour nos administrateurs'), fr.toEnglish('organiser une formation administrateurs'));
  // "notre" stems like "note" (a grade): as a stop word it is dropped, never read as a grade.
  assert.equal(fr.toEnglish('notre plateforme'), 'site');
  assert.equal(de.toEnglish('der die das und'), '');
});

test('names and English words pass as they are; short unknown words are dropped, long ones kept', () => {
  assert.equal(fr.toEnglish('paquetage SCORM sur Moodle'), 'scorm package moodle');
  assert.equal(fr.toEnglish('Articulate sur Moodle'), 'articulate moodle');
  assert.equal(fr.toEnglish('blorf cours'), 'course', 'a short word neither language knows');
  assert.equal(fr.toEnglish('blorfinated cours', false, english), 'blorfinated course', 'a long one may be a cognate');
  assert.equal(fr.toEnglish('reset the password', false, english), 'reset the password');
});

test('a typo of a known word, and the unfinished last word while typing', () => {
  assert.equal(fr.toEnglish('utilisatuer'), 'user');
  assert.ok(words(fr.toEnglish('réinitialiser le mot de pa', true)).has('password'));
  assert.ok(!words(fr.toEnglish('réinitialiser le mot de pa', false)).has('password'), 'a finished word is not completed');
  assert.equal(de.toEnglish('Wartungsmo', true), 'maintenance mode');
  // A word English knows is never "corrected" into another language's word.
  const close = [...ENGLISH].find((w) => w.length >= 7);
  if (close) assert.equal(fr.toEnglish(close, true, english), close);
});

test('the language of a question is detected, English when nothing else fits', () => {
  const detect = (q: string) => detectLanguage(q, [fr, de], english)?.lang ?? 'en';
  assert.equal(detect("réinitialiser le mot de passe d'un utilisateur"), 'fr');
  assert.equal(detect('Benutzer per CSV-Datei hochladen'), 'de');
  assert.equal(detect('Plugin installieren'), 'de', 'an English word beside a German one');
  assert.equal(detect('Wartungsmodus aktivieren'), 'de');
  assert.equal(detect('upload users csv file'), 'en');
  assert.equal(detect('site logs'), 'en');
  assert.equal(detect('reset the password'), 'en');
  assert.equal(detect(''), 'en');
});

test('a first guess before any language part is loaded', () => {
  assert.equal(guessLanguage('comment déposer des utilisateurs'), 'fr');
  assert.equal(guessLanguage('Wie kann ich Nutzer hochladen?'), 'de');
  assert.equal(guessLanguage('Öffnungszeiten des Supports'), 'de');
  assert.equal(guessLanguage('how do I upload users from a csv file'), undefined);
});

test('compound splitting needs every part to be known', () => {
  const known = (w: string) => ['kurs', 'abschluss', 'wartung', 'modus'].includes(w);
  assert.deepEqual(splitCompound('kursabschluss', known, ['s']), ['kurs', 'abschluss']);
  assert.deepEqual(splitCompound('wartungsmodus', known, ['s']), ['wartung', 'modus']);
  assert.equal(splitCompound('kursblorf', known, ['s']), undefined);
  assert.equal(splitCompound('kurs', known, ['s']), undefined, 'a known word is no compound');
});

test('lexicon phrases are stored as questions are read', () => {
  assert.equal(lexiconKey("Compte d'utilisateur", 'qu|[cdjlmnst]'), 'compte utilisateur');
  assert.equal(lexiconKey('compte d utilisateur', 'qu|[cdjlmnst]'), 'compte utilisateur');
  assert.equal(lexiconKey('CSV-Datei'), 'csv datei');
});

test('a language part of another version is refused', () => {
  assert.throws(() => createQueryLanguage({ ...packs.fr, version: LANGUAGE_PACK_VERSION + 1 }), /version/);
});
