/**
 * Building the language parts (#search-build/language-pack.ts): the shipped French and German
 * lists build, point only to English words the knowledge base uses, and a list that contradicts
 * itself fails the build with a message naming both phrases.
 */
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { loadKnowledgeBase } from '#content/load.ts';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { buildLanguagePack, buildLanguagePacks, LANGUAGE_SOURCES, type LanguageSource } from '#search-build/language-pack.ts';
import { createSearcher } from '#search/engine.ts';
import { LANGUAGE_PACK_VERSION } from '#search/lang-pack.ts';
import { terms } from '#search/normalize.ts';

const TINY: LanguageSource = {
  lang: 'xx',
  stem: [],
  stopWords: 'le la',
  same: 'moodle',
  lexicon: { password: 'mot de passe|mdp', user: 'utilisateur' },
};

test('the shipped languages build, one part per language', () => {
  const packs = buildLanguagePacks();
  assert.deepEqual(Object.keys(packs).sort(), ['de', 'fr']);
  for (const [lang, pack] of Object.entries(packs)) {
    assert.equal(pack.lang, lang);
    assert.equal(pack.version, LANGUAGE_PACK_VERSION);
    const phrases = Object.values(pack.lexicon).flatMap((p) => p.split('|')).length;
    assert.ok(phrases > 1000, `${lang}: ${phrases} phrases`);
  }
});

/** A language part as downloaded, gzipped: loaded only by a page or widget that speaks the language, beside the index. */
const LANGUAGE_PART_BUDGET = 20 * 1024;

test(`each language part is at most ${LANGUAGE_PART_BUDGET} bytes gzipped`, (t) => {
  for (const [lang, pack] of Object.entries(buildLanguagePacks())) {
    const json = JSON.stringify(pack);
    const gz = gzipSync(json, { level: 9 }).length;
    t.diagnostic(`search-language-${lang}.json: ${json.length} bytes, ${gz} gzipped`);
    assert.ok(gz <= LANGUAGE_PART_BUDGET, `${lang}: ${gz} bytes gzipped`);
  }
});

test('every English word the lexicons point to is a word of the articles or of the search vocabulary', async () => {
  const kb = await loadKnowledgeBase();
  const index = buildSearchIndex(kb.articles);
  createSearcher(JSON.parse(JSON.stringify(index)));
  const known = new Set(index.terms);
  for (const group of [...index.vocabulary.same, ...index.vocabulary.related])
    for (const phrase of group.split(/[|>]/)) for (const t of terms(phrase)) known.add(t);
  for (const source of LANGUAGE_SOURCES) {
    const unknown = Object.keys(source.lexicon).filter((english) => terms(english).some((t) => !known.has(t)));
    assert.deepEqual(unknown, [], `${source.lang}: English words no article or synonym uses (the entry would find nothing)`);
  }
});

test('phrases are folded as questions are, and "same" words point to themselves', () => {
  const pack = buildLanguagePack({
    ...TINY,
    elision: 'qu|[cdjlmnst]',
    lexicon: { ...TINY.lexicon, 'user account': "Compte d'Utilisateur" },
  });
  assert.deepEqual(pack.lexicon, { password: 'mot de passe|mdp', user: 'utilisateur', 'user account': 'compte utilisateur' });
  assert.equal(pack.same, 'moodle');
  assert.equal(pack.stopWords, 'le la');
});

test('a phrase listed for two English words fails the build, naming both', () => {
  assert.throws(
    () => buildLanguagePack({ ...TINY, lexicon: { password: 'mot de passe', login: 'Mot-de-passe' } }),
    /xx.*"Mot-de-passe" reads as "mot de passe", which already means "password" \(from "mot de passe"\), not "login"/s,
  );
});

test('a stop word in the lexicon fails the build (it would never be read)', () => {
  assert.throws(() => buildLanguagePack({ ...TINY, lexicon: { the: 'la' } }), /"la" is a stop word/);
});
