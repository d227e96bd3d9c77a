/**
 * Searching the inbox in Chromium: the search box finds a ticket by the requester's name, by
 * words of its conversation in any order and by its reference (solved tickets too: a search looks
 * at every status), the result count is read out, Escape and "Clear search" go back to the queue,
 * the filters combine with it, and a hostile search text stays text. Axe in every state.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { fixedClock } from '../api/helpers.ts';
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
    await new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes[0]?.html}`)),
    [],
    `axe: ${state}`,
  );

const queueLinks = (page: Page) => page.getByRole('table', { name: 'Ticket queue' }).locator('tbody tr td:first-child a');

describe('inbox search', () => {
  test('finds tickets by name, conversation and reference; announces, clears, combines with filters', async () => {
    const grades = await fileTicket(server.url, {
      subject: 'Gradebook export times out',
      description: 'The Biology gradebook export never finishes.',
      requester: { name: 'Wilhelmina Okafor', email: 'w.okafor@college.example' },
    });
    const other = await fileTicket(server.url, { subject: 'Calendar is empty', severity: 'S3' });
    const solved = await fileTicket(server.url, { subject: 'Old certificate question', severity: 'S4' });
    const agent = await signIn(server.url);
    assert.equal(
      (await agent.post(`/api/inbox/tickets/${grades.reference}/notes`, { body: 'Check the cron log for the export job' })).status,
      201,
    );
    assert.equal((await agent.post(`/api/inbox/tickets/${solved.reference}/status`, { status: 'solved' })).status, 200);

    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/inbox/`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    await page.getByRole('link', { name: other.reference }).waitFor();

    const box = page.getByRole('search', { name: 'Tickets' }).getByRole('searchbox', { name: 'Search tickets' });
    await box.waitFor();
    await axe(page, 'queue with the search box');

    // By the requester's name, as typed (the search runs when typing pauses).
    await box.pressSequentially('okafor wilhel', { delay: 20 });
    const status = page.getByRole('status').filter({ hasText: /match/ });
    await status.filter({ hasText: '1 ticket matches “okafor wilhel”.' }).waitFor();
    assert.deepEqual(await queueLinks(page).allTextContents(), [grades.reference]);
    await axe(page, 'search results');

    // Words of the conversation (an internal note here), in the other order, with Enter.
    await box.fill('job cron');
    await box.press('Enter');
    await status.filter({ hasText: '“job cron”' }).waitFor();
    assert.deepEqual(await queueLinks(page).allTextContents(), [grades.reference]);

    // A solved ticket by its reference: a search looks at every status, and says so in the Status filter.
    await box.fill(solved.reference);
    await box.press('Enter');
    await page.getByRole('link', { name: solved.reference }).waitFor();
    assert.equal(await page.getByLabel('Status').inputValue(), 'all');

    // Combined with a filter.
    await box.fill('calendar');
    await box.press('Enter');
    await page.getByRole('link', { name: other.reference }).waitFor();
    await page.getByLabel('Severity').selectOption('S2');
    await page.getByRole('cell', { name: 'No tickets match.' }).waitFor();
    await status.filter({ hasText: '0 tickets match “calendar”.' }).waitFor();
    await axe(page, 'no results');
    await page.getByLabel('Severity').selectOption('');
    await page.getByRole('link', { name: other.reference }).waitFor();

    // Hostile text is only text: no error, nothing run, the field keeps it.
    await box.fill('<img src=x onerror=alert(1)> " OR 1=1 --');
    await box.press('Enter');
    await status.filter({ hasText: '0 tickets match' }).waitFor();
    assert.equal(await page.locator('img[src="x"]').count(), 0);

    // Escape clears the search: the queue again, active tickets only, focus kept in the box.
    await box.press('Escape');
    await page.getByRole('link', { name: grades.reference }).waitFor();
    await page.getByRole('link', { name: other.reference }).waitFor();
    assert.equal(await page.getByRole('link', { name: solved.reference }).count(), 0);
    assert.equal(await page.getByLabel('Status').inputValue(), 'active');
    assert.equal(await box.inputValue(), '');
    assert.ok(await box.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement));

    // "Clear search" does the same with a click (or Enter on it).
    await box.fill('gradebook');
    await box.press('Enter');
    await page.getByRole('button', { name: 'Clear search' }).waitFor();
    // The button shows as the search is sent; the rows are the results once the count is read out.
    await status.filter({ hasText: '1 ticket matches “gradebook”.' }).waitFor();
    assert.deepEqual(await queueLinks(page).allTextContents(), [grades.reference]);
    await axe(page, 'results with Clear search');
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByRole('link', { name: other.reference }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Clear search' }).count(), 0);
    assert.deepEqual(errors, []);
  });
});
