/**
 * The public status pages in Chromium: axe-clean in light and dark mode and on a phone-sized
 * screen, no CSP violation (the one style element is allowed by its hash, so it must apply),
 * the subscription form posts to a "check your email" page, and the Atom feed parses as XML.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { fixedClock } from '../api/helpers.ts';
import { seedStatus, STATUS_NOW } from '../status/page-support.ts';
import { axeViolations, newContext, watchProblems } from './widget-support.ts';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startServer({ clock: fixedClock(new Date(STATUS_NOW)) })]);
  await seedStatus(server);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the status pages are axe-clean and styled in ${colorScheme} mode, wide and narrow`, async () => {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 360, height: 740 },
    ]) {
      const context = await newContext(browser, { colorScheme, viewport });
      const page = await context.newPage();
      const problems = await watchProblems(page);
      for (const path of ['/status', '/status/acme', '/status/nowhere']) {
        await page.goto(server.url + path);
        assert.deepEqual(await axeViolations(page), [], `axe on ${path} (${colorScheme}, ${viewport.width} px)`);
        const look = await page.evaluate(() => ({
          background: getComputedStyle(document.body).backgroundColor,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        }));
        // The hashed style applied (else the background would be the browser's default).
        assert.equal(look.background, colorScheme === 'dark' ? 'rgb(20, 24, 29)' : 'rgb(246, 247, 249)', path);
        assert.equal(look.overflow, 0, `no sideways scrolling on ${path} at ${viewport.width} px`);
      }
      // The bars are hidden from assistive technology; the table says the same in words.
      await page.goto(`${server.url}/status/acme`);
      assert.equal(await page.locator('.bars .bar').count(), 90);
      assert.equal(
        await page.getByRole('row', { name: '2026-03-01 97.72 % up, down 30 min, maintenance 120 min' }).count(),
        1,
        'the day’s figures are a table row',
      );
      assert.equal(await page.getByText('Down: not reachable').count(), 1, 'the state in words');
      assert.deepEqual(await problems.csp(), []);
      assert.deepEqual(problems.pageErrors, []);
      await context.close();
    }
  });
}

test('the subscription form posts and answers; the feed parses as Atom', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const problems = await watchProblems(page);
  await page.goto(`${server.url}/status/acme`);
  await page.getByLabel('Email address').fill('browser@example.org');
  await page.getByRole('button', { name: 'Subscribe' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  assert.deepEqual(await axeViolations(page), []);
  const queued = await server.running.store.db
    .selectFrom('outbox')
    .select('kind')
    .where('to_address', '=', 'browser@example.org')
    .execute();
  assert.deepEqual(
    queued.map((row) => row.kind),
    ['status_subscription'],
  );

  assert.deepEqual(await problems.csp(), []);

  // The page's CSP allows no fetch: the feed is fetched here and parsed by the browser's XML parser.
  const text = await (await fetch(`${server.url}/status/feed.atom`)).text();
  await page.goto('about:blank');
  const feed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const ns = 'http://www.w3.org/2005/Atom';
    return {
      error: doc.getElementsByTagName('parsererror').length,
      root: `${doc.documentElement.namespaceURI} ${doc.documentElement.localName}`,
      titles: [...doc.getElementsByTagNameNS(ns, 'entry')].map((entry) => entry.getElementsByTagNameNS(ns, 'title')[0].textContent),
      content: doc.getElementsByTagNameNS(ns, 'content')[0].textContent,
    };
  }, text);
  assert.equal(feed.error, 0);
  assert.equal(feed.root, 'http://www.w3.org/2005/Atom feed');
  assert.deepEqual(feed.titles, [
    'Incident: <script>alert("title")</script> Gradebook & "quizzes" down',
    'Incident: Birch logins slow',
    'Maintenance: Birch theme update',
    'Maintenance: Database <upgrade>',
    'Resolved: Mail delays for everyone',
  ]);
  assert.match(feed.content ?? '', /2 Mar 2026, 10:10 UTC, Cause identified: We restarted it\. <img src=x onerror=alert\(1\)>/);
  await context.close();
});
