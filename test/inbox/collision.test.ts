/**
 * Two agents on one ticket, over real HTTP on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
 * presence on the inbox's live stream ("Sam is viewing", "Sam is replying"), gone when the tab
 * leaves, closes or stops checking in, across two API processes on PostgreSQL; and a reply or
 * status change written against an older view of the ticket refused with what changed (409);
 * and their answers as the OpenAPI document describes them.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { assertError, call, forEachStore, movableClock, post } from '../api/helpers.ts';
import { dropSchema, newSchemaName, startServer, type TestServer } from '../support/api-server.ts';
import { openSse, type SseConnection, type SseEvent } from '../chat/sse-client.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from './support.ts';
import { validate } from '../support/json-schema.ts';
import { TicketChangedBody } from '../../api/src/inbox/shapes.ts';

const SAM = { email: 'sam@kestrel.example', name: 'Sam Carter', password: 'sam has a long password' };

async function addAgent(admin: AgentSession, base: string, who: { email: string; name: string; password: string }): Promise<AgentSession> {
  const res = await admin.post('/api/admin/agents', { ...who, role: 'agent' });
  assert.equal(res.status, 201, res.text);
  return signIn(base, who.email, who.password);
}

const inbox = (base: string, agent: AgentSession, tab?: string) =>
  openSse(`${base}/api/inbox/events${tab ? `?tab=${tab}` : ''}`, { cookie: agent.cookie });

type Presence = { tickets: Array<{ reference: string; agents: Array<{ id: number; name: string; state: string }> }> };
const latestPresence = (events: SseEvent[]): Presence | undefined =>
  events.filter((e) => e.event === 'presence').at(-1)?.data as Presence | undefined;
/** Who the latest `presence` event puts on `reference`, as "name:state". */
const onTicket = (events: SseEvent[], reference: string): string[] | undefined => {
  const p = latestPresence(events);
  if (!p) return undefined;
  return (p.tickets.find((t) => t.reference === reference)?.agents ?? []).map((a) => `${a.name}:${a.state}`);
};
async function waitOn(s: SseConnection, reference: string, expected: string[], what: string): Promise<void> {
  await s.waitFor((events) => JSON.stringify(onTicket(events, reference)) === JSON.stringify(expected), 5000, what);
}

