/**
 * The KB build at a size where the index no longer fits the download budget, through the real Astro
 * build (content plus 220 articles about made-up subjects in one topic): /search-index.json becomes
 * the server-search manifest and the whole index, exactly the engine's build of that content, goes to
 * /search-index-full.json; the topic's page lists 50 articles a page with links between the pages,
 * in every language. The real build (kb-site/dist, under the budget) ships the index itself.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledgeBase } from '#content/load.ts';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { SEARCH_INDEX_BUDGET } from '#search-build/ship-index.ts';
import { random } from '../../bench/search-corpus.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXTRA = 220;
const TOPIC = 'integrations';
let dir: string;
let dist: string;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'helpway-kb-scale-'));
  await cp(path.join(ROOT, 'content'), path.join(dir, 'content'), {
    recursive: true,
    filter: (src) => !src.startsWith(path.join(ROOT, 'content', 'src')) && !src.startsWith(path.join(ROOT, 'content', 'search')),
  });
  const rnd = random(3);
  const syllables = ['ka', 'lo', 'mi', 'ver', 'tan', 'zu', 'rel', 'pon', 'di', 'sor', 'quen', 'bri', 'ox', 'nim', 'gat', 'phe'];
  const word = () => Array.from({ length: 4 }, () => syllables[Math.floor(rnd() * syllables.length)]).join('');
  const folder = path.join(dir, 'content/articles', TOPIC);
  await mkdir(folder, { recursive: true });
  for (let i = 0; i < EXTRA; i++) {
    const body = Array.from({ length: 6 }, () => `${Array.from({ length: 12 }, word).join(' ')}.`).join('\n\n');
    await writeFile(
      path.join(folder, `zz-made-up-${String(i).padStart(3, '0')}.md`),
      `---\ntitle: Made-up subject ${i} ${word()}\nsummary: About ${word()} and ${word()}.\ncategory: ${TOPIC}\nkeywords: [${word()}, ${word()}]\nupdated: 2026-11-01\n---\n\n## ${word()} ${word()}\n\n${body}\n`,
    );
  }
  dist = path.join(dir, 'dist');
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', 'kb-site', '--outDir', dist],
    {
      cwd: ROOT,
      env: { ...process.env, HELPWAY_CONTENT_DIR: path.join(dir, 'content'), NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  assert.equal(result.status, 0, `the build succeeds:\n${result.stdout}${result.stderr}`);
});
after(() => rm(dir, { recursive: true, force: true }));

test('over the budget, the build ships the manifest and the whole index, which is the engine’s build of the content', async () => {
  const manifest = JSON.parse(await readFile(path.join(dist, 'search-index.json'), 'utf8'));
  const kb = await loadKnowledgeBase(path.join(dir, 'content'));
  assert.equal(manifest.search, 'server');
  assert.equal(manifest.articles, kb.articles.length);
  assert.ok(manifest.gzipBytes > SEARCH_INDEX_BUDGET, `${manifest.gzipBytes} B gz`);
  const full = await readFile(path.join(dist, 'search-index-full.json'), 'utf8');
  assert.equal(full, JSON.stringify(buildSearchIndex(kb.articles)));
  // The search page is told at build time, so it fetches neither the engine nor the manifest.
  for (const prefix of ['', 'fr/', 'de/'])
    assert.match(await readFile(path.join(dist, prefix, 'search', 'index.html'), 'utf8'), /data-search="server"/);
});

test('under the budget (the real knowledge base), /search-index.json is the index and nothing else is written', async () => {
  const index = JSON.parse(await readFile(path.join(ROOT, 'kb-site/dist/search-index.json'), 'utf8'));
  assert.ok(Array.isArray(index.docs) && index.docs.length > 0);
  assert.equal(index.search, undefined);
  assert.ok(!existsSync(path.join(ROOT, 'kb-site/dist/search-index-full.json')));
  assert.match(await readFile(path.join(ROOT, 'kb-site/dist/search/index.html'), 'utf8'), /data-search="client"/);
});

test('a topic of hundreds of articles is split into pages of 50, linked both ways, in every language', async () => {
  const kb = await loadKnowledgeBase(path.join(dir, 'content'));
  const total = kb.articles.filter((a) => a.category === TOPIC).length;
  const pages = Math.ceil(total / 50);
  assert.ok(pages >= 5);
  const read = (p: string) => readFile(path.join(dist, p, 'index.html'), 'utf8');
  const listed = (html: string) => (html.split('<ul class="article-list">')[1]?.split('</ul>')[0].match(/<li/g) ?? []).length;
  for (const prefix of ['', 'fr/', 'de/']) {
    const first = await read(`${prefix}categories/${TOPIC}`);
    assert.equal(listed(first), 50);
    assert.match(first, new RegExp(`<a href="/${prefix}categories/${TOPIC}/page/2/" rel="next"`));
    assert.ok(!first.includes('rel="prev"'));
    const last = await read(`${prefix}categories/${TOPIC}/page/${pages}`);
    assert.equal(listed(last), total - 50 * (pages - 1));
    assert.match(last, new RegExp(`<a href="/${prefix}categories/${TOPIC}/page/${pages - 1}/" rel="prev"`));
    assert.ok(!last.includes('rel="next"'));
  }
  assert.match(await read(`categories/${TOPIC}/page/2`), new RegExp(`<a href="/categories/${TOPIC}/" rel="prev"`));
  assert.ok(!existsSync(path.join(dist, `categories/${TOPIC}/page/1`)), 'page 1 is the topic’s own address');
  assert.ok(!existsSync(path.join(dist, `categories/${TOPIC}/page/${pages + 1}`)));
});
