/**
 * POST /api/inbox/tickets/bulk over real HTTP, on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
 * one change to many tickets, each through the single change's own rules (due times, mails,
 * webhooks, history), per-ticket results with partial failures, validation naming the field,
 * and who may call it.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, fixedClock, forEachStore, post } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { eventually, fileTicket, signIn, withAdmin, type AgentSession } from './support.ts';
import { startReceiver } from '../webhooks/receiver.ts';

forEachStore('Bulk actions on the queue', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let sam: AgentSession;

  before(async () => {
    // A fixed clock: due times counted from "now" are then comparable between two requests
    // (in working hours a real clock moves them by the milliseconds between the requests).
    server = await target.start(withAdmin({ clock: fixedClock() }));
    admin = await signIn(server.url);
    const added = await admin.post('/api/admin/agents', {
      email: 'sam@kestrel.example',
      name: 'Sam Carter',
      role: 'agent',
      password: 'sam has a long password',
    });
    assert.equal(added.status, 201, added.text);
    sam = await signIn(server.url, 'sam@kestrel.example', 'sam has a long password');
  });
  after(() => server?.stop());

  const bulk = (agent: AgentSession, json: unknown) => agent.post('/api/inbox/tickets/bulk', json);
  const ticket = async (reference: string) => (await admin.get(`/api/inbox/tickets/${reference}`)).body;
  const tickets = async (n: number, subject: string) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await fileTicket(server.url, { subject: `${subject} ${i + 1}` })).reference);
    return out;
  };

  it('assigns many tickets in one call, reporting a missing ticket without stopping the others', async () => {
    const [a, b, c] = await tickets(3, 'Bulk assign');
    const res = await bulk(sam, { references: [a, 'HW-999999', b, a.toLowerCase(), c], action: { type: 'assign', agentId: sam.agent.id } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.action, 'assign');
    assert.equal(res.body.succeeded, 3);
    assert.equal(res.body.failed, 1);
    // In the order given, a reference given twice once.
    assert.deepEqual(
      res.body.results.map((r: any) => [r.reference, r.ok, r.error?.code]),
      [
        [a, true, undefined],
        ['HW-999999', false, 'not_found'],
        [b, true, undefined],
        [c, true, undefined],
      ],
    );
    assert.match(res.body.results[1].error.message, /no ticket HW-999999/);
    for (const ref of [a, b, c]) assert.deepEqual((await ticket(ref)).assignee, { id: sam.agent.id, name: 'Sam Carter' });
    const mine = await sam.get('/api/inbox/tickets?assignee=me');
    for (const ref of [a, b, c])
      assert.ok(
        mine.body.tickets.some((t: any) => t.reference === ref),
        `${ref} in Sam's queue`,
      );

    const none = await bulk(admin, { references: [a, b], action: { type: 'assign', agentId: null } });
    assert.equal(none.body.succeeded, 2);
    assert.equal((await ticket(a)).assignee, null);
  });

  it('solves many tickets: each gets its history row, its mail to the requester and its webhook, as if solved alone', async () => {
    const receiver = await startReceiver();
    const hook = await admin.post('/api/inbox/webhooks', { url: receiver.url, events: ['ticket.solved'] });
    assert.equal(hook.status, 201, hook.text);
    try {
      const refs = await tickets(2, 'Bulk solve');
      const res = await bulk(admin, { references: refs, action: { type: 'status', status: 'solved', note: 'Fixed by the release' } });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.succeeded, 2);
      const mail = (await admin.get('/api/inbox/mail')).body.mail;
      for (const ref of refs) {
        const t = await ticket(ref);
        assert.equal(t.status, 'solved');
        assert.ok(t.sla.resolvedAt, 'resolved time kept');
        assert.deepEqual(t.history.at(-1).status, 'solved');
        assert.equal(t.history.at(-1).note, 'Fixed by the release');
        assert.equal(t.sla.nextDue, null, 'no due time once solved');
        assert.equal(mail.filter((m: any) => m.kind === 'status' && m.subject.includes(ref)).length, 1, `status mail for ${ref}`);
      }
      const deliveries = (await admin.get(`/api/inbox/webhooks/deliveries?webhook=${hook.body.webhook.id}`)).body.deliveries;
      assert.deepEqual(deliveries.map((d: any) => d.ticket).sort(), [...refs].sort(), 'one ticket.solved delivery per ticket');
      const received = await eventually(async () => (receiver.received.length >= 2 ? receiver.received : null), 10_000, 'both deliveries');
      assert.deepEqual(received.map((r) => JSON.parse(r.body).data.ticket.reference).sort(), [...refs].sort());
      // Already solved: nothing changes again, and it is not an error.
      const again = await bulk(admin, { references: refs, action: { type: 'status', status: 'solved' } });
      assert.equal(again.body.succeeded, 2);
      assert.equal((await ticket(refs[0])).history.filter((h: any) => h.status === 'solved').length, 1);
    } finally {
      await admin.post(`/api/inbox/webhooks/${hook.body.webhook.id}/remove`, {});
      await receiver.down();
    }
  });

  it('pending pauses each clock, and a bulk severity change recomputes due times exactly as a single one', async () => {
    const [single, ...many] = await tickets(3, 'Bulk severity');
    assert.equal((await admin.post(`/api/inbox/tickets/${single}/severity`, { severity: 'S1' })).status, 200);
    const res = await bulk(admin, { references: many, action: { type: 'severity', severity: 'S1' } });
    assert.equal(res.body.succeeded, 2, res.text);
    const alone = await ticket(single);
    for (const ref of many) {
      const t = await ticket(ref);
      assert.equal(t.severity, 'S1');
      assert.equal(t.sla.firstResponseDue, alone.sla.firstResponseDue, 'the same due time as a single change');
      assert.equal(t.sla.resolutionDue, alone.sla.resolutionDue);
      assert.ok(t.messages.some((m: any) => m.author === 'system' && m.body === 'Severity changed from S2 to S1 by admin.'));
    }
    const paused = await bulk(admin, { references: many, action: { type: 'status', status: 'pending' } });
    assert.equal(paused.body.succeeded, 2);
    for (const ref of many) assert.equal((await ticket(ref)).sla.paused, true);
  });

  it('adds the same internal note to each ticket, mailing nobody', async () => {
    const refs = await tickets(2, 'Bulk note');
    const before = (await admin.get('/api/inbox/mail')).body.mail.length;
    const res = await bulk(sam, { references: refs, action: { type: 'note', body: 'Same root cause as the outage' } });
    assert.equal(res.body.succeeded, 2, res.text);
    for (const ref of refs) {
      const note = (await ticket(ref)).messages.find((m: any) => m.body === 'Same root cause as the outage');
      assert.ok(note, `note on ${ref}`);
      assert.equal(note.internal, true);
      assert.equal(note.agentName, 'Sam Carter');
    }
    assert.equal((await admin.get('/api/inbox/mail')).body.mail.length, before, 'no mail for an internal note');
  });

  it('refuses bad input naming the field, before changing anything', async () => {
    const [a] = await tickets(1, 'Bulk refusals');
    assertError(await bulk(admin, { references: [], action: { type: 'note', body: 'x' } }), 422, 'validation_failed', 'references');
    const many = Array.from({ length: 101 }, (_, i) => `HW-${2000 + i}`);
    assertError(await bulk(admin, { references: many, action: { type: 'note', body: 'x' } }), 422, 'validation_failed', 'references');
    assertError(
      await bulk(admin, { references: ['ticket one'], action: { type: 'note', body: 'x' } }),
      422,
      'validation_failed',
      'references.0',
    );
    assertError(await bulk(admin, { references: [a], action: { type: 'delete' } }), 422, 'validation_failed', 'action.type');
    assertError(await bulk(admin, { references: [a] }), 422, 'validation_failed', 'action');
    assertError(
      await bulk(admin, { references: [a], action: { type: 'status', status: 'gone' } }),
      422,
      'validation_failed',
      'action.status',
    );
    assertError(await bulk(admin, { references: [a], action: { type: 'note', body: '   ' } }), 422, 'validation_failed', 'action.body');
    assertError(
      await bulk(admin, { references: [a], action: { type: 'severity', severity: 'S1', extra: true } }),
      422,
      'validation_failed',
      'action.extra',
    );
    const unknownAgent = assertError(
      await bulk(admin, { references: [a], action: { type: 'assign', agentId: 987654 } }),
      422,
      'validation_failed',
      'action.agentId',
    );
    assert.match(unknownAgent.message, /No agent/);
    assertError(await bulk(admin, { references: [a], action: { type: 'assign', agentId: 0 } }), 422, 'validation_failed', 'action.agentId');
    const t = await ticket(a);
    assert.equal(t.assignee, null, 'nothing was changed');
    assert.equal(t.messages.length, 0);
  });

  it('needs an agent session and the CSRF token; any agent may use it', async () => {
    const [a] = await tickets(1, 'Bulk access');
    const json = { references: [a], action: { type: 'severity', severity: 'S3' } };
    assertError(await post(server.url, '/api/inbox/tickets/bulk', json), 401, 'unauthorized');
    assertError(
      await call(server.url, '/api/inbox/tickets/bulk', { method: 'POST', json, headers: { cookie: sam.cookie } }),
      403,
      'csrf_token_invalid',
    );
    assert.equal((await ticket(a)).severity, 'S2', 'refused calls changed nothing');
    const res = await bulk(sam, json);
    assert.equal(res.status, 200, res.text);
    assert.equal((await ticket(a)).severity, 'S3');
  });
});
