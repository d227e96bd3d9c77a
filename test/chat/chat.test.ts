/**
 * Live chat: availability (calendar open AND an agent online), the requester's SSE stream with
 * Last-Event-ID resume (nothing lost, nothing repeated), the agent's side in the inbox, the
 * timeout that turns an unanswered chat into an email ticket, and two API processes on one
 * PostgreSQL database sharing a chat through LISTEN/NOTIFY.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, MONDAY_MORNING, post, validTicket } from '../api/helpers.ts';
import { dropSchema, newSchemaName, startServer, type TestServer } from '../support/api-server.ts';
import { eventually, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { openSse, type SseEvent } from './sse-client.ts';

const chatTicket = (base: string, overrides: Record<string, unknown> = {}) =>
  post(
    base,
    '/api/tickets',
    validTicket({ channel: 'chat', subject: 'Quick question', description: 'How do I hide a course?', ...overrides }),
  );

const messages = (events: SseEvent[]) => events.filter((e) => e.event === 'message');

describe('Live chat', () => {
  let server: TestServer;
  let admin: AgentSession;
  let now = MONDAY_MORNING.getTime();
  const clock = { now: () => new Date(now) };

  before(async () => {
    server = await startServer(withAdmin({ clock, env: { HELPWAY_CHAT_TIMEOUT_SECONDS: '60' } }));
    admin = await signIn(server.url);
  });
  after(() => server?.stop());

  it('is available when the calendar is open and an agent is online', async () => {
    const before = await call(server.url, '/api/chat/availability?site=demo');
    assert.equal(before.status, 200);
    assert.equal(before.body.calendarOpen, true);
    assert.equal(before.body.agentsOnline, 0);
    assert.equal(before.body.available, false);

    // The policy the widget reads says the same: no chat while nobody can answer.
    const policyChat = async () => (await call(server.url, '/api/policy?site=demo')).body.channels.find((c: any) => c.id === 'chat');
    assert.equal((await policyChat()).availableNow, false);

    const inbox = await openSse(`${server.url}/api/inbox/events`, { cookie: admin.cookie });
    assert.equal(inbox.status, 200);
    await inbox.waitFor((e) => e.length > 0);
    await eventually(async () => (await policyChat()).availableNow === true, 5000, 'policy: chat available');
    const during = await call(server.url, '/api/chat/availability?site=demo');
    assert.equal(during.body.available, true);
    assert.equal(during.body.agentsOnline, 1);

    now = new Date('2026-03-07T11:00:00Z').getTime(); // Saturday
    const weekend = await call(server.url, '/api/chat/availability?site=demo');
    assert.equal(weekend.body.available, false);
    assert.match(weekend.body.message, /Chat is closed — back Monday 09:00/);
    now = MONDAY_MORNING.getTime();

    inbox.close();
    await eventually(
      async () => (await call(server.url, '/api/chat/availability?site=demo')).body.available === false,
      5000,
      'agent offline',
    );
    assertError(await call(server.url, '/api/chat/availability?site=nope'), 422, 'unknown_site', 'site');
    assertError(await call(server.url, '/api/chat/availability'), 422, 'validation_failed', 'site');
  });

  it('streams the conversation both ways and resumes with Last-Event-ID, each message once', async () => {
    const created = await chatTicket(server.url);
    const { reference, token } = created.body;
    const agentFeed = await openSse(`${server.url}/api/inbox/events`, { cookie: admin.cookie });
    await agentFeed.waitFor((e) => e.length > 0);
    const queue = await admin.get('/api/inbox/tickets?channel=chat');
    assert.equal(queue.body.tickets.find((t: any) => t.reference === reference).chatState, 'waiting', 'the chat is in the inbox at once');

    const requester = await openSse(`${server.url}/api/chat/${reference}/events?token=${token}&site=demo`);
    assert.equal(requester.status, 200);
    await requester.waitFor((e) => messages(e).length === 1, 5000, 'the opening message');
    assert.equal(messages(requester.events)[0].data.body, 'How do I hide a course?');
    assert.equal(messages(requester.events)[0].id, '0');

    const seen = agentFeed.events.length;
    const sent = await post(
      server.url,
      `/api/chat/${reference}/messages`,
      { body: 'It is for the Biology course' },
      { authorization: `Bearer ${token}` },
    );
    assert.equal(sent.status, 201);
    await agentFeed.waitFor((e) => e.length > seen, 5000, 'the inbox told');

    const reply = await admin.post(`/api/inbox/tickets/${reference}/replies`, {
      body: 'Open the course settings and set visibility to Hide.',
    });
    assert.equal(reply.body.mailed, false, 'a live chat answer is not mailed');
    await admin.post(`/api/inbox/tickets/${reference}/notes`, { body: 'secret internal note' });
    await requester.waitFor((e) => messages(e).length === 3, 5000, 'three messages');
    const agentMessage = messages(requester.events)[2];
    assert.equal(agentMessage.data.author, 'agent');
    // The first admin's account is only a login ("admin"): requesters see the team, never the login.
    assert.equal(agentMessage.data.name, 'Support team');
    assert.equal(agentMessage.data.initials, 'ST');
    const lastId = messages(requester.events).at(-1)!.id!;
    requester.close();

    // While the requester is away (a reload), the agent writes twice.
    await admin.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Did that work?' });
    await admin.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Still there?' });

    const resumed = await openSse(`${server.url}/api/chat/${reference}/events?token=${token}&site=demo`, { 'last-event-id': lastId });
    await resumed.waitFor((e) => messages(e).length >= 2, 5000, 'missed messages');
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(
      messages(resumed.events).map((e) => e.data.body),
      ['Did that work?', 'Still there?'],
      'exactly the missed messages, once',
    );

    // A fresh load (no Last-Event-ID) gets the whole transcript, each message once, no notes.
    const fresh = await openSse(`${server.url}/api/chat/${reference}/events?token=${token}&site=demo`);
    await fresh.waitFor((e) => messages(e).length >= 5, 5000, 'full transcript');
    await new Promise((r) => setTimeout(r, 200));
    const bodies = messages(fresh.events).map((e) => e.data.body);
    assert.deepEqual(bodies, [
      'How do I hide a course?',
      'It is for the Biology course',
      'Open the course settings and set visibility to Hide.',
      'Did that work?',
      'Still there?',
    ]);
    const ids = messages(fresh.events).map((e) => Number(e.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
    );
    resumed.close();
    fresh.close();
    agentFeed.close();

    const view = await admin.get(`/api/inbox/tickets/${reference}`);
    assert.equal(view.body.chatState, 'live');
    const ended = await post(server.url, `/api/chat/${reference}/end`, {}, { authorization: `Bearer ${token}` });
    assert.equal(ended.body.chatState, 'ended');
    const afterEnd = await admin.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Following up by email.' });
    assert.equal(afterEnd.body.mailed, true, 'after the chat ends, answers go by email');
  });

  it("refuses a stream without the token or with another ticket's token", async () => {
    const a = await chatTicket(server.url);
    const b = await chatTicket(server.url);
    assertError(await call(server.url, `/api/chat/${a.body.reference}/events`), 401, 'unauthorized');
    assertError(await call(server.url, `/api/chat/${a.body.reference}/events?token=${b.body.token}`), 404, 'not_found');
    assertError(
      await post(server.url, `/api/chat/${a.body.reference}/messages`, { body: '' }, { authorization: `Bearer ${a.body.token}` }),
      422,
      'validation_failed',
      'body',
    );
  });

  it('turns a chat nobody picks up into an email ticket', async () => {
    const created = await chatTicket(server.url, { subject: 'Nobody answers' });
    const id = Number(created.body.reference.slice(3)) - 1000;
    now += 61_000;
    const { sweepChats } = await import('../../api/src/chat/timeouts.ts');
    await sweepChats(server.running.services);
    const view = await admin.get(`/api/inbox/tickets/${created.body.reference}`);
    assert.equal(view.body.chatState, 'missed');
    const mails = await server.running.store.db
      .selectFrom('outbox')
      .select(['kind', 'to_address', 'text_body'])
      .where('ticket_id', '=', id)
      .execute();
    const missed = mails.find((m) => m.kind === 'chat_missed');
    assert.ok(missed, JSON.stringify(mails));
    assert.equal(missed.to_address, 'priya@college.example');
    assert.match(missed.text_body, /How do I hide a course\?/);
    const reply = await admin.post(`/api/inbox/tickets/${created.body.reference}/replies`, { body: 'Here is the answer by email.' });
    assert.equal(reply.body.mailed, true);
    now = MONDAY_MORNING.getTime();
  });
});

const PG_URL = process.env.TEST_DATABASE_URL;
describe(
  'Two API processes on one PostgreSQL database',
  { skip: PG_URL ? false : 'two-process chat test skipped: TEST_DATABASE_URL not set' },
  () => {
    it('share a chat through LISTEN/NOTIFY', async () => {
      const schema = newSchemaName();
      const clock = { now: () => new Date(MONDAY_MORNING) }; // within working hours
      const a = await startServer(withAdmin({ databaseUrl: PG_URL, databaseSchema: schema, clock }));
      const b = await startServer(withAdmin({ databaseUrl: PG_URL, databaseSchema: schema, clock }));
      try {
        const created = await chatTicket(a.url);
        const { reference, token } = created.body;
        const requester = await openSse(`${a.url}/api/chat/${reference}/events?token=${token}`);
        await requester.waitFor((e) => messages(e).length === 1);
        const agentOnB = await signIn(b.url);
        const inboxOnB = await openSse(`${b.url}/api/inbox/events`, { cookie: agentOnB.cookie });
        await inboxOnB.waitFor((e) => e.length > 0);
        // Presence is shared: A sees the agent who is online on B.
        assert.equal((await call(a.url, '/api/chat/availability?site=demo')).body.available, true);

        await agentOnB.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Answer from process B' });
        await requester.waitFor((e) => messages(e).some((m) => m.data.body === 'Answer from process B'), 5000, 'the answer through NOTIFY');
        const seen = inboxOnB.events.length;
        await post(a.url, `/api/chat/${reference}/messages`, { body: 'Thanks, from process A' }, { authorization: `Bearer ${token}` });
        await inboxOnB.waitFor((e) => e.length > seen, 5000, 'the inbox on B told');
        const view = await agentOnB.get(`/api/inbox/tickets/${reference}`);
        assert.deepEqual(
          view.body.messages.map((m: any) => m.body),
          ['Answer from process B', 'Thanks, from process A'],
        );
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(messages(requester.events).filter((m) => m.data.body === 'Answer from process B').length, 1);
        requester.close();
        inboxOnB.close();
      } finally {
        await a.stop();
        await b.stop();
        await dropSchema(PG_URL!, schema);
      }
    });
  },
);
