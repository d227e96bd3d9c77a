/**
 * Drafts and unreliable networks: the draft is stored only once the user types, survives a
 * reload, and a submission whose response is lost, or that is made offline, is retried with the
 * same Idempotency-Key until it lands — exactly one ticket per draft. Attached files go to
 * POST /api/uploads first, each exactly once, even across a retry after a reload.
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

/** The files stored with the one ticket of this subject: [name, bytes]. */
async function ticketFiles(subject: string): Promise<Array<[string, string]>> {
  const db = server.running.store.db;
  const ticket = await db.selectFrom('tickets').select('id').where('subject', '=', subject).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('attachments').select(['filename', 'data']).where('ticket_id', '=', ticket.id).orderBy('id').execute();
  return rows.map((r) => [r.filename, Buffer.from(r.data).toString('utf8')]);
}

/** Counts the upload requests the page makes that reach the server. */
function countUploads(page: Page): { count: number } {
  const seen = { count: 0 };
  page.on('requestfinished', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/uploads') seen.count++;
  });
  return seen;
}

const readDraft = (page: Page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? 'null'), DRAFT_KEY);

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

  await page
    .getByRole('dialog', { name: 'Message received' })
    .getByRole('heading', { name: /HW-\d+/ })
    .waitFor({ timeout: 15000 });
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
  // Audit the settled waiting state (its retry button rendered), not the instant the send failed.
  await form.getByRole('button', { name: 'Try again now' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'axe while waiting to retry');
  // Still offline: "Try again now" fails again and keeps the draft.
  await form.getByRole('button', { name: 'Try again now' }).click();
  await form.getByText(/No connection\. Your message is saved/).waitFor();
  await context.setOffline(false);
  await page
    .getByRole('dialog', { name: 'Message received' })
    .getByRole('heading', { name: /HW-\d+/ })
    .waitFor({ timeout: 20000 });
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

test("a file is uploaded once: the ticket's lost response is retried with the same upload id", async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const uploads = countUploads(page);
  let attempts = 0;
  await page.route('**/api/tickets', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    attempts++;
    if (attempts === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.goto(`${server.url}/demo/`);
  const form = await openForm(page);
  const subject = 'Lost response with a file';
  await fill(form, subject);
  await form
    .getByLabel(/Attachments/)
    .setInputFiles({ name: 'steps.txt', mimeType: 'text/plain', buffer: Buffer.from('1. open the course\n2. click upload') });
  await form.getByText(/^steps\.txt/).waitFor();
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByText(/No connection\. Your message is saved/).waitFor();
  const draft = await readDraft(page);
  assert.match(draft?.files?.[0]?.id ?? '', /^up_/, 'the pending draft keeps the upload id');

  await page
    .getByRole('dialog', { name: 'Message received' })
    .getByRole('heading', { name: /HW-\d+/ })
    .waitFor({ timeout: 15000 });
  assert.equal(attempts, 2);
  assert.equal(uploads.count, 1, 'the retry did not upload the file again');
  assert.equal(await ticketCount(subject), 1);
  assert.deepEqual(await ticketFiles(subject), [['steps.txt', '1. open the course\n2. click upload']]);
  await context.close();
});

test('a retry after a reload still sends: uploaded files by id, the others from IndexedDB', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  const uploads = countUploads(page);
  // The first file gets through; then the network drops (the second upload and the ticket fail).
  let uploadAttempts = 0;
  let flaky = true;
  await page.route('**/api/uploads?**', (route) =>
    flaky && ++uploadAttempts > 1 ? route.abort('internetdisconnected') : route.continue(),
  );
  await page.route('**/api/tickets', (route) =>
    flaky && route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
  );
  await page.goto(`${server.url}/demo/`);
  const form = await openForm(page);
  const subject = 'Retry after a reload with two files';
  await fill(form, subject);
  await form.getByLabel(/Attachments/).setInputFiles([
    { name: 'first.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded before the reload') },
    { name: 'second.csv', mimeType: 'text/csv', buffer: Buffer.from('kept,in,indexeddb') },
  ]);
  await form.getByText(/^second\.csv/).waitFor();
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByText(/No connection\. Your message is saved/).waitFor();
  const draft = await readDraft(page);
  assert.ok(draft?.pending, 'the submission is pending');
  assert.match(draft.files[0].id ?? '', /^up_/);
  assert.equal(draft.files[1].id, undefined);

  await page.reload();
  flaky = false;
  // Opening the form again resumes the pending submission.
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  await page.getByRole('dialog', { name: 'Help' }).getByRole('button', { name: 'Contact support' }).click();
  await page
    .getByRole('dialog', { name: 'Message received' })
    .getByRole('heading', { name: /HW-\d+/ })
    .waitFor({ timeout: 20000 });
  assert.equal(await ticketCount(subject), 1);
  assert.deepEqual(await ticketFiles(subject), [
    ['first.txt', 'uploaded before the reload'],
    ['second.csv', 'kept,in,indexeddb'],
  ]);
  assert.equal(uploads.count, 2, 'each file reached the server once');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), DRAFT_KEY), null, 'the draft is cleared once sent');
  const kept = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('helpway-attachments');
        open.onsuccess = () => {
          const get = open.result.transaction('pending').objectStore('pending').get('demo');
          get.onsuccess = () => resolve(get.result ?? null);
        };
      }),
  );
  assert.equal(kept, null, 'the kept files are forgotten once sent');
  await context.close();
});
