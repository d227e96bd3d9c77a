/**
 * SLA standing in the agents' inbox, in a real browser: at-risk and overdue rows highlighted with
 * a badge in words and the business time left or overdue, the count beside the Queue link, the
 * ticket's timeline with its SLA records (the requester's reason inert text), a live notification
 * when a warning is recorded while the inbox is open, and axe clean on both views.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type TestServer } from '../support/api-server.ts';
import { MONDAY_MORNING } from '../api/helpers.ts';
import { ADMIN, fileTicket, withAdmin } from '../inbox/support.ts';
import { INBOX_DIST } from '../../api/src/inbox/mount.ts';
import { recordOnce } from '../../api/src/sla/records.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';

const MINUTE = 60_000;
const REASON = 'Exams start tomorrow <img src=x onerror="window.__xss=1">';

let browser: Browser;
let server: TestServer;
let now = MONDAY_MORNING;

before(async () => {
  if (!existsSync(`${INBOX_DIST}/index.html`)) throw new Error('api/src/inbox/ui/dist is missing: run npm run build:inbox first');
  [browser, server] = await Promise.all([launchBrowser(), startServer(withAdmin({ clock: { now: () => new Date(now) } }))]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const violations = (page: import('playwright-core').Page) =>
  new AxeBuilder({ page }).analyze().then((r) => r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));

test('at-risk and overdue rows say so in words, the ticket timeline shows the SLA records, a warning is announced live', async () => {
  // At 10:15 an S2 (first response in 4 business hours: 14:15) and an S1; at 13:35, 200 minutes
  // on, the S2 is past 80 % of its target (40 min left) and the S1 long overdue; an S4 filed then is fine.
  const risky = await fileTicket(server.url, { severity: 'S2', subject: 'Gradebook totals look wrong' });
  const late = await fileTicket(server.url, { severity: 'S1', subject: 'Nobody can log in' });
  now = new Date(MONDAY_MORNING.getTime() + 200 * MINUTE);
  const calm = await fileTicket(server.url, { severity: 'S4', subject: 'Change the footer colour' });

  const db = server.running.store.db;
  const id = idFromReference(risky.reference)!;
  const at = { actor: 'sweeper', now };
  await recordOnce(db, id, { kind: 'warned', target: 'response', dueAt: '2026-03-02T14:15:00.000Z' }, at);
  await recordOnce(db, id, { kind: 'missed', target: 'resolution', dueAt: '2026-03-02T13:00:00.000Z' }, at);
  await recordOnce(
    db,
    id,
    {
      kind: 'escalated',
      level: 2,
      role: 'Relationship manager',
      contact: 'crm@kestrel.example',
      trigger: 'response_missed',
      target: 'response',
      dueAt: '2026-03-02T14:15:00.000Z',
      reason: null,
    },
    at,
  );
  await recordOnce(
    db,
    id,
    {
      kind: 'escalated',
      level: 3,
      role: 'Head of support',
      contact: 'head@kestrel.example',
      trigger: 'requested',
      target: null,
      dueAt: null,
      reason: REASON,
    },
    { actor: 'requester', now, distinct: '2026-03-02' },
  );

  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/inbox/`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Queue' }).waitFor();

  const rowOf = (reference: string) => page.locator('helpway-queue tbody tr', { has: page.getByRole('link', { name: reference }) });
  await rowOf(calm.reference).waitFor();
  const riskyRow = rowOf(risky.reference);
  assert.equal(await riskyRow.getAttribute('class').then((c) => c?.includes('sla-at_risk')), true);
  assert.match((await riskyRow.locator('td').last().textContent()) ?? '', /^At risk\s*40 min left/);
  const lateRow = rowOf(late.reference);
  assert.equal(await lateRow.getAttribute('class').then((c) => c?.includes('sla-breached')), true);
  assert.match((await lateRow.locator('td').last().textContent()) ?? '', /^Overdue\s*overdue by \d+ h \d+ min/);
  const calmCell = (await rowOf(calm.reference).locator('td').last().textContent()) ?? '';
  assert.doesNotMatch(calmCell, /At risk|Overdue/);
  assert.match(calmCell, /left/);
  // The count beside the Queue link: two need attention (the link keeps its own name).
  assert.equal(await page.getByTestId('sla-count').textContent(), '2 tickets at risk or overdue');
  await page.getByRole('link', { name: 'Queue', exact: true }).waitFor();
  assert.deepEqual(await violations(page), [], 'axe on the queue with highlighted rows');

  await page.getByRole('link', { name: risky.reference }).click();
  await page.getByRole('heading', { name: `${risky.reference}: Gradebook totals look wrong` }).waitFor();
  const timeline = page.getByRole('list', { name: 'Ticket timeline' });
  await timeline.waitFor();
  const lines = (await timeline.getByRole('listitem').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
  assert.equal(lines.length, 5, lines.join('\n'));
  assert.match(lines[0], /Status: open — created$/);
  assert.match(lines[1], /Warned: first response due 2 Mar 2026, 14:15$/);
  assert.match(lines[2], /Missed: resolution target \(due 2 Mar 2026, 13:00\)$/);
  assert.match(lines[3], /Escalated to level 2 \(Relationship manager, crm@kestrel\.example\) — response target missed$/);
  assert.ok(
    lines[4].endsWith(`Requester asked for escalation: «${REASON}» — escalated to level 3 (Head of support, head@kestrel.example)`),
    lines[4],
  );
  for (const line of lines) assert.match(line, /^2 Mar 2026, \d\d:\d\d/, 'each entry has its time');
  assert.equal(await timeline.locator('img').count(), 0, "the requester's reason made no element");
  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  await page.getByText('At risk:').waitFor();
  assert.deepEqual(await violations(page), [], 'axe on the ticket with its timeline');

  // A warning recorded now, as the sweeper does it, is announced to the open inbox.
  const { services } = server.running;
  const lateId = idFromReference(late.reference)!;
  await services.events.transaction(db, async (trx, emit) => {
    await recordOnce(trx, lateId, { kind: 'warned', target: 'resolution', dueAt: '2026-03-02T18:00:00.000Z' }, at);
    await emit({ type: 'sla.warning', ticketId: lateId, target: 'resolution', dueAt: '2026-03-02T18:00:00.000Z', percent: 80 });
  });
  await page
    .getByRole('status')
    .filter({ hasText: `${late.reference}: resolution at risk` })
    .waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
