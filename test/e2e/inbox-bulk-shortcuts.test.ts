/**
 * The queue's bulk actions and the inbox's keyboard shortcuts in Chromium: tickets selected by
 * their checkboxes (count read out) and assigned in one go; j/k/x/o/a in the queue, r/n/s/a/Esc on
 * a ticket, none of them while typing in a field; the ? help as a modal dialog that returns focus,
 * and the switch that turns single-key shortcuts off. Axe clean in every state.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { ADMIN, fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';

let browser: Browser;
let server: TestServer;
let admin: AgentSession;
let samId: number;

before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  [browser, server] = await Promise.all([launchBrowser(), startServer(withAdmin())]);
  admin = await signIn(server.url);
  const added = await admin.post('/api/admin/agents', {
    email: 'sam@kestrel.example',
    name: 'Sam Carter',
    role: 'agent',
    password: 'sam has a long password',
  });
  assert.equal(added.status, 201, added.text);
  samId = added.body.agent.id;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedInPage(): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  await page.goto(`${server.url}/inbox/`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Queue' }).waitFor();
  return { page, errors, close: () => context.close() };
}

const axe = async (page: Page, where: string) =>
  assert.deepEqual(
    await new AxeBuilder({ page })
      .analyze()
      .then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)),
    [],
    `axe on ${where}`,
  );

/** What has focus, through shadow roots: its tag, id, and text or value. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName.toLowerCase() ?? '', id: el?.id ?? '', text: (el?.textContent ?? '').trim() };
  });

const selectionCount = (page: Page) => page.getByTestId('selection-count');
const ticketLinks = (page: Page) => page.getByRole('table', { name: 'Ticket queue' }).locator('tbody tr td:first-child a');

describe('bulk actions', () => {
  test('select tickets by their checkboxes, the count read out, and assign them in one go', async () => {
    const a = await fileTicket(server.url, { subject: 'Bulk one' });
    const b = await fileTicket(server.url, { subject: 'Bulk two' });
    const c = await fileTicket(server.url, { subject: 'Bulk three' });
    const { page, errors, close } = await signedInPage();
    await page.getByRole('link', { name: c.reference }).waitFor();
    await axe(page, 'the queue with the bulk bar');

    await page.getByRole('checkbox', { name: `Select ${a.reference}` }).check();
    await selectionCount(page).filter({ hasText: '1 ticket selected' }).waitFor();
    assert.equal(await selectionCount(page).getAttribute('role'), 'status');
    await page.getByRole('checkbox', { name: `Select ${b.reference}` }).check();
    await selectionCount(page).filter({ hasText: '2 tickets selected' }).waitFor();
    const bulk = page.getByRole('group', { name: 'Bulk actions' });
    await axe(page, 'two tickets selected, the actions shown');

    await bulk.getByLabel('Assign to').selectOption({ label: 'Sam Carter' });
    await bulk.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByTestId('bulk-outcome').filter({ hasText: 'Assigned 2 tickets to Sam Carter.' }).waitFor();
    for (const ref of [a.reference, b.reference])
      assert.equal((await admin.get(`/api/inbox/tickets/${ref}`)).body.assignee?.id, samId, `${ref} assigned`);
    assert.equal((await admin.get(`/api/inbox/tickets/${c.reference}`)).body.assignee, null, 'the unselected ticket is not');
    // Done: the selection is cleared, focus is on "Select all shown" rather than lost.
    assert.equal(((await selectionCount(page).textContent()) ?? '').trim(), 'No tickets selected');
    assert.equal(await page.getByRole('checkbox', { name: `Select ${a.reference}` }).isChecked(), false);
    assert.equal((await focused(page)).tag, 'input');
    await axe(page, 'after a bulk change');

    // Select all shown, then none.
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    const shown = await ticketLinks(page).count();
    await selectionCount(page)
      .filter({ hasText: `${shown} tickets selected` })
      .waitFor();
    await bulk.getByLabel('New status').selectOption('pending');
    await bulk.getByRole('button', { name: 'Set status' }).click();
    await page
      .getByTestId('bulk-outcome')
      .filter({ hasText: `Set ${shown} tickets to pending.` })
      .waitFor();
    assert.equal((await admin.get(`/api/inbox/tickets/${c.reference}`)).body.status, 'pending');
    await page.getByText('(clock paused)').first().waitFor();
    assert.deepEqual(errors, []);
    await close();
  });
});

describe('keyboard shortcuts', () => {
  test('queue: j/k move, x selects, a assigns, o opens; ticket: r/n/s/a fields, Esc back; never while typing', async () => {
    const tickets = [];
    for (const subject of ['Keys first', 'Keys second', 'Keys third'])
      tickets.push(await fileTicket(server.url, { subject, severity: 'S1' }));
    const { page, errors, close } = await signedInPage();
    await page.getByRole('link', { name: tickets[2].reference }).waitFor();
    const order = await ticketLinks(page).allTextContents();

    await page.getByRole('heading', { name: 'Queue' }).click(); // focus on nothing in particular
    await page.keyboard.press('j');
    assert.deepEqual(await focused(page), { tag: 'a', id: '', text: order[0] });
    await page.keyboard.press('j');
    assert.equal((await focused(page)).text, order[1]);
    await page.keyboard.press('x');
    await selectionCount(page).filter({ hasText: '1 ticket selected' }).waitFor();
    assert.equal(await page.getByRole('checkbox', { name: `Select ${order[1]}` }).isChecked(), true);
    await page.keyboard.press('k');
    assert.equal((await focused(page)).text, order[0]);
    await page.keyboard.press('x');
    await selectionCount(page).filter({ hasText: '2 tickets selected' }).waitFor();
    await page.keyboard.press('x');
    await selectionCount(page).filter({ hasText: '1 ticket selected' }).waitFor();

    // a: to "Assign to" for the selection. Typing in a field is never a shortcut.
    await page.keyboard.press('a');
    assert.equal((await focused(page)).id, 'bulk-assignee');
    await page.getByLabel('Note on each').focus();
    await page.keyboard.type('jkx?');
    assert.equal(await page.getByLabel('Note on each').inputValue(), 'jkx?');
    assert.equal((await focused(page)).id, 'bulk-note');
    assert.equal(await page.getByRole('dialog').count(), 0, 'no help opened from a field');
    assert.equal(((await selectionCount(page).textContent()) ?? '').trim(), '1 ticket selected');

    // /: to the queue's search box.
    await ticketLinks(page).nth(1).focus();
    await page.keyboard.press('/');
    assert.equal((await focused(page)).id, 'ticket-search');
    assert.equal(await page.getByLabel('Search tickets').inputValue(), '', 'the key is not typed into the box');

    // ?: the help, a modal dialog; Esc closes it and focus returns to the ticket link.
    await ticketLinks(page).nth(2).focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await help
      .getByRole('table', { name: 'In the queue' })
      .getByRole('row', { name: /Next ticket/ })
      .waitFor();
    await help
      .getByRole('table', { name: 'On a ticket' })
      .getByRole('row', { name: /Write a reply/ })
      .waitFor();
    assert.ok(
      await page.evaluate(() =>
        document
          .querySelector('helpway-inbox')!
          .shadowRoot!.querySelector('helpway-shortcuts')!
          .shadowRoot!.querySelector('helpway-shortcuts-help')!
          .shadowRoot!.querySelector('dialog')!
          .matches(':modal'),
      ),
    );
    await axe(page, 'the shortcuts help');
    await page.keyboard.press('j'); // inside the dialog: not a shortcut
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    assert.equal((await focused(page)).text, order[2], 'focus back where it was');

    // o opens the ticket under the cursor; r, n, s, a go to their fields.
    await page.keyboard.press('o');
    await page.getByRole('heading', { name: new RegExp(`^${order[2]}: `) }).waitFor();
    await axe(page, 'a ticket opened by keyboard');
    for (const [key, id] of [
      ['r', 'reply'],
      ['n', 'note'],
      ['s', 'status'],
      ['a', 'assignee'],
    ]) {
      await page.getByRole('heading', { name: new RegExp(`^${order[2]}: `) }).click();
      await page.keyboard.press(key);
      assert.equal((await focused(page)).id, id, `${key} goes to ${id}`);
    }
    // In the reply box letters are text; Esc with a reply written does not leave it.
    await page.keyboard.press('r');
    await page.getByLabel('Reply').focus();
    await page.keyboard.type('rns');
    assert.equal(await page.getByLabel('Reply').inputValue(), 'rns');
    await page.getByRole('heading', { name: new RegExp(`^${order[2]}: `) }).click();
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    assert.ok(await page.getByRole('heading', { name: new RegExp(`^${order[2]}: `) }).isVisible(), 'still on the ticket');
    await page.getByLabel('Reply').fill('');
    await page.getByRole('heading', { name: new RegExp(`^${order[2]}: `) }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    // Back with the cursor on the ticket's row.
    const until = Date.now() + 5000;
    while ((await focused(page)).text !== order[2]) {
      assert.ok(Date.now() < until, `focus: ${JSON.stringify(await focused(page))}`);
      await page.waitForTimeout(50);
    }
    await page.keyboard.press('j');
    assert.equal((await focused(page)).text, order[3] ?? order[2]);

    // Enter on a checkbox opens its ticket too.
    await page.getByRole('checkbox', { name: `Select ${order[0]}` }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`^${order[0]}: `) }).waitFor();
    await page.getByRole('link', { name: '← Queue' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();

    assert.deepEqual(errors, []);
    await close();
  });

  test('single-key shortcuts can be turned off (and on again) in the help, remembered in this browser', async () => {
    await fileTicket(server.url, { subject: 'Keys off' });
    const { page, errors, close } = await signedInPage();
    await ticketLinks(page).first().waitFor();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await help.getByRole('checkbox', { name: 'Use single-key shortcuts' }).uncheck();
    await help.getByRole('button', { name: 'Close' }).click();
    await help.waitFor({ state: 'hidden' });
    assert.match((await focused(page)).text, /^Keyboard shortcuts$/i, 'focus back on the button');

    await page.getByRole('heading', { name: 'Queue' }).click();
    await page.keyboard.press('j');
    await page.keyboard.press('?');
    assert.notEqual((await focused(page)).tag, 'a', 'j did nothing');
    assert.equal(await help.isVisible(), false, '? did nothing');

    await page.reload();
    await ticketLinks(page).first().waitFor();
    await page.getByRole('heading', { name: 'Queue' }).click();
    await page.keyboard.press('j');
    assert.notEqual((await focused(page)).tag, 'a', 'still off after a reload');
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await help.getByRole('checkbox', { name: 'Use single-key shortcuts' }).check();
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    await page.getByRole('heading', { name: 'Queue' }).click();
    await page.keyboard.press('j');
    assert.equal((await focused(page)).tag, 'a', 'on again');
    assert.deepEqual(errors, []);
    await close();
  });
});
