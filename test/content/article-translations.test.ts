/**
 * Translated articles (content/translations/<lang>/<slug>.md): the shipped ones load current and
 * complete, with policy facts in their own language and links to real articles; adding them
 * changes neither the English articles nor the search index; a bad language, an unknown or
 * misnamed source, a field the English article owns, a bad revision or an unknown language
 * folder fail the load naming the file and the field; a translation of an older English
 * revision is flagged (a warning naming the file and the revision to write), still served and
 * marked outdated; an untranslated article falls back to English, marked so.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONTENT_DIR, loadKnowledgeBase, type KnowledgeBase } from '../../content/src/load.ts';
import { ContentError } from '../../content/src/errors.ts';
import { articleRevision, translationRevisions } from '../../content/src/article-translations.ts';
import { TRANSLATION_LANGUAGES } from '../../content/src/languages.ts';
import { describeHours, describeResolution, escalationTriggers } from '../../content/src/policy-prose.ts';
import { buildSearchIndex } from '../../content/search/build/build-index.ts';
import { articleIn } from '../../kb-site/src/lib/kb.ts';

/** The articles admins need most: each has a French and a German translation. */
const CORE = [
  'support-scope',
  'support-channels',
  'severity-levels',
  'support-hours',
  'raising-a-ticket',
  'escalation',
  'bulk-upload-users',
  'password-reset-admin',
  'microsoft-sso',
  'site-offline',
  'enrolling-users',
  'course-backup-restore',
  'gradebook-export',
  'site-branding',
  'maintenance-mode',
  'site-logs',
  'certificates',
  'timezone-settings',
  'mobile-app',
  'embed-widget',
];

