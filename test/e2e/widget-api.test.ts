/**
 * The widget's JavaScript API and the escalation details: search(), close(), identify(),
 * prefill(), events; user-name/user-email prefill; a callback for an S2 with a number and time;
 * live chat offered only while agents are available; attachments chosen and pasted.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { axeViolations, newContext, startHelpwayForWidget, startHostServer, type HostServer } from './widget-support.ts';
import { createAgent } from '../../api/src/agents/accounts.ts';
import { openSse, type SseConnection } from '../chat/sse-client.ts';

let browser: Browser;
let server: TestServer;
let host: HostServer;
/** The API's clock: tests move it between office hours and a closed evening. */
let now = new Date('2026-11-23T10:00:00Z'); // Monday 10:00 in London

// A real 1×1 PNG (the API sniffs attachment content).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget({ clock: { now: () => now } })]);
  host = await startHostServer({
    '/lms/': {
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Course settings | LMS</title>
<script type="module" src="${server.url}/widget.js"></script></head>
<body><main><h1>Edit course settings</h1></main>
<helpway-widget site="demo" user-name="Dana Doe" user-email="dana@riverside.example" accent="#7a1fa2"></helpway-widget></body></html>`,
    },
    '/dark/': {
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Dashboard | LMS</title>
<link rel="stylesheet" href="/theme.css"><script type="module" src="${server.url}/widget.js"></script></head>
<body><main><h1>Dashboard</h1></main><helpway-widget site="demo" theme="dark" position="bottom-left"></helpway-widget></body></html>`,
    },
    '/theme.css': {
      body: 'helpway-widget::part(launcher) { background: rgb(0, 90, 50); } helpway-widget { --helpway-radius: 2px; }',
      headers: { 'content-type': 'text/css' },
    },
    '/favicon.ico': { body: '' },
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

/** Chat is offered only while an agent is online: sign one in and keep the inbox stream open (presence). */
let agentCount = 0;
async function agentOnline(): Promise<SseConnection> {
  const email = `agent${++agentCount}@helpway.example`;
  await createAgent(server.running.store.db, { email, name: 'Ada Agent', password: 'a long enough password' }, now);
  const login = await fetch(`${server.url}/api/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long enough password' }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const inbox = await openSse(`${server.url}/api/inbox/events`, { cookie });
  assert.equal(inbox.status, 200);
  await inbox.waitFor((e) => e.length > 0);
  return inbox;
}

test('search(), close(), identify() and prefill() drive the widget; events fire', async () => {
  now = new Date('2026-11-23T10:00:00Z');
  const agent = await agentOnline();
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${host.url}/lms/`);
  await page.getByRole('button', { name: 'Help', exact: true }).waitFor();
  await page.evaluate(() => {
    const w = window as unknown as { __events: string[] };
    w.__events = [];
    for (const name of ['helpway-open', 'helpway-close', 'helpway-article-view', 'helpway-ticket-created']) {
      document.addEventListener(name, (e) => w.__events.push(`${name}:${JSON.stringify((e as CustomEvent).detail ?? null)}`));
    }
  });

  await page.evaluate(() => document.querySelector('helpway-widget')!.search('csv import users'));
  const dialog = page.getByRole('dialog', { name: 'Help' });
  assert.equal(await dialog.getByRole('searchbox', { name: 'Search help articles' }).inputValue(), 'csv import users');
  await dialog.getByRole('button', { name: /bulk upload users/i }).waitFor();
  await page.evaluate(() => document.querySelector('helpway-widget')!.close());
  await dialog.waitFor({ state: 'detached' });

  await page.evaluate(() => {
    const w = document.querySelector('helpway-widget')!;
    w.identify({ name: 'Ida Identified', email: 'ida@riverside.example' });
    return w.prefill({ subject: 'Grades export fails', type: 'bug', severity: 'S2', description: 'Export to Excel gives an error.' });
  });
  const form = page.getByRole('dialog', { name: 'Contact support' });
  assert.equal(await form.getByLabel('Subject').inputValue(), 'Grades export fails');
  assert.ok(await form.getByRole('radio', { name: /^Bug/ }).isChecked());
  assert.ok(await form.getByRole('radio', { name: /^S2/ }).isChecked());
  assert.equal(await form.getByLabel('Your name').inputValue(), 'Ida Identified');
  assert.equal(await form.getByLabel('Your email').inputValue(), 'ida@riverside.example');
  // Bug prompts for steps to reproduce.
  await form.getByText(/Steps to reproduce: what you did/).waitFor();

  // S2: a callback is suggested; chat is offered because agents are in (Monday 10:00).
  await form.getByText('For a critical problem we can call you back.').waitFor();
  await form.getByRole('radio', { name: 'Live chat' }).waitFor();
  await form.getByRole('radio', { name: 'Call me back' }).check();
  await form.getByLabel('Phone number').fill('+44 20 7946 0999');
  await form.getByLabel('Preferred time for the call').fill('Before 13:00 today');
  await form.getByLabel('Steps to reproduce').fill('Gradebook → Export → Excel → error');

  // Attachments: one chosen, one pasted screenshot.
  await form.getByLabel(/Attachments/).setInputFiles({ name: 'error.png', mimeType: 'image/png', buffer: PNG });
  await form.getByText(/^error\.png/).waitFor();
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    const target = document
      .querySelector('helpway-widget')!
      .shadowRoot!.querySelector('helpway-panel')!
      .shadowRoot!.querySelector('#hw-description')!;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, composed: true, cancelable: true }));
  }, PNG.toString('base64'));
  await form.getByText(/^screenshot-.*\.png/).waitFor();

  await form.getByRole('button', { name: 'Send' }).click();
  await page
    .getByRole('dialog', { name: 'Message received' })
    .getByRole('heading', { name: /HW-\d+/ })
    .waitFor();

  const row = await server.running.store.db
    .selectFrom('tickets')
    .selectAll()
    .where('subject', '=', 'Grades export fails')
    .executeTakeFirstOrThrow();
  assert.equal(row.channel, 'phone');
  assert.equal(row.phone_number, '+44 20 7946 0999');
  assert.equal(row.requester_name, 'Ida Identified');
  assert.equal(row.severity, 'S2');
  const files = await server.running.store.db.selectFrom('attachments').select(['filename']).where('ticket_id', '=', row.id).execute();
  assert.equal(files.length, 2);

  const events = await page.evaluate(() => (window as unknown as { __events: string[] }).__events);
  assert.deepEqual(
    events.map((e) => e.split(':')[0]),
    ['helpway-open', 'helpway-close', 'helpway-open', 'helpway-ticket-created'],
  );
  assert.match(events[3], /"reference":"HW-\d+"/);
  await context.close();
  agent.close();
});

