/**
 * The KB search page and questions in other languages: a French or German question on the (English)
 * search page finds the English article, loading that language's part only once the question looks
 * written in it; English questions load none. In real Chromium, on the built site.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startStaticServer, type StaticServer } from '../support/static-server.ts';

let browser: Browser;
let server: StaticServer;
before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startStaticServer()]);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const { lang, query, title } of [
  { lang: 'fr', query: "réinitialiser le mot de passe d'un utilisateur", title: /Reset a user's password as an admin/ },
  { lang: 'de', query: 'Wartungsmodus aktivieren, wie geht das?', title: /Put your site in maintenance mode/ },
]) {
  test(`a ${lang} question finds the English article, with the ${lang} part only`, async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    try {
      await page.goto(`${server.url}/search/`);
      await page.getByRole('searchbox', { name: 'Search the knowledge base' }).fill(query);
      const first = page.getByRole('list', { name: 'Search results' }).getByRole('link').first();
      await first.filter({ hasText: title }).waitFor();
      assert.deepEqual(
        requested.filter((r) => r.startsWith('/search-language-')),
        [`/search-language-${lang}.json`],
      );
    } finally {
      await context.close();
    }
  });
}

test('an English question loads no language part', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  try {
    await page.goto(`${server.url}/search/?q=${encodeURIComponent('reset a user password')}`);
    await page
      .getByRole('list', { name: 'Search results' })
      .getByRole('link')
      .first()
      .filter({ hasText: /Reset a user's password/ })
      .waitFor();
    assert.deepEqual(
      requested.filter((r) => r.startsWith('/search-language-')),
      [],
    );
  } finally {
    await context.close();
  }
});
