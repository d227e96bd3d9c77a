/**
 * What the KB build publishes besides pages: /search-index.json (loadable by the one engine),
 * /articles/<slug>.json for the widget's inline view, a page per article and category; and a bad
 * article failing the site build with the file and the field.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '#content/load.ts';
import { createSearcher } from '#search/engine.ts';
import { KB_DIST } from '../support/static-server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('KB build output', () => {
  test('every article has a page and a JSON view; every category has a page', async () => {
    const kb = await loadKnowledgeBase();
    for (const a of kb.articles) {
      assert.ok(existsSync(path.join(KB_DIST, 'articles', a.slug, 'index.html')), `page for ${a.slug}`);
      const json = JSON.parse(await readFile(path.join(KB_DIST, 'articles', `${a.slug}.json`), 'utf8'));
      assert.deepEqual(Object.keys(json).sort(), ['category', 'html', 'slug', 'summary', 'title', 'updated', 'url']);
      assert.equal(json.slug, a.slug);
      assert.equal(json.title, a.title);
      assert.equal(json.url, `/articles/${a.slug}/`);
      assert.equal(json.html, a.html);
      assert.match(json.updated, /^\d{4}-\d{2}-\d{2}$/);
    }
    for (const c of kb.categories) assert.ok(existsSync(path.join(KB_DIST, 'categories', c.id, 'index.html')), `page for ${c.id}`);
    const published = (await readdir(path.join(KB_DIST, 'articles'))).filter((f) => f.endsWith('.json'));
    assert.equal(published.length, kb.articles.length, 'no stale article JSON');
  });

  test('/search-index.json loads in the shared engine and finds articles', async () => {
    const data = JSON.parse(await readFile(path.join(KB_DIST, 'search-index.json'), 'utf8'));
    const searcher = createSearcher(data);
    const hits = searcher.search('bulk upload users', { limit: 3 });
    assert.ok(
      hits.some((h) => h.slug === 'bulk-upload-users'),
      JSON.stringify(hits),
    );
  });

  test('the policy pages render values from policy.yaml', async () => {
    const { policy } = await loadKnowledgeBase();
    const hours = await readFile(path.join(KB_DIST, 'support/hours/index.html'), 'utf8');
    for (const h of policy.calendar.holidays.filter((d) => !d.startsWith('*')))
      assert.ok(hours.includes(`datetime="${h}"`), `holiday ${h}`);
    const channels = await readFile(path.join(KB_DIST, 'support/channels/index.html'), 'utf8');
    for (const c of policy.channels) assert.ok(channels.includes(`id="channel-${c.id}"`), `channel ${c.id}`);
    const scope = await readFile(path.join(KB_DIST, 'support/scope/index.html'), 'utf8');
    for (const r of policy.scope) assert.ok(scope.includes(`href="/articles/${r.article}/"`), `scope ${r.id}`);
    const plans = await readFile(path.join(KB_DIST, 'support/plans/index.html'), 'utf8');
    for (const p of policy.plans) assert.ok(plans.includes(`id="plan-${p.id}"`), `plan ${p.id}`);
  });

  test('a bad article fails the site build, naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'helpway-kb-bad-'));
    try {
      await cp(path.join(ROOT, 'content'), path.join(dir, 'content'), {
        recursive: true,
        filter: (src) => !src.startsWith(path.join(ROOT, 'content', 'src')),
      });
      const file = path.join(dir, 'content/articles/broken-article.md');
      await writeFile(
        file,
        `---\ntitle: Broken\nsummary: ${'x'.repeat(200)}\ncategory: getting-support\nupdated: 2026-01-01\n---\nBody.\n`,
      );
      const result = spawnSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', 'kb-site', '--outDir', path.join(dir, 'dist')],
        {
          cwd: ROOT,
          env: { ...process.env, HELPWAY_CONTENT_DIR: path.join(dir, 'content'), NO_COLOR: '1' },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      const output = result.stdout + result.stderr;
      assert.notEqual(result.status, 0, `the build must fail:\n${output}`);
      assert.match(output, /broken-article\.md/);
      assert.match(output, /summary: keep the summary to 160 characters or fewer/);
      assert.equal(existsSync(path.join(dir, 'dist', 'index.html')), false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
