/**
 * A requester's message costs the same wherever it comes from: POST /api/tickets/{ref}/messages,
 * chat messages and the status page's reply form draw from the one `tickets` bucket per address,
 * and from one bucket per ticket and token (so a token holder cannot flood a ticket from many
 * addresses, and someone without the token cannot spend the requester's share).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, forEachStore, post, validTicket } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';

forEachStore('message rate limits', (target) => {
  let server: TestServer;
  let ticketCount = 0;
  before(async () => {
    // 3 messages a minute per address and per ticket; chat's old `events` class would allow 50
    server = await target.start({ env: { HELPWAY_RATE_LIMITS: 'tickets=3/60,events=50/60,reads=100/60', HELPWAY_TRUST_PROXY: '1' } });
  });
  after(() => server.stop());

  /** A fresh ticket, filed from an address of its own. */
  async function newTicket(): Promise<{ reference: string; token: string }> {
    const res = await post(server.url, '/api/tickets', validTicket({ channel: 'chat' }), { 'x-forwarded-for': `10.99.0.${++ticketCount}` });
    assert.equal(res.status, 201, res.text);
    return { reference: res.body.reference, token: res.body.token };
  }

  type Sender = (
    t: { reference: string; token: string },
    ip: string,
    body: string,
  ) => Promise<{ status: number; headers: Headers; text: string }>;

  const apiMessage: Sender = (t, ip, body) =>
    post(server.url, `/api/tickets/${t.reference}/messages`, { body }, { authorization: `Bearer ${t.token}`, 'x-forwarded-for': ip });
  const chatMessage: Sender = (t, ip, body) =>
    post(server.url, `/api/chat/${t.reference}/messages`, { body }, { authorization: `Bearer ${t.token}`, 'x-forwarded-for': ip });
  const statusReply: Sender = async (t, ip, body) => {
    const res = await fetch(`${server.url}/tickets/${t.reference}/reply`, {
      method: 'POST',
      body: new URLSearchParams({ token: t.token, body }),
      headers: { 'x-forwarded-for': ip },
      redirect: 'manual',
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };

  const stored = async (reference: string) => {
    const id = Number(reference.slice(3)) - 1000;
    const rows = await server.running.store.db
      .selectFrom('ticket_messages')
      .select('body')
      .where('ticket_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map((r) => r.body);
  };

  const ok = { api: 201, chat: 201, status: 303 };

  for (const [name, send] of [
    ['POST /api/tickets/{ref}/messages', apiMessage],
    ['POST /api/chat/{ref}/messages', chatMessage],
    ['the status page reply form', statusReply],
  ] as const) {
    it(`${name}: the fourth message in a minute from one address is refused with 429 and Retry-After`, async () => {
      const t = await newTicket();
      const ip = `10.1.${ticketCount}.1`;
      const expected = name.startsWith('the status') ? ok.status : name.includes('chat') ? ok.chat : ok.api;
      for (let i = 1; i <= 3; i++) assert.equal((await send(t, ip, `message ${i}`)).status, expected, `message ${i}`);
      const refused = await send(t, ip, 'message 4');
      assert.equal(refused.status, 429, refused.text.slice(0, 300));
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      if (name.startsWith('the status')) {
        assert.match(refused.headers.get('content-type') ?? '', /text\/html/);
        assert.match(refused.text, /Too many/);
      } else {
        assertError({ ...refused, body: JSON.parse(refused.text) }, 429, 'rate_limited');
      }
      assert.deepEqual(await stored(t.reference), ['message 1', 'message 2', 'message 3']);
    });
  }

  it('the three routes share one bucket per address', async () => {
    const t = await newTicket();
    const ip = '10.2.0.1';
    assert.equal((await apiMessage(t, ip, 'by API')).status, 201);
    assert.equal((await chatMessage(t, ip, 'by chat')).status, 201);
    assert.equal((await statusReply(t, ip, 'by status page')).status, 303);
    for (const send of [apiMessage, chatMessage, statusReply]) assert.equal((await send(t, ip, 'one too many')).status, 429);
    // ticket creation is the same class
    assertError(await post(server.url, '/api/tickets', validTicket(), { 'x-forwarded-for': ip }), 429, 'rate_limited');
  });

  it('per ticket: one token cannot write more from many addresses', async () => {
    const t = await newTicket();
    assert.equal((await apiMessage(t, '10.3.0.1', 'one')).status, 201);
    assert.equal((await chatMessage(t, '10.3.0.2', 'two')).status, 201);
    assert.equal((await statusReply(t, '10.3.0.3', 'three')).status, 303);
    const refused = await chatMessage(t, '10.3.0.4', 'four');
    assert.equal(refused.status, 429);
    assert.match(JSON.parse(refused.text).error.message, /ticket/);
    const form = await statusReply(t, '10.3.0.5', 'five, kept in the box');
    assert.equal(form.status, 429);
    assert.match(form.text, /Too many messages on this ticket/);
    assert.match(form.text, /<textarea[^>]*>five, kept in the box<\/textarea>/);
    assert.deepEqual(await stored(t.reference), ['one', 'two', 'three']);
  });

  it("wrong tokens cannot spend the requester's share of a ticket", async () => {
    const t = await newTicket();
    for (let i = 1; i <= 5; i++) {
      const forged = { reference: t.reference, token: `forged-token-${i}-xxxxxxxxxxxxxxxx` };
      assert.equal((await apiMessage(forged, `10.4.0.${i}`, 'spam')).status, 404);
    }
    assert.equal((await chatMessage(t, '10.4.1.1', 'the real requester')).status, 201);
    assert.deepEqual(await stored(t.reference), ['the real requester']);
  });
});
