/**
 * The search's reading of French and German questions (content/search/engine/lang-*.ts) is a chunk
 * of its own, loaded by the panel only when the widget speaks one of them (with that language's
 * word lists, /search-language-<lang>.json): no session's JavaScript counts it, and an English
 * session never loads it. Its weight is kept small (gzip -9 of the built chunk).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { currentWidgetBuild, importsOf, measureWidget } from '../support/widget-bytes.ts';

/** The language part's code, gzipped: the reading rules are data, so one small module serves every language. */
const LANGUAGE_CODE_BUDGET = 2.5 * 1024;

const { build, dist, built } = currentWidgetBuild();
after(() => {
  if (built) rmSync(dist, { recursive: true, force: true });
});
const bytes = measureWidget(build);

test('the language part is one lazy chunk, loaded by the panel, in no session', (t) => {
  const chunks = [...build.keys()].filter((f) => f.startsWith('chunks/lang-searcher-'));
  assert.equal(chunks.length, 1, [...build.keys()].join(', '));
  const [chunk] = chunks;
  t.diagnostic(`language part code: ${bytes.files[chunk]} bytes gzipped${built ? ' (fresh build)' : ''}`);
  assert.ok(bytes.files[chunk] <= LANGUAGE_CODE_BUDGET, `${bytes.files[chunk]} bytes gzipped, over ${LANGUAGE_CODE_BUDGET}`);
  for (const session of bytes.sessions) assert.ok(!session.files.includes(chunk), `${session.lang}: ${session.files.join(', ')}`);
  const panel = bytes.sessions[0].files.find((f) => f.startsWith('chunks/panel-'))!;
  assert.ok(importsOf(build, panel).dynamic.includes(chunk), 'the panel imports it on demand');
  assert.ok(!importsOf(build, 'widget.js').dynamic.includes(chunk), 'the entry does not');
});
