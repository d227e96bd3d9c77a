/**
 * The widget on an LMS page of ANOTHER origin that is as unfriendly as real ones get:
 * a strict CSP (scripts and connections only from the widget origin, `style-src 'self'`,
 * Trusted Types required),
 * Moodle's AMD loader (`define.amd`), old prototype extensions (Prototype.js's Array#toJSON),
 * aggressive global CSS (a transformed <body> that traps position: fixed), the script included twice. The full journey must work with no CSP
 * violation, no console error, and nothing captured by `define`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import {
  axeViolations,
  newContext,
  startHelpwayForWidget,
  startHostServer,
  ticketsKeptByWidget,
  watchProblems,
  type HostServer,
} from './widget-support.ts';

let browser: Browser;
let server: TestServer;
let host: HostServer;

const HOST_CSS = `
* { font-family: "Comic Sans MS", cursive !important; color: #c00 !important; line-height: 3 !important; letter-spacing: 4px; }
button, input { all: unset; background: lime; }
div { box-sizing: content-box; padding: 3px; }
body { margin: 0; transform: translateZ(0); }
.spacer { height: 2400px; }
helpway-widget { font-size: 30px; text-align: right; }
`;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget()]);
  const widgetOrigin = server.url;
  const csp = [
    "default-src 'none'",
    `script-src ${widgetOrigin}`,
    `connect-src ${widgetOrigin}`,
    "style-src 'self'",
    `img-src 'self' ${widgetOrigin}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Upload users | Moodle</title>
<link rel="stylesheet" href="/host.css">
<script type="module" src="${widgetOrigin}/widget.js"></script>
<script type="module" src="${widgetOrigin}/widget.js?copy=2"></script>
</head>
<body>
<header><nav aria-label="Site"><a href="/lms/">Dashboard</a></nav></header>
<main><h1>Upload users</h1><p>Upload a CSV file of users.</p><div class="spacer"></div></main>
<helpway-widget site="demo" z-index="4000"></helpway-widget>
</body>
</html>`;
  host = await startHostServer({
    '/lms/': { body: page, headers: { 'content-security-policy': csp } },
    '/host.css': { body: HOST_CSS, headers: { 'content-type': 'text/css' } },
    '/favicon.ico': { body: '', headers: { 'content-type': 'image/x-icon' } },
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

test('strict CSP, AMD loader, prototype extensions, another origin: the journey works cleanly', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const problems = await watchProblems(page);
  await page.addInitScript(() => {
    // Moodle's RequireJS: anything UMD-shaped would register itself here instead of running.
    const calls: unknown[] = [];
    const define = (...args: unknown[]) => calls.push(args);
    (define as unknown as { amd: object }).amd = { jQuery: true };
    Object.assign(window, { define, __amdCalls: calls });
    // Prototype.js 1.6 style extensions of built-ins.
    Object.defineProperty(Array.prototype, 'toJSON', {
      configurable: true,
      writable: true,
      // Like Prototype's: returns a string, so JSON.stringify would double-encode every array.
      value: function (this: unknown[]) {
        return `[${this.length} items]`;
      },
    });
    (Array.prototype as unknown as { each: unknown }).each = function () {};
    (String.prototype as unknown as { strip: unknown }).strip = function (this: string) {
      return this.trim();
    };
  });

  await page.goto(`${host.url}/lms/`);
  const launcher = page.getByRole('button', { name: 'Help', exact: true });
  await launcher.waitFor();
  assert.equal(await page.evaluate(() => document.querySelectorAll('helpway-widget').length), 1);

  // The host's z-index setting reaches the launcher, and host CSS does not leak in.
  const launcherStyle = await page.evaluate(() => {
    const button = document.querySelector('helpway-widget')!.shadowRoot!.querySelector('button')!;
    const s = getComputedStyle(button);
    return { z: s.zIndex, font: s.fontFamily, color: s.color, spacing: s.letterSpacing };
  });
  assert.equal(launcherStyle.z, '4000');
  assert.doesNotMatch(launcherStyle.font, /comic/i);
  assert.notEqual(launcherStyle.color, 'rgb(204, 0, 0)');
  // The transformed <body> would trap position: fixed; the launcher still sits in the viewport's corner.
  const box = (await launcher.boundingBox())!;
  const viewport = page.viewportSize()!;
  assert.ok(
    box.y + box.height <= viewport.height && viewport.height - (box.y + box.height) < 60,
    `launcher in the bottom corner: ${JSON.stringify(box)}`,
  );
  assert.ok(viewport.width - (box.x + box.width) < 60);

  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Help' });
  await dialog.getByRole('button', { name: /bulk upload users/i }).waitFor();
  const panelFont = await page.evaluate(() => {
    const panel = document
      .querySelector('helpway-widget')!
      .shadowRoot!.querySelector('helpway-panel')!
      .shadowRoot!.querySelector('.panel')!;
    return getComputedStyle(panel).fontFamily;
  });
  assert.doesNotMatch(panelFont, /comic/i);

  await dialog.getByRole('searchbox', { name: 'Search help articles' }).fill('learner forgot password');
  const hit = dialog.getByRole('list').getByRole('button').first();
  await hit.waitFor();
  await hit.click();
  // The article itself renders (parsed and sanitised under Trusted Types), not just the fallback link.
  await dialog.locator('.article-body p').first().waitFor();
  await dialog.getByRole('link', { name: 'Open in the knowledge base' }).waitFor();

  await dialog.getByRole('button', { name: 'Contact support' }).click();
  const form = page.getByRole('dialog', { name: 'Contact support' });
  await form.getByRole('radio', { name: /^Bug/ }).check();
  await form.getByRole('radio', { name: /^S2/ }).check();
  await form.getByLabel('Subject').fill('A learner password reset email never arrives');
  await form.getByLabel('Description', { exact: true }).fill('A learner forgot password and the reset email never arrives.');
  // Scope guidance appears without blocking: a learner's password is the client's admin's job.
  await form.getByText(/Good to know/).waitFor();
  await form.getByLabel('Steps to reproduce').fill('1. Open the login page 2. Click forgotten password 3. No email');
  await form.getByLabel('Your name').fill('Host Admin');
  await form.getByLabel('Your email').fill('admin@host.example');
  await form.getByRole('button', { name: 'Send' }).click();
  await page
    .getByRole('dialog', { name: 'Message received' })
    .getByRole('heading', { name: /HW-\d+/ })
    .waitFor();
  // Checked before axe runs: axe-core itself is UMD and registers with define().
  assert.equal(
    await page.evaluate(() => (window as unknown as { __amdCalls: unknown[] }).__amdCalls.length),
    0,
    'define() was never called',
  );
  assert.deepEqual(await axeViolations(page), []);

  const mine = await ticketsKeptByWidget(page, server.url);
  assert.equal(mine.length, 1);

  assert.deepEqual(await problems.csp(), [], 'no CSP violations');
  assert.deepEqual(problems.pageErrors, [], 'no uncaught errors');
  assert.deepEqual(problems.console, [], 'no console errors');
  await context.close();
});
