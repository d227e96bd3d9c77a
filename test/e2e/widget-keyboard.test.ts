/**
 * Keyboard only: reach the launcher with Tab, search, pick a result with the arrow keys, read,
 * escalate, fill the form and send, all without a mouse; focus stays trapped in the dialog and
 * returns to the launcher on Escape. Also: the panel at 320 px wide and at 200 % zoom.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { axeViolations, newContext, startHelpwayForWidget } from './widget-support.ts';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

interface Focused {
  tag: string;
  id: string;
  name: string;
  inWidget: boolean;
}

/** The element that really has focus, looking through shadow roots. */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    let inWidget = false;
    while (el?.shadowRoot?.activeElement) {
      if (el.localName === 'helpway-widget') inWidget = true;
      el = el.shadowRoot.activeElement;
    }
    const labelled = el?.id
      ? el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).querySelector(`label[for="${el.id}"]`)
      : null;
    const name = (
      el?.getAttribute('aria-label') ||
      (labelled ? labelled.textContent : '') ||
      el?.closest('label')?.textContent ||
      el?.textContent ||
      ''
    )
      .replace(/\s+/g, ' ')
      .trim();
    return { tag: el?.localName ?? '', id: el?.id ?? '', name, inWidget };
  });
}

async function tabUntil(page: Page, match: (f: Focused) => boolean, what: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (match(await focused(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${what}; focus is on ${JSON.stringify(await focused(page))}`);
}

test('keyboard only: from the launcher to a sent ticket', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.url}/demo/`);
  await page.getByRole('button', { name: 'Help', exact: true }).waitFor();

  await page.keyboard.press('Tab');
  await tabUntil(page, (f) => f.inWidget && /help/i.test(f.name), 'the launcher');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Help' });
  await dialog.waitFor();
  await page.waitForFunction(
    () => document.querySelector('helpway-widget')?.shadowRoot?.querySelector('helpway-panel')?.shadowRoot?.activeElement?.id === 'q',
  );

  await page.keyboard.type('csv upload users');
  await dialog.getByRole('button', { name: /bulk upload users/i }).waitFor();
  await page.keyboard.press('ArrowDown');
  const first = await focused(page);
  assert.equal(first.tag, 'button');
  assert.match(first.name, /bulk upload users/i);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.match((await focused(page)).name, /bulk upload users/i);
  await page.keyboard.press('Enter');
  await dialog.getByRole('heading', { name: /bulk upload users/i }).waitFor();
  await page.waitForFunction(() => {
    const a = document.querySelector('helpway-widget')?.shadowRoot?.querySelector('helpway-panel')?.shadowRoot?.activeElement;
    return a?.classList.contains('article-title');
  });

  // The focus trap: Tab cycles inside the dialog, never back to the page.
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    assert.ok((await focused(page)).inWidget, `Tab ${i + 1} left the dialog`);
  }
  await page.keyboard.press('Shift+Tab');
  assert.ok((await focused(page)).inWidget);

  await tabUntil(page, (f) => f.name === 'Contact support', 'Contact support');
  await page.keyboard.press('Enter');
  const form = page.getByRole('dialog', { name: 'Contact support' });
  await form.getByRole('radio', { name: /^Query/ }).waitFor();
  await tabUntil(page, (f) => f.tag === 'input' && /^S1/.test(f.name), 'the first severity');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.ok(await form.getByRole('radio', { name: /^S4/ }).isChecked(), 'arrow keys choose the severity');
  await tabUntil(page, (f) => f.id === 'hw-subject', 'Subject');
  await page.keyboard.type('Keyboard-only ticket');
  await tabUntil(page, (f) => f.id === 'hw-description', 'Description');
  await page.keyboard.type('Filed without a mouse.');
  await tabUntil(page, (f) => f.id === 'hw-name', 'Your name');
  await page.keyboard.type('Kim Keys');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, 'hw-email');
  await page.keyboard.type('kim@riverside.example');
  await tabUntil(page, (f) => f.tag === 'button' && f.name === 'Send', 'Send');
  await page.keyboard.press('Enter');
  const sent = page.getByRole('dialog', { name: 'Message received' });
  await sent.getByRole('heading', { name: /HW-\d+/ }).waitFor();
  // Focus moved to the confirmation, so a screen reader reads it.
  assert.match((await focused(page)).name, /HW-\d+/);

  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  const back = await focused(page);
  assert.ok(back.inWidget && /help/i.test(back.name), `focus returns to the launcher, got ${JSON.stringify(back)}`);
  await context.close();
});

test('usable at 320 px wide and at 200 % zoom', async () => {
  for (const viewport of [
    { width: 320, height: 640 },
    { width: 640, height: 450 },
  ]) {
    // Reduced motion: no entrance animation, so the box is measured where it stays.
    const context = await newContext(browser, { viewport, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${server.url}/demo/`);
    await page.getByRole('button', { name: 'Help', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Help' });
    await dialog.getByRole('list').first().getByRole('button').first().waitFor();
    const box = await dialog.boundingBox();
    assert.ok(
      box && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5,
      `the dialog fits ${viewport.width}×${viewport.height}: ${JSON.stringify(box)}`,
    );
    await dialog.getByRole('button', { name: 'Contact support' }).click();
    const form = page.getByRole('dialog', { name: 'Contact support' });
    await form.getByLabel('Subject').waitFor();
    const overflow = await page.evaluate(() => {
      const body = document
        .querySelector('helpway-widget')!
        .shadowRoot!.querySelector('helpway-panel')!
        .shadowRoot!.querySelector('.body')!;
      return body.scrollWidth - body.clientWidth;
    });
    assert.ok(overflow <= 0, `no horizontal scrolling in the form at ${viewport.width}px (overflow ${overflow}px)`);
    assert.deepEqual(await axeViolations(page), [], `axe at ${viewport.width}px`);
    await context.close();
  }
});