async function failure(run: () => Promise<unknown>): Promise<ContentError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ContentError, `a ContentError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ContentError');
}

/** A copy of the shipped content (without code), to break on purpose. */
async function contentCopy(withTranslations = true): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'helpway-article-translations-'));
  await cp(CONTENT_DIR, dir, {
    recursive: true,
    filter: (src) =>
      !src.startsWith(path.join(CONTENT_DIR, 'src')) &&
      !src.startsWith(path.join(CONTENT_DIR, 'search')) &&
      (withTranslations || !src.startsWith(path.join(CONTENT_DIR, 'translations'))),
  });
  return dir;
}

const translation = (fields: Record<string, string>, body = '\nTexte.\n') =>
  `---\n${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n')}\n---\n${body}`;

describe('the shipped translations', () => {
  let kb: KnowledgeBase;
  before(async () => {
    kb = await loadKnowledgeBase();
  });

  test('every core article is translated into French and German, current, with no warning', () => {
    assert.deepEqual(kb.warnings, []);
    for (const lang of TRANSLATION_LANGUAGES) {
      const slugs = kb.translations.filter((t) => t.lang === lang).map((t) => t.slug);
      assert.deepEqual(
        CORE.filter((s) => !slugs.includes(s)),
        [],
        `${lang}: missing translations`,
      );
    }
    for (const t of kb.translations) {
      const english = kb.articles.find((a) => a.slug === t.slug)!;
      assert.ok(english, `${t.file}: has an English article`);
      assert.equal(t.stale, false, `${t.file} is current`);
      assert.notEqual(t.title, english.title, `${t.file}: the title is translated`);
      assert.ok(!t.html.includes('{{policy:'), `${t.file}: every policy block expanded`);
    }
  });

  test('links inside translations lead to existing articles', () => {
    const slugs = new Set(kb.articles.map((a) => a.slug));
    const broken = kb.translations.flatMap((t) =>
      [...t.html.matchAll(/href="\/articles\/([^/"]+)\/"/g)]
        .map((m) => m[1])
        .filter((s) => !slugs.has(s))
        .map((s) => `${t.file}: ${s}`),
    );
    assert.deepEqual(broken, []);
  });

  test("policy facts come out in the article's language, from the policy's translations", async () => {
    const fr = kb.translations.find((t) => t.slug === 'support-hours' && t.lang === 'fr')!;
    const de = kb.translations.find((t) => t.slug === 'severity-levels' && t.lang === 'de')!;
    const frPolicy = await readFile(path.join(CONTENT_DIR, 'policy.fr.yaml'), 'utf8');
    assert.match(fr.text, /du lundi au vendredi, 09:00–17:00, heure du Royaume-Uni/);
    assert.match(fr.text, /1 heure ouvrée/);
    assert.ok(frPolicy.includes('"Critique"') && fr.text.includes('S1 Critique'), 'the French severity name');
    assert.ok(!/working hours?|Monday|Critical/.test(fr.text), `no English policy words in the French text`);
    assert.match(de.text, /S1 Kritisch/);
    assert.match(de.text, /Montag bis Freitag, 09:00–17:00, britische Zeit/);
    assert.match(de.text, /Lösungszeiten gelten nicht für Tickets vom Typ „Anfrage“ und „Fehler“/);
    assert.ok(!/working (hours?|days?)|Critical/.test(de.text), 'no English policy words in the German text');
    const escalation = kb.translations.find((t) => t.slug === 'escalation' && t.lang === 'fr')!;
    assert.match(escalation.text, /escaladé automatiquement lorsqu’un délai de première réponse n’est pas tenu/);
  });

  test('the policy words take a language; English is the default and unchanged', () => {
    const { calendar, severities, escalation } = kb.policy;
    assert.equal(describeHours(calendar), 'Monday to Friday, 09:00–17:00 UK time (Europe/London)');
    assert.equal(describeHours(calendar, {}, 'de'), 'Montag bis Freitag, 09:00–17:00, UK time (Europe/London)');
    assert.equal(describeResolution({ responseHours: 1, resolutionDays: 0.5 }, 'fr'), 'une demi-journée ouvrée');
    assert.equal(describeResolution(severities[1].target, 'de'), '2 Arbeitstage');
    assert.deepEqual(escalationTriggers(escalation.levels[1], escalation.levels, 'fr'), [
      'le ticket n’a pas avancé pendant 8 heures ouvrées après l’escalade au niveau 1 (Support team lead)',
    ]);
  });

  test('an untranslated article falls back to English, marked so; a translated one is in its language', () => {
    const translated = new Set(kb.translations.filter((t) => t.lang === 'fr').map((t) => t.slug));
    const untranslated = kb.articles.find((a) => !translated.has(a.slug))!;
    const fallback = articleIn(kb, untranslated, 'fr');
    assert.equal(fallback.lang, 'en');
    assert.equal(fallback.title, untranslated.title);
    assert.equal(fallback.outdated, false);
    assert.ok(!fallback.html.includes('href="/articles/'), 'its links stay on the French pages');
    const bulk = articleIn(
      kb,
      kb.articles.find((a) => a.slug === 'bulk-upload-users')!,
      'de',
    );
    assert.equal(bulk.lang, 'de');
    assert.equal(bulk.title, kb.translations.find((t) => t.slug === 'bulk-upload-users' && t.lang === 'de')!.title);
    assert.match(bulk.html, /href="\/de\/articles\/enrolling-users\/"|href="\/de\/articles\/priority-support\/"/);
    assert.equal(articleIn(kb, untranslated, 'en').html, untranslated.html, 'the English page is as it was');
  });
});

describe('translations and the English knowledge base', () => {
  let dir: string;
  before(async () => {
    dir = await contentCopy(false);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('adding translations changes neither the English articles nor the search index', async () => {
    const [withTranslations, without] = await Promise.all([loadKnowledgeBase(), loadKnowledgeBase(dir)]);
    assert.equal(without.translations.length, 0);
    assert.ok(withTranslations.translations.length >= CORE.length * 2);
    const english = (kb: KnowledgeBase) => kb.articles.map(({ file: _file, ...a }) => a);
    assert.deepEqual(english(withTranslations), english(without));
    assert.deepEqual(JSON.stringify(buildSearchIndex(withTranslations.articles)), JSON.stringify(buildSearchIndex(without.articles)));
  });
});

describe('a translation that is wrong or out of date', () => {
  let dir: string;
  const fr = (name: string) => path.join(dir, 'translations', 'fr', name);
  let revision: string;
  before(async () => {
    dir = await contentCopy();
    const source = await readFile(path.join(dir, 'articles/users-and-enrolment/cohorts.md'), 'utf8');
    const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source)!;
    revision = articleRevision(/^title: (.*)$/m.exec(front)![1], body);
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const good = () => ({
    lang: 'fr',
    source: 'cohorts',
    sourceRevision: `"${revision}"`,
    title: 'Cohortes',
    summary: 'Regrouper des utilisateurs à l’échelle du site.',
    updated: '2026-11-20',
  });
  const cleanUp = () => rm(fr('cohorts.md'), { force: true });

  test('a good one loads, current', async () => {
    await writeFile(fr('cohorts.md'), translation(good()));
    const kb = await loadKnowledgeBase(dir);
    const t = kb.translations.find((x) => x.slug === 'cohorts' && x.lang === 'fr')!;
    assert.equal(t.stale, false);
    assert.equal(t.title, 'Cohortes');
    assert.equal(t.file, path.join('translations', 'fr', 'cohorts.md'));
    await cleanUp();
  });

  test('a bad language, an unknown source and a misnamed file fail the load, naming the file and the field', async () => {
    await writeFile(fr('cohorts.md'), translation({ ...good(), lang: 'es' }));
    let error = await failure(() => loadKnowledgeBase(dir));
    assert.match(error.message, /translations\/fr\/cohorts\.md:\n {2}- lang: write the translation's language: one of fr, de/);

    await writeFile(fr('cohorts.md'), translation({ ...good(), lang: 'de' }));
    error = await failure(() => loadKnowledgeBase(dir));
    assert.match(
      error.message,
      /cohorts\.md:\n {2}- lang: is "de" but the file is in translations\/fr\/: move the file, or write lang: fr/,
    );

    await writeFile(fr('cohorts.md'), translation({ ...good(), source: 'no-such-article' }));
    error = await failure(() => loadKnowledgeBase(dir));
    assert.match(error.message, /cohorts\.md:\n {2}- source: no English article with slug "no-such-article"/);

    await cleanUp();
    await writeFile(fr('cohort-groups.md'), translation(good()));
    error = await failure(() => loadKnowledgeBase(dir));
    assert.match(
      error.message,
      /cohort-groups\.md:\n {2}- source: translates "cohorts" but the file is named "cohort-groups\.md": name it cohorts\.md/,
    );
    await rm(fr('cohort-groups.md'));
  });

  test('what the English article owns, or a malformed revision, is refused with the fix', async () => {
    await writeFile(fr('cohorts.md'), translation({ ...good(), category: 'getting-support', sourceRevision: 'abc' }));
    const error = await failure(() => loadKnowledgeBase(dir));
    const byField = Object.fromEntries(error.issues.map((i) => [i.field.replace(/^\S+ /, ''), i.message]));
    assert.match(byField.category, /is taken from the English article \(source\): remove it from the translation/);
    assert.match(byField.sourceRevision, /write the 8-character revision of the English article/);
    await cleanUp();
  });

  test('a folder that is not a translation language is refused', async () => {
    await mkdir(path.join(dir, 'translations', 'es'));
    await writeFile(path.join(dir, 'translations', 'es', 'cohorts.md'), translation({ ...good(), lang: 'es' }));
    const error = await failure(() => loadKnowledgeBase(dir));
    assert.match(
      error.message,
      /translations:\n {2}- es: "es" is not a language the knowledge base is translated into: put translations in fr\/ or de\//,
    );
    await rm(path.join(dir, 'translations', 'es'), { recursive: true });
  });

  test('an older English revision is flagged with the file and the revision to write, and still served, marked outdated', async () => {
    await writeFile(fr('cohorts.md'), translation(good()));
    // The English article changes after the translation was made.
    const englishFile = path.join(dir, 'articles/users-and-enrolment/cohorts.md');
    const english = await readFile(englishFile, 'utf8');
    await writeFile(englishFile, `${english}\nA new paragraph the French does not have yet.\n`);
    const [, front, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(await readFile(englishFile, 'utf8'))!;
    const current = articleRevision(/^title: (.*)$/m.exec(front)![1], body);
    assert.notEqual(current, revision);

    const kb = await loadKnowledgeBase(dir);
    assert.deepEqual(
      kb.warnings.map((w) => [w.file.endsWith(path.join('translations', 'fr', 'cohorts.md')), w.key]),
      [[true, 'sourceRevision']],
    );
    assert.ok(kb.warnings[0].message.includes(`set sourceRevision to "${current}"`), kb.warnings[0].message);
    const t = kb.translations.find((x) => x.slug === 'cohorts' && x.lang === 'fr')!;
    assert.deepEqual([t.stale, t.sourceRevision, t.currentRevision], [true, revision, current]);
    const view = articleIn(
      kb,
      kb.articles.find((a) => a.slug === 'cohorts')!,
      'fr',
    );
    assert.deepEqual([view.lang, view.title, view.outdated], ['fr', 'Cohortes', true]);

    // The reports read the same rule from the files.
    const revisions = await translationRevisions(path.join(dir, 'articles'), path.join(dir, 'translations'));
    assert.deepEqual(
      revisions.filter((r) => r.stale),
      [
        {
          slug: 'cohorts',
          lang: 'fr',
          file: 'translations/fr/cohorts.md',
          sourceRevision: revision,
          currentRevision: current,
          stale: true,
        },
      ],
    );

    // Brought up to date: the warning goes.
    await writeFile(fr('cohorts.md'), translation({ ...good(), sourceRevision: `"${current}"` }));
    assert.deepEqual((await loadKnowledgeBase(dir)).warnings, []);
    await writeFile(englishFile, english);
    await cleanUp();
  });
});
