/**
 * The "Install the widget" page: the HTML snippet of contract 5 (docs/architecture.md) with this site's own
 * origin, and a JavaScript-only variant (for LMSs that take a custom JS file) that really adds the
 * script and the element when run on a page.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startStaticServer, type StaticServer } from '../support/static-server.ts';

let browser: Browser;
let server: StaticServer;
before(async () => {
  browser = await launchBrowser();
  server = await startStaticServer();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

describe('Install the widget page', () => {
  test('shows the embed snippet with this origin, and the JS-only variant adds script and element', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/install-widget/`);
      const blocks = await page.locator('pre code').allTextContents();
      assert.equal(blocks.length, 2);
      assert.equal(
        blocks[0],
        `<script type="module" src="${server.url}/widget.js"></script>\n<helpway-widget site="YOUR-SITE-KEY"></helpway-widget>`,
      );
      for (const lms of ['Moodle', 'Totara', 'Canvas', 'Blackboard Learn']) {
        assert.equal(await page.getByRole('heading', { level: 2, name: lms }).count(), 1, lms);
      }
      assert.match((await page.locator('main').textContent()) ?? '', /Site administration → Appearance → Additional HTML/);

      // Run the JS-only variant on a blank page of the same origin: it must add both, once.
      const jsVariant = blocks[1];
      await page.goto(`${server.url}/404.html`);
      await page.evaluate((code) => {
        new Function(code)();
        new Function(code)();
      }, jsVariant);
      const added = await page.evaluate(() => ({
        scripts: [...document.querySelectorAll('script[src]')].map((s) => [(s as HTMLScriptElement).type, (s as HTMLScriptElement).src]),
        widgets: [...document.querySelectorAll('helpway-widget')].map((w) => w.getAttribute('site')),
      }));
      assert.deepEqual(added.scripts, [['module', `${server.url}/widget.js`]]);
      assert.deepEqual(added.widgets, ['YOUR-SITE-KEY']);
    } finally {
      await context.close();
    }
  });
});
