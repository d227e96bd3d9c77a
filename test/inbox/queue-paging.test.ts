/**
 * The agents' queue is sorted and paged in the database: a flood of low-priority
 * tickets filed after a real S1 cannot push it out of view, and paging with the cursor returns
 * every ticket exactly once, in queue order, on SQLite and PostgreSQL.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, forEachStore, MONDAY_MORNING } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from './support.ts';

const FLOOD = 2100;

interface Page {
  tickets: Array<{ reference: string; severity: string; status: string; nextDue: { at: string } | null; createdAt: string }>;
  total: number;
  nextCursor: string | null;
}

/** The queue order the API promises: next due first (none last), then severity, then oldest. */
function queueKey(t: Page['tickets'][number]): string {
  const ref = Number(t.reference.slice(3)).toString().padStart(12, '0');
  return `${t.nextDue ? `0${t.nextDue.at}` : '1'}|${t.severity}|${ref}`;
}

forEachStore('Inbox queue paging', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let s1: { reference: string };
  const clock = { now: () => new Date(MONDAY_MORNING) };

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    admin = await signIn(server.url);
    s1 = await fileTicket(server.url, { severity: 'S1', subject: 'The whole LMS is down' });
    // The flood: copies of a real S4 ticket written straight to the store, a few of them varied
    // (answered, without any due time, solved) so every branch of the order is paged through.
    const template = await fileTicket(server.url, { severity: 'S4', subject: 'Win a prize!' });
    const { db } = server.running.store;
    const { id: _, ...row } = await db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', Number(template.reference.slice(3)) - 1000)
      .executeTakeFirstOrThrow();
    const copies = Array.from({ length: FLOOD }, (_, i) => ({
      ...row,
      subject: `Win a prize! #${i}`,
      severity: ['S4', 'S4', 'S3', 'S2'][i % 4],
      first_responded_at: i % 7 === 0 ? row.created_at : null,
      first_response_due: i % 11 === 0 ? null : row.first_response_due,
      resolution_due: i % 11 === 0 ? null : i % 5 === 0 ? '2026-03-09T10:15:00.000Z' : row.resolution_due,
      status: i % 97 === 0 ? 'solved' : 'new',
    }));
    for (let i = 0; i < copies.length; i += 500)
      await db
        .insertInto('tickets')
        .values(copies.slice(i, i + 500))
        .execute();
  });
  after(() => server?.stop());

  it(`shows an S1 on the first page after ${FLOOD} newer low-priority tickets`, async () => {
    const res = await admin.get<Page>('/api/inbox/tickets');
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.tickets[0]?.reference, s1.reference, 'the S1 is due first');
    const solved = Array.from({ length: FLOOD }, (_, i) => i).filter((i) => i % 97 === 0).length;
    assert.equal(res.body.total, FLOOD + 2 - solved, 'the total counts the whole active queue');
    assert.ok(res.body.tickets.length < res.body.total && res.body.nextCursor, 'one page, and a cursor for the next');
    const s1Only = await admin.get<Page>('/api/inbox/tickets?severity=S1');
    assert.deepEqual(
      s1Only.body.tickets.map((t) => t.reference),
      [s1.reference],
    );
    assert.equal(s1Only.body.total, 1);
    assert.equal(s1Only.body.nextCursor, null);
  });

  it('pages through every ticket exactly once, in queue order', async () => {
    for (const status of ['active', 'all']) {
      const seen: Page['tickets'] = [];
      let total = -1;
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { status: number; text: string; body: Page } = await admin.get<Page>(
          `/api/inbox/tickets?status=${status}&limit=150${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        assert.equal(res.status, 200, res.text);
        assert.ok(res.body.tickets.length <= 150);
        if (total === -1) total = res.body.total;
        assert.equal(res.body.total, total, 'the total does not change between pages');
        seen.push(...res.body.tickets);
        cursor = res.body.nextCursor;
        assert.ok(++pages < 100, 'paging ends');
      } while (cursor);
      const refs = seen.map((t) => t.reference);
      assert.equal(new Set(refs).size, refs.length, `${status}: no ticket twice`);
      assert.equal(refs.length, total, `${status}: every ticket once`);
      const rows = await server.running.store.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .$if(status === 'active', (q) => q.where('status', 'not in', ['solved', 'closed']))
        .executeTakeFirstOrThrow();
      assert.equal(total, Number(rows.n), `${status}: the total is what the store holds`);
      const keys = seen.map(queueKey);
      assert.deepEqual(keys, [...keys].sort(), `${status}: next due first, then severity, then oldest`);
    }
  });

  it('refuses a cursor it did not make, naming it', async () => {
    for (const cursor of [
      'nonsense',
      'eyJ4IjoxfQ',
      Buffer.from(JSON.stringify(['2026-03-02T10:15:00.000Z', 'S1', 99999999999])).toString('base64url'),
    ]) {
      assertError(await admin.get(`/api/inbox/tickets?cursor=${cursor}`), 422, 'validation_failed', 'cursor');
    }
  });
});
