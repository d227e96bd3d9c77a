/**
 * Agents as requesters see them, on both stores: a display name and its initials, in the chat
 * (messages and "who is answering"), the reply mail, the requester's ticket (API and status page)
 * and the client portal,
 * never the login email or an account name like "admin". Agents set their own
 * (POST /api/agents/me/profile); admins may give one when they add an agent; bad names are
 * refused naming the field and the reason.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, fixedClock, forEachStore, post, validTicket } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { ADMIN, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { portalSession } from '../portal/support.ts';
import { openSse } from './sse-client.ts';

forEachStore('Agents as requesters see them', (target) => {
  let server: TestServer;
  let admin: AgentSession;

  before(async () => {
    server = await target.start(withAdmin({ clock: fixedClock() }));
    admin = await signIn(server.url);
  });
  after(() => server?.stop());

  it('shows the first admin, whose account name is only its login, as the team; /me and the team list carry the display name', async () => {
    assert.equal(admin.agent.name, 'admin');
    const me = await admin.get('/api/agents/me');
    assert.equal(me.body.agent.displayName, 'Support team');
    assert.equal(me.body.agent.initials, 'ST');
    const team = await admin.get('/api/agents');
    assert.equal(team.body.agents.find((a: any) => a.email === ADMIN.email).displayName, 'Support team');
  });

  it('lets an agent set their own display name, and refuses names that are a login or an address', async () => {
    const saved = await admin.post('/api/agents/me/profile', { displayName: '  Alex   Morgan ' });
    assert.equal(saved.status, 200, saved.text);
    assert.equal(saved.body.agent.displayName, 'Alex Morgan');
    assert.equal(saved.body.agent.initials, 'AM');
    assert.equal((await admin.get('/api/agents/me')).body.agent.displayName, 'Alex Morgan');

    const refused: Array<[unknown, RegExp]> = [
      [{ displayName: 'admin' }, /login/],
      [{ displayName: 'Admin 2' }, /login/],
      [{ displayName: 'root' }, /login/],
      [{ displayName: 'alex@kestrel.example' }, /email address/],
      [{ displayName: '   ' }, /write the name/],
      [{ displayName: 'x'.repeat(61) }, /at most 60/],
      [{ displayName: 'Alex\u202eevil' }, /control characters/],
      [{ displayName: 5 }, /./],
      [{}, /./],
    ];
    for (const [body, reason] of refused) {
      const error = assertError(await admin.post('/api/agents/me/profile', body), 422, 'validation_failed', 'displayName');
      assert.match(error.fields!.displayName, reason, JSON.stringify(body));
    }
    assertError(await admin.post('/api/agents/me/profile', { displayName: 'Alex', name: 'x' }), 422, 'validation_failed');
    assert.equal((await admin.get('/api/agents/me')).body.agent.displayName, 'Alex Morgan', 'nothing refused was saved');

    assertError(await call(server.url, '/api/agents/me/profile', { method: 'POST', json: { displayName: 'Eve' } }), 401, 'unauthorized');
    assertError(
      await call(server.url, '/api/agents/me/profile', { method: 'POST', json: { displayName: 'Eve' }, headers: { cookie: admin.cookie } }),
      403,
      'csrf_token_invalid',
    );
  });

  it('gives agents an admin adds a display name: the one given, or one made from their name', async () => {
    const password = 'a long agent password';
    const fromLocalPart = await admin.post('/api/admin/agents', { email: 'sam.jones@kestrel.example', name: 'sam.jones', password });
    assert.equal(fromLocalPart.status, 201, fromLocalPart.text);
    assert.equal(fromLocalPart.body.agent.displayName, 'Sam Jones');
    const given = await admin.post('/api/admin/agents', {
      email: 'kim@kestrel.example',
      name: 'Kim Lee',
      password,
      displayName: 'Kim from Support',
    });
    assert.equal(given.body.agent.displayName, 'Kim from Support');
    assert.equal(given.body.agent.initials, 'KS');
    const mailbox = await admin.post('/api/admin/agents', { email: 'helpdesk@kestrel.example', name: 'helpdesk', password });
    assert.equal(mailbox.body.agent.displayName, 'Support team');
    assertError(
      await admin.post('/api/admin/agents', { email: 'r@kestrel.example', name: 'R', password, displayName: 'root' }),
      422,
      'validation_failed',
      'displayName',
    );
  });

  it('names the agent by display name and initials in the reply mail, the status page, the portal and the chat, never by login', async () => {
    await admin.post('/api/agents/me/profile', { displayName: 'Alex Morgan' });
    const login = /admin@kestrel\.example|\badmin\b/;

    // By email: the reply mail, the status page and the portal.
    const created = await post(server.url, '/api/tickets', validTicket({ subject: 'Grades export is empty' }));
    assert.equal(created.status, 201, created.text);
    const { reference, token } = created.body;
    assert.equal((await admin.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Try the CSV export instead.' })).status, 201);
    const mail = await server.running.store.db
      .selectFrom('outbox')
      .select(['subject', 'text_body', 'html_body'])
      .where('kind', '=', 'reply')
      .where('subject', 'like', `%${reference}%`)
      .executeTakeFirstOrThrow();
    assert.match(mail.text_body, new RegExp(`Alex Morgan replied to ${reference}`));
    assert.match(mail.html_body, /Alex Morgan replied/);
    assert.doesNotMatch(mail.text_body + mail.html_body, login);

    const api = await call(server.url, `/api/tickets/${reference}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(api.status, 200, api.text);
    const answered = api.body.messages.find((m: any) => m.author === 'agent');
    assert.deepEqual([answered.name, answered.initials], ['Alex Morgan', 'AM']);
    assert.doesNotMatch(JSON.stringify(api.body.messages), login);

    const page = await call(server.url, `/tickets/${reference}?token=${encodeURIComponent(token)}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<span class="avatar" aria-hidden="true">AM<\/span><span>Alex Morgan · /);
    assert.doesNotMatch(page.text, login);

    const contact = await portalSession(server, { email: 'lee@college.example', role: 'key' });
    const portal = await contact.get(`/api/portal/tickets/${reference}`);
    assert.equal(portal.status, 200, portal.text);
    const answer = portal.body.ticket.messages.find((m: any) => m.from === 'support');
    assert.equal(answer.name, 'Alex Morgan');
    assert.equal(answer.initials, 'AM');
    assert.doesNotMatch(portal.text, login);

    // In a chat: each agent message, and who is answering.
    const chat = await post(
      server.url,
      '/api/tickets',
      validTicket({ channel: 'chat', subject: 'Quick one', description: 'Where is the gradebook?' }),
    );
    const stream = await openSse(`${server.url}/api/chat/${chat.body.reference}/events?token=${chat.body.token}`);
    try {
      const waiting = await stream.waitFor((e) => e.some((x) => x.event === 'state'), 5000, 'the first state');
      assert.equal(waiting.find((x) => x.event === 'state')!.data.agent, null, 'nobody is answering yet');
      await admin.post(`/api/inbox/tickets/${chat.body.reference}/replies`, { body: 'Under Grades, top left.' });
      const events = await stream.waitFor(
        (e) => e.some((x) => x.event === 'message' && x.data.author === 'agent'),
        5000,
        'the agent message',
      );
      const message = events.find((x) => x.event === 'message' && x.data.author === 'agent')!;
      assert.equal(message.data.name, 'Alex Morgan');
      assert.equal(message.data.initials, 'AM');
      await stream.waitFor((e) => e.some((x) => x.event === 'state' && x.data.agent?.name === 'Alex Morgan'), 5000, 'who is answering');
      assert.equal(stream.events.filter((x) => x.event === 'state').at(-1)!.data.agent.initials, 'AM');
      assert.doesNotMatch(JSON.stringify(stream.events), login);
    } finally {
      stream.close();
    }
  });

  it('escapes a display name wherever it is shown', async () => {
    const hostile = '<img src=x onerror=alert(1)> Ann';
    assert.equal((await admin.post('/api/agents/me/profile', { displayName: hostile })).status, 200);
    const created = await post(server.url, '/api/tickets', validTicket({ subject: 'Escaping' }));
    await admin.post(`/api/inbox/tickets/${created.body.reference}/replies`, { body: 'Hello' });
    const page = await call(server.url, `/tickets/${created.body.reference}?token=${encodeURIComponent(created.body.token)}`);
    assert.ok(page.text.includes('&#60;img src&#61;x onerror&#61;alert(1)&#62; Ann'), page.text.slice(0, 2000));
    assert.ok(!page.text.includes('<img'));
    const mail = await server.running.store.db
      .selectFrom('outbox')
      .select(['html_body'])
      .where('kind', '=', 'reply')
      .where('subject', 'like', `%${created.body.reference}%`)
      .executeTakeFirstOrThrow();
    assert.ok(!mail.html_body.includes('<img src=x'), 'the mail escapes it');
    await admin.post('/api/agents/me/profile', { displayName: 'Alex Morgan' });
  });
});
