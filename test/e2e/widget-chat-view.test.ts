/**
 * The chat as people see it, against the real API and inbox in two browser contexts: a chat is a
 * view of its own ("Chat with support"), says who is answering (display name and initials, set
 * on the agent's Account page), shows typing both ways, counts what the agent wrote on the
 * launcher while the panel is closed (nothing loads before interaction after a reload), and shows
 * the reference and "we'll follow up by email" only once it ends or nobody joins. Reopening the
 * widget after a sent ticket or an ended chat shows home with the current page's suggestions, the
 * ticket one tap away under "My recent tickets". axe in every state.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { ADMIN, eventually, withAdmin } from '../inbox/support.ts';
import { sweepChats } from '../../api/src/chat/timeouts.ts';
import { axeViolations, newContext, startHelpwayForWidget } from './widget-support.ts';

const MONDAY_10 = new Date('2026-11-23T10:00:00Z');
let now = MONDAY_10.getTime();

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget(withAdmin({ clock: { now: () => new Date(now) } }))]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Reduced motion: the panel's opening animation fades it in, and axe must not judge contrast mid-fade. */
const calm = () => newContext(browser, { reducedMotion: 'reduce' });

async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  assert.deepEqual(await axeViolations(page), [], `axe: ${state}`);
}

const launcherOf = (page: Page) => page.getByRole('button', { name: 'Help', exact: true });
const chatDialog = (page: Page) => page.getByRole('dialog', { name: 'Chat with support' });

