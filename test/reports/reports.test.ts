/**
 * GET /api/reports/{sla,volume,budget} over HTTP on SQLite and PostgreSQL, against a hand-built
 * fortnight: tickets filed, answered, solved and reopened through the inbox API under a clock the
 * test moves, time logged against the demo site's 10-hour budget. Every figure below is worked out
 * by hand from the demo policy (UK hours 09:00–17:00 Mon–Fri, GMT in early March; S1 1 h / 1 day,
 * S2 4 h / 2 days, S3 8 h, requests and bugs without a resolution target; the demo site's S2 next
 * reply 1 h; £95 and £140 an hour).
 * The CSV of each table is read back with an RFC 4180 reader and matches the JSON.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { amendSiteSla } from '../../api/src/sites/sla-amendments.ts';
import { assertError, call, forEachStore, movableClock } from '../api/helpers.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { csvRecords, parseCsv } from './support.ts';

const PERIOD = 'from=2026-03-02&to=2026-03-10';

forEachStore('Reports: SLA, volume and budget', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const clock = movableClock(new Date('2026-02-27T10:00:00.000Z'));
  const refs: Record<string, string> = {};

  const ok = async (path: string, json: unknown) => {
    const res = await admin.post(path, json);
    assert.ok(res.status === 200 || res.status === 201, `${path}: ${res.status} ${res.text}`);
  };
  // Sessions last hours, the fixture spans weeks: a fresh sign-in at each step.
  const at = async (iso: string) => {
    clock.set(iso);
    admin = await signIn(server.url);
  };

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    await amendSiteSla(server.running.store.db, server.running.policy, 'demo', { targets: { S2: { replyHours: 1 } } }, 'test', clock.now());
    // F: filed before the period and still open at its start; solved, reopened, solved again.
    await at('2026-02-27T10:00:00.000Z');
    refs.F = (await fileTicket(server.url, { severity: 'S2', subject: 'Filed before the period' })).reference;
    await at('2026-02-27T11:00:00.000Z');
    await ok(`/api/inbox/tickets/${refs.F}/time`, { minutes: 45, rate: 'standard' });
    // A: S2, answered after 1 business hour (met), solved the same morning (met).
    await at('2026-03-02T10:15:00.000Z');
    refs.A = (await fileTicket(server.url, { severity: 'S2', subject: 'A: answered in time' })).reference;
    await at('2026-03-02T11:15:00.000Z');
    await ok(`/api/inbox/tickets/${refs.A}/replies`, { body: 'Here is how.' });
    await at('2026-03-02T11:30:00.000Z');
    await ok(`/api/inbox/tickets/${refs.A}/time`, { minutes: 60, rate: 'standard', note: '=SUM(A1)' });
    await at('2026-03-02T12:15:00.000Z');
    await ok(`/api/inbox/tickets/${refs.A}/status`, { status: 'solved' });
    // B: S2 at 16:00, first response due Tue 12:00, answered Tue 13:00 after 5 business hours
    // (missed); resolution due Wed 4 March 16:00, never solved (missed); one next-reply miss.
    await at('2026-03-02T16:00:00.000Z');
    const b = await fileTicket(server.url, { severity: 'S2', subject: 'B: "late", twice' });
    refs.B = b.reference;
    // C: S1, first response due Tue 10:30 and resolution Wed 09:30; never answered (both missed).
    await at('2026-03-03T09:30:00.000Z');
    refs.C = (await fileTicket(server.url, { severity: 'S1', subject: 'C: never answered' })).reference;
    await at('2026-03-03T13:00:00.000Z');
    await ok(`/api/inbox/tickets/${refs.B}/replies`, { body: 'Sorry for the wait.' });
    await at('2026-03-03T13:30:00.000Z');
    await ok(`/api/inbox/tickets/${refs.B}/time`, { minutes: 30, rate: 'consultancy', note: 'Call, "urgent"\nthen mail' });
    // B's requester writes at 13:40: a reply is due at 14:40, sent at 15:00 (a next-reply miss).
    await at('2026-03-03T13:40:00.000Z');
    const asked = await call(server.url, `/api/tickets/${refs.B}/messages`, {
      method: 'POST',
      json: { body: 'Still broken.' },
      headers: { authorization: `Bearer ${b.token}` },
    });
    assert.equal(asked.status, 201, asked.text);
    await at('2026-03-03T15:00:00.000Z');
    await ok(`/api/inbox/tickets/${refs.B}/replies`, { body: 'Fixed now.' });
    await at('2026-03-04T10:00:00.000Z');
    await ok(`/api/inbox/tickets/${refs.F}/status`, { status: 'solved' });
    await at('2026-03-05T10:00:00.000Z');
    await ok(`/api/inbox/tickets/${refs.F}/status`, { status: 'open' });
    // D: an S3 request (no resolution target), answered after 4 business hours (met).
    await at('2026-03-09T10:00:00.000Z');
    refs.D = (
      await fileTicket(server.url, {
        severity: 'S3',
        type: 'request',
        fields: { desiredChange: 'Enable the plugin' },
        subject: 'D: a request',
      })
    ).reference;
    await at('2026-03-09T11:00:00.000Z');
    await ok(`/api/inbox/tickets/${refs.F}/status`, { status: 'solved' });
    await at('2026-03-09T14:00:00.000Z');
    await ok(`/api/inbox/tickets/${refs.D}/replies`, { body: 'Done.' });
    await at('2026-03-09T14:30:00.000Z');
    await ok(`/api/inbox/tickets/${refs.D}/time`, { minutes: 90, rate: 'standard' });
    // E: an S3 bug filed Tue 16:00, first response due Wed 11 March 16:00: pending at the report.
    await at('2026-03-10T16:00:00.000Z');
    refs.E = (
      await fileTicket(server.url, { severity: 'S3', type: 'bug', fields: { stepsToReproduce: 'Click' }, subject: 'E: pending' })
    ).reference;
    await at('2026-03-11T12:00:00.000Z');
  });
  after(() => server.stop());

  const report = async (name: string, query = PERIOD) => {
    const res = await admin.get(`/api/reports/${name}?${query}`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    return res.body;
  };
  const csv = async (name: string, table?: string, query = PERIOD) => {
    const res = await call(server.url, `/api/reports/${name}?${query}&format=csv${table ? `&table=${table}` : ''}`, {
      headers: { cookie: admin.cookie },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    const [from, to] = [...query.matchAll(/\d{4}-\d{2}-\d{2}/g)].map((m) => m[0]);
    assert.equal(
      res.headers.get('content-disposition'),
      `attachment; filename="helpway-${name}${table ? `-${table}` : ''}-${from}-${to}.csv"`,
    );
    return res.text;
  };
  const figures = (
    tickets: number,
    fr: number[],
    res: number[],
    nextReply: [number, number],
    hours: [number | null, number | null, number],
  ) => ({
    tickets,
    firstResponse: { met: fr[0], missed: fr[1], pending: fr[2] },
    resolution: { met: res[0], missed: res[1], pending: res[2] },
    nextReply: { met: nextReply[0], missed: nextReply[1] },
    firstResponseHours: { median: hours[0], p90: hours[1], answered: hours[2] },
  });

  it('sla: met, missed and pending per ISO week and severity, business hours to first response, the breached tickets', async () => {
    const body = await report('sla');
    assert.deepEqual(body.period, {
      from: '2026-03-02',
      to: '2026-03-10',
      timeZone: 'Europe/London',
      site: null,
      plan: null,
      generatedAt: '2026-03-11T12:00:00.000Z',
    });
    assert.deepEqual(body.tables, ['weeks', 'breached']);
    const S1 = figures(1, [0, 1, 0], [0, 1, 0], [0, 0], [null, null, 0]);
    const S2 = figures(2, [1, 1, 0], [1, 1, 0], [0, 1], [1, 5, 2]); // 60 and 300 business minutes
    const S3 = figures(2, [1, 0, 1], [0, 0, 0], [0, 0], [4, 4, 1]); // 240
    assert.deepEqual(body.weeks, [
      { week: '2026-W10', severity: 'S1', ...S1 },
      { week: '2026-W10', severity: 'S2', ...S2 },
      { week: '2026-W11', severity: 'S3', ...S3 },
    ]);
    assert.deepEqual(body.bySeverity, [
      { severity: 'S1', ...S1 },
      { severity: 'S2', ...S2 },
      { severity: 'S3', ...S3 },
    ]);
    // 60, 240, 300 minutes: the median is the 2nd, the 90th percentile the 3rd (nearest rank).
    assert.deepEqual(body.total, figures(5, [2, 2, 1], [1, 2, 0], [0, 1], [4, 5, 3]));
    const line = (ref: string, subject: string, severity: string, target: string, due: string, metAt: string | null) => ({
      reference: refs[ref],
      subject,
      severity,
      target,
      due,
      metAt,
    });
    assert.deepEqual(body.breached, {
      total: 4,
      tickets: [
        line('C', 'C: never answered', 'S1', 'first_response', '2026-03-03T10:30:00.000Z', null),
        line('B', 'B: "late", twice', 'S2', 'first_response', '2026-03-03T12:00:00.000Z', '2026-03-03T13:00:00.000Z'),
        line('C', 'C: never answered', 'S1', 'resolution', '2026-03-04T09:30:00.000Z', null),
        line('B', 'B: "late", twice', 'S2', 'resolution', '2026-03-04T16:00:00.000Z', null),
      ],
    });

    // One site only: the same (all of it is the demo site's).
    assert.deepEqual((await report('sla', `${PERIOD}&site=demo`)).total, body.total);
    // The demo site's tickets were all filed on the standard plan: the same; none on priority.
    const standard = await report('sla', `${PERIOD}&plan=standard`);
    assert.equal(standard.period.plan, 'standard');
    assert.deepEqual(standard.total, body.total);
    assert.deepEqual((await report('sla', `${PERIOD}&plan=priority`)).total, figures(0, [0, 0, 0], [0, 0, 0], [0, 0], [null, null, 0]));
    // A period holding only week 11.
    const later = await report('sla', 'from=2026-03-09&to=2026-03-10');
    assert.deepEqual(later.total, figures(2, [1, 0, 1], [0, 0, 0], [0, 0], [4, 4, 1]));
    assert.equal(later.breached.total, 0);

    // The CSV tables say what the JSON says.
    const weeks = csvRecords(await csv('sla'));
    assert.equal(weeks.length, 3 + 3 + 1);
    const row = (f: typeof S1) =>
      [
        f.tickets,
        f.firstResponse.met,
        f.firstResponse.missed,
        f.firstResponse.pending,
        f.resolution.met,
        f.resolution.missed,
        f.resolution.pending,
        f.nextReply.met,
        f.nextReply.missed,
        f.firstResponseHours.median ?? '',
        f.firstResponseHours.p90 ?? '',
      ].map(String);
    const cols = [
      'tickets',
      'first_response_met',
      'first_response_missed',
      'first_response_pending',
      'resolution_met',
      'resolution_missed',
      'resolution_pending',
      'next_reply_met',
      'next_reply_missed',
      'first_response_median_hours',
      'first_response_p90_hours',
    ];
    const asRow = (r: Record<string, string>) => [r.week, r.severity, ...cols.map((c) => r[c])];
    assert.deepEqual(weeks.map(asRow), [
      ...body.weeks.map((w: typeof S1 & { week: string; severity: string }) => [w.week, w.severity, ...row(w)]),
      ...body.bySeverity.map((s: typeof S1 & { severity: string }) => ['total', s.severity, ...row(s)]),
      ['total', 'all', ...row(body.total)],
    ]);
    const breached = csvRecords(await csv('sla', 'breached'));
    assert.deepEqual(
      breached,
      body.breached.tickets.map((t: Record<string, string | null>) => ({
        reference: t.reference,
        subject: t.subject,
        severity: t.severity,
        target: t.target,
        due: t.due,
        met_at: t.metAt ?? '',
      })),
    );
  });

  it("volume: tickets per day by type, severity, channel and site, and the backlog at each day's end", async () => {
    const body = await report('volume');
    assert.equal(body.total, 5);
    const day = (
      date: string,
      tickets: number,
      backlog: number,
      type: Record<string, number> = {},
      severity: Record<string, number> = {},
    ) => ({
      date,
      tickets,
      backlog,
      byType: type,
      bySeverity: severity,
      byChannel: tickets ? { email: tickets } : {},
      bySite: tickets ? { demo: tickets } : {},
    });
    // Backlog: F open at the start (1); +A +B −A (2); +C (3); F solved (2); F reopened (3); … ;
    // +D −F (3); +E (4).
    assert.deepEqual(body.days, [
      day('2026-03-02', 2, 2, { query: 2 }, { S2: 2 }),
      day('2026-03-03', 1, 3, { query: 1 }, { S1: 1 }),
      day('2026-03-04', 0, 2),
      day('2026-03-05', 0, 3),
      day('2026-03-06', 0, 3),
      day('2026-03-07', 0, 3),
      day('2026-03-08', 0, 3),
      day('2026-03-09', 1, 3, { request: 1 }, { S3: 1 }),
      day('2026-03-10', 1, 4, { bug: 1 }, { S3: 1 }),
    ]);
    // Filtered by plan: all five on standard; none on priority, and no backlog either.
    assert.equal((await report('volume', `${PERIOD}&plan=standard`)).total, 5);
    const priority = await report('volume', `${PERIOD}&plan=priority`);
    assert.equal(priority.total, 0);
    assert.deepEqual(
      priority.days.map((d: { backlog: number }) => d.backlog),
      body.days.map(() => 0),
    );
    // Starting later: the backlog carries over from before the period.
    const later = await report('volume', 'from=2026-03-05&to=2026-03-05');
    assert.deepEqual(later.days, [day('2026-03-05', 0, 3)]);

    assert.deepEqual(
      csvRecords(await csv('volume')),
      body.days.map((d: { date: string; tickets: number; backlog: number }) => ({
        date: d.date,
        tickets: String(d.tickets),
        backlog: String(d.backlog),
      })),
    );
    const breakdown = csvRecords(await csv('volume', 'breakdown'));
    assert.deepEqual(
      breakdown.filter((r) => r.date === '2026-03-09'),
      [
        { date: '2026-03-09', dimension: 'type', value: 'request', tickets: '1' },
        { date: '2026-03-09', dimension: 'severity', value: 'S3', tickets: '1' },
        { date: '2026-03-09', dimension: 'channel', value: 'email', tickets: '1' },
        { date: '2026-03-09', dimension: 'site', value: 'demo', tickets: '1' },
      ],
    );
    assert.equal(breakdown.length, 4 * 4);
  });

  it('budget: used by rate and its cost, remaining, burn per month, run-out date, the timesheet; CSV safe for spreadsheets', async () => {
    const body = await report('budget', `${PERIOD}&site=demo`);
    assert.equal(body.currency, 'GBP');
    assert.deepEqual(body.sites, [
      {
        site: 'demo',
        name: 'Demo LMS',
        plan: 'standard',
        budgetHours: 10,
        // standard 45 + 60 + 90 minutes = 3.25 h × £95; consultancy 30 minutes = 0.5 h × £140.
        usedHours: 3.75,
        remainingHours: 6.25,
        cost: 378.75,
        low: false,
        byRate: [
          { rate: 'consultancy', name: 'Consultancy rate', hourly: 140, hours: 0.5, cost: 70 },
          { rate: 'standard', name: 'Standard rate', hourly: 95, hours: 3.25, cost: 308.75 },
        ],
        months: [
          { month: '2026-02', hours: 0.75, cost: 71.25 },
          { month: '2026-03', hours: 3, cost: 307.5 },
        ],
        // January to March: 3.75 h over 90 days; 6.25 h last 150 days from 10 March.
        averageMonthlyHours: 1.25,
        runsOutOn: '2026-08-07',
      },
    ]);
    const name = admin.agent.name;
    assert.deepEqual(body.entries, {
      total: 3,
      items: [
        { date: '2026-03-02', site: 'demo', reference: refs.A, agent: name, minutes: 60, rate: 'standard', note: '=SUM(A1)' },
        {
          date: '2026-03-03',
          site: 'demo',
          reference: refs.B,
          agent: name,
          minutes: 30,
          rate: 'consultancy',
          note: 'Call, "urgent"\nthen mail',
        },
        { date: '2026-03-09', site: 'demo', reference: refs.D, agent: name, minutes: 90, rate: 'standard', note: null },
      ],
    });
    // The demo site is on the standard plan: kept by plan=standard, dropped by plan=priority.
    assert.deepEqual((await report('budget', `${PERIOD}&plan=standard`)).sites, body.sites);
    const priority = await report('budget', `${PERIOD}&plan=priority`);
    assert.deepEqual(priority.sites, []);
    assert.deepEqual(priority.entries, { total: 0, items: [] });
    // As at the end of an earlier period: February's entry only.
    const february = await report('budget', 'from=2026-02-01&to=2026-02-28&site=demo');
    assert.equal(february.sites[0].usedHours, 0.75);
    assert.equal(february.sites[0].remainingHours, 9.25);
    assert.equal(february.entries.total, 1);

    const text = await csv('budget', 'entries', `${PERIOD}&site=demo`);
    // The raw text: a formula is defused, quotes doubled, the line break kept inside quotes.
    assert.ok(text.includes(",'=SUM(A1)\r\n"), text);
    assert.ok(text.includes(',"Call, ""urgent""\nthen mail"\r\n'), text);
    const rows = parseCsv(text);
    assert.deepEqual(rows[0], ['date', 'site', 'reference', 'agent', 'minutes', 'rate', 'note']);
    assert.deepEqual(
      rows.slice(1),
      body.entries.items.map((e: Record<string, string | number | null>) => [
        e.date,
        e.site,
        e.reference,
        e.agent,
        String(e.minutes),
        e.rate,
        e.note === '=SUM(A1)' ? "'=SUM(A1)" : (e.note ?? ''),
      ]),
    );
    assert.deepEqual(csvRecords(await csv('budget', undefined, `${PERIOD}&site=demo`))[0], {
      site: 'demo',
      name: 'Demo LMS',
      budget_hours: '10',
      used_hours: '3.75',
      remaining_hours: '6.25',
      cost: '378.75',
      currency: 'GBP',
      average_monthly_hours: '1.25',
      runs_out_on: '2026-08-07',
    });
  });

  it('401 without a session; 4xx naming the parameter for bad dates, a reversed or too long period, an unknown report, site or table', async () => {
    assertError(await call(server.url, `/api/reports/sla?${PERIOD}`), 401, 'unauthorized');
    assertError(await call(server.url, `/api/reports/sla?${PERIOD}&format=csv`), 401, 'unauthorized');
    assertError(await admin.get('/api/reports/sla?from=2026-02-30&to=2026-03-10'), 422, 'validation_failed', 'from');
    assertError(await admin.get('/api/reports/sla?from=2026-03-02&to=10/03/2026'), 422, 'validation_failed', 'to');
    assertError(await admin.get('/api/reports/sla?to=2026-03-10'), 422, 'validation_failed', 'from');
    assertError(await admin.get('/api/reports/sla?from=2026-03-10&to=2026-03-02'), 422, 'validation_failed', 'to');
    assertError(await admin.get('/api/reports/sla?from=2025-01-01&to=2026-01-02'), 422, 'validation_failed', 'to'); // 367 days; 366 is the most
    assert.equal((await admin.get('/api/reports/sla?from=2025-01-01&to=2026-01-01')).status, 200);
    assertError(await admin.get(`/api/reports/sla?${PERIOD}&format=xml`), 422, 'validation_failed', 'format');
    assertError(await admin.get(`/api/reports/sla?${PERIOD}&extra=1`), 422, 'validation_failed');
    assertError(await admin.get(`/api/reports/sla?${PERIOD}&site=nowhere`), 422, 'unknown_site', 'site');
    assertError(await admin.get(`/api/reports/volume?${PERIOD}&plan=gold`), 422, 'validation_failed', 'plan');
    assertError(await admin.get(`/api/reports/sla?${PERIOD}&format=csv&table=entries`), 422, 'validation_failed', 'table');
    assertError(await admin.get(`/api/reports/nosuch?${PERIOD}`), 404, 'not_found', 'name');
  });
});
