/** Normalisation shared by index and query: case, accents, punctuation, possessives, stems, joined words. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldText, stem, termOf, terms, tokenize, useLanguage, words } from '#search/normalize.ts';
import { LANGUAGE } from '#search-build/language.ts';
import { createVocabulary } from '#search/vocabulary.ts';
import { VOCABULARY } from '#search-build/synonyms.ts';

useLanguage(LANGUAGE);
const { analyseQuery } = createVocabulary(VOCABULARY);

test('case and accents fold away', () => {
  assert.equal(foldText('Résumé CAFÉ naïve'), 'resume cafe naive');
  assert.deepEqual(terms('ENROLMENT'), terms('enrolment'));
  assert.deepEqual(terms('Café'), terms('cafe'));
});

test('punctuation separates words; offsets point into the original text', () => {
  const text = 'Single sign-on (SSO): Entra/Azure AD!';
  const list = words(text);
  assert.deepEqual(
    list.map((w) => w.word),
    ['single', 'sign', 'on', 'sso', 'entra', 'azure', 'ad'],
  );
  for (const w of list) assert.equal(foldText(text.slice(w.start, w.end + 1)), w.word);
});

test('offsets stay right after accented words', () => {
  const text = 'Réinitialiser le mot de passe';
  const last = words(text).at(-1)!;
  assert.equal(text.slice(last.start, last.end + 1), 'passe');
});

test('possessives and curly apostrophes are removed', () => {
  assert.deepEqual(terms("user's password"), terms('user password'));
  assert.deepEqual(terms('user\u2019s password'), terms('user password'));
  assert.deepEqual(terms("learners' grades"), terms('learner grade'));
});

test('plurals and verb forms share a stem', () => {
  assert.equal(termOf('courses'), termOf('course'));
  assert.equal(termOf('creating'), termOf('create'));
  assert.equal(termOf('created'), termOf('create'));
  assert.equal(termOf('uploads'), termOf('uploaded'));
  assert.equal(termOf('policies'), termOf('policy'));
  assert.equal(termOf('ids'), termOf('id'));
  assert.equal(termOf('matches'), termOf('match'));
  // US and UK spellings meet
  assert.equal(termOf('enrollment'), termOf('enrolment'));
  assert.equal(termOf('enrolling'), termOf('enrol'));
  assert.equal(termOf('enrolled'), termOf('enrol'));
  // short words and words ending in -ss / -us are left alone
  assert.equal(stem('class'), 'class');
  assert.equal(stem('status'), 'status');
  assert.equal(stem('s1'), 's1');
});

test('stop words are dropped', () => {
  assert.deepEqual(terms('how do I reset the password'), terms('reset password'));
});

test('two-word spellings are joined before stop words go: "log in" is not "logs"', () => {
  assert.deepEqual(
    tokenize('log in').map((w) => w.word),
    ['login'],
  );
  assert.deepEqual(terms('Logging in'), terms('login'));
  assert.deepEqual(terms('sign-in'), terms('login'));
  assert.notDeepEqual(terms('log in'), terms('logs'));
  const [joined] = tokenize('Please log in now').filter((w) => w.word === 'login');
  assert.deepEqual([joined.start, joined.end], [7, 12]);
});

test('queries become concepts with synonyms; word order does not change them', () => {
  const a = analyseQuery('upload users csv');
  const b = analyseQuery('csv users upload');
  const key = (q: typeof a) => q.map((c) => c.own.join(' ')).sort();
  assert.deepEqual(key(a), key(b));
  const sso = analyseQuery('single sign-on');
  assert.equal(sso.length, 1, 'a known phrase is one concept');
  assert.ok(sso[0].alternatives.some((alt) => alt.terms.join(' ') === 'sso'));
  const student = analyseQuery('student');
  assert.ok(student[0].alternatives.some((alt) => alt.terms.join(' ') === termOf('learner') && alt.weight < 1));
});
