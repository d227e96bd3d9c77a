/**
 * GET /api/reports/budget/statement over HTTP on SQLite and PostgreSQL: a site's month, as a
 * printable page and as CSV, against time logged by hand under a clock the test moves. The demo
 * site has 10 hours; the demo policy charges £95 (standard) and £140 (consultancy) an hour.
 *
 *   February: 45 min standard                                → 0.75 h, £71.25
 *   March:    60 + 90 min standard, 30 min consultancy       → 2.5 h £237.50 + 0.5 h £70 = 3 h, £307.50
 *   April:    15 min standard (the month still running)
 *
 * So March: bought 10, used before 0.75, used 3, remaining at month end 6.25 (April's quarter
 * hour not counted); April so far: used before 3.75, used 0.25, remaining 6.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore, movableClock } from '../api/helpers.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { csvRecords } from './support.ts';

const NOTE = '<script>window.__x=1</script> & "quotes"';

forEachStore('Budget statement per site and month', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const clock = movableClock(new Date('2026-02-16T10:00:00.000Z'));
  const refs: string[] = [];

  const log = async (iso: string, ref: string, minutes: number, rate: string, note?: string) => {
    clock.set(iso);
    admin = await signIn(server.url);
    const res = await admin.post(`/api/inbox/tickets/${ref}/time`, { minutes, rate, ...(note ? { note } : {}) });
    assert.ok(res.status === 200 || res.status === 201, res.text);
  };

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    refs.push((await fileTicket(server.url, { severity: 'S3', subject: 'Gradebook export' })).reference);
    await log('2026-02-16T11:00:00.000Z', refs[0], 45, 'standard');
    clock.set('2026-03-02T09:30:00.000Z');
    refs.push((await fileTicket(server.url, { severity: 'S2', subject: 'Quiz timer' })).reference);
    await log('2026-03-02T10:00:00.000Z', refs[1], 60, 'standard', NOTE);
    await log('2026-03-17T15:00:00.000Z', refs[1], 30, 'consultancy', '=HYPERLINK("x")');
    await log('2026-03-31T23:45:00.000Z', refs[0], 90, 'standard');
    await log('2026-04-01T00:00:00.000Z', refs[0], 15, 'standard');
    clock.set('2026-04-02T12:00:00.000Z');
    admin = await signIn(server.url);
  });
  after(() => server.stop());

  const statement = async (query: string) => {
    const res = await call(server.url, `/api/reports/budget/statement?${query}`, { headers: { cookie: admin.cookie } });
    assert.equal(res.status, 200, res.text);
    return res;
  };

  it('the HTML page: summary, rates, entries, escaped, A4 print CSS, its own CSP with no script', async () => {
    const res = await statement('site=demo&month=2026-03');
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.doesNotMatch(csp, /script-src|unsafe-inline/);
    const html = res.text;
    assert.match(html, /<title>Budget statement: Demo LMS, March 2026<\/title>/);
    assert.match(html, /@page \{ size: A4;/);
    const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(text, /Hours bought 10\.00 h/);
    assert.match(text, /Used before this month 0\.75 h/);
    assert.match(text, /Used this month 3\.00 h \(£307\.50\)/);
    assert.match(text, /Remaining at month end 6\.25 h/);
    assert.match(text, /Standard rate £95\.00 2\.50 £237\.50/);
    assert.match(text, /Consultancy rate £140\.00 0\.50 £70\.00/);
    assert.match(text, /Total 3\.00 £307\.50/);
    assert.match(text, new RegExp(`2 Mar 2026 ${refs[1]} ${admin.agent.name} 60 Standard rate`));
    assert.match(text, new RegExp(`31 Mar 2026 ${refs[0]} ${admin.agent.name} 90 Standard rate`));
    assert.doesNotMatch(text, /1 Apr 2026/, "April's entry is not March's");
    // The note is text: no element made of it.
    assert.ok(!html.includes('<script'), 'no script element');
    assert.ok(html.includes('&#60;script&#62;window.__x&#61;1&#60;/script&#62; &#38; &#34;quotes&#34;'), 'the note escaped');
    assert.doesNotMatch(text, /not over/);
  });

  it('a running month says so and counts up to now; a month without time says so', async () => {
    const text = (await statement('site=demo&month=2026-04')).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(text, /The month is not over: figures as at 2026-04-02 12:00 UTC/);
    assert.match(text, /Used before this month 3\.75 h/);
    assert.match(text, /Used this month 0\.25 h \(£23\.75\)/);
    assert.match(text, /Remaining so far 6\.00 h/);
    const january = (await statement('site=demo&month=2026-01')).text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(january, /Used this month 0\.00 h \(£0\.00\)/);
    assert.match(january, /Remaining at month end 10\.00 h/);
    assert.match(january, /No time was logged this month/);
  });

  it('CSV: the entries (default), the rates and the summary, read back as a spreadsheet would', async () => {
    const entries = await statement('site=demo&month=2026-03&format=csv');
    assert.equal(entries.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(entries.headers.get('content-disposition'), 'attachment; filename="helpway-statement-demo-2026-03.csv"');
    const name = admin.agent.name;
    assert.deepEqual(csvRecords(entries.text), [
      { date: '2026-03-02', reference: refs[1], agent: name, minutes: '60', rate: 'standard', note: NOTE },
      { date: '2026-03-17', reference: refs[1], agent: name, minutes: '30', rate: 'consultancy', note: `'=HYPERLINK("x")` },
      { date: '2026-03-31', reference: refs[0], agent: name, minutes: '90', rate: 'standard', note: '' },
    ]);
    const rates = await statement('site=demo&month=2026-03&format=csv&table=rates');
    assert.equal(rates.headers.get('content-disposition'), 'attachment; filename="helpway-statement-demo-2026-03-rates.csv"');
    assert.deepEqual(csvRecords(rates.text), [
      { rate: 'standard', name: 'Standard rate', hourly: '95', hours: '2.5', cost: '237.5', currency: 'GBP' },
      { rate: 'consultancy', name: 'Consultancy rate', hourly: '140', hours: '0.5', cost: '70', currency: 'GBP' },
    ]);
    assert.deepEqual(csvRecords((await statement('site=demo&month=2026-02&format=csv&table=summary')).text), [
      {
        site: 'demo',
        name: 'Demo LMS',
        month: '2026-02',
        hours_bought: '10',
        used_before_hours: '0',
        used_hours: '0.75',
        cost: '71.25',
        currency: 'GBP',
        remaining_hours: '9.25',
        complete: 'true',
      },
    ]);
  });

  it('401 without a session; 4xx naming the field for a bad or future month, an unknown site or table', async () => {
    assertError(await call(server.url, '/api/reports/budget/statement?site=demo&month=2026-03'), 401, 'unauthorized');
    assertError(await call(server.url, '/api/reports/budget/statement?site=demo&month=2026-03&format=csv'), 401, 'unauthorized');
    const get = (query: string) => admin.get(`/api/reports/budget/statement?${query}`);
    assertError(await get('site=demo&month=2026-13'), 422, 'validation_failed', 'month');
    assertError(await get('site=demo&month=2026-3'), 422, 'validation_failed', 'month');
    assertError(await get('site=demo&month=1999-12'), 422, 'validation_failed', 'month');
    assertError(await get('site=demo'), 422, 'validation_failed', 'month');
    assertError(await get('site=demo&month=2026-05'), 422, 'validation_failed', 'month'); // after April, the current month
    assertError(await get('month=2026-03'), 422, 'validation_failed', 'site');
    assertError(await get('site=nowhere&month=2026-03'), 422, 'unknown_site', 'site');
    assertError(await get('site=demo&month=2026-03&format=pdf'), 422, 'validation_failed', 'format');
    assertError(await get('site=demo&month=2026-03&format=csv&table=months'), 422, 'validation_failed', 'table');
  });
});
