/**
 * The KB search page: keyboard navigation of the results, the empty state that leads to contacting
 * support, and no-result searches reported to /api/search-events (and silently skipped without an API).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startStaticServer, stubJsonPost } from '../support/static-server.ts';

const NONSENSE = 'zxqvj xyzzy';

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
/** A page in its own context (axe needs one; contexts also keep tests apart). */
async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}
after(async () => {
  await browser?.close();
});

describe('KB search page', () => {
  test('arrow keys move through the results and Enter opens one', async () => {
    const server = await startStaticServer();
    const page = await newPage();
    try {
      await page.goto(`${server.url}/search/`);
      const box = page.getByRole('searchbox', { name: 'Search the knowledge base' });
      await box.fill('support');
      const results = page.getByRole('list', { name: 'Search results' }).getByRole('link');
      await results.nth(2).waitFor();
      const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
      const hrefs = await results.evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));

      await box.press('ArrowDown');
      assert.equal(await focusedId(), 'result-0');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await focusedId(), 'result-2');
      await page.keyboard.press('ArrowUp');
      assert.equal(await focusedId(), 'result-1');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      assert.equal(await focusedId(), 'q', 'ArrowUp from the first result returns to the search box');

      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForURL(hrefs[1]);

      // Enter in the box opens the best result.
      await page.goto(`${server.url}/search/?q=support`);
      await results.first().waitFor();
      const first = await results.first().getAttribute('href');
      await page.getByRole('searchbox', { name: 'Search the knowledge base' }).press('Enter');
      await page.waitForURL(`${server.url}${first}`);
    } finally {
      await page.context().close();
      await server.close();
    }
  });

  test('a search with no result offers contact and is reported once to /api/search-events', async () => {
    const events: unknown[] = [];
    const server = await startStaticServer({ handle: stubJsonPost('/api/search-events', 202, events) });
    const page = await newPage();
    try {
      await page.goto(`${server.url}/search/`);
      const box = page.getByRole('searchbox', { name: 'Search the knowledge base' });
      await box.pressSequentially(NONSENSE, { delay: 20 });
      await page.getByRole('heading', { name: `No articles match “${NONSENSE}”` }).waitFor();
      // The status is announced after a pause in typing (not on each keystroke): wait for the finished query's.
      const status = page.getByRole('status').filter({ hasText: `No results for “${NONSENSE}”` });
      await status.waitFor();
      assert.equal(await status.textContent(), `No results for “${NONSENSE}”`);
      assert.equal(await page.getByRole('link', { name: 'Contact support' }).last().getAttribute('href'), '/support/channels/');
      assert.equal(await page.locator('#search-empty a[href="/articles/support-channels/"]').count(), 1);
      await page.waitForResponse((r) => r.url().endsWith('/api/search-events'));
      // Only the finished query is reported, not each keystroke on the way.
      await page.waitForTimeout(300);
      assert.deepEqual(events, [
        { query: NONSENSE, resultCount: 0, source: 'kb', page: `/search/?q=${encodeURIComponent(NONSENSE).replace(/%20/g, '+')}` },
      ]);
    } finally {
      await page.context().close();
      await server.close();
    }
  });

  test('without an API a no-result search still works and raises no error', async () => {
    const server = await startStaticServer();
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${server.url}/search/?q=${encodeURIComponent(NONSENSE)}`);
      await page.getByRole('heading', { name: `No articles match “${NONSENSE}”` }).waitFor();
      const report = await page.waitForResponse((r) => r.url().endsWith('/api/search-events'));
      assert.equal(report.status(), 404);
      await page.getByRole('searchbox', { name: 'Search the knowledge base' }).fill('password');
      await page.getByRole('list', { name: 'Search results' }).getByRole('link').first().waitFor();
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
      await server.close();
    }
  });
});