test('out of hours: chat is closed with the next opening, email is offered; attributes prefill', async () => {
  now = new Date('2026-11-27T18:30:00Z'); // Friday evening in London
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${host.url}/lms/`);
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  await page.getByRole('dialog', { name: 'Help' }).getByRole('button', { name: 'Contact support' }).click();
  const form = page.getByRole('dialog', { name: 'Contact support' });
  await form.getByText(/Chat is closed — back .*Monday.*09:00/i).waitFor();
  // Out of hours, each severity's due time says when the clock starts.
  await form
    .getByText(/The clock starts .*Monday.*09:00/i)
    .first()
    .waitFor();
  assert.equal(await form.getByRole('radio', { name: 'Live chat' }).count(), 0);
  assert.ok(await form.getByRole('radio', { name: 'By email' }).isChecked());
  assert.equal(await form.getByLabel('Your name').inputValue(), 'Dana Doe');
  assert.equal(await form.getByLabel('Your email').inputValue(), 'dana@riverside.example');
  // The accent attribute themes the launcher and the panel.
  const accent = await page.evaluate(
    () => getComputedStyle(document.querySelector('helpway-widget')!.shadowRoot!.querySelector('.launcher')!).backgroundColor,
  );
  assert.equal(accent, 'rgb(122, 31, 162)');
  await context.close();
});

test('theming: ::part, custom properties, dark theme and bottom-left position, axe clean', async () => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${host.url}/dark/`);
  const launcher = page.getByRole('button', { name: 'Help', exact: true });
  await launcher.waitFor();
  const style = await page.evaluate(
    () => getComputedStyle(document.querySelector('helpway-widget')!.shadowRoot!.querySelector('.launcher')!).backgroundColor,
  );
  assert.equal(style, 'rgb(0, 90, 50)', '::part(launcher) styles the launcher');
  const box = (await launcher.boundingBox())!;
  assert.ok(box.x < 100, 'position="bottom-left" puts the launcher on the left');
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Help' });
  await dialog.getByRole('list').first().getByRole('button').first().waitFor();
  const panel = await page.evaluate(() => {
    const el = document.querySelector('helpway-widget')!.shadowRoot!.querySelector('helpway-panel')!.shadowRoot!.querySelector('.panel')!;
    const s = getComputedStyle(el);
    return { bg: s.backgroundColor, radius: s.borderTopLeftRadius };
  });
  assert.equal(panel.bg, 'rgb(28, 33, 40)', 'dark theme');
  assert.equal(panel.radius, '2px', '--helpway-radius');
  assert.deepEqual(await axeViolations(page), []);
  await dialog.getByRole('button', { name: 'Contact support' }).click();
  await page.getByRole('dialog', { name: 'Contact support' }).getByLabel('Subject').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test('live chat in hours: the chat opens in its own view of the dialog and Tab stays trapped in it', async () => {
  now = new Date('2026-11-24T11:00:00Z'); // Tuesday 11:00 in London
  const agent = await agentOnline();
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${host.url}/lms/`);
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  await page.getByRole('dialog', { name: 'Help' }).getByRole('button', { name: 'Contact support' }).click();
  const form = page.getByRole('dialog', { name: 'Contact support' });
  await form.getByRole('radio', { name: /^Query/ }).check();
  await form.getByRole('radio', { name: /^S3/ }).check();
  await form.getByLabel('Subject').fill('Quick question about cohorts');
  await form.getByLabel('Description').fill('Can a cohort be synced to two courses?');
  await form.getByRole('radio', { name: 'Live chat' }).check();
  await form.getByRole('button', { name: 'Send' }).click();
  // A chat is a view of its own: no "Message received", no reference while an agent may answer.
  const chat = page.getByRole('dialog', { name: 'Chat with support' });
  await chat.getByRole('heading', { name: 'Waiting for an agent to join…' }).waitFor();
  assert.equal(await chat.getByText(/HW-\d+/).count(), 0);
  const message = chat.getByLabel('Message');
  await message.waitFor();
  await message.focus();
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press(i % 5 === 4 ? 'Shift+Tab' : 'Tab');
    const inside = await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      let inPanel = false;
      while (el?.shadowRoot?.activeElement) {
        if (el.localName === 'helpway-panel') inPanel = true;
        el = el.shadowRoot.activeElement;
      }
      return inPanel;
    });
    assert.ok(inside, `Tab ${i + 1} left the dialog`);
  }
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
  agent.close();
});
