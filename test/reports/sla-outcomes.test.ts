/**
 * SLA outcomes kept on the ticket when each target is reached (api/src/sla/outcomes.ts), and the
 * SLA report that counts them; then the reports' days in the support time zone. Over HTTP on
 * SQLite and PostgreSQL, with a clock the test moves. Demo policy: UK hours 09:00–17:00 Mon–Fri,
 * GMT until 29 March 2026; S2 4 h to first response and 2 working days (16 h) to resolution, the
 * demo site's S2 next reply 1 h (amended here); S3 8 h; requests have no resolution target.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { amendSiteSla } from '../../api/src/sites/sla-amendments.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';
import { call, forEachStore, movableClock } from '../api/helpers.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { csvRecords } from './support.ts';

interface Filed {
  reference: string;
  token: string;
}

/** A test server and an agent whose session is renewed whenever the clock moves. */
function harness(target: Parameters<Parameters<typeof forEachStore>[1]>[0], start: string) {
  const clock = movableClock(new Date(start));
  const h = {
    clock,
    server: undefined as unknown as TestServer,
    agent: undefined as unknown as AgentSession,
    async start() {
      h.server = await target.start(withAdmin({ clock }));
    },
    async at(iso: string) {
      clock.set(iso);
      h.agent = await signIn(h.server.url);
    },
    async ok(path: string, json: unknown) {
      const res = await h.agent.post(path, json);
      assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${res.text}`);
    },
    reply: (t: Filed, body = 'On it.') => h.ok(`/api/inbox/tickets/${t.reference}/replies`, { body }),
    status: (t: Filed, status: string) => h.ok(`/api/inbox/tickets/${t.reference}/status`, { status }),
    async requesterWrites(t: Filed, body = 'And another thing.') {
      const res = await call(h.server.url, `/api/tickets/${t.reference}/messages`, {
        method: 'POST',
        json: { body },
        headers: { authorization: `Bearer ${t.token}` },
      });
      assert.equal(res.status, 201, res.text);
    },
    async file(iso: string, overrides: Record<string, unknown>) {
      clock.set(iso);
      return fileTicket(h.server.url, overrides);
    },
    async report(name: string, query: string) {
      const res = await h.agent.get(`/api/reports/${name}?${query}`);
      assert.equal(res.status, 200, res.text);
      return res.body;
    },
  };
  return h;
}

forEachStore('SLA outcomes on the ticket, and the SLA report reading them', (target) => {
  const h = harness(target, '2026-03-13T12:00:00.000Z');
  const t: Record<string, Filed> = {};

  const outcomes = async (ticket: Filed) => {
    const row = await h.server.running.store.db
      .selectFrom('tickets')
      .select(['first_response_minutes', 'first_response_met', 'resolution_minutes', 'resolution_met', 'replies_met', 'replies_missed'])
      .where('id', '=', idFromReference(ticket.reference)!)
      .executeTakeFirstOrThrow();
    return {
      fr: [row.first_response_minutes, row.first_response_met],
      res: [row.resolution_minutes, row.resolution_met],
      replies: [Number(row.replies_met), Number(row.replies_missed)],
    };
  };
  const query = { severity: 'S2' };
  const request = { severity: 'S3', type: 'request', fields: { desiredChange: 'Enable the plugin' } };

  before(async () => {
    await h.start();
    const { store, policy } = h.server.running;
    await amendSiteSla(store.db, policy, 'demo', { targets: { S2: { replyHours: 1 } } }, 'test', h.clock.now());

    // Monday 16 March 2026.
    t.P = await h.file('2026-03-16T09:00:00.000Z', { ...query, subject: 'P: paused, answered in time' });
    t.E = await h.file('2026-03-16T09:00:00.000Z', { ...query, subject: 'E: answered at its due time' });
    t.R = await h.file('2026-03-16T10:00:00.000Z', { ...request, subject: 'R: a request' });
    t.L = await h.file('2026-03-16T11:00:00.000Z', { ...query, subject: 'L: paused, answered late' });
    t.Q = await h.file('2026-03-16T13:00:00.000Z', { ...query, subject: 'Q: answered while pending' });
    await h.at('2026-03-16T10:00:00.000Z');
    await h.status(t.P, 'pending');
    await h.at('2026-03-16T12:00:00.000Z');
    await h.status(t.L, 'pending');
    await h.reply(t.R); // 2 business hours of 8
    await h.at('2026-03-16T13:00:00.000Z');
    await h.reply(t.E); // 4 h of 4: at the due time itself
    await h.at('2026-03-16T14:00:00.000Z');
    await h.status(t.L, 'open'); // paused 12:00–14:00
    await h.status(t.Q, 'pending');
    await h.status(t.E, 'solved'); // 5 h of 16
    await h.at('2026-03-16T15:00:00.000Z');
    await h.status(t.R, 'solved');
  });
  after(() => h.server.stop());

  it('first response: business minutes without the pending spells; met before the due time, missed at or after it', async () => {
    assert.deepEqual((await outcomes(t.E)).fr, [240, 0], 'answered at 13:00, due 13:00: the due time is a miss');
    assert.deepEqual((await outcomes(t.R)).fr, [120, 1]);
    assert.deepEqual((await outcomes(t.P)).fr, [null, null], 'not answered yet');

    // Tuesday. P paused Mon 10:00–Tue 10:00: 1 h + 1.5 h = 150 minutes (due Tue 13:00).
    await h.at('2026-03-17T10:00:00.000Z');
    await h.status(t.P, 'open');
    await h.at('2026-03-17T11:30:00.000Z');
    await h.reply(t.P);
    assert.deepEqual((await outcomes(t.P)).fr, [150, 1]);
    // Q, still pending since Mon 14:00: 1 h elapsed. Its stored due (Mon 17:00, written when it
    // went pending) has passed, but the clock stopped: the due in force now is Tue 14:45.
    await h.at('2026-03-17T11:45:00.000Z');
    await h.reply(t.Q);
    assert.deepEqual((await outcomes(t.Q)).fr, [60, 1]);
    // L: Mon 11–12 and 14–17, Tue 9–12 = 7 h, past its due (Mon 17:00).
    await h.at('2026-03-17T12:00:00.000Z');
    await h.reply(t.L);
    assert.deepEqual((await outcomes(t.L)).fr, [420, 0]);
    // Another reply does not judge the first response again.
    await h.reply(t.L, 'More news.');
    assert.deepEqual((await outcomes(t.L)).fr, [420, 0]);
  });

  it('next replies: met before the due, missed at it; internal notes and replies nobody was owed do not count', async () => {
    assert.deepEqual((await outcomes(t.L)).replies, [0, 0], 'the later reply on L was not owed');
    // P: the requester writes Tue 12:00 (due 13:00), answered 12:59; writes 14:00 (due 15:00), answered 15:00.
    await h.at('2026-03-17T12:00:00.000Z');
    await h.requesterWrites(t.P);
    await h.at('2026-03-17T12:59:00.000Z');
    await h.ok(`/api/inbox/tickets/${t.P.reference}/notes`, { body: 'Checking with the team.' });
    assert.deepEqual((await outcomes(t.P)).replies, [0, 0], 'an internal note is not a reply');
    await h.reply(t.P);
    assert.deepEqual((await outcomes(t.P)).replies, [1, 0]);
    await h.at('2026-03-17T14:00:00.000Z');
    await h.requesterWrites(t.P);
    await h.at('2026-03-17T15:00:00.000Z');
    await h.reply(t.P);
    assert.deepEqual((await outcomes(t.P)).replies, [1, 1]);
  });

  it('resolution: minutes and met when solved; a reopened ticket loses them and gets them again when solved again', async () => {
    assert.deepEqual((await outcomes(t.E)).res, [300, 1]);
    assert.deepEqual((await outcomes(t.R)).res, [300, null], 'requests have no resolution target');
    // E reopened by its requester Tue 15:30 (a reply owed by 16:30, sent 16:00), solved again Wed 10:00:
    // Mon 8 h + Tue 8 h + Wed 1 h = 17 h, past its due (Tue 17:00).
    await h.at('2026-03-17T15:30:00.000Z');
    await h.requesterWrites(t.E, 'It broke again.');
    assert.deepEqual((await outcomes(t.E)).res, [null, null]);
    await h.at('2026-03-17T16:00:00.000Z');
    await h.reply(t.E);
    await h.at('2026-03-18T09:00:00.000Z');
    await h.status(t.Q, 'open'); // paused Mon 14:00–Wed 09:00
    await h.at('2026-03-18T10:00:00.000Z');
    await h.status(t.E, 'solved');
    assert.deepEqual(await outcomes(t.E), { fr: [240, 0], res: [1020, 0], replies: [1, 0] });
    // P: Mon 9–10, Tue 10–17, Wed 9–10 = 9 h (paused Mon 10:00–Tue 10:00): met.
    await h.status(t.P, 'solved');
    assert.deepEqual(await outcomes(t.P), { fr: [150, 1], res: [540, 1], replies: [1, 1] });
    // Q: 1 h Monday, 1 h Wednesday.
    await h.status(t.Q, 'solved');
    assert.deepEqual((await outcomes(t.Q)).res, [120, 1]);
    // Closing a solved ticket changes nothing.
    await h.status(t.Q, 'closed');
    assert.deepEqual((await outcomes(t.Q)).res, [120, 1]);
    // L: due Wed 13:00 (4 h Mon, 8 h Tue, 4 h Wed), solved Thu 10:00 after 21 h.
    await h.at('2026-03-19T10:00:00.000Z');
    await h.status(t.L, 'solved');
    assert.deepEqual(await outcomes(t.L), { fr: [420, 0], res: [1260, 0], replies: [0, 0] });
  });

  it('the SLA report: met / missed / pending, next replies, median and 90th percentile hours from the stored minutes', async () => {
    // O: answered after 30 minutes; its requester writes Thu 11:00 and is still owed a reply (due 12:00).
    t.O = await h.file('2026-03-19T10:00:00.000Z', { ...query, subject: 'O: a reply owed' });
    await h.at('2026-03-19T10:30:00.000Z');
    await h.reply(t.O);
    await h.at('2026-03-19T11:00:00.000Z');
    await h.requesterWrites(t.O);
    await h.at('2026-03-20T12:00:00.000Z');
    assert.deepEqual(await outcomes(t.O), { fr: [30, 1], res: [null, null], replies: [0, 0] });

    const body = await h.report('sla', 'from=2026-03-16&to=2026-03-20');
    // S2 first responses 30, 60, 150, 240, 420 minutes: median rank 3 (2.5 h), p90 rank 5 (7 h).
    const S2 = {
      tickets: 5,
      firstResponse: { met: 3, missed: 2, pending: 0 }, // O, Q, P; E, L
      resolution: { met: 2, missed: 2, pending: 1 }, // P, Q; E, L; O (due Mon 23 March 10:00)
      nextReply: { met: 2, missed: 2 }, // P, E; P at its due, O still owed past due
      firstResponseHours: { median: 2.5, p90: 7, answered: 5 },
    };
    const S3 = {
      tickets: 1,
      firstResponse: { met: 1, missed: 0, pending: 0 },
      resolution: { met: 0, missed: 0, pending: 0 },
      nextReply: { met: 0, missed: 0 },
      firstResponseHours: { median: 2, p90: 2, answered: 1 },
    };
    assert.deepEqual(body.weeks, [
      { week: '2026-W12', severity: 'S2', ...S2 },
      { week: '2026-W12', severity: 'S3', ...S3 },
    ]);
    assert.deepEqual(body.bySeverity, [
      { severity: 'S2', ...S2 },
      { severity: 'S3', ...S3 },
    ]);
    // All six: 30, 60, 120, 150, 240, 420: median rank 3 (2 h), p90 rank ⌈5.4⌉ = 6 (7 h).
    assert.deepEqual(body.total, {
      tickets: 6,
      firstResponse: { met: 4, missed: 2, pending: 0 },
      resolution: { met: 2, missed: 2, pending: 1 },
      nextReply: { met: 2, missed: 2 },
      firstResponseHours: { median: 2, p90: 7, answered: 6 },
    });
    // Q reached its first response after its stored due (Mon 17:00) but in time: not breached.
    const line = (ref: string, target: string, due: string, metAt: string) => [t[ref].reference, target, due, metAt];
    assert.equal(body.breached.total, 4);
    assert.deepEqual(
      body.breached.tickets.map((b: Record<string, string>) => [b.reference, b.target, b.due, b.metAt]),
      [
        line('E', 'first_response', '2026-03-16T13:00:00.000Z', '2026-03-16T13:00:00.000Z'),
        line('L', 'first_response', '2026-03-16T17:00:00.000Z', '2026-03-17T12:00:00.000Z'),
        line('E', 'resolution', '2026-03-17T17:00:00.000Z', '2026-03-18T10:00:00.000Z'),
        line('L', 'resolution', '2026-03-18T13:00:00.000Z', '2026-03-19T10:00:00.000Z'),
      ],
    );

    // The CSV carries the next replies both ways.
    const res = await call(h.server.url, '/api/reports/sla?from=2026-03-16&to=2026-03-20&format=csv', {
      headers: { cookie: h.agent.cookie },
    });
    const total = csvRecords(res.text).find((r) => r.week === 'total' && r.severity === 'all')!;
    assert.deepEqual(
      [total.next_reply_met, total.next_reply_missed, total.first_response_median_hours, total.first_response_p90_hours],
      ['2', '2', '2', '7'],
    );
  });
});

forEachStore('Reports count days in the support time zone', (target) => {
  const h = harness(target, '2026-03-27T12:00:00.000Z');
  before(async () => {
    await h.start();
    // The UK clocks go forward at 01:00 UTC on Sunday 29 March 2026: that local day lasts 23 hours.
    for (const at of [
      '2026-03-28T23:59:00.000Z', // Sat 28, 23:59 GMT
      '2026-03-29T00:00:00.000Z', // Sun 29, 00:00 GMT
      '2026-03-29T22:30:00.000Z', // Sun 29, 23:30 BST (ISO week 13)
      '2026-03-29T23:30:00.000Z', // Mon 30, 00:30 BST (ISO week 14), still the 29th in UTC
      '2026-03-31T22:59:00.000Z', // Tue 31, 23:59 BST
      '2026-03-31T23:00:00.000Z', // Wed 1 April, 00:00 BST
    ])
      await h.file(at, { severity: 'S4', subject: `Filed ${at}` });
    await h.at('2026-04-02T12:00:00.000Z');
  });
  after(() => h.server.stop());

  it('volume: tickets on their local day, periods from local midnight to local midnight', async () => {
    const body = await h.report('volume', 'from=2026-03-28&to=2026-03-31');
    assert.equal(body.period.timeZone, 'Europe/London');
    assert.deepEqual(
      body.days.map((d: { date: string; tickets: number; backlog: number }) => [d.date, d.tickets, d.backlog]),
      [
        ['2026-03-28', 1, 1],
        ['2026-03-29', 2, 3],
        ['2026-03-30', 1, 4],
        ['2026-03-31', 1, 5],
      ],
    );
    assert.equal(body.total, 5, 'the ticket at 23:00 UTC on the 31st is filed on 1 April');
    const april = await h.report('volume', 'from=2026-04-01&to=2026-04-01');
    assert.deepEqual([april.total, april.days[0].backlog], [1, 6]);
    // The short day alone: its 23 hours run from 00:00 GMT to 00:00 BST.
    assert.equal((await h.report('volume', 'from=2026-03-29&to=2026-03-29')).total, 2);
  });

  it('sla: weeks of local days (a ticket at 00:30 on Monday in summer time is in the new week)', async () => {
    const body = await h.report('sla', 'from=2026-03-29&to=2026-03-30');
    assert.deepEqual(
      body.weeks.map((w: { week: string; severity: string; tickets: number }) => [w.week, w.severity, w.tickets]),
      [
        ['2026-W13', 'S4', 2],
        ['2026-W14', 'S4', 1],
      ],
    );
    assert.equal(body.total.tickets, 3);
  });
});