forEachStore('Collision detection: who is on a ticket', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let sam: AgentSession;
  const clock = movableClock();
  const streams: SseConnection[] = [];

  before(async () => {
    // Heartbeats every second (a third of the presence time, at least 1 s): a tab that stops
    // checking in is dropped within a few seconds of the clock passing its presence time.
    server = await target.start(withAdmin({ clock, env: { HELPWAY_PRESENCE_SECONDS: '3' } }));
    admin = await signIn(server.url);
    sam = await addAgent(admin, server.url, SAM);
  });
  after(async () => {
    for (const s of streams) s.close();
    await server?.stop();
  });

  const open = async (agent: AgentSession, tab?: string) => {
    const s = await inbox(server.url, agent, tab);
    assert.equal(s.status, 200, JSON.stringify(s.body));
    streams.push(s);
    return s;
  };

  it('an agent viewing, then replying, then leaving is shown live to another agent by name', async () => {
    const t = await fileTicket(server.url, { subject: 'Two agents, one ticket' });
    const mine = await open(admin, randomUUID());
    // Opening, the stream says who is where right away (nobody on this ticket yet).
    await mine.waitFor((events) => latestPresence(events) !== undefined, 5000, 'the first presence event');
    assert.deepEqual(onTicket(mine.events, t.reference), []);

    // A stream that names no tab (not an inbox tab) keeps the events it always had.
    const plain = await open(admin);
    const tab = randomUUID();
    const viewing = await sam.post('/api/inbox/presence', { tab, ticket: t.reference, state: 'viewing' });
    assert.equal(viewing.status, 200, viewing.text);
    assert.deepEqual(viewing.body.presence, { reference: t.reference, agents: [{ id: sam.agent.id, name: SAM.name, state: 'viewing' }] });
    await waitOn(mine, t.reference, [`${SAM.name}:viewing`], 'Sam viewing');
    assert.deepEqual(
      plain.events.filter((e) => e.event === 'presence'),
      [],
      'no presence on a stream without a tab',
    );

    await sam.post('/api/inbox/presence', { tab, ticket: t.reference, state: 'replying' });
    await waitOn(mine, t.reference, [`${SAM.name}:replying`], 'Sam replying');

    // A second tab of Sam's merely viewing does not hide that Sam is writing in the first.
    const other = randomUUID();
    await sam.post('/api/inbox/presence', { tab: other, ticket: t.reference, state: 'viewing' });
    await sam.post('/api/inbox/presence', { tab, ticket: t.reference, state: 'replying' });
    await waitOn(mine, t.reference, [`${SAM.name}:replying`], 'Sam still replying');

    // The admin opens it too: both are listed, the caller included, by name.
    const both = await admin.post('/api/inbox/presence', { tab: randomUUID(), ticket: t.reference });
    assert.deepEqual(
      both.body.presence.agents.map((a: { name: string; state: string }) => `${a.name}:${a.state}`),
      ['admin:viewing', `${SAM.name}:replying`],
    );
    await waitOn(mine, t.reference, ['admin:viewing', `${SAM.name}:replying`], 'both agents');

    // Sam's tabs leave the ticket: only the admin is left on it.
    assert.deepEqual((await sam.post('/api/inbox/presence', { tab, ticket: null })).body, { presence: null });
    await sam.post('/api/inbox/presence', { tab: other, ticket: null });
    await waitOn(mine, t.reference, ['admin:viewing'], 'Sam gone');
  });

  it('a tab that moves to another ticket leaves the first; a closed tab leaves at once', async () => {
    const a = await fileTicket(server.url, { subject: 'First ticket' });
    const b = await fileTicket(server.url, { subject: 'Second ticket' });
    const mine = await open(admin, randomUUID());
    const tab = randomUUID();
    const samsTab = await open(sam, tab);
    await sam.post('/api/inbox/presence', { tab, ticket: a.reference, state: 'replying' });
    await waitOn(mine, a.reference, [`${SAM.name}:replying`], 'Sam on the first ticket');
    await sam.post('/api/inbox/presence', { tab, ticket: b.reference });
    await waitOn(mine, b.reference, [`${SAM.name}:viewing`], 'Sam on the second ticket');
    assert.deepEqual(onTicket(mine.events, a.reference), [], 'one ticket per tab');

    samsTab.close(); // the tab closed: its live stream ends
    await waitOn(mine, b.reference, [], 'Sam gone with the tab');
  });

  it('a tab that stops checking in (its process stopped) is dropped after the presence time', async () => {
    const t = await fileTicket(server.url, { subject: 'Forgotten tab' });
    const mine = await open(admin, randomUUID());
    // Sam's tab said where it is, but has no live stream here to keep it fresh.
    await sam.post('/api/inbox/presence', { tab: randomUUID(), ticket: t.reference });
    await waitOn(mine, t.reference, [`${SAM.name}:viewing`], 'Sam viewing');
    clock.set(new Date(clock.now().getTime() + 10_000).toISOString());
    await waitOn(mine, t.reference, [], 'Sam dropped once the presence time passed');
  });

  it('refuses a bad tab, ticket or state naming the field, an unknown ticket with 404, and needs a session and the CSRF token', async () => {
    const t = await fileTicket(server.url, { subject: 'Bad presence' });
    assertError(await sam.post('/api/inbox/presence', { tab: 'x', ticket: t.reference }), 422, 'validation_failed', 'tab');
    assertError(await sam.post('/api/inbox/presence', { tab: randomUUID(), ticket: 'ticket 7' }), 422, 'validation_failed', 'ticket');
    assertError(
      await sam.post('/api/inbox/presence', { tab: randomUUID(), ticket: t.reference, state: 'typing' }),
      422,
      'validation_failed',
      'state',
    );
    assertError(
      await sam.post('/api/inbox/presence', { tab: randomUUID(), ticket: t.reference, extra: 1 }),
      422,
      'validation_failed',
      'extra',
    );
    assertError(await sam.post('/api/inbox/presence', { tab: randomUUID(), ticket: 'HW-999999' }), 404, 'not_found');
    assertError(await post(server.url, '/api/inbox/presence', { tab: randomUUID(), ticket: t.reference }), 401, 'unauthorized');
    assertError(
      await call(server.url, '/api/inbox/presence', {
        method: 'POST',
        json: { tab: randomUUID(), ticket: t.reference },
        headers: { cookie: sam.cookie },
      }),
      403,
      'csrf_token_invalid',
    );
    const bad = await inbox(server.url, sam, 'not a tab!');
    assert.equal(bad.status, 422);
    assert.ok(bad.body.error.fields.tab, JSON.stringify(bad.body));
  });

  // Only PostgreSQL shares a store between processes (SQLite is one process's file): defined there only.
  if (target.databaseUrl)
    it('two API processes on one PostgreSQL database: an agent on one sees an agent on the other', async () => {
      const schema = newSchemaName();
      const one = await startServer(withAdmin({ databaseUrl: target.databaseUrl, databaseSchema: schema }));
      const two = await startServer(withAdmin({ databaseUrl: target.databaseUrl, databaseSchema: schema }));
      const local: SseConnection[] = [];
      try {
        const adminOne = await signIn(one.url);
        const samTwo = await addAgent(await signIn(two.url), two.url, SAM);
        const t = await fileTicket(one.url, { subject: 'Across processes' });
        const watching = await inbox(one.url, adminOne, randomUUID());
        local.push(watching);
        const tab = randomUUID();
        const samsTab = await inbox(two.url, samTwo, tab);
        local.push(samsTab);
        await samTwo.post('/api/inbox/presence', { tab, ticket: t.reference, state: 'replying' });
        await waitOn(watching, t.reference, [`${SAM.name}:replying`], 'Sam, on the other process, replying');
        // The admin on process one is seen on process two as well.
        await adminOne.post('/api/inbox/presence', { tab: randomUUID(), ticket: t.reference });
        await waitOn(samsTab, t.reference, ['admin:viewing', `${SAM.name}:replying`], 'the admin, from process one');
        samsTab.close();
        await waitOn(watching, t.reference, ['admin:viewing'], "Sam's tab closed on process two");
      } finally {
        for (const s of local) s.close();
        await one.stop();
        await two.stop();
        await dropSchema(target.databaseUrl!, schema);
      }
    });
});

