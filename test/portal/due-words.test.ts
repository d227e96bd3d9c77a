/** The portal's due times in words and its language choice (pure functions of the UI). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dueWords } from '../../api/src/portal/ui/due-words.ts';
import { initialLang } from '../../api/src/portal/ui/words.ts';

// Tuesday 2025-03-11 09:00 in London (GMT, no summer time yet).
const now = new Date('2025-03-11T09:00:00Z');
const tz = 'Europe/London';

test('due within the hour: minutes', () => {
  assert.equal(dueWords({ target: 'reply', at: '2025-03-11T09:25:00Z' }, now, 'en', tz), 'Reply due in 25 minutes');
  assert.equal(dueWords({ target: 'reply', at: '2025-03-11T09:01:00Z' }, now, 'de', tz), 'Antwort fällig in 1 Minute');
});

test('later today, tomorrow, within the week, and beyond', () => {
  assert.equal(dueWords({ target: 'response', at: '2025-03-11T14:00:00Z' }, now, 'en', tz), 'First response due today 14:00');
  assert.equal(dueWords({ target: 'resolution', at: '2025-03-12T10:00:00Z' }, now, 'en', tz), 'Resolution due tomorrow 10:00');
  assert.equal(dueWords({ target: 'resolution', at: '2025-03-12T10:00:00Z' }, now, 'fr', tz), 'Résolution attendue demain 10:00');
  assert.equal(dueWords({ target: 'reply', at: '2025-03-14T16:30:00Z' }, now, 'en', tz), 'Reply due Friday 16:30');
  assert.equal(dueWords({ target: 'reply', at: '2025-04-02T08:00:00Z' }, now, 'en', tz), 'Reply due April 2 09:00'); // BST by then
});

test('past due: overdue since', () => {
  assert.equal(dueWords({ target: 'response', at: '2025-03-11T08:30:00Z' }, now, 'en', tz), 'First response overdue since today 08:30');
  assert.equal(dueWords({ target: 'reply', at: '2025-03-11T08:30:00Z' }, now, 'de', tz), 'Antwort überfällig seit heute 08:30');
});

test('the language: the picked one, else the browser’s first of ours, else English', () => {
  assert.equal(initialLang('de', ['fr-FR']), 'de');
  assert.equal(initialLang(null, ['es-ES', 'fr-CA', 'de']), 'fr');
  assert.equal(initialLang('xx', ['es']), 'en');
});
