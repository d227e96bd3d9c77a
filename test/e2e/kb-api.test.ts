/**
 * The KB site served by the real Helpway server (as `npm start` does): article feedback and a
 * no-result search reach the API and are stored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';

let browser: Browser;
let server: TestServer;
before(async () => {
  browser = await launchBrowser();
  server = await startServer();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('KB site on the Helpway server', () => {
  test('feedback is stored and thanked; a no-result search is recorded', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/articles/microsoft-sso/`);
      const feedback = page.getByRole('group', { name: 'Was this article helpful?' });
      await feedback.getByRole('textbox', { name: 'Comment (optional)' }).fill('Missing the Entra ID redirect URI step.');
      await feedback.getByRole('button', { name: 'No' }).click();
      // A "No" is thanked, and told the article will be looked at.
      await page.getByText('Thank you for your feedback. We appreciate your effort and will try to fix the article.').waitFor();
      const db = server.running.store.db;
      const rows = await db.selectFrom('feedback').select(['slug', 'helpful', 'comment']).execute();
      assert.deepEqual(
        rows.map((r) => ({ ...r, helpful: Number(r.helpful) })),
        [{ slug: 'microsoft-sso', helpful: 0, comment: 'Missing the Entra ID redirect URI step.' }],
      );

      await page.goto(`${server.url}/search/?q=zxqvj`);
      await page.locator('#search-empty').waitFor();
      const response = await page.waitForResponse((r) => r.url().endsWith('/api/search-events'));
      assert.equal(response.status(), 202);
      const events = await db.selectFrom('search_events').select(['query', 'result_count', 'source', 'page']).execute();
      assert.deepEqual(
        events.map((e) => ({ ...e })),
        [{ query: 'zxqvj', result_count: 0, source: 'kb', page: '/search/?q=zxqvj' }],
      );
    } finally {
      await context.close();
    }
  });
});
