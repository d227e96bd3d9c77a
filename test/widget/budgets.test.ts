/**
 * The widget's byte budgets, gzipped: the entry every LMS page loads before any interaction, and
 * the JavaScript a session loads (entry, panel, its own language), in each language. Measured as
 * bench/widget.bench.ts prints them (test/support/widget-bytes.ts), on widget/dist when it is
 * current, else on a fresh build of the sources.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { WIDGET_BUDGETS, currentWidgetBuild, importsOf, measureWidget, widgetLanguages } from '../support/widget-bytes.ts';

const { build, dist, built } = currentWidgetBuild();
after(() => {
  if (built) rmSync(dist, { recursive: true, force: true });
});
const bytes = measureWidget(build);

test(`the entry (widget.js) is at most ${WIDGET_BUDGETS.entry} bytes gzipped`, (t) => {
  t.diagnostic(`widget.js: ${bytes.entry} bytes gzipped${built ? ' (fresh build)' : ''}`);
  assert.ok(bytes.entry > 0);
  assert.ok(bytes.entry <= WIDGET_BUDGETS.entry, `widget.js is ${bytes.entry} bytes gzipped, over the ${WIDGET_BUDGETS.entry} budget`);
});

test('a session loads the entry, the panel and its own language only', () => {
  assert.deepEqual(
    bytes.sessions.map((s) => s.lang),
    widgetLanguages(),
  );
  for (const session of bytes.sessions) {
    assert.ok(session.files.includes('widget.js'));
    const languages = session.files.filter((f) => widgetLanguages().some((lang) => f.startsWith(`chunks/${lang}-`)));
    assert.deepEqual(languages.length, 1, `${session.lang}: one language chunk, got ${languages.join(', ')}`);
    assert.ok(
      session.files.some((f) => f.startsWith('chunks/panel-')),
      `${session.lang}: the panel chunk is part of it (${session.files.join(', ')})`,
    );
  }
});

for (const lang of widgetLanguages()) {
  test(`a ${lang} session's JavaScript is at most ${WIDGET_BUDGETS.session} bytes gzipped`, (t) => {
    const session = bytes.sessions.find((s) => s.lang === lang)!;
    t.diagnostic(`${lang} session: ${session.bytes} bytes gzipped${built ? ' (fresh build)' : ''}`);
    assert.ok(
      session.bytes <= WIDGET_BUDGETS.session,
      `${lang} session: ${session.bytes} bytes gzipped (${session.files.map((f) => `${f} ${bytes.files[f]}`).join(', ')}), over the ${WIDGET_BUDGETS.session} budget`,
    );
  });
}

test('the status banner is a chunk of its own, in no session: a healthy site pays only for the status request', (t) => {
  const banner = [...build.keys()].filter((f) => f.startsWith('chunks/status-banner-'));
  assert.equal(banner.length, 1, [...build.keys()].join(', '));
  t.diagnostic(`status banner chunk: ${bytes.files[banner[0]]} bytes gzipped`);
  for (const session of bytes.sessions) assert.ok(!session.files.includes(banner[0]), `${session.lang}: ${session.files.join(', ')}`);
  // It is loaded from the panel, when the status lists something to show.
  const panel = bytes.sessions[0].files.find((f) => f.startsWith('chunks/panel-'))!;
  assert.ok(importsOf(build, panel).dynamic.includes(banner[0]));
});

test('the live chat is a chunk of its own, in no session: the launcher shows unread messages without loading anything before interaction', (t) => {
  const chat = [...build.keys()].filter((f) => f.startsWith('chunks/chat-view-'));
  assert.equal(chat.length, 1, [...build.keys()].join(', '));
  t.diagnostic(`live chat chunk: ${bytes.files[chat[0]]} bytes gzipped`);
  for (const session of bytes.sessions) assert.ok(!session.files.includes(chat[0]), `${session.lang}: ${session.files.join(', ')}`);
  // The entry imports only the panel and the languages; the chat comes from the panel, when a chat starts or comes back.
  assert.ok(!importsOf(build, 'widget.js').dynamic.includes(chat[0]));
  const panel = bytes.sessions[0].files.find((f) => f.startsWith('chunks/panel-'))!;
  assert.ok(importsOf(build, panel).dynamic.includes(chat[0]));
  // Its words (en/fr/de) and the launcher's badge ship with it, not in the session.
  assert.match(build.get(chat[0])!, /Chat with support/);
  assert.match(build.get(chat[0])!, /hw-unread/);
  for (const file of bytes.sessions.flatMap((s) => s.files)) assert.doesNotMatch(build.get(file)!, /Chat with support|hw-unread/, file);
});
