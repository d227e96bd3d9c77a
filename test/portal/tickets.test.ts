/**
 * The portal's tickets, budget and SLA over HTTP on SQLite and PostgreSQL: what a key contact, a
 * member and another site's key contact each see and may change (never another site's; a member
 * only their own), 401 without a session, 403 without the CSRF token, and every answer checked
 * against the OpenAPI document. The clock stands at Monday 2 March 2026, 10:15 UK time; the demo
 * policy gives an S2 query 4 business hours to first response and 2 days to resolution.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { addSite } from '../../api/src/sites/sites.ts';
import { call, forEachStore, MONDAY_MORNING, movableClock, post, upload, validTicket, type JsonResponse } from '../api/helpers.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { validate } from '../support/json-schema.ts';
import { portalSession, type PortalSession } from './support.ts';

type Doc = Record<string, any>;

const NEW = { type: 'query', severity: 'S2', subject: 'Grades export is empty', description: 'The CSV has headers only.' };

forEachStore('Portal: tickets, budget and SLA', (target) => {
  let server: TestServer;
  let doc: Doc;
  let agent: AgentSession;
  let keyA: PortalSession; // key contact of demo
  let memberA: PortalSession; // member of demo
  let otherMemberA: PortalSession; // another member of demo
  let keyB: PortalSession; // key contact of the other site
  const clock = movableClock(MONDAY_MORNING);
  const refs: Record<string, string> = {};

  /** The answer has the status and validates against the documented schema for it. */
  function expect(res: JsonResponse, status: number, method: string, path: string) {
    assert.equal(res.status, status, `${method} ${path}: ${res.text.slice(0, 300)}`);
    const schema = doc.paths[path][method].responses[String(status)].content['application/json'].schema;
    assert.deepEqual(validate(schema, res.body, doc), [], `${method} ${path} ${status} as documented`);
    return res.body;
  }

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    doc = (await call(server.url, '/api/openapi.json')).body;
    agent = await signIn(server.url);
    const { db } = server.running.store;
    await addSite(db, server.running.policy, { key: 'other', name: 'Other College', plan: 'standard' }, clock.now());
    keyA = await portalSession(server, { site: 'demo', email: 'dana@college.example', name: 'Dana Key', role: 'key' });
    memberA = await portalSession(server, { site: 'demo', email: 'mo@college.example', name: 'Mo Member' });
    otherMemberA = await portalSession(server, { site: 'demo', email: 'ola@college.example', name: 'Ola Member' });
    keyB = await portalSession(server, { site: 'other', email: 'kim@other.example', name: 'Kim Other', role: 'key' });
  });
  after(() => server.stop());

  it('a contact files a ticket: site and requester from the contact, verified, theirs; the public rules apply', async () => {
    const file = await upload(server.url, 'export.csv', 'id,grade\n');
    assert.equal(file.status, 201, file.text);
    const created = expect(
      await memberA.post('/api/portal/tickets', { ...NEW, attachments: [file.body.id] }),
      201,
      'post',
      '/api/portal/tickets',
    );
    refs.member = created.reference;
    const row = await server.running.store.db
      .selectFrom('tickets')
      .selectAll()
      .where('id', '=', Number(created.reference.slice(3)) - 1000)
      .executeTakeFirstOrThrow();
    assert.equal(row.site_key, 'demo');
    assert.equal(row.requester_email, 'mo@college.example');
    assert.equal(row.requester_name, 'Mo Member');
    assert.equal(Number(row.requester_verified), 1);
    assert.equal(Number(row.contact_id), memberA.contact.id);
    assert.equal(row.first_response_due, '2026-03-02T14:15:00.000Z');

    const refused = expect(await memberA.post('/api/portal/tickets', { ...NEW, subject: '' }), 422, 'post', '/api/portal/tickets');
    assert.ok('subject' in refused.error.fields, JSON.stringify(refused));
    const unknownType = await memberA.post('/api/portal/tickets', { ...NEW, type: 'nonsense' });
    assert.equal(unknownType.status, 422);
    assert.ok('type' in unknownType.body.error.fields);
    // What the portal decides itself cannot be sent.
    const site = await memberA.post('/api/portal/tickets', { ...NEW, site: 'other' });
    assert.equal(site.status, 422, site.text);

    refs.key = (await keyA.post('/api/portal/tickets', { ...NEW, subject: 'Key contact question' })).body.reference;
    refs.other = (await otherMemberA.post('/api/portal/tickets', { ...NEW, subject: 'Someone else' })).body.reference;
    refs.public = (await post(server.url, '/api/tickets', validTicket({ subject: 'Filed from the widget' }))).body.reference;
    refs.siteB = (await keyB.post('/api/portal/tickets', { ...NEW, subject: 'Other site ticket' })).body.reference;
    assert.ok(Object.values(refs).every(Boolean), JSON.stringify(refs));
  });

  it("lists: a member their own, a key contact all of the site's, never another site's; filters and pages", async () => {
    const list = async (who: PortalSession, query = '') =>
      expect(await who.get(`/api/portal/tickets${query}`), 200, 'get', '/api/portal/tickets') as {
        tickets: any[];
        nextCursor: string | null;
      };
    const refsOf = (body: { tickets: Array<{ reference: string }> }) => body.tickets.map((t) => t.reference);

    const mine = await list(memberA);
    assert.deepEqual(refsOf(mine), [refs.member]);
    assert.deepEqual(mine.tickets[0].nextDue, { target: 'response', at: '2026-03-02T14:15:00.000Z' });
    assert.equal(mine.tickets[0].mine, true);
    assert.equal(mine.tickets[0].priority, null);
    assert.equal(mine.tickets[0].approval, null);
    assert.deepEqual(refsOf(await list(keyA)), [refs.public, refs.other, refs.key, refs.member]);
    assert.deepEqual(refsOf(await list(keyA, '?mine=true')), [refs.key]);
    assert.deepEqual(refsOf(await list(keyB)), [refs.siteB]);

    const first = await list(keyA, '?limit=3');
    assert.deepEqual(refsOf(first), [refs.public, refs.other, refs.key]);
    assert.ok(first.nextCursor);
    const second = await list(keyA, `?limit=3&cursor=${first.nextCursor}`);
    assert.deepEqual(refsOf(second), [refs.member]);
    assert.equal(second.nextCursor, null);

    assert.deepEqual(refsOf(await list(keyA, '?q=KEY%20contact')), [refs.key]);
    assert.deepEqual(refsOf(await list(keyA, `?q=${refs.member}`)), [refs.member]);
    assert.deepEqual(refsOf(await list(keyA, '?q=100%25')), [], 'a % is a character, not a wildcard');
    // Another site's reference finds nothing.
    assert.deepEqual(refsOf(await list(keyA, `?q=${refs.siteB}`)), []);

    await agent.post(`/api/inbox/tickets/${refs.other}/status`, { status: 'solved' });
    assert.deepEqual(refsOf(await list(keyA, '?status=solved')), [refs.other]);
    assert.equal((await list(keyA, '?status=solved')).tickets[0].nextDue, null);
    assert.deepEqual(refsOf(await list(keyA, '?status=all')).length, 4);
    assert.deepEqual(refsOf(await list(keyA)), [refs.public, refs.key, refs.member]);

    const bad = expect(await keyA.get('/api/portal/tickets?status=closed&cursor=zzz'), 422, 'get', '/api/portal/tickets');
    assert.deepEqual(Object.keys(bad.error.fields).sort(), ['cursor', 'status']);
  });

  it('reads a ticket: the conversation without internal notes, files to download, the due times', async () => {
    assert.equal((await agent.post(`/api/inbox/tickets/${refs.member}/replies`, { body: 'Which course?' })).status, 201);
    assert.equal((await agent.post(`/api/inbox/tickets/${refs.member}/notes`, { body: 'Secret: check the cron.' })).status, 201);
    const { ticket } = expect(await memberA.get(`/api/portal/tickets/${refs.member}`), 200, 'get', '/api/portal/tickets/{reference}');
    assert.equal(ticket.description, NEW.description);
    assert.deepEqual(
      ticket.messages.map((m: any) => [m.from, m.body]),
      [['support', 'Which course?']],
    );
    assert.ok(!JSON.stringify(ticket).includes('Secret'), 'no internal note');
    assert.equal(ticket.sla.firstRespondedAt, MONDAY_MORNING.toISOString());
    assert.equal(ticket.sla.resolutionDue, '2026-03-04T10:15:00.000Z');
    assert.deepEqual(ticket.nextDue, { target: 'resolution', at: '2026-03-04T10:15:00.000Z' });
    assert.equal(ticket.canEscalate, true);
    assert.equal(ticket.satisfaction, null);
    assert.equal(ticket.attachments.length, 1);
    const file = ticket.attachments[0];
    assert.equal(file.filename, 'export.csv');
    assert.equal(file.url, `/api/portal/tickets/${refs.member}/attachments/${file.id}`);

    const download = await call(server.url, file.url, { headers: { cookie: memberA.cookie } });
    assert.equal(download.status, 200);
    assert.equal(download.text, 'id,grade\n');
    assert.match(download.headers.get('content-disposition')!, /^attachment/);
    assert.equal((await call(server.url, file.url, { headers: { cookie: keyA.cookie } })).status, 200, 'the key contact too');
    for (const outsider of [keyB, otherMemberA]) {
      const res = await call(server.url, file.url, { headers: { cookie: outsider.cookie } });
      assert.equal(res.status, 404, 'as if absent');
      assert.equal(res.body.error.code, 'not_found');
    }
    assert.equal((await call(server.url, file.url)).status, 401);
    // A file id of another ticket under this one's reference.
    const wrong = await call(server.url, `/api/portal/tickets/${refs.key}/attachments/${file.id}`, { headers: { cookie: keyA.cookie } });
    assert.equal(wrong.status, 404);

    // The key contact reads the member's ticket: the member's messages are "requester", not "you".
    await memberA.post(`/api/portal/tickets/${refs.member}/replies`, { body: 'Biology 101' });
    const seenByKey = (await keyA.get(`/api/portal/tickets/${refs.member}`)).body.ticket;
    assert.deepEqual(
      seenByKey.messages.map((m: any) => m.from),
      ['support', 'requester'],
    );
    assert.equal(seenByKey.messages[1].name, 'Mo Member');
    assert.equal(seenByKey.mine, false);
    assert.equal((await memberA.get(`/api/portal/tickets/${refs.member}`)).body.ticket.messages[1].from, 'you');
  });

  it('replies, escalates and rates through the one set of rules', async () => {
    const replied = expect(
      await memberA.post(`/api/portal/tickets/${refs.member}/replies`, { body: 'Any news?' }),
      201,
      'post',
      '/api/portal/tickets/{reference}/replies',
    );
    assert.equal(replied.reopenedFrom, null);
    const message = await server.running.store.db
      .selectFrom('ticket_messages')
      .select(['author', 'body'])
      .where('id', '=', replied.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...message }, { author: 'requester', body: 'Any news?' });
    expect(
      await memberA.post(`/api/portal/tickets/${refs.member}/replies`, { body: ' ' }),
      422,
      'post',
      '/api/portal/tickets/{reference}/replies',
    );

    const escalated = expect(
      await memberA.post(`/api/portal/tickets/${refs.member}/escalate`, { reason: 'Exams on Friday.' }),
      201,
      'post',
      '/api/portal/tickets/{reference}/escalate',
    );
    assert.equal(escalated.trigger, 'requested');
    expect(
      await memberA.post(`/api/portal/tickets/${refs.member}/escalate`, { reason: 'Again.' }),
      429,
      'post',
      '/api/portal/tickets/{reference}/escalate',
    );
    assert.equal((await memberA.get(`/api/portal/tickets/${refs.member}`)).body.ticket.canEscalate, false);

    expect(
      await memberA.post(`/api/portal/tickets/${refs.member}/satisfaction`, { rating: 'good' }),
      409,
      'post',
      '/api/portal/tickets/{reference}/satisfaction',
    );
    await agent.post(`/api/inbox/tickets/${refs.member}/status`, { status: 'solved' });
    const rated = expect(
      await memberA.post(`/api/portal/tickets/${refs.member}/satisfaction`, { rating: 'bad', comment: 'Slow.' }),
      201,
      'post',
      '/api/portal/tickets/{reference}/satisfaction',
    );
    assert.equal(rated.rating, 'bad');
    const after = (await memberA.get(`/api/portal/tickets/${refs.member}`)).body.ticket;
    assert.deepEqual(after.satisfaction, { rating: 'bad', comment: 'Slow.' });
    assert.equal(after.canEscalate, false, 'solved');
    // A reply on the solved ticket opens it again, as a mail reply would.
    const reopened = await memberA.post(`/api/portal/tickets/${refs.member}/replies`, { body: 'Still broken.' });
    assert.equal(reopened.body.reopenedFrom, 'solved');
  });

  it("never another site's, never another member's: 404 as if absent, nothing written", async () => {
    const count = async () =>
      Number(
        (
          await server.running.store.db
            .selectFrom('ticket_messages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: Array<[PortalSession, string]> = [
      [keyB, refs.member],
      [keyB, refs.public],
      [otherMemberA, refs.member],
      [memberA, refs.public],
      [keyA, refs.siteB],
      [keyA, 'HW-999999'],
    ];
    for (const [who, ref] of cases) {
      const reads = await who.get(`/api/portal/tickets/${ref}`);
      assert.equal(reads.status, 404, `${who.contact.email} reads ${ref}`);
      expect(reads, 404, 'get', '/api/portal/tickets/{reference}');
      for (const [action, json] of [
        ['replies', { body: 'hi' }],
        ['escalate', { reason: 'now' }],
        ['satisfaction', { rating: 'good' }],
      ] as const) {
        const res = await who.post(`/api/portal/tickets/${ref}/${action}`, json);
        assert.equal(res.status, 404, `${who.contact.email} ${action} on ${ref}: ${res.text}`);
        assert.equal(res.body.error.message, reads.body.error.message, 'the same answer as for an absent ticket');
      }
    }
    assert.equal(await count(), before, 'no message was added');
  });

  it('401 without a session on every route; 403 on writes without the CSRF token', async () => {
    const routes = [
      ['GET', '/api/portal/tickets'],
      ['GET', `/api/portal/tickets/${refs.member}`],
      ['GET', `/api/portal/tickets/${refs.member}/attachments/1`],
      ['POST', '/api/portal/tickets'],
      ['POST', `/api/portal/tickets/${refs.member}/replies`],
      ['POST', `/api/portal/tickets/${refs.member}/escalate`],
      ['POST', `/api/portal/tickets/${refs.member}/satisfaction`],
      ['GET', '/api/portal/budget'],
      ['GET', '/api/portal/budget/statement'],
      ['GET', '/api/portal/sla'],
    ];
    for (const [method, path] of routes) {
      const res = await call(server.url, path, { method, ...(method === 'POST' ? { json: { body: 'x' } } : {}) });
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(res.body.error.code, 'unauthorized');
    }
    const messages = async () => (await memberA.get(`/api/portal/tickets/${refs.member}`)).body.ticket.messages.length;
    const before = await messages();
    for (const [path, json] of [
      ['/api/portal/tickets', NEW],
      [`/api/portal/tickets/${refs.member}/replies`, { body: 'forged' }],
      [`/api/portal/tickets/${refs.member}/escalate`, { reason: 'forged' }],
      [`/api/portal/tickets/${refs.member}/satisfaction`, { rating: 'good' }],
    ] as const) {
      for (const token of [undefined, 'wrong-token']) {
        const res = await call(server.url, path, {
          method: 'POST',
          json,
          headers: { cookie: memberA.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
        });
        assert.equal(res.status, 403, `${path} with ${token ?? 'no token'}`);
        assert.equal(res.body.error.code, 'csrf_token_invalid');
      }
    }
    assert.equal(await messages(), before);
  });

  it("budget and SLA: the key contact's own site only; members 403", async () => {
    const budget = expect(await keyA.get('/api/portal/budget?month=2026-03'), 200, 'get', '/api/portal/budget');
    assert.equal(budget.site.key, 'demo');
    assert.equal(budget.month, '2026-03');
    assert.equal(budget.complete, false);
    const current = expect(await keyA.get('/api/portal/budget'), 200, 'get', '/api/portal/budget');
    assert.equal(current.month, '2026-03');
    const theirs = expect(await keyB.get('/api/portal/budget?month=2026-03'), 200, 'get', '/api/portal/budget');
    assert.deepEqual(theirs.site, { key: 'other', name: 'Other College', plan: 'standard' });
    assert.equal(theirs.hoursBought, 0);
    for (const path of ['/api/portal/budget', '/api/portal/budget/statement', '/api/portal/sla']) {
      const res = await memberA.get(path);
      assert.equal(res.status, 403, path);
      assert.equal(res.body.error.code, 'forbidden');
    }
    expect(await keyA.get('/api/portal/budget?month=2026-04'), 422, 'get', '/api/portal/budget');
    const bad = expect(await keyA.get('/api/portal/budget?month=2026-13'), 422, 'get', '/api/portal/budget');
    assert.ok('month' in bad.error.fields);

    const page = await call(server.url, '/api/portal/budget/statement?month=2026-03', { headers: { cookie: keyA.cookie } });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /^text\/html/);
    assert.match(page.headers.get('content-security-policy')!, /default-src 'none'/);
    assert.ok(page.text.includes('2026-03') || page.text.includes('March 2026'), page.text.slice(0, 300));
    const other = await call(server.url, '/api/portal/budget/statement?month=2026-03', { headers: { cookie: keyB.cookie } });
    assert.ok(other.text.includes('Other College'));
    assert.ok(!other.text.includes('Kestrel Demo') && !other.text.includes('>demo<'));

    // This quarter, demo: 4 tickets filed at 10:15 (S2: first response due 14:15, resolution 4 March 10:15).
    // The member's: answered at 10:15 (met), solved then reopened (resolution pending again). The one
    // solved unanswered: resolution met, first response not given and not yet due (pending). The other two: pending.
    const sla = expect(await keyA.get('/api/portal/sla'), 200, 'get', '/api/portal/sla');
    assert.deepEqual(sla, {
      quarter: '2026-Q1',
      from: '2026-01-01',
      to: '2026-03-31',
      tickets: 4,
      firstResponse: { met: 1, missed: 0, pending: 3 },
      resolution: { met: 1, missed: 0, pending: 3 },
      nextReply: { met: 0, missed: 0 },
    });
    const slaB = expect(await keyB.get('/api/portal/sla'), 200, 'get', '/api/portal/sla');
    assert.equal(slaB.tickets, 1);
    assert.deepEqual(slaB.firstResponse, { met: 0, missed: 0, pending: 1 });
  });
});
