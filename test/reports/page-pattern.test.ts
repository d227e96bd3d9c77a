/** The LMS page patterns the funnel report groups tickets and sessions by. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagePattern } from '../../api/src/reports/page-pattern.ts';

const cases: Array<[string, string | null]> = [
  // Canvas
  ['https://canvas.college.example/courses/123/assignments/45', '/courses/:id/assignments/:id'],
  ['https://canvas.college.example/courses/123/assignments/45/?module_item_id=9#comments', '/courses/:id/assignments/:id'],
  ['https://canvas.college.example/courses/123/pages/week-1-overview', '/courses/:id/pages/week-1-overview'],
  // Moodle / Totara
  ['https://moodle.school.example/course/view.php?id=5', '/course/view.php'],
  ['https://moodle.school.example/mod/assign/view.php?id=12&action=grading', '/mod/assign/view.php?action=grading'],
  ['https://moodle.school.example/admin/settings.php?section=manageauths', '/admin/settings.php?section=manageauths'],
  ['https://moodle.school.example/admin/category.php?category=security', '/admin/category.php?category=security'],
  ['https://moodle.school.example/course/modedit.php?section=3&add=quiz&course=2', '/course/modedit.php?add=quiz&section=:id'],
  ['https://moodle.school.example/user/profile.php?id=77', '/user/profile.php'],
  ['https://moodle.school.example/admin/search.php?query=password+policy', '/admin/search.php'],
  ['https://totara.example/totara/dashboard/index.php?id=3', '/totara/dashboard/index.php'],
  [
    'https://moodle.school.example/pluginfile.php/123/mod_resource/content/1/notes.pdf',
    '/pluginfile.php/:id/mod_resource/content/:id/notes.pdf',
  ],
  // A page-naming key whose value is free text goes, rather than keep what someone typed.
  ['https://moodle.school.example/admin/settings.php?section=a%20b%20c', '/admin/settings.php'],
  // Brightspace, Blackboard, UUIDs, hex ids, emails
  ['https://d2l.example/d2l/le/content/6606/viewContent/1234/View', '/d2l/le/content/:id/viewContent/:id/View'],
  ['https://bb.example/ultra/courses/_123_1/outline', '/ultra/courses/:id/outline'],
  ['https://lms.example/learn/0f8fad5b-d9cb-469f-a165-70867728950e/unit', '/learn/:id/unit'],
  ['https://lms.example/files/5f2b9c0e1a2b3c4d5e6f7a8b', '/files/:id'],
  ['https://lms.example/users/jo@college.example/settings', '/users/:id/settings'],
  ['https://lms.example/facade/deadbeef', '/facade/deadbeef'],
  // No origin, one slash, no trailing slash
  ['https://lms.example', '/'],
  ['https://lms.example/dashboard/', '/dashboard'],
  // Not a page URL
  ['mailto:help@lms.example', null],
  ['not a url', null],
  ['', null],
];

for (const [url, expected] of cases) {
  test(`${url || '(empty)'} → ${expected}`, () => assert.equal(pagePattern(url), expected));
}

test('no URL at all → null', () => {
  assert.equal(pagePattern(undefined), null);
  assert.equal(pagePattern(null), null);
});

test('a very long path is cut to 500 characters', () => {
  const pattern = pagePattern(`https://lms.example/${'segment/'.repeat(100)}`);
  assert.equal(pattern?.length, 500);
});
