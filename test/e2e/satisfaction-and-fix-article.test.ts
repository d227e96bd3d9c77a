/**
 * In a real browser, axe clean: the rating confirm page a solved mail's link opens (the clicked
 * answer chosen, a comment, recorded only on submit), and the inbox's "Fix this article" section
 * (a nav link, the reader's comment as inert text, "Mark handled" moving it to the handled filter).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { post } from '../api/helpers.ts';
import { ADMIN, fileTicket, signIn, withAdmin } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';
import { asDelivered } from '../support/outbox.ts';

let browser: Browser;
let server: TestServer;

before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  [browser, server] = await Promise.all([launchBrowser(), startServer(withAdmin())]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const violations = (page: Page) =>
  new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));

test('the rating link opens a confirm page that records only on submit', async () => {
  const ticket = await fileTicket(server.url, { subject: 'Quiz times are off' });
  const admin = await signIn(server.url);
  assert.equal((await admin.post(`/api/inbox/tickets/${ticket.reference}/status`, { status: 'solved' })).status, 200);
  const db = server.running.store.db;
  const row = await db
    .selectFrom('outbox')
    .selectAll()
    .where('ticket_id', '=', idFromReference(ticket.reference)!)
    .where('kind', '=', 'status')
    .executeTakeFirstOrThrow();
  const link = /Not good: (\S+)/.exec((await asDelivered(db, row)).text)![1];

  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(link);
    await page.getByRole('heading', { name: 'How did we do?' }).waitFor();
    assert.equal(await page.getByLabel('Not good').isChecked(), true);
    assert.equal(await page.getByLabel('Good', { exact: true }).isChecked(), false);
    assert.deepEqual(await violations(page), []);
    assert.equal((await db.selectFrom('satisfaction').selectAll().execute()).length, 0, 'opening the page records nothing');

    await page.getByLabel('Anything to add? (optional)').fill('The fix took <b>a week</b>');
    await page.getByRole('button', { name: 'Send my answer' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    assert.deepEqual(await violations(page), []);
    const saved = await db.selectFrom('satisfaction').selectAll().execute();
    assert.deepEqual(
      saved.map((s) => [s.rating, s.comment]),
      [['bad', 'The fix took <b>a week</b>']],
    );
  } finally {
    await context.close();
  }
});

test('"Fix this article" lists readers\' comments and marks one handled', async () => {
  const hostile = 'Wrong menu <img src=x onerror="window.__xss=1">';
  assert.equal((await post(server.url, '/api/feedback', { slug: 'assignments', helpful: false, comment: hostile })).status, 202);
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/inbox/`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Fix this article' }).click();
    await page.getByRole('heading', { name: 'Fix this article' }).waitFor();
    const table = page.getByRole('table', { name: 'Fix this article' });
    await table.getByText(hostile).waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
    assert.equal(await page.getByRole('link', { name: 'Fix this article' }).getAttribute('aria-current'), 'page');
    assert.deepEqual(await violations(page), []);

    await table.getByRole('button', { name: /Mark the comment on .* handled/ }).click();
    await page.getByRole('status').filter({ hasText: 'marked handled' }).waitFor();
    await page.getByText('No comments here.').waitFor();
    await page.getByLabel('Show').selectOption('true');
    await page.getByText(`Handled by ${ADMIN.email}`).waitFor();
    assert.deepEqual(await violations(page), []);
  } finally {
    await context.close();
  }
});
