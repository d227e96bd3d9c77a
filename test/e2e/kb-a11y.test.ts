/**
 * Accessibility of the KB site with axe (WCAG 2.x A and AA rules), light and dark; the 404 page;
 * the skip link; and the policy pages rendered from content/policy.yaml.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startStaticServer, type StaticServer } from '../support/static-server.ts';
import { loadPolicy } from '../../content/src/load.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let browser: Browser;
let server: StaticServer;
before(async () => {
  browser = await launchBrowser();
  server = await startStaticServer();
});
/** A page in its own context (axe needs one; contexts also keep tests apart). */
async function newPage(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  return context.newPage();
}
after(async () => {
  await browser?.close();
  await server?.close();
});

async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('KB accessibility', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`home, an article and the search page have no axe violations (${colorScheme})`, async () => {
      const page = await newPage({ colorScheme });
      try {
        await page.goto(`${server.url}/`);
        assert.deepEqual(await axeViolations(page), [], 'home');

        await page.goto(`${server.url}/articles/severity-levels/`);
        await page.getByRole('button', { name: 'Yes' }).waitFor(); // feedback form shown by its script
        assert.deepEqual(await axeViolations(page), [], 'article');

        await page.goto(`${server.url}/search/?q=bulk%20upload`);
        await page.getByRole('list', { name: 'Search results' }).getByRole('link').first().waitFor();
        assert.deepEqual(await axeViolations(page), [], 'search with results');

        await page.getByRole('searchbox', { name: 'Search the knowledge base' }).fill('zxqvj xyzzy');
        await page.locator('#search-empty').waitFor();
        assert.deepEqual(await axeViolations(page), [], 'search empty state');
      } finally {
        await page.context().close();
      }
    });
  }

  test('policy pages, the install page and a category page have no axe violations', async () => {
    const page = await newPage();
    try {
      for (const path of [
        '/support/hours/',
        '/support/channels/',
        '/support/scope/',
        '/support/plans/',
        '/install-widget/',
        '/categories/getting-support/',
      ]) {
        await page.goto(`${server.url}${path}`);
        assert.deepEqual(await axeViolations(page), [], path);
      }
    } finally {
      await page.context().close();
    }
  });

  test('on a phone-sized screen, wide tables and code scroll in focusable regions (no axe violations)', async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    try {
      for (const path of ['/', '/articles/severity-levels/', '/support/hours/', '/install-widget/']) {
        await page.goto(`${server.url}${path}`);
        assert.deepEqual(await axeViolations(page), [], path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px`);
      }
    } finally {
      await page.context().close();
    }
  });

  test('the skip link is the first focus stop and moves focus to the main content', async () => {
    const page = await newPage();
    try {
      await page.goto(`${server.url}/articles/support-channels/`);
      await page.keyboard.press('Tab');
      const skip = page.getByRole('link', { name: 'Skip to main content' });
      assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    } finally {
      await page.context().close();
    }
  });

  test('an unknown address answers 404 with a helpful page', async () => {
    const page = await newPage();
    try {
      const response = await page.goto(`${server.url}/no-such-page/`);
      assert.equal(response?.status(), 404);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Page not found');
      assert.equal(await page.getByRole('searchbox', { name: 'Search the knowledge base' }).count(), 1);
      assert.deepEqual(await axeViolations(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('the hours page shows the policy calendar and every severity target', async () => {
    const policy = await loadPolicy();
    const page = await newPage();
    try {
      await page.goto(`${server.url}/support/hours/`);
      const body = (await page.locator('main').textContent()) ?? '';
      assert.ok(body.includes(policy.calendar.timezone));
      for (const s of policy.severities) {
        const row = page.getByRole('row', { name: new RegExp(`^${s.id} ${s.name}`) });
        const text = (await row.textContent()) ?? '';
        if (s.target.responseHours !== null) assert.match(text, new RegExp(`${s.target.responseHours} working hours?`), `${s.id} response`);
        if (s.target.resolutionDays !== null)
          assert.match(text, new RegExp(`${s.target.resolutionDays} working days?`), `${s.id} resolution`);
      }
      const [firstWindow] = Object.values(policy.calendar.hours).find((w) => w && w.length) ?? [];
      if (firstWindow) assert.ok(body.includes(`${firstWindow[0]}–${firstWindow[1]}`), 'weekly hours come from the policy');
    } finally {
      await page.context().close();
    }
  });
});
