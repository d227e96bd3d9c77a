/**
 * Drafts and unreliable networks: the draft is stored only once the user types, survives a
 * reload, and a submission whose response is lost, or that is made offline, is retried with the
 * same Idempotency-Key until it lands — exactly one ticket per draft.
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

const DRAFT_KEY = 'helpway:demo:draft';

async function ticketCount(subject: string): Promise<number> {
  const rows = await server.running.store.db.selectFrom('tickets').select('id').where('subject', '=', subject).execute();
  return rows.length;
}

async function openForm(page: Page) {
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  await page.getByRole('dialog', { name: 'Help' }).getByRole('button', { name: 'Contact support' }).click();
  const form = page.getByRole('dialog', { name: 'Contact support' });
  await form.getByRole('radio', { name: /^Query/ }).waitFor();
  return form;
}

async function fill(form: ReturnType<Page['getByRole']>, subject: string): Promise<void> {
  await form.getByRole('radio', { name: /^Query/ }).check();
  await form.getByRole('radio', { name: /^S4/ }).check();
  await form.getByLabel('Subject').fill(subject);
  await form.getByLabel('Description').fill('How do I change the CSV separator when uploading users?');
  await form.getByLabel('Your name').fill('Alex Admin');
  await form.getByLabel('Your email').fill('alex@riverside.example');
}

test('the draft is kept only after typing, and restored after a reload', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.url}/demo/`);
  const form = await openForm(page);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY), null, 'no draft before the user types');

  await form.getByLabel('Subject').fill('Draft that survives a reload');
  const saved = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY)) ?? 'null');
  assert.equal(saved?.fields?.subject, 'Draft that survives a reload');

  await page.reload();
  const again = await openForm(page);
  await again.getByText('We restored the message you started.').waitFor();
  assert.equal(await again.getByLabel('Subject').inputValue(), 'Draft that survives a reload');
  await context.close();
});

test('a lost response is retried with the same key: exactly one ticket', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const keys: string[] = [];
  let attempts = 0;
  // The first POST reaches the server (the ticket is created) but its response never arrives.
  await page.route('**/api/tickets', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    attempts++;
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    if (attempts === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.goto(`${server.url}/demo/`);
  const form = await openForm(page);
  const subject = 'Lost response must not duplicate';
  await fill(form, subject);
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByText(/No connection\. Your message is saved/).waitFor();
  // The draft, with its frozen body, is still on the device while we wait.
  const pending = JSON.parse((await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY)) ?? 'null');
  assert.ok(pending?.pending, 'the pending submission is saved');

  await page.getByRole('dialog', { name: 'Message received' }).getByRole('heading', { name: /HW-\d+/ }).waitFor({ timeout: 15000 });
  assert.equal(attempts, 2);
  assert.equal(keys[0], keys[1], 'the retry reuses the Idempotency-Key');
  assert.ok(keys[0].length >= 16);
  assert.equal(await ticketCount(subject), 1, 'exactly one ticket for the draft');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY), null, 'the draft is cleared once sent');
  await context.close();
});

test('offline submit, then back online: sent once', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${server.url}/demo/`);
  const form = await openForm(page);
  const subject = 'Offline then online';
  await fill(form, subject);
  await context.setOffline(true);
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByText(/No connection\. Your message is saved/).waitFor();
  assert.equal(await ticketCount(subject), 0);
  assert.deepEqual(await axeViolations(page), [], 'axe while waiting to retry');
  // Still offline: "Try again now" fails again and keeps the draft.
  await form.getByRole('button', { name: 'Try again now' }).click();
  await form.getByText(/No connection\. Your message is saved/).waitFor();
  await context.setOffline(false);
  await page.getByRole('dialog', { name: 'Message received' }).getByRole('heading', { name: /HW-\d+/ }).waitFor({ timeout: 20000 });
  assert.equal(await ticketCount(subject), 1);
  await context.close();
});

test('an incomplete form says what is missing, focuses it, and sends nothing', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  let posted = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/tickets')) posted++;
  });
  await page.goto(`${server.url}/demo/`);
  const form = await openForm(page);
  await form.getByLabel('Subject').fill('Only a subject');
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByText('Please fill this in.').first().waitFor();
  // The first invalid control has focus and is described by its error.
  const focused = await page.evaluate(() => {
    const a = document.querySelector('helpway-widget')!.shadowRoot!.querySelector('helpway-panel')!.shadowRoot!.activeElement!;
    return { invalid: a.getAttribute('aria-invalid'), describedBy: a.getAttribute('aria-describedby') };
  });
  assert.equal(focused.invalid, 'true');
  assert.ok(focused.describedBy, 'the error is linked to the control');
  assert.equal(await form.getByLabel('Your email').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(await axeViolations(page), [], 'axe with validation errors');
  assert.equal(posted, 0);
  await context.close();
});
