/**
 * The ticket lifecycle's event bus (api/src/tickets/events.ts) on a running server, on SQLite and
 * PostgreSQL: in-transaction subscribers run at emit time inside the change's transaction and
 * their failure rolls the change back (mails included); after-commit subscribers run once, only
 * after the commit, never after a rollback, and their failure is logged without failing the
 * request.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, forEachStore, post, validTicket } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import type { TicketEvent } from '../../api/src/tickets/events.ts';

const SENTINEL = '2001-02-03T04:05:06.000Z';
const idOf = (reference: string) => Number(reference.slice(3)) - 1000;

/** Removes (and returns) the logged errors matching `match`: the ones a test caused on purpose. */
function takeErrors(server: TestServer, match: (entry: Record<string, unknown>) => boolean): Array<Record<string, unknown>> {
  const taken = server.serverErrors.filter(match);
  server.serverErrors.splice(0, server.serverErrors.length, ...server.serverErrors.filter((e) => !match(e)));
  return taken;
}

forEachStore('Ticket events', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: 'off' } });
  });
  after(() => server?.stop());

  const services = () => server.running.services;
  const db = () => server.running.store.db;
  const newTicket = async (overrides: Record<string, unknown> = {}) => {
    const res = await post(server.url, '/api/tickets', validTicket(overrides));
    assert.equal(res.status, 201, res.text);
    return idOf(res.body.reference);
  };
  const updatedAt = async (id: number) =>
    (await db().selectFrom('tickets').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow()).updated_at;
  /** One change with its event, as the lifecycle writes them. */
  const change = (id: number, work: () => Promise<void> = async () => {}) =>
    services().events.transaction(db(), async (trx, emit) => {
      await trx.updateTable('tickets').set({ updated_at: SENTINEL }).where('id', '=', id).execute();
      await emit({ type: 'ticket.assigned', ticketId: id, agentId: null });
      await work();
    });

  it('runs in-transaction subscribers at emit time, inside the transaction; a failure there rolls the change back', async () => {
    const id = await newTicket();
    const before = await updatedAt(id);
    const seen: string[] = [];
    const off = services().events.inTransaction('ticket.assigned', async (event, trx) => {
      seen.push(
        (await trx.selectFrom('tickets').select('updated_at').where('id', '=', event.ticketId).executeTakeFirstOrThrow()).updated_at,
      );
      throw new Error('subscriber refused');
    });
    try {
      await assert.rejects(change(id), /subscriber refused/);
    } finally {
      off();
    }
    assert.deepEqual(seen, [SENTINEL], 'the subscriber saw the uncommitted change through the transaction');
    assert.equal(await updatedAt(id), before, 'the change was rolled back');
  });

  it('a failing in-transaction subscriber on ticket.created: no ticket and none of its mails (500)', async () => {
    const off = services().events.inTransaction('ticket.created', () => {
      throw new Error('created subscriber refused');
    });
    const subject = `Rolled back ${Date.now()}`;
    let res;
    try {
      res = await post(server.url, '/api/tickets', validTicket({ subject }));
    } finally {
      off();
    }
    assert.equal(res.status, 500, res.text);
    assert.equal(res.body.error.code, 'internal_error');
    const rows = await db().selectFrom('tickets').select('id').where('subject', '=', subject).execute();
    assert.deepEqual(rows, []);
    const mails = await db().selectFrom('outbox').select('id').where('subject', 'like', `%${subject}%`).execute();
    assert.deepEqual(mails, [], 'the mails queued by the mail subscriber rolled back with the ticket');
    assert.ok(takeErrors(server, (e) => e.msg === 'unhandled error' || e.status === 500).length >= 1);
    // Without the failing subscriber the same ticket goes through, with its mails.
    const ok = await post(server.url, '/api/tickets', validTicket({ subject }));
    assert.equal(ok.status, 201, ok.text);
    const kinds = (await db().selectFrom('outbox').select('kind').where('ticket_id', '=', idOf(ok.body.reference)).execute())
      .map((m) => m.kind)
      .sort();
    assert.deepEqual(kinds, ['confirmation', 'notification']);
  });

  it('runs after-commit subscribers once, after the commit, and never after a rollback', async () => {
    const id = await newTicket();
    const calls: Array<{ event: TicketEvent; committed: string }> = [];
    const off = services().events.afterCommit('ticket.assigned', async (event) => {
      // Read through the pool, outside the transaction: the change must be visible already.
      calls.push({ event, committed: await updatedAt(event.ticketId) });
    });
    try {
      await change(id, async () => {
        assert.equal(calls.length, 0, 'not while the transaction is open');
      });
      await services().events.settled();
      assert.equal(calls.length, 1);
      assert.deepEqual(calls[0].event, { type: 'ticket.assigned', ticketId: id, agentId: null });
      assert.equal(calls[0].committed, SENTINEL);

      const other = await newTicket();
      await assert.rejects(
        change(other, async () => {
          throw new Error('the work failed after emitting');
        }),
        /after emitting/,
      );
      await services().events.settled();
      assert.equal(calls.length, 1, 'a rolled-back change is not announced');
      assert.notEqual(await updatedAt(other), SENTINEL);
    } finally {
      off();
    }
  });

  it('logs an after-commit subscriber failure and still answers the request; later subscribers still run', async () => {
    const ran: string[] = [];
    const offs = [
      services().events.afterCommit('ticket.created', () => {
        throw new Error('sync failure after commit');
      }),
      services().events.afterCommit(['ticket.created'], async () => {
        throw new Error('async failure after commit');
      }),
      services().events.afterCommit('*', (event) => {
        ran.push(event.type);
      }),
    ];
    try {
      const res = await post(server.url, '/api/tickets', validTicket({ subject: 'After-commit failures' }));
      assert.equal(res.status, 201, res.text);
      await services().events.settled();
      const read = await call(server.url, `/api/tickets/${res.body.reference}`, { headers: { authorization: `Bearer ${res.body.token}` } });
      assert.equal(read.status, 200, 'the ticket was committed');
      assert.deepEqual(ran, ['ticket.created']);
      const logged = takeErrors(server, (e) => typeof e.msg === 'string' && e.msg.startsWith('an after-commit subscriber failed'));
      assert.deepEqual(logged.map((e) => [e.event, e.ticketId, e.error]).sort(), [
        ['ticket.created', idOf(res.body.reference), 'async failure after commit'],
        ['ticket.created', idOf(res.body.reference), 'sync failure after commit'],
      ]);
      assert.equal(server.serverErrors.length, 0, JSON.stringify(server.serverErrors));
    } finally {
      for (const off of offs) off();
    }
  });

  it('refuses an emit after its transaction ended', async () => {
    const id = await newTicket();
    let late: ((event: TicketEvent) => Promise<void>) | undefined;
    await services().events.transaction(db(), async (_trx, emit) => {
      late = emit;
    });
    await assert.rejects(late!({ type: 'ticket.assigned', ticketId: id, agentId: null }), /after its transaction ended/);
  });
});
