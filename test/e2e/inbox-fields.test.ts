/**
 * The inbox ticket view shows what the requester filled in on the type's own form (steps to
 * reproduce, staging URL, desired change), labelled as the form asked, as inert text.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { fixedClock } from '../api/helpers.ts';
import { ADMIN, fileTicket, withAdmin } from '../inbox/support.ts';
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

const STEPS = '1. Open Grades\n2. Press <b>Export</b> <img src=x onerror="window.__xss=1">\n3. Nothing happens';

test('the type fields a requester filled in are shown to the agent, labelled and escaped', async () => {
  const bug = await fileTicket(server.url, {
    type: 'bug',
    subject: 'Grade export does nothing',
    fields: { stepsToReproduce: STEPS, expected: 'A CSV download' },
  });
  const refresh = await fileTicket(server.url, {
    type: 'site_refresh',
    subject: 'Refresh staging please',
    fields: { stagingUrl: 'https://staging.college.example/', confirmOverwrite: true },
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/inbox/`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Queue' }).waitFor();

  await page.getByRole('link', { name: bug.reference }).click();
  await page.getByRole('heading', { name: `${bug.reference}: Grade export does nothing` }).waitFor();
  const details = page.locator('helpway-ticket dl.fields');
  await details.waitFor();
  assert.deepEqual(await details.locator('dt').allTextContents(), ['Steps to reproduce', 'What you expected']);
  const values = await details.locator('dd').allTextContents();
  assert.equal(values[0], STEPS, 'the markup is shown as text, line breaks kept');
  assert.equal(values[1], 'A CSV download');
  assert.equal(await details.locator('img, b').count(), 0, 'no element made from the requester text');
  assert.equal(await page.evaluate(() => (window as any).__xss), undefined);
  // Which SLA terms apply, in words, next to the due times.
  await page.locator('helpway-ticket [data-sla-version^="sla-"]', { hasText: '(current terms)' }).waitFor();

  await page.getByRole('link', { name: 'Queue', exact: true }).click();
  await page.getByRole('link', { name: refresh.reference }).click();
  await page.getByRole('heading', { name: `${refresh.reference}: Refresh staging please` }).waitFor();
  await details.waitFor();
  assert.deepEqual(await details.locator('dt').allTextContents(), [
    'Staging site URL',
    'I understand that all data on the staging site will be overwritten',
  ]);
  assert.equal(
    await details.getByRole('link', { name: 'https://staging.college.example/' }).getAttribute('href'),
    'https://staging.college.example/',
  );
  assert.equal((await details.locator('dd').nth(1).textContent())?.trim(), 'Yes');
  assert.deepEqual(errors, []);
  await page.close();
});
