/**
 * The inbox's side of SLA operations, over HTTP on SQLite and PostgreSQL: each queue row's SLA
 * state at its boundaries (the injected clock moves; the state is the ticket view's too), the
 * live `sla` notice an open inbox receives for a warning, and the admin API that amends a site's
 * SLA (admins only, refusals naming the field, history, new tickets on the amended terms).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { recordOnce } from '../../api/src/sla/records.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';
import { assertError, call, forEachStore, MONDAY_MORNING, post } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from './support.ts';

const MINUTE = 60_000;

forEachStore('Inbox: SLA state, live notices and site amendments', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let now = MONDAY_MORNING;
  before(async () => {
    server = await target.start(withAdmin({ clock: { now: () => new Date(now) } }));
    admin = await signIn(server.url);
  });
  after(() => server.stop());

  const row = async (reference: string) => {
    const queue = await admin.get('/api/inbox/tickets?status=all&limit=500');
    assert.equal(queue.status, 200, queue.text);
    const item = queue.body.tickets.find((t: { reference: string }) => t.reference === reference);
    assert.ok(item, `${reference} is in the queue`);
    return item;
  };
  const at = async (instant: Date, reference: string) => {
    now = instant;
    const item = await row(reference);
    const view = await admin.get(`/api/inbox/tickets/${reference}`);
    assert.equal(view.body.sla.state, item.sla, 'the ticket view and the queue agree');
    return item;
  };

  it('a ticket is ok until warnAtPercent of its target elapsed, at risk from then until due, breached from its due time', async () => {
    // S2 on the demo site's plan: first response in 4 business hours, 10:15 → 14:15 UK time
    // (UTC in March), all within Monday's hours; the policy warns at 80 %: after 192 minutes.
    now = MONDAY_MORNING;
    const { reference } = await fileTicket(server.url, { severity: 'S2' });
    const first = await at(MONDAY_MORNING, reference);
    const due = new Date('2026-03-02T14:15:00.000Z');
    assert.equal(first.nextDue.at, due.toISOString());
    assert.equal(first.sla, 'ok');
    assert.equal(first.nextDue.businessMinutesLeft, 240);
    const warnAt = new Date(MONDAY_MORNING.getTime() + 192 * MINUTE);
    assert.equal((await at(new Date(warnAt.getTime() - 1000), reference)).sla, 'ok', 'a second before 80 %');
    const risky = await at(warnAt, reference);
    assert.equal(risky.sla, 'at_risk', 'at exactly 80 %');
    assert.equal(risky.nextDue.businessMinutesLeft, 48);
    assert.equal((await at(new Date(due.getTime() - 1000), reference)).sla, 'at_risk', 'a second before the due time');
    // The due time itself is the miss, as the sweeper records it (sla/watch.ts).
    assert.equal((await at(due, reference)).sla, 'breached', 'at the due time itself');
    const late = await at(new Date(due.getTime() + 65 * MINUTE), reference);
    assert.equal(late.sla, 'breached');
    assert.equal(late.nextDue.overdue, true);
    assert.equal(Math.round(late.nextDue.businessMinutesLeft), -65);
  });

  it('a pending ticket is not at risk: its clock is paused', async () => {
    now = MONDAY_MORNING;
    const { reference } = await fileTicket(server.url, { severity: 'S2' });
    const set = await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'pending' });
    assert.equal(set.status, 200, set.text);
    const item = await at(new Date(MONDAY_MORNING.getTime() + 110 * MINUTE), reference);
    assert.equal(item.paused, true);
    assert.equal(item.sla, 'ok');
  });

  it('an open inbox gets an sla notice for a warning recorded after it connected, and none from before', async () => {
    now = MONDAY_MORNING;
    const { services, store } = server.running;
    const old = await fileTicket(server.url, { severity: 'S1', subject: 'Recorded before the inbox opened' });
    const warn = (reference: string) =>
      services.events.transaction(store.db, async (trx, emit) => {
        const ticketId = idFromReference(reference)!;
        const record = { kind: 'warned', target: 'response', dueAt: '2026-03-02T10:45:00.000Z' } as const;
        assert.ok(await recordOnce(trx, ticketId, record, { actor: 'sweeper', now }));
        await emit({ type: 'sla.warning', ticketId, target: 'response', dueAt: record.dueAt, percent: 80 });
      });
    await warn(old.reference);
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/inbox/events`, { headers: { cookie: admin.cookie }, signal: controller.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const chunk = await reader.read();
        assert.ok(!chunk.done, `the stream ended early: ${text}`);
        text += new TextDecoder().decode(chunk.value);
      }
    };
    try {
      await until(/event: changed/); // connected: its first read is done
      const fresh = await fileTicket(server.url, { severity: 'S1', subject: 'Warned while the inbox is open' });
      await warn(fresh.reference);
      await until(new RegExp(`event: sla\\ndata: [^\\n]*"reference":"${fresh.reference}"`));
      const notice = JSON.parse(/event: sla\ndata: (.*)\nid: \d+/.exec(text)![1]);
      assert.deepEqual(
        { reference: notice.reference, kind: notice.kind, target: notice.target },
        { reference: fresh.reference, kind: 'warned', target: 'response' },
      );
      assert.ok(!text.includes(old.reference), 'no notice for what happened before the inbox opened');
    } finally {
      controller.abort();
      await reader.cancel().catch(() => {});
    }
  });

  it("amends a site's SLA over HTTP: admins only, refusals naming the field, a history, new tickets on the new terms", async () => {
    now = MONDAY_MORNING;
    const site = await admin.post('/api/admin/sites', { key: 'kestrel-amend', name: 'Kestrel', plan: 'standard', origins: [] });
    assert.equal(site.status, 201, site.text);
    const path = '/api/admin/sites/kestrel-amend/sla';

    const before = await admin.get(path);
    assert.equal(before.status, 200, before.text);
    assert.equal(before.body.current, null);
    assert.deepEqual(before.body.history, []);

    // Not signed in; an agent who is not an admin; no CSRF token.
    assertError(await call(server.url, path), 401, 'unauthorized');
    const added = await admin.post('/api/admin/agents', {
      email: 'plain@kestrel.example',
      name: 'Plain Agent',
      role: 'agent',
      password: 'a long enough password',
    });
    assert.equal(added.status, 201, added.text);
    const plain = await signIn(server.url, 'plain@kestrel.example', 'a long enough password');
    assertError(await plain.get(path), 403, 'forbidden');
    assertError(await plain.post(path, { crm: 'rm@kestrel.example' }), 403, 'forbidden');
    assert.equal((await post(server.url, path, { crm: 'rm@kestrel.example' }, { cookie: admin.cookie })).status, 403);

    assertError(await admin.post(path, { crm: 'not an address' }), 422, 'validation_failed', 'crm');
    assertError(await admin.post(path, { targets: { S1: { responseHours: -1 } } }), 422, 'validation_failed', 'targets.S1.responseHours');
    assertError(await admin.post(path, { contacts: { 9: 'ceo@kestrel.example' } }), 422, 'validation_failed', 'contacts.9');
    assertError(await admin.post(path, { crm: 'rm@kestrel.example', extra: true }), 422, 'validation_failed');
    assertError(await admin.post('/api/admin/sites/no-such-site/sla', { crm: 'rm@kestrel.example' }), 404, 'not_found');
    assert.equal((await admin.get(path)).body.history.length, 0, 'nothing refused was stored');

    const first = await admin.post(path, { crm: 'rm@kestrel.example' });
    assert.equal(first.status, 201, first.text);
    const second = await admin.post(path, { targets: { S2: { responseHours: 1 } } });
    assert.equal(second.status, 201, second.text);
    assert.equal(second.body.current.crm, 'rm@kestrel.example', 'a change keeps what it leaves out');
    assert.deepEqual(second.body.current.targets, { S2: { responseHours: 1 } });
    assert.equal(second.body.terms.targets.S2.responseHours, 1);
    assert.ok(
      second.body.terms.levels.some((l: { contact: string }) => l.contact === 'rm@kestrel.example'),
      'the site-crm level goes to the relationship manager',
    );
    const history = (await admin.get(path)).body.history;
    assert.equal(history.length, 2);
    assert.deepEqual(
      history.map((h: { changedBy: string; crm: string | null }) => [h.changedBy, h.crm]),
      [
        ['admin@kestrel.example', 'rm@kestrel.example'],
        ['admin@kestrel.example', 'rm@kestrel.example'],
      ],
    );
    assert.equal(history[0].targets.S2, undefined, 'the first change had no target override');

    // New tickets of the site run on the amended target: S2 first response in 1 hour, 10:15 → 11:15.
    const ticket = await post(server.url, '/api/tickets', {
      site: 'kestrel-amend',
      type: 'query',
      severity: 'S2',
      subject: 'On amended terms',
      description: 'The amended target applies to this ticket from its first minute.',
      requester: { name: 'Priya Admin', email: 'priya@college.example' },
    });
    assert.equal(ticket.status, 201, ticket.text);
    assert.equal(ticket.body.sla.firstResponseDue, '2026-03-02T11:15:00.000Z');
    const clear = await admin.post(path, { crm: null });
    assert.equal(clear.status, 201, clear.text);
    assert.equal(clear.body.current.crm, null, 'null goes back to the default');
  });
});
