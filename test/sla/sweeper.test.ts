/**
 * The SLA sweeper over real HTTP and a real store, with the server's clock moved by the test and
 * one sweep run on demand (services.sla.sweepOnce) after each move: a warning at exactly the
 * warning share and not a minute before, none while pending, a miss escalated to level 1 and up
 * to level 2 after `afterWorkingHours` without movement, DST and holiday crossings, an amended
 * target and the next-reply target, each warning and miss mailed once (the outbox). On SQLite and
 * PostgreSQL; on PostgreSQL also two API processes sweeping one database at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, forEachStore, MONDAY_MORNING, movableClock } from '../api/helpers.ts';
import { dropSchema, newSchemaName, startServer, type TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { slaTimeline } from '../../api/src/sla/records.ts';
import { amendSiteSla } from '../../api/src/sites/sla-amendments.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';

const NO_TIMER = { HELPWAY_SLA_POLL_MS: '86400000' };

forEachStore('SLA sweeper', (target) => {
  let server: TestServer;
  let agent: AgentSession;
  const clock = movableClock(MONDAY_MORNING);
  before(async () => {
    server = await target.start(withAdmin({ clock, env: NO_TIMER }));
    agent = await signIn(server.url);
  });
  after(async () => {
    await server?.stop();
  });

  const db = () => server.running.store.db;
  const sweep = () => server.running.services.sla.sweepOnce();
  const at = async (iso: string) => {
    clock.set(iso);
    return sweep();
  };
  const timeline = async (reference: string) =>
    (await slaTimeline(db(), idFromReference(reference)!)).map(
      (r) => `${r.kind}:${r.kind === 'escalated' ? `${r.level}:${r.trigger}:${r.contact}` : `${r.target}:${r.dueAt}`}`,
    );
  const mails = (reference: string) =>
    db()
      .selectFrom('outbox')
      .select(['kind', 'to_address', 'subject', 'text_body', 'html_body'])
      .where('ticket_id', '=', idFromReference(reference)!)
      .where('kind', 'in', ['sla_warning', 'sla_missed'])
      .orderBy('id')
      .execute();

  it('warns at exactly the warning share (not a minute before), once, by mail to the support address when unassigned', async () => {
    clock.set('2026-03-02T10:15:00.000Z');
    const { reference } = await fileTicket(server.url, { severity: 'S2' }); // first response due 14:15 UK time
    await at('2026-03-02T13:26:00.000Z'); // 80 % of 4 h is 3 h 12 min: 13:27
    assert.deepEqual(await timeline(reference), []);
    await at('2026-03-02T13:27:00.000Z');
    assert.deepEqual(await timeline(reference), ['warned:response:2026-03-02T14:15:00.000Z']);
    await at('2026-03-02T13:28:00.000Z');
    assert.deepEqual(await timeline(reference), ['warned:response:2026-03-02T14:15:00.000Z'], 'once');
    const sent = await mails(reference);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].kind, 'sla_warning');
    assert.equal(sent[0].to_address, server.running.policy.vendor.supportEmail);
    assert.equal(sent[0].subject, `[${reference}] SLA warning: first response due 14:15 UK time today`);
    assert.match(sent[0].text_body, /at 80% of its first response time/);
    assert.match(sent[0].html_body, /not assigned to anyone/);
  });

  it('a miss is recorded and mailed once and escalates to level 1; no movement for 8 working hours takes it to level 2', async () => {
    clock.set('2026-03-02T10:15:00.000Z');
    const { reference } = await fileTicket(server.url, { severity: 'S2' });
    const moved = await fileTicket(server.url, { severity: 'S2' });
    await agent.post(`/api/inbox/tickets/${reference}/assignee`, { agentId: agent.agent.id });
    await at('2026-03-02T14:14:59.000Z');
    assert.deepEqual(await timeline(reference), ['warned:response:2026-03-02T14:15:00.000Z']);
    const report = await at('2026-03-02T14:15:00.000Z');
    assert.ok(report.missed >= 2 && report.escalated >= 2, JSON.stringify(report));
    const level1 = 'escalated:1:response_missed:support@kestrel-learning.example';
    assert.deepEqual(await timeline(reference), [
      'warned:response:2026-03-02T14:15:00.000Z',
      'missed:response:2026-03-02T14:15:00.000Z',
      level1,
    ]);
    const sent = await mails(reference);
    assert.deepEqual(
      sent.map((m) => [m.kind, m.to_address]),
      [
        ['sla_warning', agent.agent.email],
        ['sla_missed', agent.agent.email],
      ],
      'to the assignee',
    );
    assert.equal(sent[1].subject, `[${reference}] SLA missed: first response was due 14:15 UK time today`);
    // The other ticket moves after its escalation: an agent answers it.
    clock.set('2026-03-02T15:00:00.000Z');
    assert.equal((await agent.post(`/api/inbox/tickets/${moved.reference}/replies`, { body: 'Looking at it now.' })).status, 201);

    // Level 2 comes 8 working hours after the escalation: Tuesday 14:15, not a minute before.
    await at('2026-03-03T14:14:00.000Z');
    assert.equal((await timeline(reference)).filter((t) => t.startsWith('escalated')).length, 1);
    await at('2026-03-03T14:15:00.000Z');
    const level2 = 'escalated:2:response_missed:relationships@kestrel-learning.example';
    assert.deepEqual((await timeline(reference)).slice(2), [level1, level2]);
    await at('2026-03-03T14:30:00.000Z');
    assert.deepEqual((await timeline(reference)).slice(2), [level1, level2], 'level 3 is for complaints only');
    assert.deepEqual(
      (await timeline(moved.reference)).filter((t) => t.startsWith('escalated')),
      [level1],
      'the ticket that moved stays at level 1',
    );
    assert.equal((await mails(reference)).length, 2, 'the escalation mail is not this subscriber’s');
  });

  it('does not warn while pending; on resuming, the warning is for the recomputed due time', async () => {
    clock.set('2026-03-09T10:15:00.000Z');
    agent = await signIn(server.url); // the session of a week ago has expired
    const { reference, token } = await fileTicket(server.url, { severity: 'S2' });
    clock.set('2026-03-09T10:30:00.000Z');
    assert.equal((await agent.post(`/api/inbox/tickets/${reference}/status`, { status: 'pending' })).status, 200);
    for (const t of ['2026-03-09T13:27:00.000Z', '2026-03-09T14:15:00.000Z', '2026-03-10T09:59:00.000Z']) await at(t);
    assert.deepEqual(await timeline(reference), [], 'the clock stops while pending');
    clock.set('2026-03-10T10:00:00.000Z');
    const reply = await call(server.url, `/api/tickets/${reference}/messages`, {
      method: 'POST',
      json: { body: 'Here are the details.' },
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(reply.status, 201, reply.text);
    // 15 minutes ran before the pause: 3 h 45 min left from Tuesday 10:00 → due 13:45, warning at 12:57.
    await at('2026-03-10T12:56:00.000Z');
    assert.deepEqual(await timeline(reference), []);
    await at('2026-03-10T12:57:00.000Z');
    assert.deepEqual(await timeline(reference), ['warned:response:2026-03-10T13:45:00.000Z']);
  });

  it('counts business time across the change to summer time and across Easter holidays', async () => {
    // Friday 27 March 16:00 GMT, S3 (8 h): 1 h on Friday, 7 h from Monday 09:00 BST → due 16:00 BST (15:00 UTC).
    clock.set('2026-03-27T16:00:00.000Z');
    const dst = await fileTicket(server.url, { severity: 'S3' });
    await at('2026-03-30T13:23:00.000Z'); // 80 % = 6 h 24 min: Monday 14:24 BST = 13:24 UTC
    assert.deepEqual(await timeline(dst.reference), []);
    await at('2026-03-30T13:24:00.000Z');
    assert.deepEqual(await timeline(dst.reference), ['warned:response:2026-03-30T15:00:00.000Z']);

    // Thursday 2 April 16:00 BST, S3: Good Friday and Easter Monday are holidays → due Tuesday 7 April 16:00 BST.
    clock.set('2026-04-02T15:00:00.000Z');
    const easter = await fileTicket(server.url, { severity: 'S3' });
    await at('2026-04-06T12:00:00.000Z');
    assert.deepEqual(await timeline(easter.reference), [], 'no business time passes over the holidays');
    await at('2026-04-07T13:23:00.000Z');
    assert.deepEqual(await timeline(easter.reference), []);
    await at('2026-04-07T13:24:00.000Z');
    assert.deepEqual(await timeline(easter.reference), ['warned:response:2026-04-07T15:00:00.000Z']);
    await at('2026-04-07T15:00:00.000Z');
    assert.deepEqual((await timeline(easter.reference)).slice(1), [
      'missed:response:2026-04-07T15:00:00.000Z',
      'escalated:1:response_missed:support@kestrel-learning.example',
    ]);
  });

  it("runs on the site's amended targets, and the next-reply target from the requester's message after the first response", async () => {
    clock.set('2026-04-08T08:00:00.000Z');
    await amendSiteSla(db(), server.running.policy, 'demo', { targets: { S2: { responseHours: 2, replyHours: 1 } } }, 'test', clock.now());
    clock.set('2026-04-08T09:00:00.000Z'); // 10:00 BST
    agent = await signIn(server.url);
    const { reference, token } = await fileTicket(server.url, { severity: 'S2' });
    await at('2026-04-08T10:35:00.000Z'); // 80 % of 2 h = 96 min: 11:36 BST
    assert.deepEqual(await timeline(reference), []);
    await at('2026-04-08T10:36:00.000Z');
    assert.deepEqual(await timeline(reference), ['warned:response:2026-04-08T11:00:00.000Z']);
    clock.set('2026-04-08T10:40:00.000Z');
    assert.equal((await agent.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Which course?' })).status, 201);
    clock.set('2026-04-08T10:50:00.000Z');
    const ask = () =>
      call(server.url, `/api/tickets/${reference}/messages`, {
        method: 'POST',
        json: { body: 'Biology 101.' },
        headers: { authorization: `Bearer ${token}` },
      });
    assert.equal((await ask()).status, 201);
    clock.set('2026-04-08T11:00:00.000Z');
    assert.equal((await ask()).status, 201, 'a second message does not move the reply clock');
    // Reply due 1 h after the first unanswered message: 11:50 UTC; warning at 48 min: 11:38.
    await at('2026-04-08T11:37:00.000Z');
    assert.equal((await timeline(reference)).length, 1);
    await at('2026-04-08T11:38:00.000Z');
    assert.deepEqual((await timeline(reference)).slice(1), ['warned:reply:2026-04-08T11:50:00.000Z']);
    await at('2026-04-08T11:50:00.000Z');
    assert.deepEqual((await timeline(reference)).slice(2), [
      'missed:reply:2026-04-08T11:50:00.000Z',
      'escalated:1:reply_missed:support@kestrel-learning.example',
    ]);
    const subjects = (await mails(reference)).map((m) => m.subject);
    assert.deepEqual(subjects, [
      `[${reference}] SLA warning: first response due 12:00 UK time today`,
      `[${reference}] SLA warning: next reply due 12:50 UK time today`,
      `[${reference}] SLA missed: next reply was due 12:50 UK time today`,
    ]);
    // Answered: no reply is owed, so nothing more comes of the reply target.
    clock.set('2026-04-08T12:00:00.000Z');
    assert.equal((await agent.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Fixed.' })).status, 201);
    const row = await db()
      .selectFrom('tickets')
      .select(['reply_due', 'reply_from'])
      .where('id', '=', idFromReference(reference)!)
      .executeTakeFirstOrThrow();
    assert.deepEqual({ ...row }, { reply_due: null, reply_from: null });
  });
});

const url = process.env.TEST_DATABASE_URL;
describe('SLA sweeper: two API processes on one PostgreSQL database', { skip: url ? false : 'TEST_DATABASE_URL not set' }, () => {
  it('warns, misses and escalates exactly once per ticket, target and level, with one mail each', async () => {
    const schema = newSchemaName();
    const clock = movableClock(MONDAY_MORNING);
    const options = withAdmin({ databaseUrl: url, databaseSchema: schema, clock, env: NO_TIMER });
    const a = await startServer(options);
    const b = await startServer(options);
    try {
      const tickets = [];
      for (let i = 0; i < 12; i++) tickets.push(await fileTicket(a.url, { severity: 'S2' }));
      const both = async (iso: string) => {
        clock.set(iso);
        const reports = await Promise.all(
          [1, 2, 3].flatMap(() => [a.running.services.sla.sweepOnce(), b.running.services.sla.sweepOnce()]),
        );
        return reports.reduce(
          (sum, r) => ({ warned: sum.warned + r.warned, missed: sum.missed + r.missed, escalated: sum.escalated + r.escalated }),
          {
            warned: 0,
            missed: 0,
            escalated: 0,
          },
        );
      };
      assert.deepEqual(await both('2026-03-02T13:27:00.000Z'), { warned: 12, missed: 0, escalated: 0 });
      assert.deepEqual(await both('2026-03-02T14:15:00.000Z'), { warned: 0, missed: 12, escalated: 12 });
      assert.deepEqual(await both('2026-03-03T14:15:00.000Z'), { warned: 0, missed: 0, escalated: 12 }, 'level 2');
      assert.deepEqual(await both('2026-03-03T15:03:00.000Z'), { warned: 12, missed: 0, escalated: 0 }, 'the resolution warning');
      const db = a.running.store.db;
      const records = await db.selectFrom('sla_records').select(['ticket_id', 'kind', 'target', 'level']).execute();
      const keys = records.map((r) => `${r.ticket_id}:${r.kind}:${r.target}:${r.level ?? ''}`);
      assert.equal(new Set(keys).size, keys.length, 'no record twice');
      const outbox = await db
        .selectFrom('outbox')
        .select(['ticket_id', 'kind'])
        .where('kind', 'in', ['sla_warning', 'sla_missed', 'escalation'])
        .execute();
      const perTicket = new Map<number, string[]>();
      for (const m of outbox) perTicket.set(Number(m.ticket_id), [...(perTicket.get(Number(m.ticket_id)) ?? []), m.kind]);
      assert.equal(perTicket.size, 12);
      // Per ticket: two warnings (response, resolution), one miss, and one escalation mail per level (1, then 2).
      for (const kinds of perTicket.values())
        assert.deepEqual(kinds.sort(), ['escalation', 'escalation', 'sla_missed', 'sla_warning', 'sla_warning']);
    } finally {
      await a.stop();
      await b.stop();
      await dropSchema(url!, schema);
    }
  });
});
