/** Page context matching: URL patterns (relative, absolute, wildcards, query strings) and page titles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileUrlPattern, matchTitle, matchUrl, parsePageUrl, titleTerms, urlWords } from '#search/context.ts';
import { useLanguage } from '#search/normalize.ts';
import { LANGUAGE } from '#search-build/language.ts';

useLanguage(LANGUAGE);

const matches = (pattern: string, url: string) => matchUrl(compileUrlPattern(pattern), parsePageUrl(url)) > 0;

test('a path pattern matches relative and absolute URLs, with any query string', () => {
  assert.ok(matches('/admin/user/user_bulk.php', '/admin/user/user_bulk.php'));
  assert.ok(matches('/admin/user/user_bulk.php', '/admin/user/user_bulk.php?foo=1'));
  assert.ok(matches('/admin/user/user_bulk.php', 'https://lms.example.org/admin/user/user_bulk.php?foo=1#top'));
  assert.ok(matches('/admin/user/user_bulk.php', 'HTTPS://LMS.EXAMPLE.ORG/Admin/User/User_Bulk.php'));
});

test('a Moodle installed in a sub-directory still matches', () => {
  assert.ok(matches('/report/log/index.php', 'https://example.org/moodle/report/log/index.php?id=2'));
});

test('a pattern ends at a path boundary', () => {
  assert.ok(!matches('/admin/user.php', '/admin/user.php.bak'));
  assert.ok(!matches('/admin/user', '/admin/username.php'));
  assert.ok(matches('/admin/tool/dataprivacy/', '/admin/tool/dataprivacy/datarequests.php'));
});

test('* matches any characters within the path', () => {
  assert.ok(matches('/courses/*/users', '/courses/123/users'));
  assert.ok(matches('/courses/*/users', 'https://canvas.example.edu/courses/123/users?page=2'));
  assert.ok(!matches('/courses/*/users', '/courses/123/grades'));
  assert.ok(matches('/course/view.php*', '/course/view.php?id=5'));
  assert.ok(matches('/webapps/blackboard/execute/*archive*', '/webapps/blackboard/execute/courseArchive?x=1'));
});

test('query-string patterns require their parameters, in any order', () => {
  assert.ok(matches('/admin/settings.php?section=logos', '/admin/settings.php?foo=1&section=logos'));
  assert.ok(!matches('/admin/settings.php?section=logos', '/admin/settings.php?section=frontpage'));
  assert.ok(!matches('/admin/settings.php?section=logos', '/admin/settings.php'));
  assert.ok(matches('/admin/settings.php?section=themesetting*', '/admin/settings.php?section=themesettingboost'));
});

test('longer, exact patterns are more specific than short or wildcard ones', () => {
  const page = parsePageUrl('/admin/tool/uploaduser/index.php');
  const exact = matchUrl(compileUrlPattern('/admin/tool/uploaduser/index.php'), page);
  const wildcard = matchUrl(compileUrlPattern('/admin/tool/uploaduser/*'), page);
  const short = matchUrl(compileUrlPattern('/admin'), page);
  assert.ok(exact > wildcard && wildcard > short && short > 0);
});

test('page titles match whatever their case, punctuation and site-name suffix', () => {
  const pattern = titleTerms('Bulk user actions');
  assert.equal(matchTitle(pattern, new Set(titleTerms('bulk user actions'))), 1);
  assert.ok(matchTitle(pattern, new Set(titleTerms('Bulk user actions | Kestrel LMS'))) > 0.5);
  assert.equal(matchTitle(pattern, new Set(titleTerms('Forum discussions'))), 0);
});

test('URL words drop file names and noise', () => {
  assert.equal(urlWords('https://lms.example.org/admin/user/user_bulk.php?id=3'), 'user user bulk');
  assert.equal(urlWords('/report/log/index.php'), 'report log');
});
