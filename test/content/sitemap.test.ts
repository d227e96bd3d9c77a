/**
 * The sitemap's parts: one file while the addresses fit in one (the built site's /sitemap.xml is
 * checked in test/e2e/kb-languages.test.ts), a sitemap index of absolute part addresses beyond.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SITEMAP_MAX_URLS, sitemapFiles, sitemapIndex, urlEntries, urlset } from '../../kb-site/src/lib/sitemap.ts';

const origin = new URL('https://help.kestrel.example');

describe('sitemap files', () => {
  it('keeps every address in one file up to the limit, and splits beyond it without losing or repeating one', () => {
    const entries = urlEntries(
      Array.from({ length: 7 }, (_, i) => `/articles/a-${i}/`),
      origin,
    );
    assert.equal(entries.length, 21, 'one entry per page and language');
    assert.deepEqual(sitemapFiles(entries, 21), [entries]);
    const parts = sitemapFiles(entries, 8);
    assert.deepEqual(
      parts.map((p) => p.length),
      [8, 8, 5],
    );
    assert.deepEqual(parts.flat(), entries);
    assert.deepEqual(sitemapFiles([]), [[]], 'an empty site still has one (empty) sitemap');
    assert.equal(SITEMAP_MAX_URLS, 50_000, 'the sitemaps.org limit per file');
  });

  it('writes each entry with its language alternates, escaped, and an index of absolute part addresses', async () => {
    const [en] = urlEntries(['/articles/a&b/'], origin);
    assert.match(en, /<loc>https:\/\/help\.kestrel\.example\/articles\/a&amp;b\/<\/loc>/);
    assert.match(en, /hreflang="fr" href="https:\/\/help\.kestrel\.example\/fr\/articles\/a&amp;b\/"/);
    assert.match(en, /hreflang="x-default"/);
    const set = await urlset([en]).text();
    assert.match(set, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<urlset /);
    const index = await sitemapIndex(3, origin).text();
    assert.deepEqual(
      [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]),
      [1, 2, 3].map((n) => `https://help.kestrel.example/sitemap-${n}.xml`),
    );
    assert.match(index, /<sitemapindex xmlns="http:\/\/www\.sitemaps\.org\/schemas\/sitemap\/0\.9">/);
  });
});
