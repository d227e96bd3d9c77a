/**
 * "Typing…" in a live chat, both ways, on both stores: the agent's reports reach the requester's
 * chat stream (with the agent's display name), the requester's reach every inbox stream (as the
 * list of chats whose requester is typing, without making the inbox re-read its queue); reports
 * closer than the throttle are not passed on; typing ends with a message, a "stopped" report or
 * time; bad input is refused naming the field.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore, movableClock, post, validTicket } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { openSse, type SseConnection, type SseEvent } from './sse-client.ts';

const last = (events: SseEvent[], name: string) => events.filter((e) => e.event === name).at(-1);

/** Waits until `stream` has been quiet for 300 ms (what earlier changes sent has arrived). */
async function settle(stream: SseConnection): Promise<void> {
  for (let seen = -1; seen !== stream.events.length;) {
    seen = stream.events.length;
    await new Promise((r) => setTimeout(r, 300));
  }
}

forEachStore('Typing in a live chat', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const clock = movableClock();
  let chat: { reference: string; token: string };
  let requester: SseConnection;
  let inbox: SseConnection;

  const requesterTyping = (typing: unknown, token = chat.token, reference = chat.reference) =>
    post(server.url, `/api/chat/${reference}/typing`, { typing }, { authorization: `Bearer ${token}` });
  const agentTyping = (typing: unknown, reference = chat.reference) =>
    admin.post(`/api/inbox/tickets/${reference}/chat/typing`, { typing });
  const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    admin = await signIn(server.url);
    await admin.post('/api/agents/me/profile', { displayName: 'Sam Jones' });
    const created = await post(server.url, '/api/tickets', validTicket({ channel: 'chat', subject: 'Typing', description: 'Hello?' }));
    assert.equal(created.status, 201, created.text);
    chat = { reference: created.body.reference, token: created.body.token };
    requester = await openSse(`${server.url}/api/chat/${chat.reference}/events?token=${chat.token}`);
    inbox = await openSse(`${server.url}/api/inbox/events`, { cookie: admin.cookie });
    await requester.waitFor((e) => e.some((x) => x.event === 'typing'), 5000, 'the chat stream opens');
    await inbox.waitFor((e) => e.some((x) => x.event === 'changed'), 5000, 'the inbox stream opens');
  });
  after(async () => {
    requester?.close();
    inbox?.close();
    await server?.stop();
  });

  it('opens both streams with nobody typing (the inbox hears of typing only once someone types)', () => {
    assert.deepEqual(last(requester.events, 'typing')!.data, { agent: null });
    assert.equal(last(inbox.events, 'typing'), undefined);
  });

  it("shows the agent's typing in the requester's chat, by display name, until the agent's message", async () => {
    const sent = await agentTyping(true);
    assert.equal(sent.status, 200, sent.text);
    assert.deepEqual(sent.body, { shown: true });
    await requester.waitFor((e) => last(e, 'typing')?.data.agent !== null, 5000, 'agent typing');
    assert.deepEqual(last(requester.events, 'typing')!.data, { agent: { name: 'Sam Jones', initials: 'SJ' } });

    // Reported again at once: nothing changes, nobody is told.
    const seen = requester.events.length;
    assert.deepEqual((await agentTyping(true)).body, { shown: false });
    later(2500);
    assert.deepEqual((await agentTyping(true)).body, { shown: true }, 'past the throttle it is passed on');
    await requester.waitFor((e) => e.length > seen, 5000, 'the renewed report');

    later(100);
    await admin.post(`/api/inbox/tickets/${chat.reference}/replies`, { body: 'I am here.' });
    await requester.waitFor((e) => e.some((x) => x.event === 'message' && x.data.body === 'I am here.'), 5000, 'the reply');
    await requester.waitFor((e) => last(e, 'typing')?.data.agent === null, 5000, 'typing ends with the message');
  });

  it("shows the requester's typing in every inbox stream without a queue refresh, until they stop", async () => {
    await settle(inbox);
    const changedBefore = inbox.events.filter((e) => e.event === 'changed').length;
    later(3000);
    const sent = await requesterTyping(true);
    assert.equal(sent.status, 200, sent.text);
    assert.deepEqual(sent.body, { shown: true });
    await inbox.waitFor((e) => last(e, 'typing')?.data.references.includes(chat.reference), 5000, 'requester typing');
    await settle(inbox);
    assert.equal(
      inbox.events.filter((e) => e.event === 'changed').length,
      changedBefore,
      'typing alone does not make the inbox re-read its queue',
    );

    assert.deepEqual((await requesterTyping(false)).body, { shown: true });
    await inbox.waitFor((e) => last(e, 'typing')?.data.references.length === 0, 5000, 'requester stopped');
    assert.deepEqual((await requesterTyping(false)).body, { shown: false }, 'already stopped');
  });

  it('ends typing with a message, or once no report came for a few seconds', async () => {
    later(3000);
    await requesterTyping(true);
    await inbox.waitFor((e) => last(e, 'typing')?.data.references.includes(chat.reference), 5000, 'typing again');
    later(100);
    assert.equal(
      (await post(server.url, `/api/chat/${chat.reference}/messages`, { body: 'Thanks' }, { authorization: `Bearer ${chat.token}` }))
        .status,
      201,
    );
    await inbox.waitFor((e) => last(e, 'typing')?.data.references.length === 0, 5000, 'the message ends it');

    later(3000);
    await agentTyping(true);
    await requester.waitFor((e) => last(e, 'typing')?.data.agent !== null, 5000, 'agent typing again');
    later(7000);
    // Any change makes the stream read again: the report is too old to show by then.
    await admin.post(`/api/inbox/tickets/${chat.reference}/notes`, { body: 'internal' });
    await requester.waitFor((e) => last(e, 'typing')?.data.agent === null, 5000, 'typing has lapsed');
  });

  it('passes nothing on once the chat is over, nor for a ticket that is not a chat', async () => {
    const email = await post(server.url, '/api/tickets', validTicket());
    assert.deepEqual((await agentTyping(true, email.body.reference)).body, { shown: false });
    assert.deepEqual((await requesterTyping(true, email.body.token, email.body.reference)).body, { shown: false });
    const ended = await post(server.url, `/api/chat/${chat.reference}/end`, {}, { authorization: `Bearer ${chat.token}` });
    assert.equal(ended.body.chatState, 'ended');
    later(3000);
    assert.deepEqual((await requesterTyping(true)).body, { shown: false });
    assert.deepEqual((await agentTyping(true)).body, { shown: false });
  });

  it('refuses bad reports naming the field, and reports without the right token or session', async () => {
    assertError(await requesterTyping('yes'), 422, 'validation_failed', 'typing');
    assertError(await requesterTyping(undefined), 422, 'validation_failed', 'typing');
    assertError(await agentTyping(1), 422, 'validation_failed', 'typing');
    assertError(await post(server.url, `/api/chat/${chat.reference}/typing`, { typing: true }), 401, 'unauthorized');
    assertError(await requesterTyping(true, 'not-the-token'), 404, 'not_found');
    assertError(
      await call(server.url, `/api/inbox/tickets/${chat.reference}/chat/typing`, { method: 'POST', json: { typing: true } }),
      401,
      'unauthorized',
    );
    assertError(
      await call(server.url, `/api/inbox/tickets/${chat.reference}/chat/typing`, {
        method: 'POST',
        json: { typing: true },
        headers: { cookie: admin.cookie },
      }),
      403,
      'csrf_token_invalid',
    );
    assertError(await agentTyping(true, 'HW-999999'), 404, 'not_found');
  });
});
