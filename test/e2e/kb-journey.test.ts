/**
 * The reader's journey on the static KB site: home → search with a typo → result → article →
 * "Was this article helpful?". Once with no API behind the site (the polite failure keeps the
 * comment), once with a stub POST /api/feedback that records what it received.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startStaticServer, stubJsonPost } from '../support/static-server.ts';

const COMMENT = 'The CSV column list was exactly what I needed.';

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

/** Home → search "bulk uplod users" (typo) → first matching result → the article page. */
async function searchToArticle(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`);
  const box = page.getByRole('search', { name: 'Knowledge base' }).getByRole('searchbox', { name: 'Search the knowledge base' });
  await box.fill('bulk uplod users');
  await box.press('Enter');
  await page.waitForURL(/\/search\/\?q=bulk\+uplod\+users/);
  const results = page.getByRole('list', { name: 'Search results' });
  const hit = results.getByRole('link', { name: /bulk upload users/i }).first();
  await hit.waitFor();
  // The right article is among the first three results, despite the typo.
  const top3 = await results.getByRole('link').evaluateAll((links) => links.slice(0, 3).map((a) => a.getAttribute('href')));
  assert.ok(top3.includes('/articles/bulk-upload-users/'), `top 3 were ${top3.join(', ')}`);
  // Matches are highlighted, and the count is announced in the live region.
  assert.ok((await results.locator('mark').count()) > 0, 'expected highlighted matches in the results');
  await page
    .getByRole('status')
    .filter({ hasText: /^\d+ results? for “bulk uplod users”$/ })
    .waitFor();
  await hit.click();
  await page.waitForURL(`${origin}/articles/bulk-upload-users/`);
  assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /bulk upload users/i);
}

async function giveFeedback(page: Page): Promise<void> {
  const feedback = page.getByRole('group', { name: 'Was this article helpful?' });
  await feedback.getByRole('textbox', { name: 'Comment (optional)' }).fill(COMMENT);
  await feedback.getByRole('button', { name: 'Yes' }).click();
}

describe('KB reader journey', () => {
  test('without an API the feedback fails politely and keeps the comment', async () => {
    const server = await startStaticServer();
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await searchToArticle(page, server.url);
      // Article pages ship no client JavaScript but the feedback form's one inline script.
      const scripts = await page.locator('script').evaluateAll((list) => list.map((s) => (s as HTMLScriptElement).src));
      assert.deepEqual(scripts, [''], 'expected exactly one inline script on the article page');
      await giveFeedback(page);
      const message = page.getByText(/could not be sent/);
      await message.waitFor();
      assert.match((await message.textContent()) ?? '', /Sorry, your feedback could not be sent just now/);
      assert.equal(await page.getByRole('textbox', { name: 'Comment (optional)' }).inputValue(), COMMENT);
      assert.equal(await page.getByRole('button', { name: 'Yes' }).isEnabled(), true, 'the reader can try again');
      assert.deepEqual(errors, []);
    } finally {
      await page.context().close();
      await server.close();
    }
  });

  test('with an API the feedback is posted as {slug, helpful, comment} and thanked', async () => {
    const received: unknown[] = [];
    const contentTypes: string[] = [];
    const server = await startStaticServer({
      handle: stubJsonPost('/api/feedback', 201, received, { reply: '{"ok":true}', contentTypes }),
    });
    const page = await newPage();
    try {
      await searchToArticle(page, server.url);
      await giveFeedback(page);
      await page.getByText('Thank you for your feedback.').waitFor();
      assert.deepEqual(received, [{ slug: 'bulk-upload-users', helpful: true, comment: COMMENT }]);
      for (const type of contentTypes) assert.match(type, /^application\/json/);
      assert.equal(await page.getByRole('button', { name: 'Yes' }).isVisible(), false, 'the form is done once sent');
    } finally {
      await page.context().close();
      await server.close();
    }
  });

  test('a network failure is handled like a missing API', async () => {
    const server = await startStaticServer();
    const page = await newPage();
    try {
      await page.route('**/api/feedback', (route) => route.abort('connectionrefused'));
      await page.goto(`${server.url}/articles/bulk-upload-users/`);
      await giveFeedback(page);
      await page.getByText(/Sorry, your feedback could not be sent just now/).waitFor();
      assert.equal(await page.getByRole('textbox', { name: 'Comment (optional)' }).inputValue(), COMMENT);
    } finally {
      await page.context().close();
      await server.close();
    }
  });

  test('"No" without a comment posts helpful: false and no comment field', async () => {
    const received: unknown[] = [];
    const server = await startStaticServer({ handle: stubJsonPost('/api/feedback', 201, received) });
    const page = await newPage();
    try {
      await page.goto(`${server.url}/articles/support-channels/`);
      await page.getByRole('button', { name: 'No' }).click();
      await page.getByText('Thank you for your feedback.').waitFor();
      assert.deepEqual(received, [{ slug: 'support-channels', helpful: false }]);
    } finally {
      await page.context().close();
      await server.close();
    }
  });
});
