/**
 * Live chat end to end, two browser contexts: a requester chats in the widget on the demo LMS
 * page, an agent answers in the inbox; the requester reloads mid-chat and sees every message
 * exactly once; chat messages carrying XSS payloads stay inert on both sides.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { ADMIN, withAdmin } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';

const XSS: string[] = JSON.parse(readFileSync(new URL('../fixtures/xss-payloads.json', import.meta.url), 'utf8'));
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

const chatDialog = (page: Page) => page.getByRole('dialog', { name: 'Chat with support' });

function chatBodies(page: Page) {
  return chatDialog(page).locator('.msg .msg-text').allTextContents();
}

async function openChatInWidget(page: Page): Promise<void> {
  await page.goto(`${server.url}/demo/`);
  await page.getByRole('button', { name: 'Help', exact: true }).waitFor();
  await page.evaluate(() => {
    const w = document.querySelector('helpway-widget')!;
    w.identify({ name: 'Casey Chat', email: 'casey@college.example' });
    return w.prefill({
      subject: 'How do I hide a course?',
      type: 'query',
      severity: 'S3',
      description: 'I need to hide the Biology course from students.',
    });
  });
  const form = page.getByRole('dialog', { name: 'Contact support' });
  await form.getByRole('radio', { name: 'Live chat' }).check();
  await form.getByRole('button', { name: 'Send' }).click();
  await chatDialog(page).getByLabel('Message').waitFor();
}

test('requester chats in the widget, agent answers in the inbox, reload shows each message once', async () => {
  const agentContext = await browser.newContext();
  const agent = await agentContext.newPage();
  const agentErrors: string[] = [];
  agent.on('pageerror', (e) => agentErrors.push(e.message));
  agent.on('dialog', (d) => {
    agentErrors.push(`dialog ${d.message()}`);
    void d.dismiss();
  });
  await agent.goto(`${server.url}/inbox/`);
  await agent.getByLabel('Email').fill(ADMIN.email);
  await agent.getByLabel('Password').fill(ADMIN.password);
  await agent.getByRole('button', { name: 'Sign in' }).click();
  await agent.getByText('Live · you are online for chat').waitFor();
  const { eventually } = await import('../inbox/support.ts');
  await eventually(
    async () => (await (await fetch(`${server.url}/api/chat/availability?site=demo`)).json()).available === true,
    10_000,
    'chat available',
  );

  const requesterContext = await browser.newContext();
  const requester = await requesterContext.newPage();
  const requesterErrors: string[] = [];
  requester.on('pageerror', (e) => requesterErrors.push(e.message));
  requester.on('dialog', (d) => {
    requesterErrors.push(`dialog ${d.message()}`);
    void d.dismiss();
  });
  await openChatInWidget(requester);
  const chat = chatDialog(requester);
  await chat.getByText('I need to hide the Biology course from students.').waitFor();
  await chat.getByLabel('Message').fill('It is the Biology 101 course.');
  await chat.getByRole('button', { name: 'Send' }).click();
  await chat.getByText('It is the Biology 101 course.').waitFor();

  // The chat is in the inbox at once, marked waiting.
  await agent.getByText('chat waiting').waitFor({ timeout: 5000 });
  const row = await server.running.store.db
    .selectFrom('tickets')
    .select(['id'])
    .where('subject', '=', 'How do I hide a course?')
    .executeTakeFirstOrThrow();
  const reference = `HW-${1000 + Number(row.id)}`;
  await agent.getByRole('link', { name: reference }).click();
  const ticket = agent.locator('helpway-ticket');
  await ticket.locator('.body', { hasText: 'It is the Biology 101 course.' }).waitFor();
  await ticket.getByLabel('Reply').fill('Open the course settings and set visibility to Hide.');
  await ticket.getByRole('button', { name: 'Send reply' }).click();
  await chat.getByText('Open the course settings and set visibility to Hide.').waitFor({ timeout: 5000 });
  // The first admin's account is only a login: the requester sees the team, never "admin".
  await chat.getByRole('heading', { name: 'Support team is answering' }).waitFor();
  const axe = await new AxeBuilder({ page: requester }).include('helpway-widget').analyze();
  assert.deepEqual(
    axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    'axe on the chat view',
  );

  // XSS payloads both ways in the chat.
  for (const payload of XSS.slice(0, 25)) {
    await chat.getByLabel('Message').fill(`R:${payload}`);
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.locator('.msg .msg-text', { hasText: `R:${payload}` }).waitFor();
  }
  await ticket.locator('.body', { hasText: `R:${XSS[24]}` }).waitFor({ timeout: 5000 });
  for (const payload of XSS.slice(25)) {
    await ticket.getByLabel('Reply').fill(`A:${payload}`);
    await ticket.getByRole('button', { name: 'Send reply' }).click();
    // Each reply seen in the chat before the next is typed: "Reply sent." from the previous one
    // is still on screen, and the form empties itself once its request is done.
    await chat.getByText(`A:${payload}`, { exact: true }).waitFor({ timeout: 5000 });
  }
  // An agent whose name is a payload answers too: the name shows as text.
  const { signIn } = await import('../inbox/support.ts');
  const adminApi = await signIn(server.url);
  const evilName = XSS[1];
  assert.equal(
    (await adminApi.post('/api/admin/agents', { email: 'evil@kestrel.example', name: evilName, password: 'a long agent password' })).status,
    201,
  );
  const evil = await signIn(server.url, 'evil@kestrel.example', 'a long agent password');
  assert.equal((await evil.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Named by a payload' })).status, 201);
  await chat.locator('.msg', { hasText: 'Named by a payload' }).locator('.who', { hasText: evilName }).waitFor({ timeout: 5000 });

  const before = await chatBodies(requester);
  assert.equal(before.length, 3 + XSS.length + 1);

  // Reload mid-chat; meanwhile the agent writes.
  await requester.reload();
  await ticket.getByLabel('Reply').fill('Are you still there after the reload?');
  await ticket.getByRole('button', { name: 'Send reply' }).click();
  await requester.getByRole('button', { name: 'Help', exact: true }).click();
  await chat.getByText('Are you still there after the reload?').waitFor({ timeout: 10_000 });
  await requester.waitForTimeout(300);
  const afterReload = await chatBodies(requester);
  assert.deepEqual(afterReload, [...before, 'Are you still there after the reload?'], 'every message once, in order');
  for (const body of afterReload) assert.equal(afterReload.filter((b) => b === body).length, 1, `"${body}" shown once`);

  await chat.getByLabel('Message').fill('Yes, thanks, that worked!');
  await chat.getByRole('button', { name: 'Send' }).click();
  await ticket.locator('.body', { hasText: 'Yes, thanks, that worked!' }).waitFor({ timeout: 5000 });
  assert.equal((await chatBodies(requester)).filter((b) => b === 'Yes, thanks, that worked!').length, 1);

  // No payload ran on either side; nothing became an element.
  assert.equal(await requester.evaluate(() => (window as any).__xss), undefined);
  assert.equal(await agent.evaluate(() => (window as any).__xss), undefined);
  assert.equal(await chat.locator('.chat-log img, .chat-log script, .chat-log svg, .chat-log iframe, .chat-log a').count(), 0);
  assert.deepEqual(requesterErrors, []);
  assert.deepEqual(agentErrors, []);

  // The transcript is the ticket's conversation.
  const messages = await server.running.store.db
    .selectFrom('ticket_messages')
    .select(['author', 'body'])
    .where('ticket_id', '=', row.id)
    .orderBy('id')
    .execute();
  assert.equal(messages.filter((m) => m.author === 'requester').length, 1 + 25 + 1);
  assert.equal(messages.filter((m) => m.author === 'agent').length, 1 + (XSS.length - 25) + 1 + 1);
  await requesterContext.close();
  await agentContext.close();
});
