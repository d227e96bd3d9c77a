/** The status banner's words in Node: how long ago an update was, in each of the widget's languages, and every language saying every status. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STATUS_WORDS, timeAgo } from '../../widget/src/panel/status-words.ts';
import { widgetLanguages } from '../support/widget-bytes.ts';

const AT = '2026-03-02T10:00:00.000Z';
const after = (ms: number) => Date.parse(AT) + ms;

test('an update 5 minutes ago, 2 hours ago, 3 days ago, in English, French and German', () => {
  const cases: Array<[string, number, string]> = [
    ['en', 5 * 60_000 + 10_000, '5 minutes ago'],
    ['fr', 5 * 60_000 + 10_000, 'il y a 5 minutes'],
    ['de', 5 * 60_000 + 10_000, 'vor 5 Minuten'],
    ['en', 2 * 3600_000, '2 hours ago'],
    ['fr', 2 * 3600_000 + 60_000, 'il y a 2 heures'],
    ['de', 2 * 3600_000, 'vor 2 Stunden'],
    ['en', 3 * 86_400_000, '3 days ago'],
    ['de', 86_400_000, 'gestern'],
    ['en', 42_000, '42 seconds ago'],
    ['en', 0, 'now'],
  ];
  for (const [lang, ms, expected] of cases) assert.equal(timeAgo(AT, lang, after(ms)), expected, `${lang} after ${ms} ms`);
  // 59 minutes 40 seconds is still minutes; an hour and a half rounds to 2 hours.
  assert.equal(timeAgo(AT, 'en', after(59 * 60_000 + 40_000)), '60 minutes ago');
  assert.equal(timeAgo(AT, 'en', after(90 * 60_000)), '2 hours ago');
  assert.equal(STATUS_WORDS.en.updated(timeAgo(AT, 'en', after(5 * 60_000))), 'Updated 5 minutes ago');
  assert.equal(STATUS_WORDS.fr.updated(timeAgo(AT, 'fr', after(5 * 60_000))), 'Mis à jour il y a 5 minutes');
  assert.equal(STATUS_WORDS.de.updated(timeAgo(AT, 'de', after(5 * 60_000))), 'Aktualisiert vor 5 Minuten');
});

test('every widget language has the banner words, and a word for each incident status', () => {
  for (const lang of widgetLanguages()) {
    const words = STATUS_WORDS[lang];
    assert.ok(words, `${lang}: no status words`);
    assert.deepEqual(Object.keys(words).sort(), Object.keys(STATUS_WORDS.en).sort(), lang);
    assert.deepEqual(Object.keys(words.statuses).sort(), ['identified', 'investigating', 'monitoring', 'resolved'], lang);
  }
});
