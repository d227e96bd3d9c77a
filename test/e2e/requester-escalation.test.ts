/**
 * The requester asks for escalation in a browser: on the status page (server-rendered form, no
 * script) and in the widget's "My recent tickets" (its lazy chunk), each axe-clean, each naming
 * the new owner by role and queuing one mail to the level's contact.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket } from '../inbox/support.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';
import { axeViolations, newContext, startHelpwayForWidget, watchProblems } from './widget-support.ts';

let browser: Browser;
let server: TestServer;

before(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startHelpwayForWidget()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const escalationMails = (reference: string) =>
  server.running.store.db
    .selectFrom('outbox')
    .select(['to_address', 'subject'])
    .where('ticket_id', '=', idFromReference(reference)!)
    .where('kind', '=', 'escalation')
    .execute();

test('the status page: ask to escalate as a formal complaint', async () => {
  const { reference, token } = await fileTicket(server.url, { subject: 'Gradebook totals are wrong' });
  const context = await newContext(browser);
  const page = await context.newPage();
  const problems = await watchProblems(page);
  await page.goto(`${server.url}/tickets/${reference}?token=${token}`);
  await page.getByRole('heading', { name: 'Ask to escalate' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'axe on the status page with the form');

  await page.getByLabel('Why does it need escalating?').fill('Term reports go out on Friday and the totals are still wrong.');
  await page.getByLabel('This is a formal complaint').check();
  await page.getByRole('button', { name: 'Ask to escalate' }).click();
  const notice = page.getByRole('status');
  await notice.waitFor();
  assert.match(
    (await notice.textContent()) ?? '',
    /\(formal complaint\): our Head of customer success \(escalation level 3\) owns this ticket now/,
  );
  assert.deepEqual(await axeViolations(page), [], 'axe after escalating');
  assert.deepEqual(
    (await escalationMails(reference)).map((m) => m.to_address),
    ['success@kestrel-learning.example'],
  );
  assert.deepEqual(await problems.csp(), []);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test("the widget's My recent tickets: ask to escalate", async () => {
  const { reference, token } = await fileTicket(server.url, { subject: 'Quiz timer stops early' });
  const context = await newContext(browser);
  const page = await context.newPage();
  const problems = await watchProblems(page);
  // The widget keeps the tokens of tickets filed from this browser: as if this one had been.
  await page.addInitScript(
    ([key, value]) => localStorage.setItem(key, value),
    ['helpway:demo:tickets', JSON.stringify([{ reference, token, createdAt: new Date().toISOString() }])],
  );
  await page.goto(`${server.url}/demo/admin/tool/uploaduser/`);
  await page.getByRole('button', { name: 'Help', exact: true }).click();
  await page.getByRole('dialog', { name: 'Help' }).getByRole('button', { name: 'My recent tickets' }).click();
  const list = page.getByRole('dialog', { name: 'My recent tickets' });
  await list.getByText(reference, { exact: true }).waitFor();

  await list.getByText('Ask to escalate').click();
  await list.getByLabel('Why does it need escalating?').fill('Learners lose their attempts.');
  assert.deepEqual(await axeViolations(page), [], 'axe with the escalation form open');
  await list.getByRole('button', { name: 'Send the request' }).click();
  const done = list.getByRole('status').filter({ hasText: `${reference} is escalated` });
  await done.waitFor();
  assert.equal((await done.textContent())?.trim(), `${reference} is escalated: our Support team lead owns it now.`);
  assert.deepEqual(await axeViolations(page), [], 'axe after escalating');
  assert.deepEqual(
    (await escalationMails(reference)).map((m) => m.to_address),
    ['support@kestrel-learning.example'],
  );
  assert.deepEqual(await problems.csp(), []);
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.console, []);
  await context.close();
});
