/**
 * The security headers break nothing: the KB site's inline scripts and styles (allowed by the
 * hashes Astro writes into each page), the demo page with the widget, and the status page's
 * nonce-allowed style all work under their CSP, with no violation reported by the browser.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { post, validTicket } from '../api/helpers.ts';
import { startHelpwayForWidget, watchProblems, type Problems } from './widget-support.ts';
import type { TestServer } from '../support/api-server.ts';

let browser: Browser;
let server: TestServer;
before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function visit(path: string, check: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  let problems: Problems | undefined;
  try {
    problems = await watchProblems(page);
    const response = await page.goto(server.url + path);
    assert.ok(response?.headers()['content-security-policy'], `${path}: a CSP header`);
    await check(page);
    assert.deepEqual(await problems.csp(), [], `${path}: no CSP violation`);
    assert.deepEqual(problems.pageErrors, [], path);
    assert.deepEqual(problems.console, [], path);
  } finally {
    await context.close();
  }
}

describe('pages under their Content-Security-Policy', () => {
  test("KB home and an article: the feedback form's inline script runs; the page carries Astro's hashes", async () => {
    await visit('/', async (page) => {
      const meta = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
      assert.match(meta ?? '', /script-src 'self' 'sha256-[^']+'/);
      assert.match(meta ?? '', /style-src 'self' 'sha256-[^']+'/);
      await page.getByRole('link', { name: 'Install the widget' }).first().waitFor();
    });
    await visit('/articles/microsoft-sso/', async (page) => {
      await page.getByRole('group', { name: 'Was this article helpful?' }).waitFor();
      // the inlined stylesheet applies
      assert.equal(await page.locator('.skip-link').evaluate((el) => getComputedStyle(el).position), 'absolute');
    });
  });

  test('KB search finds articles; the install page fills in this origin', async () => {
    await visit('/search/?q=bulk%20upload%20users', async (page) => {
      await page.locator('a[href="/articles/bulk-upload-users/"]').first().waitFor();
    });
    await visit('/install-widget/', async (page) => {
      await page.getByText(`<script type="module" src="${server.url}/widget.js"></script>`).first().waitFor();
    });
  });

  test('the demo page: the widget opens and searches', async () => {
    await visit('/demo/', async (page) => {
      await page.getByRole('button', { name: 'Help' }).click();
      const search = page
        .getByRole('searchbox', { name: 'Search help articles' })
        .or(page.getByRole('textbox', { name: 'Search help articles' }));
      await search.fill('upload users');
      await page
        .getByRole('link', { name: /upload/i })
        .first()
        .waitFor();
    });
  });

  test('the status page: its styles apply by nonce, with no script', async () => {
    const created = await post(server.url, '/api/tickets', validTicket());
    assert.equal(created.status, 201, created.text);
    await visit(`/tickets/${created.body.reference}?token=${created.body.token}`, async (page) => {
      await page.getByRole('heading', { name: new RegExp(created.body.reference) }).waitFor();
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(246, 247, 249)');
    });
  });
});
