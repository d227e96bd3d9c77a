/**
 * The agents' inbox in Chromium: sign in, the queue, a ticket, reply and status, live updates,
 * axe, and the XSS corpus (subject, description, name, chat messages) inert in the inbox and on
 * the requester's status page.
 */
import { asDelivered } from '../support/outbox.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { fixedClock, post, validTicket } from '../api/helpers.ts';
import { ADMIN, fileTicket, signIn, withAdmin } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';

const XSS: string[] = JSON.parse(readFileSync(new URL('../fixtures/xss-payloads.json', import.meta.url), 'utf8'));

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

/** Flags any script a payload manages to run: window.__xss, dialogs, console errors from CSP. */
async function watchXss(page: Page): Promise<{ dialogs: string[]; cspViolations: string[] }> {
  const found = { dialogs: [] as string[], cspViolations: [] as string[] };
  page.on('dialog', (d) => {
    found.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.exposeFunction('__cspViolation', (v: string) => found.cspViolations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return found;
}

async function signInPage(page: Page): Promise<void> {
  await page.goto(`${server.url}/inbox/`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
}

/** The queue's "N of M tickets" line. */
const queueCount = (page: Page) => page.getByRole('status').filter({ hasText: /^[\d,]+ of [\d,]+ tickets$/ });

/** Presses "Load more" until every page is shown; returns the count line's final text. */
async function loadEveryPage(page: Page): Promise<string> {
  const count = queueCount(page);
  for (let presses = 0; ; presses++) {
    const text = (await count.textContent())!.trim();
    const [shown, total] = text.split(' of ');
    if (shown === total.replace(' tickets', '')) return text;
    assert.ok(presses < 50, `still ${text}`);
    await page.getByRole('button', { name: 'Load more' }).press('Enter');
    await count.filter({ hasNotText: new RegExp(`^${text}$`) }).waitFor();
  }
}

describe('inbox UI', () => {
  test('sign in, queue sorted by due time, ticket, reply, status, live update', async () => {
    const s3 = await fileTicket(server.url, { severity: 'S3', subject: 'Report runs slowly' });
    const s1 = await fileTicket(server.url, { severity: 'S1', subject: 'Site is down for everyone' });
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Expected 401s (who am I, a wrong password) show as resource errors: count script errors only.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));

    await page.goto(`${server.url}/inbox/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id)), [], 'axe on sign-in');
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not right' }).waitFor();
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();

    const rows = page.getByRole('table', { name: 'Ticket queue' }).locator('tbody tr');
    // Both tickets' rows, not just any first row (a placeholder row can come first on a slow machine).
    await page.getByRole('link', { name: s1.reference }).waitFor();
    await page.getByRole('link', { name: s3.reference }).waitFor();
    const order = await rows.locator('td:first-child a').allTextContents();
    assert.ok(
      order.indexOf(s1.reference) > -1 && order.indexOf(s1.reference) < order.indexOf(s3.reference),
      `S1 first: ${order.join(', ')}`,
    );
    assert.deepEqual(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id)), [], 'axe on the queue');

    await page.getByLabel('Severity').selectOption('S3');
    await page.waitForFunction(() => true);
    await page.getByRole('link', { name: s3.reference }).waitFor();
    await page.waitForTimeout(200);
    assert.equal(await page.getByRole('link', { name: s1.reference }).count(), 0, 'filtered out');
    await page.getByLabel('Severity').selectOption('');

    // Live: a ticket filed now appears without a reload.
    const live = await fileTicket(server.url, { severity: 'S2', subject: 'Arrives live' });
    await page.getByRole('link', { name: live.reference }).waitFor({ timeout: 5000 });

    await page.getByRole('link', { name: s1.reference }).click();
    await page.getByRole('heading', { name: `${s1.reference}: Site is down for everyone` }).waitFor();
    assert.deepEqual(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id)), [], 'axe on a ticket');
    await page.getByLabel('Reply').fill('We are on it.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByText('Reply sent.').waitFor();
    await page.locator('helpway-ticket .msg.agent .body', { hasText: 'We are on it.' }).waitFor();
    await page.getByLabel('Internal note').fill('Paged the on-call engineer');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('internal note', { exact: false }).first().waitFor();
    await page.getByLabel('Status').selectOption('pending');
    await page.getByRole('button', { name: 'Update status' }).click();
    await page.getByText('(clock paused)').first().waitFor();

    // A requester reply arrives live in the open ticket.
    await post(
      server.url,
      `/api/tickets/${s1.reference}/messages`,
      { body: 'It is back up, thanks!' },
      { authorization: `Bearer ${s1.token}` },
    );
    await page.locator('helpway-ticket .body', { hasText: 'It is back up, thanks!' }).waitFor({ timeout: 5000 });

    await page.getByRole('link', { name: 'Mail log' }).click();
    await page.getByRole('table', { name: 'Mail log' }).getByText('reply').first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('forgot password, set a new one, change it under Account, and an admin disables the agent: by keyboard, axe-clean', async () => {
    const admin = await signIn(server.url);
    const created = await admin.post('/api/admin/agents', {
      email: 'rosa@kestrel.example',
      name: 'Rosa Agent',
      password: 'rosa forgot this',
    });
    assert.equal(created.status, 201, created.text);
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    const axe = async (where: string) =>
      assert.deepEqual(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id)), [], `axe on ${where}`);
    const focusedLabel = () =>
      page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        const id = el?.id;
        return id
          ? ((el!.getRootNode() as ShadowRoot).querySelector(`label[for="${id}"]`)?.textContent ?? '')
          : (el?.textContent ?? '').trim();
      });

    // Sign-in form → "Forgot password?" with Tab and Enter.
    await page.goto(`${server.url}/inbox/`);
    await page.getByLabel('Email').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.equal(await focusedLabel(), 'Forgot password?');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    assert.equal(await focusedLabel(), 'Email', 'focus moves to the email field');
    await axe('the reset request');
    await page.keyboard.type('rosa@kestrel.example');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'If that address belongs to an agent' }).waitFor();

    const row = await server.running.store.db
      .selectFrom('outbox')
      .select(['text_body', 'html_body', 'message_id', 'sealed_secret'])
      .where('kind', '=', 'password_reset')
      .where('to_address', '=', 'rosa@kestrel.example')
      .executeTakeFirstOrThrow();
    const mail = await asDelivered(server.running.store.db, row);
    const link = /(http\S+\/inbox\/#\/reset-password\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    assert.ok(link.startsWith(server.url), link);

    // The link opens "Choose a new password", focus in the first field.
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    assert.equal(await focusedLabel(), 'New password');
    await axe('choosing a new password');
    await page.keyboard.type('rosa has a new one');
    await page.keyboard.press('Tab');
    await page.keyboard.type('rosa has a typo');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'differ' }).waitFor();
    await page.getByLabel('Repeat new password').fill('rosa has a new one');
    await page.getByLabel('Repeat new password').press('Enter');
    await page.getByRole('status').filter({ hasText: 'Your password is set' }).waitFor();
    assert.ok(!page.url().includes('reset-password'), 'the spent link left the address bar');
    assert.equal(await page.getByLabel('Email').inputValue(), 'rosa@kestrel.example');
    await axe('sign-in after a reset');
    await page.getByLabel('Password').fill('rosa has a new one');
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('heading', { name: 'Queue' }).waitFor();

    // Account → Change password; this session goes on.
    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await axe('the account page');
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('rosa changed it again');
    await page.getByLabel('Repeat new password').fill('rosa changed it again');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'not your current password' }).waitFor();
    await page.getByLabel('Current password').fill('rosa has a new one');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('status').filter({ hasText: 'Password changed.' }).waitFor();
    assert.equal(
      (await post(server.url, '/api/agents/login', { email: 'rosa@kestrel.example', password: 'rosa changed it again' })).status,
      200,
    );

    // An admin disables Rosa: her open inbox is signed out at its next request.
    const adminPage = await (await browser.newContext()).newPage();
    const rosaPage = page;
    {
      const page = adminPage;
      await page.goto(`${server.url}/inbox/`);
      await page.getByLabel('Email').fill(ADMIN.email);
      await page.getByLabel('Password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Queue' }).waitFor();
      await page.getByRole('link', { name: 'Admin' }).click();
      const team = page.getByRole('table', { name: 'Team' });
      await team.getByRole('row', { name: /Rosa Agent/ }).waitFor();
      assert.deepEqual(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id)), [], 'axe on the admin page');
      await team.getByRole('button', { name: 'Disable Rosa Agent' }).click();
      await page.getByRole('status').filter({ hasText: 'Rosa Agent is disabled' }).waitFor();
      await team.getByRole('button', { name: 'Enable Rosa Agent' }).waitFor();
      assert.equal(await team.getByRole('button', { name: `Disable ${admin.agent.name}` }).count(), 0, 'no button to disable yourself');
      await page.context().close();
    }
    await rosaPage.getByRole('link', { name: 'Queue' }).click();
    await rosaPage.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(
      (await post(server.url, '/api/agents/login', { email: 'rosa@kestrel.example', password: 'rosa changed it again' })).status,
      403,
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the queue pages with "Load more": keyboard, focus on the first new ticket, "N of M tickets", axe', async () => {
    // Enough tickets for three pages, written straight to the store as copies of a real one.
    const template = await fileTicket(server.url, { severity: 'S4', subject: 'Paging template' });
    const { db } = server.running.store;
    const { id: _, ...row } = await db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', Number(template.reference.slice(3)) - 1000)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('tickets')
      .values(Array.from({ length: 110 }, (_, i) => ({ ...row, subject: `Paging copy ${i}` })))
      .execute();
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInPage(page);
    const queue = page.getByRole('table', { name: 'Ticket queue' });
    const links = queue.locator('tbody tr td:first-child a');
    const count = queueCount(page);
    await count.filter({ hasText: /^50 of \d+ tickets$/ }).waitFor();
    const total = Number(/of (\d+)/.exec((await count.textContent())!)![1]);
    assert.ok(total > 110, `total ${total}`);
    assert.deepEqual(
      await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id)),
      [],
      'axe on the queue with "Load more"',
    );

    const more = page.getByRole('button', { name: 'Load more' });
    await more.focus();
    await page.keyboard.press('Enter');
    await count.filter({ hasText: `100 of ${total} tickets` }).waitFor();
    // Focus moved to the first ticket of the new page, so reading carries on there.
    const focused = await page.evaluate(
      () => document.querySelector('helpway-inbox')!.shadowRoot!.querySelector('helpway-queue')!.shadowRoot!.activeElement?.textContent,
    );
    assert.equal(focused, await links.nth(50).textContent());
    assert.equal(await loadEveryPage(page), `${total} of ${total} tickets`);
    assert.equal(await more.count(), 0, 'no "Load more" once everything is shown');
    const refs = await links.allTextContents();
    assert.equal(refs.length, total);
    assert.equal(new Set(refs).size, total, 'every ticket once');
    assert.deepEqual(await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => v.id)), [], 'axe with every page loaded');

    // New filters start again from one page.
    await page.getByLabel('Severity').selectOption('S4');
    await count.filter({ hasText: /^50 of \d+ tickets$/ }).waitFor();
    await page.getByLabel('Severity').selectOption('');
    await context.close();
  });

  test('without a session the inbox shows the sign-in form and no data', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const api: number[] = [];
    page.on('response', (r) => r.url().includes('/api/inbox/') && api.push(r.status()));
    await page.goto(`${server.url}/inbox/#/tickets/HW-1001`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.equal(await page.getByText('Site is down').count(), 0);
    assert.ok(api.every((s) => s === 401));
    await context.close();
  });

  test(`${XSS.length} XSS payloads stay inert in the inbox and on the status page`, async () => {
    const admin = await signIn(server.url);
    const tickets: Array<{ reference: string; token: string }> = [];
    // Each payload goes in the subject, the description, the requester's name and a chat message.
    for (const payload of XSS) {
      const res = await post(
        server.url,
        '/api/tickets',
        validTicket({
          channel: 'chat',
          subject: payload.slice(0, 200),
          description: `D:${payload}`,
          requester: { name: payload.slice(0, 200), email: 'xss@college.example' },
        }),
      );
      assert.equal(res.status, 201, res.text);
      await post(
        server.url,
        `/api/chat/${res.body.reference}/messages`,
        { body: `C:${payload}` },
        { authorization: `Bearer ${res.body.token}` },
      );
      await admin.post(`/api/inbox/tickets/${res.body.reference}/replies`, { body: `A:${payload}` });
      tickets.push(res.body);
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    const found = await watchXss(page);
    await signInPage(page);
    await page.getByLabel('Status').selectOption('all');
    await page.getByRole('link', { name: tickets[0].reference }).waitFor();
    await loadEveryPage(page);
    // Every payload shows as text in the queue.
    const queueText = await page.locator('helpway-queue').evaluate((el) => el.shadowRoot!.textContent ?? '');
    for (const payload of XSS)
      assert.ok(
        queueText.includes(payload.slice(0, 200).trim().split('\n')[0].slice(0, 40)) || /^\s/.test(payload),
        `payload shown as text: ${payload}`,
      );

    for (const [i, t] of tickets.entries()) {
      await page.goto(`${server.url}/inbox/#/tickets/${t.reference}`);
      const view = page.locator('helpway-ticket');
      await view.locator('h1', { hasText: `${t.reference}:` }).waitFor();
      await view
        .locator('.body', { hasText: `C:${XSS[i]}` })
        .first()
        .waitFor();
      const text = await view.evaluate((el) => el.shadowRoot!.textContent ?? '');
      assert.ok(text.includes(`D:${XSS[i]}`), `description ${i} shown verbatim`);
      assert.ok(text.includes(`C:${XSS[i]}`), `chat message ${i} shown verbatim`);
      // No element came from a payload: only the inbox's own tags.
      const tags = await view.evaluate((el) => [...new Set([...el.shadowRoot!.querySelectorAll('*')].map((n) => n.localName))]);
      for (const tag of tags)
        assert.ok(
          ![
            'script',
            'img',
            'svg',
            'iframe',
            'object',
            'embed',
            'video',
            'audio',
            'marquee',
            'math',
            'base',
            'meta',
            'link',
            'style',
            'details',
            'template',
            'noscript',
          ].includes(tag),
          `<${tag}> appeared in the ticket view for payload ${i}`,
        );
    }
    for (const [i, t] of tickets.entries()) {
      await page.goto(`${server.url}/tickets/${t.reference}?token=${t.token}`);
      const body = await page.locator('main').textContent();
      assert.ok(
        body!.includes(`D:${XSS[i]}`) && body!.includes(`C:${XSS[i]}`) && body!.includes(`A:${XSS[i]}`),
        `status page ${i} shows the text`,
      );
      const count = await page
        .locator(
          'main script, main img, main svg, main iframe, main object, main embed, main video, main audio, main details, main input[autofocus], main select[autofocus]',
        )
        .count();
      assert.equal(count, 0, `payload ${i} made an element on the status page`);
    }
    assert.equal(await page.evaluate(() => (window as any).__xss), undefined, 'no payload ran');
    assert.deepEqual(found.dialogs, []);
    await context.close();
  });
});