forEachStore('Collision detection: acting on an older view of a ticket', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let sam: AgentSession;

  before(async () => {
    server = await target.start(withAdmin());
    admin = await signIn(server.url);
    sam = await addAgent(admin, server.url, SAM);
  });
  after(() => server?.stop());

  const view = async (agent: AgentSession, reference: string) => {
    const res = await agent.get(`/api/inbox/tickets/${reference}`);
    assert.equal(res.status, 200, res.text);
    return res.body as { version: string; messages: Array<{ body: string }>; status: string };
  };
  const replyMails = async (reference: string) =>
    (await admin.get('/api/inbox/mail')).body.mail.filter((m: any) => m.kind === 'reply' && m.subject.includes(reference)).length;

  it('a reply based on a version the ticket moved past is refused with the new messages, and nothing is sent', async () => {
    const t = await fileTicket(server.url, { subject: 'Stale reply' });
    const opened = await view(admin, t.reference);
    assert.match(opened.version, /^\d+\.\d+$/);
    // Sam answers first, then the requester writes again.
    assert.equal((await sam.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'Sam here: looking now.' })).status, 201);
    const added = await post(
      server.url,
      `/api/tickets/${t.reference}/messages`,
      { body: 'Also the gradebook is empty.' },
      {
        authorization: `Bearer ${t.token}`,
      },
    );
    assert.equal(added.status, 201, added.text);
    const mailsBefore = await replyMails(t.reference);

    const stale = await admin.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'My answer', basedOn: opened.version });
    const error = assertError(stale, 409, 'ticket_changed') as any;
    assert.match(error.message, new RegExp(`${t.reference} changed since you opened it \\(2 new messages\\)`));
    assert.deepEqual(
      error.changes.messages.map((m: any) => [m.author, m.agentName, m.body, m.internal]),
      [
        ['agent', SAM.name, 'Sam here: looking now.', false],
        ['requester', null, 'Also the gradebook is empty.', false],
      ],
    );
    assert.equal(error.changes.status, 'open');
    assert.deepEqual(error.changes.statusChanges, []);
    const now = await view(admin, t.reference);
    assert.equal(error.changes.version, now.version);
    assert.ok(!now.messages.some((m) => m.body === 'My answer'), 'nothing stored');
    assert.equal(await replyMails(t.reference), mailsBefore, 'nothing mailed');

    // "Send anyway": on the version it was shown.
    const sent = await admin.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'My answer', basedOn: error.changes.version });
    assert.equal(sent.status, 201, sent.text);
    assert.equal(await replyMails(t.reference), mailsBefore + 1);
    // Without basedOn a reply goes as before; an internal note never asks.
    assert.equal((await admin.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'No version' })).status, 201);
    assert.equal((await admin.post(`/api/inbox/tickets/${t.reference}/notes`, { body: 'Note' })).status, 201);
    assertError(
      await admin.post(`/api/inbox/tickets/${t.reference}/notes`, { body: 'Note', basedOn: now.version }),
      422,
      'validation_failed',
      'basedOn',
    );
  });

  it('a status change based on an older version is refused with the status changes since; an unchanged one goes ahead', async () => {
    const t = await fileTicket(server.url, { subject: 'Stale status' });
    const opened = await view(admin, t.reference);
    assert.equal((await sam.post(`/api/inbox/tickets/${t.reference}/status`, { status: 'pending' })).status, 200);
    const error = assertError(
      await admin.post(`/api/inbox/tickets/${t.reference}/status`, { status: 'solved', basedOn: opened.version }),
      409,
      'ticket_changed',
    ) as any;
    assert.match(error.message, /1 status change/);
    assert.equal(error.changes.status, 'pending');
    assert.deepEqual(
      error.changes.statusChanges.map((s: any) => [s.status, s.note]),
      [['pending', `by ${SAM.name}`]],
    );
    assert.equal((await view(admin, t.reference)).status, 'pending', 'not solved');
    const fresh = await view(admin, t.reference);
    const solved = await admin.post(`/api/inbox/tickets/${t.reference}/status`, { status: 'solved', basedOn: fresh.version });
    assert.equal(solved.status, 200, solved.text);
    assert.equal(solved.body.changed, true);
  });

  it('two agents sending on the same version at once: one reply goes, the other is asked', async () => {
    const t = await fileTicket(server.url, { subject: 'Simultaneous replies' });
    const { version } = await view(admin, t.reference);
    const answers = await Promise.all([
      admin.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'From the admin', basedOn: version }),
      sam.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'From Sam', basedOn: version }),
    ]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409], answers.map((a) => a.text).join('\n'));
    const refused = answers.find((a) => a.status === 409)!;
    const sent = answers.find((a) => a.status === 201)!;
    assert.deepEqual(
      refused.body.error.changes.messages.map((m: any) => m.body),
      [sent.body.body],
      'the refused agent is shown the reply that went',
    );
    const bodies = (await view(admin, t.reference)).messages.map((m) => m.body);
    assert.equal(bodies.filter((b) => b === 'From the admin' || b === 'From Sam').length, 1);
  });

  it("an agent's own replies since the version they sent are not a change to them; someone else's still are", async () => {
    const t = await fileTicket(server.url, { subject: 'Two replies in a row' });
    const { version } = await view(admin, t.reference);
    // Two replies on the version first seen, the second sent before the first one's echo reached the screen.
    assert.equal((await admin.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'First part', basedOn: version })).status, 201);
    const second = await admin.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'Second part', basedOn: version });
    assert.equal(second.status, 201, second.text);
    // Sam, on that same old version, is shown both.
    const stale = await sam.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'Sam too', basedOn: version });
    const error = assertError(stale, 409, 'ticket_changed') as any;
    assert.deepEqual(
      error.changes.messages.map((m: any) => m.body),
      ['First part', 'Second part'],
    );
  });

  it('refuses a basedOn that is not a version, naming it', async () => {
    const t = await fileTicket(server.url, { subject: 'Bad version' });
    for (const basedOn of ['yesterday', '12', 12, '1.2.3', '', '9999999999.1', '1.2147483648'])
      assertError(
        await admin.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'Hello', basedOn }),
        422,
        'validation_failed',
        'basedOn',
      );
    assertError(
      await admin.post(`/api/inbox/tickets/${t.reference}/status`, { status: 'open', basedOn: 'x' }),
      422,
      'validation_failed',
      'basedOn',
    );
  });
});

