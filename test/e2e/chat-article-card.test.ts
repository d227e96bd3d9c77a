/**
 * An article in a live chat, two browser contexts: a requester chats in the widget on the demo LMS
 * page; the agent finds an article with the reply box's knowledge-base search and sends it; the
 * requester sees it in the chat as a card (the title linking to the article, its summary), and
 * the widget stays axe-clean.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { ADMIN, eventually, withAdmin } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';

const MONDAY_10 = new Date('2026-11-23T10:00:00Z');

let browser: Browser;
let server: TestServer;

before(async () => {
  for (const file of [`${INBOX_DIST}/index.html`, new URL('../../widget/dist/widget.js', import.meta.url).pathname]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  }
  [browser, server] = await Promise.all([launchBrowser(), startServer(withAdmin({ clock: { now: () => new Date(MONDAY_10) } }))]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an agent sends an article into a live chat; the requester sees it as a card in the widget', async () => {
  const problems: string[] = [];
  const agent = await (await browser.newContext()).newPage();
  agent.on('pageerror', (e) => problems.push(`agent: ${e.message}`));
  await agent.goto(`${server.url}/inbox/`);
  await agent.getByLabel('Email').fill(ADMIN.email);
  await agent.getByLabel('Password').fill(ADMIN.password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByText('Live · you are online for chat').waitFor();
  await eventually(
    async () => (await (await fetch(`${server.url}/api/chat/availability?site=demo`)).json()).available === true,
    10_000,
    'chat available',
  );

  const requester = await (await browser.newContext()).newPage();
  requester.on('pageerror', (e) => problems.push(`requester: ${e.message}`));
  await requester.goto(`${server.url}/demo/`);
  await requester.getByRole('button', { name: 'Help', exact: true }).waitFor();
  await requester.evaluate(() => {
    const w = document.querySelector('helpway-widget')!;
    w.identify({ name: 'Casey Chat', email: 'casey@college.example' });
    return w.prefill({ subject: 'Hide a course', type: 'query', severity: 'S3', description: 'How do I hide a course from students?' });
  });
  const form = requester.getByRole('dialog', { name: 'Contact support' });
  await form.getByRole('radio', { name: 'Live chat' }).check();
  await form.getByRole('button', { name: 'Send' }).click();
  const chat = requester.getByRole('dialog', { name: 'Chat with support' });
  await chat.getByLabel('Message').waitFor();

  await agent.getByText('chat waiting').waitFor({ timeout: 5000 });
  const row = await server.running.store.db
    .selectFrom('tickets')
    .select('id')
    .where('subject', '=', 'Hide a course')
    .executeTakeFirstOrThrow();
  await agent.getByRole('link', { name: `HW-${1000 + Number(row.id)}` }).click();
  const ticket = agent.locator('helpway-ticket');
  await ticket.getByLabel('Reply', { exact: true }).fill('This explains it:');
  await ticket.getByText('Knowledge base', { exact: true }).click();
  await ticket.getByLabel('Search articles').fill('hide a course from students');
  await ticket
    .getByRole('status')
    .filter({ hasText: /found for “hide a course from students”/ })
    .waitFor();
  const title = (await ticket.getByRole('list', { name: 'Articles found' }).locator('li strong').first().textContent())!.trim();
  await ticket.getByRole('button', { name: `Insert article ${title}` }).click();
  await ticket.getByRole('button', { name: 'Send reply' }).click();
  await ticket.getByText('Reply sent.').waitFor();

  const card = chat.getByRole('complementary', { name: `Help article: ${title}` });
  await card.waitFor({ timeout: 5000 });
  const link = card.getByRole('link', { name: title });
  assert.match((await link.getAttribute('href'))!, new RegExp(`^${server.url}/articles/[\\w-]+/$`));
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.ok((await card.locator('p').textContent())!.trim().length > 10, 'the summary shows');
  const axe = await new AxeBuilder({ page: requester }).include('helpway-widget').analyze();
  assert.deepEqual(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    'axe on the chat with a card',
  );
  assert.deepEqual(problems, []);
});
