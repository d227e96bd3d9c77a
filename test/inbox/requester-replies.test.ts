/**
 * One rule for a requester's message, whichever way it comes (the API, a mail reply, the status
 * page's form, the chat, the portal): a pending ticket opens again, with its status-history row and its due
 * times recomputed (the paused hours no longer count), all in the message's own transaction —
 * seen from inside it at emit time, and all rolled back together when a subscriber fails.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, forEachStore, MONDAY_MORNING, post, validTicket } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import type { RequesterChannel } from '../../api/src/tickets/events.ts';
import { openSse } from '../chat/sse-client.ts';
import { signIn, withAdmin, type AgentSession } from './support.ts';
import { portalSession } from '../portal/support.ts';

const SECRET = 'inbound-secret-for-tests-0123456789';
const HOUR = 3_600_000;
/** S2 query filed Monday 10:15, pending 11:15-13:15: both due times move by the two paused hours. */
const RESUMED_DUES = { first_response_due: '2026-03-02T16:15:00.000Z', resolution_due: '2026-03-04T12:15:00.000Z' };

interface Ticket {
  id: number;
  reference: string;
  token: string;
  email: string;
}

forEachStore('A requester reply, by any channel', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let now = MONDAY_MORNING.getTime();
  before(async () => {
    // A day-long chat timeout: the sweeper must not turn the chat under test into mail meanwhile.
    server = await target.start(
      withAdmin({ clock: { now: () => new Date(now) }, env: { HELPWAY_INBOUND_SECRET: SECRET, HELPWAY_CHAT_TIMEOUT_SECONDS: '86400' } }),
    );
    admin = await signIn(server.url);
  });
  after(() => server?.stop());

  const db = () => server.running.store.db;

  /** Filed Monday 10:15, set pending by an agent at 11:15; the clock then reads 13:15. */
  async function pendingTicket(via: RequesterChannel): Promise<Ticket> {
    now = MONDAY_MORNING.getTime();
    const email = `${via.replace('_', '-')}-${Date.now()}@college.example`;
    const res = await post(
      server.url,
      '/api/tickets',
      validTicket({ channel: via === 'chat' ? 'chat' : 'email', requester: { name: 'Priya Admin', email } }),
    );
    assert.equal(res.status, 201, res.text);
    const ticket = { id: Number(res.body.reference.slice(3)) - 1000, reference: res.body.reference, token: res.body.token, email };
    now += HOUR;
    assert.equal((await admin.post(`/api/inbox/tickets/${ticket.reference}/status`, { status: 'pending' })).status, 200);
    now += 2 * HOUR;
    return ticket;
  }

  /** Sends `body` as the requester by `via`; answers the HTTP status. */
  const REPLY: Record<RequesterChannel, (ticket: Ticket, body: string) => Promise<number>> = {
    api: async (t, body) =>
      (await post(server.url, `/api/tickets/${t.reference}/messages`, { body }, { authorization: `Bearer ${t.token}` })).status,
    mail: async (t, body) => {
      // A real reply answers a mail we sent the requester: our Message-ID in In-Reply-To.
      const ours = await db()
        .selectFrom('outbox')
        .select('message_id')
        .where('ticket_id', '=', t.id)
        .where('to_address', '=', t.email)
        .executeTakeFirstOrThrow();
      const raw = [
        `From: Priya Admin <${t.email}>`,
        'To: support@kestrel-learning.example',
        `Subject: Re: [${t.reference}]`,
        `In-Reply-To: ${ours.message_id}`,
        `Message-ID: <r${Date.now()}@college.example>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        body,
        '',
      ].join('\r\n');
      return (
        await call(server.url, '/api/mail/inbound', {
          method: 'POST',
          body: raw,
          headers: { 'content-type': 'message/rfc822', 'x-helpway-inbound-secret': SECRET },
        })
      ).status;
    },
    status_page: async (t, body) =>
      (
        await fetch(`${server.url}/tickets/${t.reference}/reply`, {
          method: 'POST',
          body: new URLSearchParams({ token: t.token, body }),
          redirect: 'manual',
        })
      ).status,
    chat: async (t, body) =>
      (await post(server.url, `/api/chat/${t.reference}/messages`, { body }, { authorization: `Bearer ${t.token}` })).status,
    portal: async (t, body) =>
      (
        await (
          await portalSession(server, { site: 'demo', email: t.email, role: 'key' })
        ).post(`/api/portal/tickets/${t.reference}/replies`, { body })
      ).status,
  };
  const SUCCESS: Record<RequesterChannel, number> = { api: 201, mail: 201, status_page: 303, chat: 201, portal: 201 };

  /** What the reply may change, read with `reader` (the pool, or the reply's own transaction). */
  async function state(reader: ReturnType<typeof db>, id: number) {
    const row = await reader
      .selectFrom('tickets')
      .select(['status', 'first_response_due', 'resolution_due', 'resolved_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const history = await reader
      .selectFrom('ticket_status_history')
      .select(['status', 'note'])
      .where('ticket_id', '=', id)
      .orderBy('id')
      .execute();
    const messages = await reader
      .selectFrom('ticket_messages')
      .select(['author', 'body'])
      .where('ticket_id', '=', id)
      .where('author', '=', 'requester')
      .orderBy('id')
      .execute();
    return {
      ...row,
      history: history.map((h) => `${h.status}${h.note === 'requester replied' ? ' (requester replied)' : ''}`),
      messages: messages.map((m) => m.body),
    };
  }

  for (const via of ['api', 'mail', 'status_page', 'chat', 'portal'] as const) {
    it(`by ${via}: reopens a pending ticket and recomputes its due times, in one transaction`, async () => {
      const ticket = await pendingTicket(via);
      const paused = await state(db(), ticket.id);
      assert.equal(paused.status, 'pending');
      assert.deepEqual(paused.history, ['open', 'pending']);
      const events = server.running.services.events;

      // A subscriber in the transaction fails: the message, the reopening and the dues all roll back.
      const refuse = events.inTransaction('ticket.requester_replied', () => {
        throw new Error('subscriber refused the reply');
      });
      let refused: number;
      try {
        refused = await REPLY[via](ticket, 'First try');
      } finally {
        refuse();
      }
      assert.equal(refused, 500);
      assert.deepEqual(await state(db(), ticket.id), paused, 'nothing of the reply was kept');
      const caused = server.serverErrors.filter((e) => e.error === 'subscriber refused the reply' || e.status === 500);
      assert.ok(caused.length >= 1);
      server.serverErrors.splice(0, server.serverErrors.length, ...server.serverErrors.filter((e) => !caused.includes(e)));

      // Seen from inside the reply's transaction when its event is emitted: already all done.
      const seen: Array<{ via: string; inside: Awaited<ReturnType<typeof state>> }> = [];
      const watch = events.inTransaction('ticket.requester_replied', async (event, trx) => {
        seen.push({ via: event.via, inside: await state(trx, event.ticketId) });
      });
      try {
        assert.equal(await REPLY[via](ticket, 'Here is the screenshot'), SUCCESS[via]);
      } finally {
        watch();
      }
      const expected = {
        status: 'open',
        ...RESUMED_DUES,
        resolved_at: null,
        history: ['open', 'pending', 'open (requester replied)'],
        messages: ['Here is the screenshot'],
      };
      assert.deepEqual(seen, [{ via, inside: expected }]);
      assert.deepEqual(await state(db(), ticket.id), expected, 'and committed so');
      const view = await admin.get(`/api/inbox/tickets/${ticket.reference}`);
      assert.equal(view.body.status, 'open');
      assert.equal(view.body.sla.firstResponseDue, RESUMED_DUES.first_response_due);
      assert.equal(view.body.sla.resolutionDue, RESUMED_DUES.resolution_due);
    });
  }

  it('a reply that reopens (two events) is one live update for open inboxes', async () => {
    const ticket = await pendingTicket('api');
    const inbox = await openSse(`${server.url}/api/inbox/events`, { cookie: admin.cookie });
    try {
      assert.equal(inbox.status, 200);
      await inbox.waitFor((e) => e.length === 1, 5000, 'the event a new stream starts with');
      assert.equal(await REPLY.api(ticket, 'Back to you'), 201);
      await inbox.waitFor((e) => e.length >= 2, 5000, 'the change');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(
        inbox.events.map((e) => e.event),
        ['changed', 'changed'],
        'requester_replied and status_changed, published once',
      );
    } finally {
      inbox.close();
    }
  });
});