describe('Collision detection: the version moves with what agents see', () => {
  it('every new message and status change gives a new version; assigning does not', async () => {
    const server = await startServer(withAdmin());
    try {
      const admin = await signIn(server.url);
      const t = await fileTicket(server.url);
      const versions: string[] = [];
      const read = async () => versions.push((await admin.get(`/api/inbox/tickets/${t.reference}`)).body.version);
      await read();
      await admin.post(`/api/inbox/tickets/${t.reference}/notes`, { body: 'A note' });
      await read();
      await admin.post(`/api/inbox/tickets/${t.reference}/status`, { status: 'pending' });
      await read();
      await admin.post(`/api/inbox/tickets/${t.reference}/assignee`, { agentId: admin.agent.id });
      await read();
      assert.equal(new Set(versions.slice(0, 3)).size, 3, versions.join(' '));
      assert.equal(versions[3], versions[2]);
    } finally {
      await server.stop();
    }
  });
});

forEachStore('Collision detection and bulk actions: answers as documented', (target) => {
  it('presence, bulk and the 409 validate against the OpenAPI document; the 409 against the type the inbox reads', async () => {
    const server = await target.start(withAdmin());
    try {
      const doc = (await call(server.url, '/api/openapi.json')).body;
      const admin = await signIn(server.url);
      const t = await fileTicket(server.url, { subject: 'Documented answers' });
      const check = (method: string, path: string, res: { status: number; body: unknown; text: string }) => {
        const schema = doc.paths[path][method].responses[String(res.status)]?.content?.['application/json']?.schema;
        assert.ok(schema, `${method} ${path} documents ${res.status}`);
        assert.deepEqual(validate(schema, res.body, doc), [], `${method} ${path} ${res.status}: ${res.text.slice(0, 300)}`);
      };
      const tab = randomUUID();
      check('post', '/api/inbox/presence', await admin.post('/api/inbox/presence', { tab, ticket: t.reference, state: 'replying' }));
      check('post', '/api/inbox/presence', await admin.post('/api/inbox/presence', { tab, ticket: null }));
      check('post', '/api/inbox/presence', await admin.post('/api/inbox/presence', { tab, ticket: 'HW-999999' }));
      check('post', '/api/inbox/presence', await admin.post('/api/inbox/presence', { tab: '' }));
      check(
        'post',
        '/api/inbox/tickets/bulk',
        await admin.post('/api/inbox/tickets/bulk', {
          references: [t.reference, 'HW-999999'],
          action: { type: 'severity', severity: 'S3' },
        }),
      );
      check('post', '/api/inbox/tickets/bulk', await admin.post('/api/inbox/tickets/bulk', { references: [] }));
      const { version } = (await admin.get(`/api/inbox/tickets/${t.reference}`)).body;
      const moved = await post(
        server.url,
        `/api/tickets/${t.reference}/messages`,
        { body: 'Moves the version' },
        { authorization: `Bearer ${t.token}` },
      );
      assert.equal(moved.status, 201, moved.text);
      const stale = await admin.post(`/api/inbox/tickets/${t.reference}/replies`, { body: 'Late', basedOn: version });
      assert.equal(stale.status, 409);
      check('post', '/api/inbox/tickets/{reference}/replies', stale);
      assert.ok(TicketChangedBody.safeParse(stale.body).success, stale.text);
      const staleStatus = await admin.post(`/api/inbox/tickets/${t.reference}/status`, { status: 'pending', basedOn: version });
      check('post', '/api/inbox/tickets/{reference}/status', staleStatus);
      assert.ok(TicketChangedBody.safeParse(staleStatus.body).success, staleStatus.text);
    } finally {
      await server.stop();
    }
  });
});
