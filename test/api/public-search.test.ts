/**
 * GET /api/search over real HTTP, on both stores: the engine over the index the build shipped
 * (the whole index apart when over the budget, or /search-index.json itself when under it) answers
 * exactly what the engine answers in-process, for a question, a question on an LMS page, the page's
 * suggestions and a French question; bad parameters are 422 naming the field; CORS for the site's
 * origins; cacheable; rate-limited as a read; documented in the OpenAPI document.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forEachStore } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { largeKbSite, type LargeKbSite } from '../support/large-kb.ts';
import { createSearcher, type SearchIndexData } from '#search/engine.ts';
import { searchInLanguage } from '#search/lang-searcher.ts';
import type { LanguagePackData } from '#search/lang-pack.ts';

const KB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../kb-site/dist');
const PAGE = { url: 'https://lms.example.edu/admin/tool/uploaduser/index.php', title: 'Upload users' };

const search = async (server: TestServer, params: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await fetch(`${server.url}/api/search?${new URLSearchParams(params)}`, { headers });
  return {
    res,
    body: (await res.json()) as {
      hits?: Array<{ slug: string; score: number }>;
      error?: { code: string; fields?: Record<string, string> };
    },
  };
};
const slugs = (hits: Array<{ slug: string }> | undefined) => (hits ?? []).map((h) => h.slug);

forEachStore('GET /api/search', (target) => {
  let kb: LargeKbSite;
  let server: TestServer;
  before(async () => {
    kb = await largeKbSite(200);
    server = await target.start({ config: { kbSiteDir: kb.dir } });
  });
  after(async () => {
    await server?.stop();
    kb?.remove();
  });

  it('answers what the engine over the whole index answers: a question, on a page, the page alone', async () => {
    for (const q of ['reset a password', 'upload users csv', 'grade export ', 'pasword']) {
      const { res, body } = await search(server, { q, limit: '10' });
      assert.equal(res.status, 200);
      assert.deepEqual(slugs(body.hits), slugs(kb.searcher.search(q, { limit: 10 })), q);
      assert.deepEqual(body.hits, JSON.parse(JSON.stringify(kb.searcher.search(q, { limit: 10 }))), `${q}: scores and highlights too`);
      const onPage = await search(server, { q, ...PAGE, limit: '8' });
      assert.deepEqual(slugs(onPage.body.hits), slugs(kb.searcher.search(q, { context: PAGE, limit: 8 })), `${q} on the page`);
    }
    const suggested = await search(server, { ...PAGE, limit: '5' });
    assert.ok(suggested.body.hits!.length > 0);
    assert.deepEqual(slugs(suggested.body.hits), slugs(kb.searcher.suggest(PAGE, 5)));
    const nothing = await search(server, { q: 'xyzzy plugh' });
    assert.deepEqual(nothing.body.hits, []);
  });

  it('reads a French question as the widget would', async () => {
    const pack = JSON.parse(readFileSync(path.join(kb.dir, 'search-language-fr.json'), 'utf8')) as LanguagePackData;
    const index = JSON.parse(kb.shipped.full!) as SearchIndexData;
    const french = searchInLanguage(createSearcher(index), pack, index);
    const q = 'réinitialiser le mot de passe';
    const { body } = await search(server, { q, lang: 'fr' });
    assert.ok(body.hits!.length > 0);
    assert.deepEqual(slugs(body.hits), slugs(french.search(q, { limit: 10 })));
  });

  it('refuses bad parameters with 422 naming the field', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'q'],
      [{ q: '   ' }, 'q'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ q: 'password', limit: '50' }, 'limit'],
      [{ q: 'password', limit: 'ten' }, 'limit'],
      [{ q: 'password', lang: 'xx' }, 'lang'],
      [{ q: 'password', site: 'Not A Key!' }, 'site'],
      [{ q: 'password', url: 'u'.repeat(2001) }, 'url'],
    ];
    for (const [params, field] of cases) {
      const { res, body } = await search(server, params);
      assert.equal(res.status, 422, JSON.stringify(params));
      assert.equal(body.error?.code, 'validation_failed');
      assert.ok(body.error?.fields?.[field], `${JSON.stringify(params)} names ${field}: ${JSON.stringify(body.error)}`);
    }
    const { res, body } = await search(server, { q: 'password', surprise: '1' });
    assert.equal(res.status, 422);
    assert.ok(body.error?.fields?.surprise);
  });

  it("is cacheable, and CORS only for the site's origins", async () => {
    const allowed = await search(server, { q: 'password', site: 'demo' }, { origin: 'http://localhost:5173' });
    assert.equal(allowed.res.status, 200);
    assert.equal(allowed.res.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.match(allowed.res.headers.get('cache-control') ?? '', /^public, max-age=\d+$/);
    assert.match(allowed.res.headers.get('vary') ?? '', /origin/i);
    const refused = await search(server, { q: 'password', site: 'demo' }, { origin: 'https://evil.example' });
    assert.equal(refused.res.headers.get('access-control-allow-origin'), null);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }>;
    };
    const names = doc.paths['/api/search']?.get?.parameters?.map((p) => p.name) ?? [];
    for (const name of ['q', 'url', 'title', 'site', 'lang', 'limit']) assert.ok(names.includes(name), `documents ${name}`);
  });
});

forEachStore('GET /api/search under the budget, rate-limited', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: 'reads=3/60' } });
  });
  after(() => server?.stop());

  it('searches the index /search-index.json is when it is under the budget, and answers 429 past the read limit', async () => {
    const index = JSON.parse(readFileSync(path.join(KB_DIST, 'search-index.json'), 'utf8')) as SearchIndexData;
    assert.ok(Array.isArray(index.docs), 'the real knowledge base ships its index');
    const { res, body } = await search(server, { q: 'reset a password' });
    assert.equal(res.status, 200);
    assert.deepEqual(slugs(body.hits), slugs(createSearcher(index).search('reset a password', { limit: 10 })));
    await search(server, { q: 'a' });
    await search(server, { q: 'b' });
    const limited = await search(server, { q: 'c' });
    assert.equal(limited.res.status, 429);
    assert.equal(limited.body.error?.code, 'rate_limited');
  });
});
