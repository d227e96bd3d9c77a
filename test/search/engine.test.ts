/** The engine on a fixed fixture: fields, typos, word order, synonyms, page context, output shape. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSearchIndex, namedItems } from '#search-build/build-index.ts';
import { createSearcher, editDistance, INDEX_VERSION, maxTypoEdits, type SearchIndexData } from '#search/engine.ts';
import { termOf } from '#search/normalize.ts';
import { FIXTURE_ARTICLES, fixtureSearcher } from './fixture-articles.ts';

const searcher = fixtureSearcher();
const top = (q: string, options?: Parameters<typeof searcher.search>[1]) => searcher.search(q, options)[0]?.slug;

describe('basic ranking', () => {
  test('finds the article by its title words', () => {
    assert.equal(top('upload users from a csv file'), 'bulk-upload-users');
    assert.equal(top('export grades'), 'gradebook-export');
  });

  test('title outranks a mention in the body', () => {
    // "spreadsheet" is in bulk-upload-users' body and gradebook-export's summary and body;
    // "certificate" is only in one article's title.
    assert.equal(top('certificate'), 'certificates');
  });

  test('results are best first, scores in 0..1 (0 best), at most `limit`', () => {
    const hits = searcher.search('course');
    assert.ok(hits.length > 1);
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1].score <= hits[i].score);
    for (const h of hits) assert.ok(h.score >= 0 && h.score <= 1);
    assert.equal(searcher.search('course', { limit: 2 }).length, 2);
  });

  test('an empty or meaningless query returns nothing', () => {
    assert.deepEqual(searcher.search(''), []);
    assert.deepEqual(searcher.search('   '), []);
    assert.deepEqual(searcher.search('how do i'), []);
    assert.deepEqual(searcher.search('zzqxv'), []);
  });
});

describe('normalisation and typos', () => {
  test('case, accents and punctuation do not matter', () => {
    assert.equal(top('BULK UPLOAD'), 'bulk-upload-users');
    assert.equal(top('cértificates!!!'), 'certificates');
    assert.equal(top("user's password reset?"), 'password-reset-admin');
  });

  test('a typo still finds the article', () => {
    assert.equal(top('certficate'), 'certificates');
    assert.equal(top('pasword reset'), 'password-reset-admin');
    assert.equal(top('gradebok export'), 'gradebook-export');
    assert.equal(top('uplaod users csv'), 'bulk-upload-users');
  });

  test('gibberish and unknown words return nothing (no guess from a far-fetched correction)', () => {
    for (const q of ['plorkt', 'asdf qwerty', 'xyzzy plugh', 'blorp snargle', 'qwerty']) assert.deepEqual(searcher.search(q), [], q);
    // generic words left beside an unknown one are not an answer either
    assert.deepEqual(searcher.search('plorkt settings problem'), []);
    // but a real word beside an unknown one still answers
    assert.equal(top('plorkt certificate'), 'certificates');
    // an unknown word on a page does not turn into the page's suggestions
    assert.deepEqual(searcher.search('plorkt', { context: { url: '/report/log/index.php' } }), []);
  });

  test('typos must be plausible for their length: few edits, same first letter', () => {
    assert.equal(editDistance('pasword', 'password', 3), 1);
    assert.equal(editDistance('certifcate', 'certificate', 3), 1);
    assert.equal(editDistance('recieve', 'receive', 3), 1, 'a swapped pair is one edit');
    assert.equal(editDistance('plorkt', 'portal', 3), 4, 'stops early above the limit');
    assert.equal(maxTypoEdits(4), 1);
    assert.equal(maxTypoEdits(10), 2);
    // "cretificate" (swapped first pair) is still a typo; "xertificate" (another first letter) is not here
    assert.equal(top('cretificate'), 'certificates');
    assert.equal(top('grdebook'), 'gradebook-export');
  });

  test('a half-typed last word matches as a prefix (search as you type)', () => {
    assert.equal(top('certif'), 'certificates');
    assert.equal(top('gradeb'), 'gradebook-export');
    // a completion counts less than the whole word
    assert.ok(searcher.search('gradeb')[0].score > searcher.search('gradebook')[0].score);
  });
});

describe('multi-word queries', () => {
  test('word order does not matter', () => {
    const a = searcher.search('upload users csv').map((h) => [h.slug, h.score]);
    const b = searcher.search('csv users upload').map((h) => [h.slug, h.score]);
    assert.deepEqual(a, b);
    assert.equal(a[0][0], 'bulk-upload-users');
  });

  test('words anywhere in a field count (not only near its start)', () => {
    // "deleted" is at the end of site-logs' summary; "resource" too.
    assert.equal(top('deleted resource'), 'site-logs');
  });

  test('an article covering every word beats one matching a single word strongly', () => {
    assert.equal(top('course certificate completion'), 'certificates');
    assert.equal(top('add file to course'), 'uploading-files');
  });
});

describe('synonyms', () => {
  test('UK and US spellings', () => {
    assert.equal(top('enroll students'), 'enrolling-users');
    assert.equal(top('enrollment'), 'enrolling-users');
  });

  test('old and new product names, expanded into keywords at index time', () => {
    // The article says "Azure AD"; people type the new name.
    assert.equal(top('entra id'), 'microsoft-sso');
    assert.equal(top('office 365 login'), 'microsoft-sso');
    assert.equal(top('single sign on'), 'microsoft-sso');
  });

  test('learner, student and user words meet', () => {
    assert.equal(top('add pupils to a class'), 'enrolling-users');
  });

  test('vocabulary of other LMSs', () => {
    assert.equal(top('grade centre download'), 'gradebook-export');
    assert.equal(top('audit trail'), 'site-logs');
  });

  test('a synonym match ranks below an exact one', () => {
    const hits = searcher.search('spreadsheet');
    // gradebook-export says "spreadsheet"; bulk-upload-users says it too but is mainly about CSV.
    assert.ok(hits.some((h) => h.slug === 'bulk-upload-users'));
    assert.ok(hits.some((h) => h.slug === 'gradebook-export'));
  });
});

describe('page context', () => {
  test('suggestions for a page whose URL matches an article pattern', () => {
    assert.equal(searcher.suggest({ url: '/admin/tool/uploaduser/index.php' })[0]?.slug, 'bulk-upload-users');
  });

  test('absolute URLs, query strings and sub-directory installs match', () => {
    assert.equal(
      searcher.suggest({ url: 'https://lms.example.org/admin/user/user_bulk.php?foo=1', title: 'Bulk user actions' })[0]?.slug,
      'bulk-upload-users',
    );
    assert.equal(searcher.suggest({ url: 'https://example.org/moodle/report/log/index.php?id=4' })[0]?.slug, 'site-logs');
  });

  test('articles claiming the same page are ordered by how well the page title fits, not by name', () => {
    // bulk-upload-users and password-reset-admin both claim /admin/user/user_bulk.php.
    const hits = searcher.suggest({ url: '/admin/user/user_bulk.php', title: 'Bulk user actions' });
    assert.deepEqual(
      hits.slice(0, 2).map((h) => h.slug),
      ['bulk-upload-users', 'password-reset-admin'],
    );
    assert.ok(hits[0].score < hits[1].score, 'a strictly better score, not a tie');
    const byUrlOnly = searcher.suggest({ url: '/user/editadvanced.php?id=3' });
    assert.equal(byUrlOnly[0]?.slug, 'password-reset-admin');
  });

  test('Canvas-style wildcard paths match', () => {
    assert.equal(searcher.suggest({ url: '/courses/123/users' })[0]?.slug, 'enrolling-users');
    assert.equal(searcher.suggest({ url: 'https://canvas.example.edu/accounts/1/sis_import' })[0]?.slug, 'bulk-upload-users');
  });

  test('query-string patterns need their parameters', () => {
    assert.equal(searcher.suggest({ url: '/admin/settings.php?section=logos' })[0]?.slug, 'site-branding');
    assert.equal(searcher.suggest({ url: '/admin/settings.php?section=themesettingboost' })[0]?.slug, 'site-branding');
    assert.ok(!searcher.suggest({ url: '/admin/settings.php?section=somethingelse' }).some((h) => h.slug === 'site-branding'));
  });

  test('a page title alone is enough', () => {
    assert.equal(searcher.suggest({ title: 'Grader report' })[0]?.slug, 'gradebook-export');
    assert.equal(searcher.suggest({ title: 'Logs | Kestrel LMS' })[0]?.slug, 'site-logs');
  });

  test('an unrelated page suggests nothing', () => {
    assert.deepEqual(searcher.suggest({ url: '/mod/forum/discuss.php?d=4', title: 'Discussion' }), []);
    // "Friday" is only in the body of support-hours: a page word that grazes an article is not enough.
    assert.deepEqual(searcher.suggest({ url: '/calendar/view.php', title: 'Friday' }), []);
  });

  test('page words alone (no contexts declared) can suggest an article that is about them', () => {
    assert.equal(searcher.suggest({ title: 'Course certificates' })[0]?.slug, 'certificates');
  });

  test('the page context re-ranks a query', () => {
    // "add users" fits both enrolment and bulk upload: the page decides.
    assert.equal(top('add users', { context: { url: '/enrol/users.php?id=7', title: 'Enrolled users' } }), 'enrolling-users');
    assert.equal(top('add users', { context: { url: '/admin/tool/uploaduser/index.php', title: 'Upload users' } }), 'bulk-upload-users');
    assert.equal(top('add users', { context: { url: '/courses/42/users' } }), 'enrolling-users');
  });

  test("a query of only stop words on a page gives that page's suggestions", () => {
    assert.equal(top('how do i', { context: { url: '/report/log/index.php' } }), 'site-logs');
  });
});

describe('named items and intents', () => {
  test('code spans and short list or table entries are named items', () => {
    const md =
      'Types: `bmp`, `tif`.\n\n- Word\n- a long list item that says a lot more\n\n| Format | Notes |\n| --- | --- |\n| **SVG** | scalable vector graphics for logos and icons |';
    assert.deepEqual(namedItems(md), ['bmp', 'tif', 'Word', 'Format', 'Notes', 'SVG']);
  });

  test('a thing a body names once in a list is found, even beyond the body excerpt', () => {
    const filler = Array.from({ length: 300 }, (_, i) => `filler${i}x filler${i}x`).join(' ');
    const articles = FIXTURE_ARTICLES.map((a) =>
      a.slug === 'uploading-files'
        ? { ...a, text: `${a.text} ${filler} We support tif and swf.`, markdown: `${filler}\n\nWe support \`tif\` and \`swf\`.` }
        : a,
    );
    const withItems = createSearcher(JSON.parse(JSON.stringify(buildSearchIndex(articles, { bodyTerms: 20 }))));
    assert.equal(withItems.search('tif')[0]?.slug, 'uploading-files');
    assert.equal(withItems.search('swf files')[0]?.slug, 'uploading-files');
    const without = createSearcher(JSON.parse(JSON.stringify(buildSearchIndex(articles, { bodyTerms: 20, itemTerms: 0 }))));
    assert.deepEqual(without.search('tif'), [], 'the excerpt alone drops a word said once');
  });

  test('"who did X" asks the logs, whatever X is', () => {
    assert.equal(top('who removed the certificate from my course'), 'site-logs');
    assert.equal(top('who changed the logo'), 'site-logs');
    assert.equal(top('see what a teacher deleted'), 'site-logs');
    // "who" without a past-tense verb is not a log question
    assert.notEqual(top('who can export grades'), 'site-logs');
  });

  test("a vague trouble query on a page ranks that page's articles first", () => {
    const page = { url: 'https://lms.example.org/grade/report/grader/index.php?id=5', title: 'Grader report' };
    assert.equal(top('error', { context: page }), 'gradebook-export');
    assert.equal(top("it doesn't work", { context: page }), 'gradebook-export');
    // a query that says what it is about is not overruled by the page
    assert.equal(top('reset a password', { context: page }), 'password-reset-admin');
  });
});

describe('output', () => {
  test('highlights are inclusive ranges of matched words in title and summary', () => {
    const [hit] = searcher.search('bulk upload');
    assert.equal(hit.slug, 'bulk-upload-users');
    const marked = (hit.highlights?.title ?? []).map(([a, b]) => hit.title.slice(a, b + 1));
    assert.deepEqual(marked, ['Bulk', 'upload']);
    const summary = (hit.highlights?.summary ?? []).map(([a, b]) => hit.summary.slice(a, b + 1));
    assert.ok(summary.includes('upload'));
  });

  test('the index is plain JSON and rejects another version', () => {
    const data = buildSearchIndex(FIXTURE_ARTICLES);
    assert.equal(data.version, INDEX_VERSION);
    assert.deepEqual(JSON.parse(JSON.stringify(data)), data);
    assert.throws(() => createSearcher({ ...data, version: INDEX_VERSION + 1 }), /version/);
  });

  test('the index stays compact: the body contributes a bounded number of terms', () => {
    const long = FIXTURE_ARTICLES.map((a) => ({
      ...a,
      text: `${a.text} ${Array.from({ length: 2000 }, (_, i) => `word${i}x`).join(' ')}`,
    }));
    const small = JSON.stringify(buildSearchIndex(long, { bodyTerms: 20 }));
    const large = JSON.stringify(buildSearchIndex(long, { bodyTerms: 200 }));
    assert.ok(gzipSync(small).length < gzipSync(large).length);
    assert.ok(buildSearchIndex(long, { bodyTerms: 20 }).terms.length < 10 * 20 + 200);
  });
});

describe('what the browser loads', () => {
  const engineDir = fileURLToPath(new URL('../../content/search/engine/', import.meta.url));

  /** Every module each file of the engine's folder names, type-only imports included, by file name. */
  function importsOfEngineFolder(): Map<string, string[]> {
    const graph = new Map<string, string[]>();
    for (const file of readdirSync(engineDir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(path.join(engineDir, file), 'utf8');
      graph.set(
        file,
        [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'|\bimport\(\s*'([^']+)'/gm)].map((m) => m[1] ?? m[2]),
      );
    }
    return graph;
  }

  test('the engine folder is closed: its files import each other and the basic Fuse build, nothing else', () => {
    const graph = importsOfEngineFolder();
    assert.ok(graph.has('engine.ts'));
    for (const buildOnly of ['synonyms.ts', 'language.ts', 'build-index.ts', 'cli.ts'])
      assert.ok(!graph.has(buildOnly), `${buildOnly} is in the browser's folder`);
    for (const [file, specifiers] of graph) {
      for (const s of specifiers) {
        if (s === 'fuse.js/basic') continue;
        // Not node:, not #content or the build code, not a path climbing out of the folder.
        assert.match(s, /^\.\/[\w-]+\.ts$/, `${file} imports ${s}`);
        assert.ok(graph.has(s.slice(2)), `${file} imports ${s}, which is not in the engine's folder`);
      }
    }
  });

  test("the engine's files import one another without a cycle, type imports included", () => {
    const graph = importsOfEngineFolder();
    const done = new Set<string>();
    const visit = (file: string, path: string[]) => {
      assert.ok(!path.includes(file), `import cycle: ${[...path, file].join(' → ')}`);
      if (done.has(file)) return;
      for (const s of graph.get(file) ?? []) if (s.startsWith('./')) visit(s.slice(2), [...path, file]);
      done.add(file);
    };
    for (const file of graph.keys()) visit(file, []);
  });

  test('synonyms come from the index it is given', () => {
    const data = JSON.parse(JSON.stringify(buildSearchIndex(FIXTURE_ARTICLES))) as SearchIndexData;
    assert.equal(createSearcher(data).search('entra id')[0]?.slug, 'microsoft-sso');
    // "spreadsheet" also means "csv" (a synonym group): the CSV upload article comes first. Without
    // the index's synonym groups, only the article that says "spreadsheet" most does.
    assert.equal(createSearcher(data).search('spreadsheet')[0]?.slug, 'bulk-upload-users');
    const bare = createSearcher({ ...data, vocabulary: { ...data.vocabulary, same: [], related: [] } });
    assert.equal(bare.search('spreadsheet')[0]?.slug, 'gradebook-export');
  });

  test('a word that names an Object property is just a word (the tables are Maps)', () => {
    assert.equal(termOf('constructor'), 'constructor');
    assert.equal(termOf('valueof'), 'valueof');
  });
});
