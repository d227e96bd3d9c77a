/**
 * Two agents on one ticket in Chromium, each in a browser of their own: each sees the other live
 * ("Sam Carter is viewing", "… is replying"), gone when they leave or close the tab; a reply sent
 * after the other agent answered asks "Send anyway?" with the new message, never losing the typed
 * reply; axe clean in each state.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { ADMIN, fileTicket, signIn, withAdmin } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';

const SAM = { email: 'sam@kestrel.example', name: 'Sam Carter', password: 'sam has a long password' };

let browser: Browser;
let server: TestServer;
const contexts: BrowserContext[] = [];

before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  [browser, server] = await Promise.all([launchBrowser(), startServer(withAdmin())]);
  const admin = await signIn(server.url);
  const added = await admin.post('/api/admin/agents', { ...SAM, role: 'agent' });
  assert.equal(added.status, 201, added.text);
});
after(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.stop();
});

async function agentPage(who: { email: string; password: string }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // 401 (who am I) and the 409 asked about show as resource errors: count script errors only.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  await page.goto(`${server.url}/inbox/`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  return { page, errors };
}

const axe = async (page: Page, where: string) =>
  assert.deepEqual(
    await new AxeBuilder({ page })
      .analyze()
      .then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)),
    [],
    `axe on ${where}`,
  );

/** The ticket page's "who else is here" line. */
const presenceLine = (page: Page) => page.getByTestId('ticket-presence');

/** Waits until the line says nobody else is on the ticket (it stays in the page, empty, to be read out later). */
async function nobodyElse(page: Page): Promise<void> {
  const until = Date.now() + 10_000;
  while (((await presenceLine(page).textContent()) ?? '').trim() !== '') {
    assert.ok(Date.now() < until, `still: ${await presenceLine(page).textContent()}`);
    await page.waitForTimeout(50);
  }
}

async function openTicket(page: Page, reference: string, subject: string): Promise<void> {
  await page.getByRole('link', { name: reference }).click();
  await page.getByRole('heading', { name: `${reference}: ${subject}` }).waitFor();
}

/** The element focused, through shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName.toLowerCase(), id: el?.id ?? '', text: (el?.textContent ?? '').trim() };
  });

describe('two agents on one ticket', () => {
  test('each sees the other viewing and replying, live; a stale reply asks "Send anyway?" and keeps the text', async () => {
    const subject = 'Quiz attempts vanished';
    const t = await fileTicket(server.url, { subject });
    const admin = await agentPage(ADMIN);
    const sam = await agentPage(SAM);

    await openTicket(admin.page, t.reference, subject);
    await openTicket(sam.page, t.reference, subject);
    await presenceLine(admin.page).filter({ hasText: 'Sam Carter is viewing this ticket.' }).waitFor();
    await presenceLine(sam.page).filter({ hasText: 'admin is viewing this ticket.' }).waitFor();
    assert.equal(await presenceLine(admin.page).getAttribute('role'), 'status', 'read out politely');
    await axe(admin.page, 'a ticket another agent is viewing');

    // In the queue too, by the ticket.
    await sam.page.getByLabel('Reply').fill('Sam: checking the quiz logs now.');
    await presenceLine(admin.page).filter({ hasText: 'Sam Carter is replying to this ticket.' }).waitFor();
    await admin.page.getByLabel('Reply').fill('Admin: the attempts are restored.');
    await presenceLine(sam.page).filter({ hasText: 'admin is replying to this ticket.' }).waitFor();

    // Sam sends first; the admin, who opened the ticket before, is asked.
    await sam.page.getByRole('button', { name: 'Send reply' }).click();
    await sam.page.getByText('Reply sent.').waitFor();
    await presenceLine(admin.page).filter({ hasText: 'Sam Carter is viewing this ticket.' }).waitFor();
    await admin.page.getByRole('button', { name: 'Send reply' }).click();
    const prompt = admin.page.getByTestId('stale-prompt');
    await prompt.getByRole('heading', { name: `${t.reference} changed since you opened it` }).waitFor();
    assert.match((await prompt.textContent()) ?? '', /1 new message\. Your reply has not been sent: it is still in the reply box\./);
    await prompt.getByRole('listitem').filter({ hasText: 'Sam: checking the quiz logs now.' }).waitFor();
    assert.deepEqual(await focused(admin.page), { tag: 'h3', id: 'stale-heading', text: `${t.reference} changed since you opened it` });
    assert.equal(await admin.page.getByLabel('Reply').inputValue(), 'Admin: the attempts are restored.', 'the typed reply is kept');
    assert.equal(
      await admin.page.locator('helpway-ticket .msg.agent .body', { hasText: 'Admin: the attempts are restored.' }).count(),
      0,
      'not sent',
    );
    await axe(admin.page, 'the "Send anyway?" question');

    await prompt.getByRole('button', { name: 'Send anyway' }).click();
    await admin.page.getByText('Reply sent.').waitFor();
    await admin.page.locator('helpway-ticket .msg.agent .body', { hasText: 'Admin: the attempts are restored.' }).waitFor();
    assert.equal(await admin.page.getByLabel('Reply').inputValue(), '');
    assert.equal(await prompt.count(), 0, 'the question is gone');

    // Another round, answered "Keep editing": the reply stays, focus returns to it, and the next
    // send goes through without asking (the change was shown).
    await admin.page.getByLabel('Reply').fill('Admin: one more thing.');
    const { token } = t;
    const requester = await fetch(`${server.url}/api/tickets/${t.reference}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ body: 'Requester: they are back, thank you!' }),
    });
    assert.equal(requester.status, 201);
    await admin.page.locator('helpway-ticket .body', { hasText: 'Requester: they are back, thank you!' }).waitFor();
    await admin.page.getByRole('button', { name: 'Send reply' }).click();
    await prompt.getByRole('listitem').filter({ hasText: 'Requester: they are back, thank you!' }).waitFor();
    await prompt.getByRole('button', { name: 'Keep editing' }).click();
    assert.equal(await prompt.count(), 0);
    assert.deepEqual((await focused(admin.page)).id, 'reply');
    assert.equal(await admin.page.getByLabel('Reply').inputValue(), 'Admin: one more thing.');
    await admin.page.getByRole('button', { name: 'Send reply' }).click();
    await admin.page.locator('helpway-ticket .msg.agent .body', { hasText: 'Admin: one more thing.' }).waitFor();

    // Sam goes back to the queue: gone from the ticket. Back on it, then the tab closes: gone again.
    await sam.page.getByRole('link', { name: '← Queue' }).click();
    await nobodyElse(admin.page);
    await openTicket(sam.page, t.reference, subject);
    await presenceLine(admin.page).filter({ hasText: 'Sam Carter is viewing this ticket.' }).waitFor();
    await admin.page.getByRole('link', { name: '← Queue' }).click();
    // The queue shows who is on which ticket.
    await admin.page
      .getByRole('row')
      .filter({ has: admin.page.getByRole('link', { name: t.reference }) })
      .getByText('Sam Carter viewing')
      .waitFor();
    await axe(admin.page, 'the queue with an agent on a ticket');
    await sam.page.close();
    await admin.page
      .getByRole('row')
      .filter({ has: admin.page.getByRole('link', { name: t.reference }) })
      .getByText('Sam Carter viewing')
      .waitFor({ state: 'detached' });

    assert.deepEqual(admin.errors, []);
    assert.deepEqual(sam.errors, []);
  });
});
