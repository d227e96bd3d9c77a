/**
 * The requester's escalate endpoint over HTTP, on SQLite and PostgreSQL: the level for `requested`
 * (or `complaint`) of the ticket's own terms, once per working day per ticket by the injected
 * clock (weekends count toward Monday), the token checked before the body, bad input, solved
 * tickets, rate limits, the mails queued once and the record in the inbox's SLA timeline.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore, MONDAY_MORNING, post } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, withAdmin } from '../inbox/support.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';

const LEVEL_1 = { level: 1, role: 'Support team lead', contact: 'support@kestrel-learning.example' };
const LEVEL_3 = { level: 3, role: 'Head of customer success', contact: 'success@kestrel-learning.example' };

const escalate = (base: string, reference: string, token: string, json: unknown, headers: Record<string, string> = {}) =>
  post(base, `/api/tickets/${reference}/escalate`, json, { authorization: `Bearer ${token}`, ...headers });

forEachStore('Requester escalation', (target) => {
  let server: TestServer;
  let now = MONDAY_MORNING;
  const setNow = (iso: string) => {
    now = new Date(iso);
  };
  const outbox = (reference: string) =>
    server.running.store.db
      .selectFrom('outbox')
      .select(['kind', 'to_address', 'subject', 'text_body', 'html_body', 'status'])
      .where('ticket_id', '=', idFromReference(reference)!)
      .where('kind', 'in', ['escalation', 'escalation_confirmation'])
      .orderBy('id')
      .execute();

  before(async () => {
    server = await target.start(withAdmin({ clock: { now: () => new Date(now) } }));
  });
  after(async () => {
    await server?.stop();
  });

  it('goes to the `requested` level at once, tells who owns it (not their address), once per working day', async () => {
    setNow('2026-03-02T10:15:00Z'); // Monday, in working hours (UK time = UTC in March)
    const { reference, token } = await fileTicket(server.url);
    const first = await escalate(server.url, reference, token, { reason: '  Nobody has answered since Friday.  ' });
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(first.body, {
      reference,
      level: LEVEL_1.level,
      role: LEVEL_1.role,
      trigger: 'requested',
      escalatedAt: '2026-03-02T10:15:00.000Z',
      workingDay: '2026-03-02',
      nextAllowedAt: '2026-03-03T00:00:00.000Z',
    });
    assert.ok(!first.text.includes('@'), 'no contact address in the answer');

    // The same working day, later, as a request or as a complaint: refused, saying when again.
    setNow('2026-03-02T16:59:00Z');
    for (const body of [{ reason: 'Still nothing.' }, { reason: 'I complain.', complaint: true }]) {
      const again = await escalate(server.url, reference, token, body);
      const error = assertError(again, 429, 'escalation_limited');
      assert.match(error.message, /already escalated.*2026-03-02.*Tuesday, 3 March 2026/);
      assert.equal(Number(again.headers.get('retry-after')), 7 * 3600 + 60);
    }

    // The next working day: a formal complaint goes to the complaint level.
    setNow('2026-03-03T08:00:00Z');
    const complaint = await escalate(server.url, reference, token, { reason: 'Formal complaint: two days, no answer.', complaint: true });
    assert.equal(complaint.status, 201, complaint.text);
    assert.equal(complaint.body.level, LEVEL_3.level);
    assert.equal(complaint.body.role, LEVEL_3.role);
    assert.equal(complaint.body.trigger, 'complaint');

    // The contact of each level got one mail; the requester one confirmation each, without addresses.
    const mails = await outbox(reference);
    const toContacts = mails.filter((m) => m.kind === 'escalation');
    assert.deepEqual(
      toContacts.map((m) => m.to_address),
      [LEVEL_1.contact, LEVEL_3.contact],
    );
    assert.equal(
      toContacts[0].subject,
      `[${reference}] Escalated to level 1 (Support team lead): requester asked: Nobody has answered since Friday.`,
    );
    assert.match(
      toContacts[1].subject,
      new RegExp(`^\\[${reference}\\] Escalated to level 3 \\(Head of customer success\\): formal complaint: `),
    );
    assert.match(toContacts[0].text_body, /Learners cannot submit assignments/);
    assert.match(toContacts[0].text_body, /> Nobody has answered since Friday\./);
    assert.match(toContacts[0].text_body, new RegExp(`/inbox/.*${reference}`));
    const confirmations = mails.filter((m) => m.kind === 'escalation_confirmation');
    assert.deepEqual(
      confirmations.map((m) => m.to_address),
      ['priya@college.example', 'priya@college.example'],
    );
    assert.match(confirmations[0].text_body, /our Support team lead \(escalation level 1\) now owns it/);
    for (const m of confirmations) {
      assert.ok(!/kestrel-learning\.example/.test(m.text_body + m.html_body + m.subject), 'no internal address in the requester mail');
      assert.ok(!m.text_body.includes('Nobody has answered'), 'the requester mail repeats nothing they wrote but the subject');
    }

    // The inbox's ticket view shows both on the SLA timeline, by the requester.
    // Agents' sessions run on the same clock: sign in at its current time.
    const view = await (await signIn(server.url)).get(`/api/inbox/tickets/${reference}`);
    assert.equal(view.status, 200, view.text);
    const timeline = view.body.slaTimeline.map((e: any) => ({
      kind: e.kind,
      level: e.level,
      contact: e.contact,
      trigger: e.trigger,
      reason: e.reason,
      actor: e.actor,
      at: e.at,
    }));
    assert.deepEqual(timeline, [
      {
        kind: 'escalated',
        level: 1,
        contact: LEVEL_1.contact,
        trigger: 'requested',
        reason: 'Nobody has answered since Friday.',
        actor: 'requester',
        at: '2026-03-02T10:15:00.000Z',
      },
      {
        kind: 'escalated',
        level: 3,
        contact: LEVEL_3.contact,
        trigger: 'complaint',
        reason: 'Formal complaint: two days, no answer.',
        actor: 'requester',
        at: '2026-03-03T08:00:00.000Z',
      },
    ]);
  });

  it('a request on a closed day counts toward the next working day', async () => {
    setNow('2026-03-06T12:00:00Z'); // Friday
    const { reference, token } = await fileTicket(server.url);
    setNow('2026-03-07T12:00:00Z'); // Saturday
    const saturday = await escalate(server.url, reference, token, { reason: 'Weekend outage.' });
    assert.equal(saturday.status, 201, saturday.text);
    assert.equal(saturday.body.workingDay, '2026-03-09');
    setNow('2026-03-09T09:30:00Z'); // Monday: the same working day
    assertError(await escalate(server.url, reference, token, { reason: 'Again.' }), 429, 'escalation_limited');
    setNow('2026-03-10T09:30:00Z'); // Tuesday
    assert.equal((await escalate(server.url, reference, token, { reason: 'Again.' })).status, 201);
  });

  it('two requests at once on one ticket: exactly one is recorded and mailed', async () => {
    setNow('2026-03-11T10:00:00Z');
    const { reference, token } = await fileTicket(server.url);
    const answers = await Promise.all([
      escalate(server.url, reference, token, { reason: 'One.' }),
      escalate(server.url, reference, token, { reason: 'Two.', complaint: true }),
      escalate(server.url, reference, token, { reason: 'Three.' }),
    ]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 429, 429]);
    assert.equal((await outbox(reference)).filter((m) => m.kind === 'escalation').length, 1);
  });

  it("only with the ticket's token, checked before the body is read; the same 404 whether the ticket exists or not", async () => {
    setNow('2026-03-12T10:00:00Z');
    const a = await fileTicket(server.url);
    const b = await fileTicket(server.url);
    assertError(await post(server.url, `/api/tickets/${a.reference}/escalate`, { reason: 'x' }), 401, 'unauthorized');
    const wrong = await escalate(server.url, a.reference, b.token, { reason: 'Not mine.' });
    const missing = await escalate(server.url, 'HW-99999999', b.token, { reason: 'Not mine.' });
    assertError(wrong, 404, 'not_found');
    assert.deepEqual(wrong.body, missing.body);
    // Not valid JSON, wrong token: refused on the token (404), not on the body (400).
    const unread = await call(server.url, `/api/tickets/${a.reference}/escalate`, {
      method: 'POST',
      body: '{not json',
      headers: { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' },
    });
    assertError(unread, 404, 'not_found');
    const view = await (await signIn(server.url)).get(`/api/inbox/tickets/${a.reference}`);
    assert.equal(view.status, 200, view.text);
    assert.deepEqual(view.body.slaTimeline, []);
    assert.deepEqual(await outbox(a.reference), []);
  });

  it('bad input: 4xx naming the field and the reason; nothing recorded', async () => {
    setNow('2026-03-13T10:00:00Z');
    const { reference, token } = await fileTicket(server.url);
    const cases: Array<[unknown, string, RegExp]> = [
      [{}, 'reason', /./],
      [{ reason: '   ' }, 'reason', /must not be empty/],
      [{ reason: 'x'.repeat(2001) }, 'reason', /at most 2000/],
      [{ reason: 42 }, 'reason', /string/],
      [{ reason: 'Fine.', complaint: 'yes' }, 'complaint', /boolean/],
      [{ reason: 'Fine.', level: 3 }, 'level', /./],
    ];
    for (const [body, field, reason] of cases) {
      const error = assertError(await escalate(server.url, reference, token, body), 422, 'validation_failed', field);
      assert.match(error.fields![field], reason, JSON.stringify(body));
    }
    assertError(
      await call(server.url, `/api/tickets/${reference}/escalate`, {
        method: 'POST',
        body: '{"reason":',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      }),
      400,
      'invalid_json',
    );
    assert.equal((await escalate(server.url, reference, token, { reason: 'x'.repeat(2000) })).status, 201, 'the longest reason passes');
  });

  it('a solved or closed ticket is not escalated: 409, pointing to a reply', async () => {
    setNow('2026-03-16T10:00:00Z');
    const { reference, token } = await fileTicket(server.url);
    const agent = await signIn(server.url);
    assert.equal((await agent.post(`/api/inbox/tickets/${reference}/status`, { status: 'solved' })).status, 200);
    const error = assertError(await escalate(server.url, reference, token, { reason: 'Not fixed.' }), 409, 'ticket_closed');
    assert.match(error.message, /reply/);
    assert.deepEqual(await outbox(reference), []);
  });
});

forEachStore('Requester escalation: rate limits', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start({
      env: { HELPWAY_RATE_LIMITS: 'tickets=3/60,events=5/60,reads=20/60,siteMultiplier=2', HELPWAY_TRUST_PROXY: '1' },
    });
  });
  after(async () => {
    await server?.stop();
  });

  it('draws on the ticket writes limits: per address, and per ticket across addresses', async () => {
    const { reference, token } = await fileTicket(server.url);
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    // Per address: three ticket writes, then 429 rate_limited (whatever the request would have got).
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await escalate(server.url, reference, token, { reason: '' }, from('10.9.0.1'))).status);
    assert.deepEqual(statuses, [422, 422, 422]);
    assertError(await escalate(server.url, reference, token, { reason: 'Now.' }, from('10.9.0.1')), 429, 'rate_limited');
    // Per ticket: the three above spent the ticket's bucket too, so a new address is held as well.
    const other = assertError(await escalate(server.url, reference, token, { reason: 'Now.' }, from('10.9.0.2')), 429, 'rate_limited');
    assert.match(other.message, /ticket/);
  });
});
