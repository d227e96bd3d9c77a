/**
 * The reply box's tools in Chromium: an agent saves a reply of their own (with a file) from the
 * reply box, finds a shared one by searching, inserts it — placeholders filled for the ticket, a
 * hostile requester name kept as text — searches the knowledge base, inserts an article (previewed
 * as the requester's card), and sends; the conversation, the mail and the requester's status page
 * show the article as a card, and the mail carries the file. Axe in every state, no script run.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { fixedClock, uploadIds } from '../api/helpers.ts';
import { ADMIN, fileTicket, signIn, withAdmin } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';

let browser: Browser;
let server: TestServer;

before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  [browser, server] = await Promise.all([launchBrowser(), startServer(withAdmin({ clock: fixedClock() }))]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const axe = async (page: Page, state: string) =>
  assert.deepEqual(
    await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)),
    [],
    `axe: ${state}`,
  );

const HOSTILE = '<img src=x onerror=alert(1)> {{agent.name}}';

describe('reply box tools', () => {
  test('save, search and insert a saved reply; insert an article; the requester sees the card', async () => {
    const ticket = await fileTicket(server.url, {
      subject: 'Cannot reset a learner password',
      requester: { name: HOSTILE, email: 'mallory@college.example' },
    });
    const admin = await signIn(server.url);
    const [file] = await uploadIds(server.url, [['steps.txt', 'Step 1: open Site administration.\n']]);
    const shared = await admin.post('/api/inbox/saved-replies', {
      title: 'On it',
      body: 'Hello {{requester.name}}, we are on {{ticket.reference}} and will answer by {{ticket.due}}.',
      shared: true,
      attachments: [file],
    });
    assert.equal(shared.status, 201, shared.text);

    const page = await (await browser.newContext()).newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${server.url}/inbox/#/tickets/${ticket.reference}`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: `${ticket.reference}: Cannot reset a learner password` }).waitFor();
    const reply = page.getByLabel('Reply', { exact: true });
    await page.getByText('Saved replies', { exact: true }).waitFor();
    await axe(page, 'ticket with the reply tools');

    // A reply of one's own, saved from the reply box with a file.
    await page.getByText('Saved replies', { exact: true }).click();
    await page.getByRole('status').filter({ hasText: '1 saved reply.' }).waitFor();
    await page.getByText('Save a new one').click();
    await page.getByLabel('Title').fill('Password steps');
    await page.getByLabel('Text', { exact: true }).fill('Hi {{requester.firstName}}, here are the steps.');
    await page
      .getByLabel('Files to attach')
      .setInputFiles({ name: 'guide.txt', mimeType: 'text/plain', buffer: Buffer.from('The guide.\n') });
    await axe(page, 'saving a new saved reply');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “Password steps”.' }).waitFor();
    await page.getByRole('status').filter({ hasText: '2 saved replies.' }).waitFor();

    // Search, then insert the shared one: filled for this ticket, the name as plain text.
    await page.getByLabel('Search saved replies').fill('answer');
    await page.getByRole('status').filter({ hasText: '1 saved reply match “answer”.' }).waitFor();
    await axe(page, 'saved replies found');
    await reply.fill('Thanks for writing. ');
    await page.getByRole('button', { name: 'Insert On it' }).click();
    await page.getByRole('status').filter({ hasText: 'Inserted “On it”. Its file is attached.' }).waitFor();
    const text = await reply.inputValue();
    assert.match(
      text,
      new RegExp(
        `^Thanks for writing\\. Hello <img src=x onerror=alert\\(1\\)> \\{\\{agent\\.name\\}\\}, we are on ${ticket.reference} and will answer by .+\\.$`,
      ),
    );
    assert.ok(await reply.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), 'focus back in the reply');
    await page.getByRole('list', { name: 'Files attached' }).getByRole('button', { name: 'Remove file steps.txt' }).waitFor();

    // The knowledge base, searched as the widget does; the article previewed as the card.
    await page.getByText('Knowledge base', { exact: true }).click();
    await page.getByLabel('Search articles').fill('reset a password');
    await page
      .getByRole('status')
      .filter({ hasText: /articles? found for “reset a password”/ })
      .waitFor();
    const first = page.getByRole('list', { name: 'Articles found' }).locator('li').first();
    const title = (await first.locator('strong').textContent())!.trim();
    await axe(page, 'articles found');
    await page.getByRole('button', { name: `Insert article ${title}` }).click();
    const preview = page
      .getByRole('region', { name: 'Added to this answer' })
      .getByRole('complementary', { name: `Help article: ${title}` });
    await preview.waitFor();
    assert.ok(await preview.getByRole('link', { name: title }).getAttribute('href'));
    await axe(page, 'an article and a file added');

    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply sent.').waitFor();
    // The form is empty again, tools included; the conversation shows the card.
    assert.equal(await reply.inputValue(), '');
    assert.equal(await page.getByRole('region', { name: 'Added to this answer' }).count(), 0);
    const sent = page.locator('helpway-ticket article.msg.agent').last();
    await sent.getByRole('complementary', { name: `Help article: ${title}` }).waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    await axe(page, 'after sending');

    // Uses counted; the mail has the card and the file.
    const list = await admin.get('/api/inbox/saved-replies?q=answer');
    assert.equal(list.body.savedReplies[0].uses, 1);
    const mail = await server.running.store.db
      .selectFrom('outbox')
      .select(['html_body', 'text_body', 'attachments_message_id'])
      .where('kind', '=', 'reply')
      .where('ticket_id', '=', Number(ticket.reference.slice(3)) - 1000)
      .executeTakeFirstOrThrow();
    assert.ok(mail.attachments_message_id, 'the mail carries the message files');
    assert.match(mail.text_body, /Attached: steps\.txt/);
    assert.ok(mail.html_body.includes('Help article'), 'card in the HTML mail');
    assert.ok(!mail.html_body.includes('<img src=x'), 'the name is escaped in the mail');

    // The requester's status page shows the card.
    const requester = await (await browser.newContext()).newPage();
    requester.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await requester.goto(`${server.url}/tickets/${ticket.reference}?token=${encodeURIComponent(ticket.token)}`);
    const card = requester.getByRole('complementary', { name: `Help article: ${title}` });
    await card.waitFor();
    assert.match((await card.getByRole('link', { name: title }).getAttribute('href'))!, /\/articles\/[\w-]+\/$/);
    assert.equal(await requester.locator('img[src="x"]').count(), 0);
    await axe(requester, 'the status page with the card');
    assert.deepEqual(problems, []);
  });
});