/** An agent signed in to the inbox (online for chat), after chat is offered to requesters. */
async function agentInInbox(page: Page): Promise<void> {
  await page.goto(`${server.url}/inbox/`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Live · you are online for chat').waitFor();
  await eventually(
    async () => (await (await fetch(`${server.url}/api/chat/availability?site=demo`)).json()).available === true,
    10_000,
    'chat available',
  );
}

/** The requester starts a chat from the demo LMS page; answers its reference. */
async function startChat(page: Page, subject: string): Promise<string> {
  await page.goto(`${server.url}/demo/`);
  await launcherOf(page).waitFor();
  await page.evaluate((s) => {
    const w = document.querySelector('helpway-widget')!;
    w.identify({ name: 'Casey Chat', email: 'casey@college.example' });
    return w.prefill({ subject: s, type: 'query', severity: 'S3', description: 'I need to hide the Biology course from students.' });
  }, subject);
  const form = page.getByRole('dialog', { name: 'Contact support' });
  await form.getByRole('radio', { name: 'Live chat' }).check();
  await form.getByRole('button', { name: 'Send' }).click();
  await chatDialog(page).getByLabel('Message').waitFor();
  const row = await server.running.store.db.selectFrom('tickets').select('id').where('subject', '=', subject).executeTakeFirstOrThrow();
  return `HW-${1000 + Number(row.id)}`;
}

/** Nothing of the end-of-chat confirmation while an agent may still answer. */
async function assertNoConfirmation(page: Page, reference: string): Promise<void> {
  const dialog = chatDialog(page);
  assert.equal(await dialog.getByText(reference).count(), 0, 'no reference while the chat is open');
  assert.equal(await dialog.getByText(/follow up by email|reply by/i).count(), 0, 'no "by email" while the chat is open');
  assert.equal(await page.getByRole('dialog', { name: 'Message received' }).count(), 0);
}

test('the chat view: who is answering, typing both ways, unread count on the launcher, the reference once it ends, then home', async () => {
  const agentContext = await calm();
  const agent = await agentContext.newPage();
  const errors: string[] = [];
  agent.on('pageerror', (e) => errors.push(`agent: ${e.message}`));
  await agentInInbox(agent);

  // The agent chooses how requesters see them.
  await agent.getByRole('link', { name: 'Account' }).click();
  const profile = agent.getByRole('form', { name: 'Profile' });
  await profile.getByText('Requesters see you as Support team.').waitFor();
  await profile.getByLabel('Display name').fill('Sam Jones');
  await profile.getByRole('button', { name: 'Save profile' }).click();
  await profile.getByText('Saved. Requesters now see you as Sam Jones.').waitFor();
  await expectNoAxeViolations(agent, 'the agent profile');
  await agent.getByRole('link', { name: 'Queue' }).click();

  const requesterContext = await calm();
  const requester = await requesterContext.newPage();
  requester.on('pageerror', (e) => errors.push(`requester: ${e.message}`));
  const reference = await startChat(requester, 'How do I hide a course?');
  const chat = chatDialog(requester);

  // Its own view: nobody has joined yet, and no confirmation.
  await chat.getByRole('heading', { name: 'Waiting for an agent to join…' }).waitFor();
  await chat.getByText('I need to hide the Biology course from students.').waitFor();
  await assertNoConfirmation(requester, reference);
  await expectNoAxeViolations(requester, 'chat waiting');

  // The agent opens it in the inbox.
  await agent.getByRole('link', { name: reference }).click();
  const ticket = agent.locator('helpway-ticket');
  await ticket.getByRole('heading', { name: new RegExp(reference) }).waitFor();

  // The requester types: the inbox says so, and stops saying so once the message arrives.
  await chat.getByLabel('Message').pressSequentially('It is the Biology 101 course.');
  await ticket.getByText('Casey Chat is typing…').waitFor({ timeout: 5000 });
  await expectNoAxeViolations(agent, 'inbox: requester typing');
  await chat.getByRole('button', { name: 'Send' }).click();
  await ticket.locator('.body', { hasText: 'It is the Biology 101 course.' }).waitFor({ timeout: 5000 });
  await ticket.getByText('Casey Chat is typing…').waitFor({ state: 'detached', timeout: 5000 });

  // The agent types: the widget says who, and stops once the reply arrives.
  await ticket.getByLabel('Reply').pressSequentially('Open the course settings');
  const typing = chat.getByRole('status').filter({ hasText: 'Sam Jones is typing…' });
  await typing.waitFor({ timeout: 5000 });
  await expectNoAxeViolations(requester, 'chat: agent typing');
  await ticket.getByLabel('Reply').fill('Open the course settings and set visibility to Hide.');
  await ticket.getByRole('button', { name: 'Send reply' }).click();
  await chat.getByText('Open the course settings and set visibility to Hide.').waitFor({ timeout: 5000 });
  await typing.waitFor({ state: 'detached', timeout: 5000 });

  // Who is answering: the display name and its initials, never the login.
  await chat.getByRole('heading', { name: 'Sam Jones is answering' }).waitFor();
  assert.equal(await chat.locator('h3 .avatar').textContent(), 'SJ');
  assert.equal(await chat.locator('.msg.agent .avatar').first().textContent(), 'SJ');
  assert.equal(await chat.getByText(/admin/i).count(), 0, 'the agent never appears by login');
  await assertNoConfirmation(requester, reference);
  await expectNoAxeViolations(requester, 'chat live');

  // The panel closes: what the agent writes meanwhile is counted on the launcher.
  await chat.getByRole('button', { name: 'Close' }).click();
  const launcher = launcherOf(requester);
  await launcher.waitFor();
  assert.equal(await launcher.locator('.hw-unread').count(), 0);
  await ticket.getByLabel('Reply').fill('Did that work?');
  await ticket.getByRole('button', { name: 'Send reply' }).click();
  await launcher.locator('.hw-unread', { hasText: '1' }).waitFor({ timeout: 5000 });
  await ticket.getByText('Reply sent.').waitFor();
  await ticket.getByLabel('Reply').fill('Still there?');
  await ticket.getByRole('button', { name: 'Send reply' }).click();
  await launcher.locator('.hw-unread', { hasText: '2' }).waitFor({ timeout: 5000 });
  // Said in words to screen readers; the button is still named "Help".
  assert.equal(await launcher.getAttribute('aria-describedby'), 'hw-unread-note');
  assert.equal(await requester.locator('#hw-unread-note').textContent(), '2 new messages from support');
  assert.equal(await launcher.locator('.hw-unread').getAttribute('aria-hidden'), 'true');
  await expectNoAxeViolations(requester, 'launcher with unread messages');

  // Opened again: the chat, both messages, the count gone.
  await launcher.click();
  await chat.getByText('Still there?').waitFor();
  await chat.getByText('Did that work?').waitFor();
  assert.equal(await requester.locator('.hw-unread').count(), 0);
  // (the launcher is hidden while the panel is open: read it by its class)
  assert.equal(await requester.locator('.launcher').getAttribute('aria-describedby'), null);

  // A reload: nothing loads before interaction; the chat comes back once the launcher is used.
  const requested: string[] = [];
  requester.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await requester.reload();
  await launcher.waitFor();
  await requester.waitForLoadState('networkidle');
  assert.deepEqual(
    requested.filter((p) => !p.startsWith('/demo/')),
    ['/widget.js'],
    'only widget.js before interaction, with a chat open',
  );
  await launcher.click();
  await chat.getByText('Still there?').waitFor();
  await chat.getByRole('heading', { name: 'Sam Jones is answering' }).waitFor();
  assert.equal(await chat.getByText('Still there?').count(), 1, 'each message once after the reload');

  // The requester ends it: now the reference, and that the rest goes by email.
  await chat.getByRole('button', { name: 'End chat' }).click();
  await chat.getByText(`Your reference is ${reference}. We’ll follow up by email.`).waitFor({ timeout: 5000 });
  await chat.getByRole('heading', { name: 'This chat has ended.' }).waitFor();
  const follow = chat.getByRole('link', { name: `Follow ${reference} and reply` });
  assert.equal(await follow.getAttribute('target'), '_blank');
  assert.equal(await chat.getByLabel('Message').count(), 0, 'no message box once it has ended');
  await expectNoAxeViolations(requester, 'chat ended');
  await agent.waitForTimeout(100);
  assert.equal(
    (
      await server.running.store.db
        .selectFrom('tickets')
        .select('chat_state')
        .where('subject', '=', 'How do I hide a course?')
        .executeTakeFirstOrThrow()
    ).chat_state,
    'ended',
  );

  // Reopened after the chat ended: home with this page's suggestions, the ticket one tap away.
  await chat.getByRole('button', { name: 'Close' }).click();
  await launcher.click();
  const home = requester.getByRole('dialog', { name: 'Help' });
  await home.getByRole('searchbox', { name: 'Search help articles' }).waitFor();
  await home.getByRole('button', { name: /bulk upload users/i }).waitFor();
  await expectNoAxeViolations(requester, 'home after an ended chat');
  await home.getByRole('button', { name: 'My recent tickets' }).click();
  const list = requester.getByRole('dialog', { name: 'My recent tickets' });
  await list.getByText(reference, { exact: true }).waitFor();
  await list.getByRole('link', { name: `Follow ${reference} and reply` }).waitFor();

  assert.deepEqual(errors, []);
  await requesterContext.close();
  await agentContext.close();
});

test('a chat nobody joins: the reference and the email follow-up, then home on reopening', async () => {
  const agentContext = await calm();
  const agent = await agentContext.newPage();
  await agentInInbox(agent); // chat is offered only while an agent is online
  const requesterContext = await calm();
  const requester = await requesterContext.newPage();
  const reference = await startChat(requester, 'Nobody picks this one up');
  const chat = chatDialog(requester);
  await chat.getByRole('heading', { name: 'Waiting for an agent to join…' }).waitFor();
  await assertNoConfirmation(requester, reference);

  now += 301_000; // past HELPWAY_CHAT_TIMEOUT_SECONDS (300)
  try {
    assert.ok((await sweepChats(server.running.services)) >= 1);
    await chat.getByRole('heading', { name: 'No agent could join in time.' }).waitFor({ timeout: 5000 });
    await chat.getByText(`Your reference is ${reference}. We’ll follow up by email.`).waitFor();
    await expectNoAxeViolations(requester, 'chat missed');
  } finally {
    now = MONDAY_10.getTime();
  }
  await chat.getByRole('button', { name: 'Close' }).click();
  await launcherOf(requester).click();
  const home = requester.getByRole('dialog', { name: 'Help' });
  await home.getByRole('button', { name: /bulk upload users/i }).waitFor();
  await home.getByRole('button', { name: 'My recent tickets' }).click();
  await requester.getByRole('dialog', { name: 'My recent tickets' }).getByText(reference, { exact: true }).waitFor();
  await requesterContext.close();
  await agentContext.close();
});

test('reopening after a sent ticket: home with the current page’s suggestions, the confirmation under "My recent tickets"', async () => {
  const context = await calm();
  const page = await context.newPage();
  await page.goto(`${server.url}/demo/admin/tool/uploaduser/`);
  await launcherOf(page).click();
  await page.getByRole('dialog', { name: 'Help' }).getByRole('button', { name: 'Contact support' }).click();
  const form = page.getByRole('dialog', { name: 'Contact support' });
  await form.getByRole('radio', { name: /^Query/ }).check();
  await form.getByRole('radio', { name: /^S3/ }).check();
  await form.getByLabel('Subject').fill('CSV upload stops at row 200');
  await form.getByLabel('Description').fill('The bulk upload stops after 200 rows without an error.');
  await form.getByLabel('Your name').fill('Robin Admin');
  await form.getByLabel('Your email').fill('robin@college.example');
  await form.getByRole('button', { name: 'Send' }).click();
  const sent = page.getByRole('dialog', { name: 'Message received' });
  const heading = sent.getByRole('heading', { name: /HW-\d+/ });
  await heading.waitFor();
  const reference = /HW-\d+/.exec((await heading.textContent()) ?? '')![0];
  await page.keyboard.press('Escape');

  // The admin moves on to another page of the LMS (single-page navigation), then asks again.
  await page
    .getByRole('navigation', { name: 'Site administration' })
    .getByRole('link', { name: /OAuth 2 services/ })
    .click();
  await page.getByRole('heading', { level: 1, name: 'OAuth 2 services' }).waitFor();
  await launcherOf(page).click();
  const home = page.getByRole('dialog', { name: 'Help' });
  await home.getByRole('searchbox', { name: 'Search help articles' }).waitFor();
  await home.getByRole('heading', { name: 'Suggested for this page' }).waitFor();
  await home.getByRole('button', { name: /microsoft single sign-on/i }).waitFor();
  assert.equal(await home.getByText(reference).count(), 0, 'not the old confirmation');
  assert.equal(await home.getByRole('button', { name: /bulk upload users/i }).count(), 0, 'the suggestions are for this page');
  await expectNoAxeViolations(page, 'home after a sent ticket');

  // One tap to the ticket just sent.
  await home.getByRole('button', { name: 'My recent tickets' }).click();
  const list = page.getByRole('dialog', { name: 'My recent tickets' });
  await list.getByText(reference, { exact: true }).waitFor();
  await list.getByText('CSV upload stops at row 200').waitFor();
  await list.getByRole('link', { name: `Follow ${reference} and reply` }).waitFor();
  await expectNoAxeViolations(page, 'my recent tickets');
  await context.close();
});
