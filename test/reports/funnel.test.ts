/**
 * GET /api/reports/funnel and /api/reports/searches over HTTP on SQLite and PostgreSQL, against
 * events fed through the real endpoints (POST /api/widget-events, /api/search-events, POST
 * /api/tickets with a widget session) under a clock the test moves. Period: 2 and 3 March 2026.
 *
 * Sessions (demo unless said):
 *   S1 2 Mar  opened on a Canvas assignment, 2 suggestions shown, searched "  Submit  Assignment "
 *             (3 results), read → self-served.
 *   S2 2 Mar  opened on /course/view.php?id=5, searched "grades" (0) and "Grades export" (2, clicked),
 *             read, contact form, ticket 17 min after the read → not self-served.
 *   S5 2 Mar  acme: opened on /d2l/home/6606, a suggestion shown; nothing else.
 *   S3 3 Mar  opened on admin/settings.php?section=manageauths, clicked a suggestion, read; ticket
 *             on 4 Mar, 25 h after the read → still self-served (and that ticket is not the period's).
 *   S4 3 Mar  opened on /course/view.php?id=7, searched "quiz  timer" (4, no click), contact form, ticket.
 *   S6 4 Mar  outside the period.
 * Also: an acme KB search "Grades" (0), a site-less KB search " GRADES " (0), a demo KB search
 * "Quiz Timer" (5, no click), searches on 1 and 4 March (outside), and an email ticket on 3 March
 * from /mod/assign/view.php?id=12 (no session).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { addSite } from '../../api/src/sites/sites.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';
import { call, forEachStore, movableClock, post, validTicket } from '../api/helpers.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { csvRecords } from './support.ts';

const PERIOD = 'from=2026-03-02&to=2026-03-03';
const S1 = '6f1c2d3e-0000-4000-8000-000000000001';
const S2 = '6f1c2d3e-0000-4000-8000-000000000002';
const S3 = '6f1c2d3e-0000-4000-8000-000000000003';
const S4 = '6f1c2d3e-0000-4000-8000-000000000004';
const S5 = '6f1c2d3e-0000-4000-8000-000000000005';
const S6 = '6f1c2d3e-0000-4000-8000-000000000006';
const LMS = 'https://lms.college.example';

forEachStore('Reports: funnel and searches', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const clock = movableClock(new Date('2026-03-01T23:59:00.000Z'));
  const tickets: Record<string, number> = {};

  const accepted = async (path: string, body: unknown) => {
    const res = await post(server.url, path, body);
    assert.equal(res.status, 202, `${path}: ${res.text}`);
  };
  const widget = (iso: string, session: string, events: Array<Record<string, unknown>>, site = 'demo') => {
    clock.set(iso);
    return accepted(
      '/api/widget-events',
      events.map((e) => ({ site, session, ...e })),
    );
  };
  const search = (iso: string, event: Record<string, unknown>) => {
    clock.set(iso);
    return accepted('/api/search-events', { source: 'widget', site: 'demo', ...event });
  };
  const ticket = async (iso: string, name: string, overrides: Record<string, unknown>) => {
    clock.set(iso);
    const res = await post(server.url, '/api/tickets', validTicket({ subject: name, ...overrides }));
    assert.equal(res.status, 201, res.text);
    tickets[name] = idFromReference(res.body.reference)!;
  };

  before(async () => {
    server = await target.start(withAdmin({ clock, env: { HELPWAY_RATE_LIMITS: 'tickets=100/60,events=1000/60' } }));
    await addSite(
      server.running.store.db,
      server.running.policy,
      { key: 'acme', name: 'Acme College', plan: 'standard', origins: ['https://acme.example'], budgetHours: 10 },
      clock.now(),
    );
    await search('2026-03-01T23:59:00.000Z', { query: 'grades', resultCount: 0, source: 'kb' });

    await widget('2026-03-02T10:00:00.000Z', S1, [
      { type: 'opened', page: `${LMS}/courses/123/assignments/45?foo=1` },
      { type: 'suggestion_shown', slug: 'assignments', page: `${LMS}/courses/123/assignments/45?foo=1` },
      { type: 'suggestion_shown', slug: 'late-submissions', page: `${LMS}/courses/123/assignments/45?foo=1` },
    ]);
    await search('2026-03-02T10:01:00.000Z', { session: S1, query: '  Submit  Assignment ', resultCount: 3 });
    await widget('2026-03-02T10:02:00.000Z', S1, [{ type: 'article_read', slug: 'assignments' }]);

    await widget('2026-03-02T11:00:00.000Z', S2, [{ type: 'opened', page: `${LMS}/course/view.php?id=5` }]);
    await search('2026-03-02T11:01:00.000Z', { session: S2, query: 'grades', resultCount: 0 });
    await search('2026-03-02T11:02:00.000Z', { session: S2, query: 'Grades export', resultCount: 2, clickedSlug: 'export-grades' });
    await widget('2026-03-02T11:03:00.000Z', S2, [{ type: 'article_read', slug: 'export-grades' }]);
    await widget('2026-03-02T11:10:00.000Z', S2, [{ type: 'escalation_started' }]);
    await ticket('2026-03-02T11:20:00.000Z', 'S2', { widgetSession: S2, context: { url: `${LMS}/course/view.php?id=5` } });

    await widget(
      '2026-03-02T12:00:00.000Z',
      S5,
      [
        { type: 'opened', page: 'https://acme.example/d2l/home/6606' },
        { type: 'suggestion_shown', slug: 'sso' },
      ],
      'acme',
    );
    await search('2026-03-02T12:05:00.000Z', { site: 'acme', source: 'kb', query: 'Grades', resultCount: 0 });
    await search('2026-03-02T15:00:00.000Z', { site: undefined, source: 'kb', query: ' GRADES ', resultCount: 0 });

    const admin3 = `${LMS}/admin/settings.php?section=manageauths`;
    await widget('2026-03-03T09:00:00.000Z', S3, [
      { type: 'opened', page: admin3 },
      { type: 'suggestion_shown', slug: 'sso' },
    ]);
    await widget('2026-03-03T09:01:00.000Z', S3, [{ type: 'suggestion_clicked', slug: 'sso' }]);
    await widget('2026-03-03T09:02:00.000Z', S3, [{ type: 'article_read', slug: 'sso' }]);
    await ticket('2026-03-03T10:00:00.000Z', 'email', {});

    await widget('2026-03-03T14:00:00.000Z', S4, [{ type: 'opened', page: `${LMS}/course/view.php?id=7` }]);
    await search('2026-03-03T14:01:00.000Z', { session: S4, query: 'quiz  timer', resultCount: 4 });
    await widget('2026-03-03T14:05:00.000Z', S4, [{ type: 'escalation_started' }]);
    await ticket('2026-03-03T14:06:00.000Z', 'S4', { widgetSession: S4, context: { url: `${LMS}/course/view.php?id=7` } });
    await search('2026-03-03T16:00:00.000Z', { source: 'kb', query: 'Quiz Timer', resultCount: 5 });

    await widget('2026-03-04T08:00:00.000Z', S6, [{ type: 'opened', page: `${LMS}/my/` }]);
    await search('2026-03-04T08:01:00.000Z', { session: S6, query: 'grades', resultCount: 0 });
    await ticket('2026-03-04T10:00:00.000Z', 'S3', { widgetSession: S3, context: { url: admin3 } });

    clock.set('2026-03-05T09:00:00.000Z');
    admin = await signIn(server.url);
  });
  after(() => server.stop());

  const report = async (name: string, query = PERIOD) => {
    const res = await admin.get(`/api/reports/${name}?${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const csv = async (name: string, table: string | null, query = PERIOD) => {
    const res = await call(server.url, `/api/reports/${name}?${query}&format=csv${table ? `&table=${table}` : ''}`, {
      headers: { cookie: admin.cookie },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    return csvRecords(res.text);
  };

  it('tickets carry their widget session and page pattern, whatever the channel', async () => {
    const rows = await server.running.store.db
      .selectFrom('tickets')
      .select(['id', 'widget_session', 'page_pattern'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      rows.map((r) => [Number(r.id), r.widget_session, r.page_pattern]),
      [
        [tickets.S2, S2, '/course/view.php'],
        [tickets.email, null, '/mod/assign/view.php'],
        [tickets.S4, S4, '/course/view.php'],
        [tickets.S3, S3, '/admin/settings.php?section=manageauths'],
      ],
    );
    const sessions = await server.running.store.db
      .selectFrom('widget_sessions')
      .select(['id', 'ticket_id', 'ticket_within_24h', 'read_at', 'ticket_at'])
      .where('ticket_id', 'is not', null)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      sessions.map((s) => [s.id, Number(s.ticket_id), Number(s.ticket_within_24h), s.read_at, s.ticket_at]),
      [
        [S2, tickets.S2, 1, '2026-03-02T11:03:00.000Z', '2026-03-02T11:20:00.000Z'],
        [S3, tickets.S3, 0, '2026-03-03T09:02:00.000Z', '2026-03-04T10:00:00.000Z'],
        [S4, tickets.S4, 0, null, '2026-03-03T14:06:00.000Z'],
      ],
    );
  });

  it('funnel: sessions per step, self-service, per day and the pages tickets came from (JSON and CSV)', async () => {
    const body = await report('funnel');
    assert.deepEqual(body.tables, ['steps', 'days', 'pages']);
    assert.deepEqual(body.steps, [
      { step: 'sessions', sessions: 5 },
      { step: 'engaged', sessions: 4 },
      { step: 'read', sessions: 3 },
      { step: 'escalated', sessions: 2 },
      { step: 'ticket', sessions: 3 },
    ]);
    // S1 and S3 read and filed nothing within 24 h of it; 2 of 5.
    assert.deepEqual(body.selfService, { sessions: 5, read: 3, selfServed: 2, rate: 0.4 });
    assert.deepEqual(body.days, [
      { day: '2026-03-02', sessions: 3, engaged: 2, read: 2, escalated: 1, ticket: 1 },
      { day: '2026-03-03', sessions: 2, engaged: 2, read: 1, escalated: 1, ticket: 2 },
    ]);
    assert.deepEqual(body.pages, [
      { pattern: '/course/view.php', tickets: 2, sessions: 2 },
      { pattern: '/mod/assign/view.php', tickets: 1, sessions: 0 },
      { pattern: '/admin/settings.php?section=manageauths', tickets: 0, sessions: 1 },
      { pattern: '/courses/:id/assignments/:id', tickets: 0, sessions: 1 },
      { pattern: '/d2l/home/:id', tickets: 0, sessions: 1 },
    ]);

    assert.deepEqual(await csv('funnel', null), [
      { step: 'sessions', sessions: '5' },
      { step: 'engaged', sessions: '4' },
      { step: 'read', sessions: '3' },
      { step: 'escalated', sessions: '2' },
      { step: 'ticket', sessions: '3' },
    ]);
    assert.deepEqual(await csv('funnel', 'days'), [
      { day: '2026-03-02', sessions: '3', engaged: '2', read: '2', escalated: '1', ticket: '1' },
      { day: '2026-03-03', sessions: '2', engaged: '2', read: '1', escalated: '1', ticket: '2' },
    ]);
    const pages = await csv('funnel', 'pages');
    assert.deepEqual(pages[0], { pattern: '/course/view.php', tickets: '2', sessions: '2' });
    assert.equal(pages.length, 5);
  });

  it('funnel for one site, and for a period without sessions', async () => {
    const acme = await report('funnel', `${PERIOD}&site=acme`);
    assert.deepEqual(
      acme.steps.map((s: { sessions: number }) => s.sessions),
      [1, 0, 0, 0, 0],
    );
    assert.deepEqual(acme.selfService, { sessions: 1, read: 0, selfServed: 0, rate: 0 });
    assert.deepEqual(acme.pages, [{ pattern: '/d2l/home/:id', tickets: 0, sessions: 1 }]);
    const demo = await report('funnel', `${PERIOD}&site=demo`);
    assert.deepEqual(demo.selfService, { sessions: 4, read: 3, selfServed: 2, rate: 0.5 });
    const empty = await report('funnel', 'from=2026-03-10&to=2026-03-10');
    assert.deepEqual(empty.selfService, { sessions: 0, read: 0, selfServed: 0, rate: null });
    assert.deepEqual(empty.days, [{ day: '2026-03-10', sessions: 0, engaged: 0, read: 0, escalated: 0, ticket: 0 }]);
    assert.deepEqual(empty.pages, []);
  });

  it('searches: totals, the top queries (normalised), no results, no click, followed by a ticket (JSON and CSV)', async () => {
    const body = await report('searches');
    assert.deepEqual(body.tables, ['top', 'noResults', 'noClick', 'followedByTicket']);
    assert.deepEqual(body.totals, { searches: 7, noResults: 3, noClick: 2, followedByTicket: 3 });
    assert.deepEqual(body.top, [
      { query: 'grades', searches: 3, clicks: 0, reads: 0, tickets: 1 },
      { query: 'quiz timer', searches: 2, clicks: 0, reads: 0, tickets: 1 },
      { query: 'grades export', searches: 1, clicks: 1, reads: 1, tickets: 1 },
      { query: 'submit assignment', searches: 1, clicks: 0, reads: 1, tickets: 0 },
    ]);
    assert.deepEqual(body.noResults, [{ query: 'grades', searches: 3 }]);
    assert.deepEqual(body.noClick, [{ query: 'quiz timer', searches: 2 }]);
    assert.deepEqual(body.followedByTicket, [
      { query: 'grades', searches: 1, tickets: 1 },
      { query: 'grades export', searches: 1, tickets: 1 },
      { query: 'quiz timer', searches: 1, tickets: 1 },
    ]);

    assert.deepEqual(await csv('searches', null), [
      { query: 'grades', searches: '3', clicks: '0', reads: '0', tickets: '1' },
      { query: 'quiz timer', searches: '2', clicks: '0', reads: '0', tickets: '1' },
      { query: 'grades export', searches: '1', clicks: '1', reads: '1', tickets: '1' },
      { query: 'submit assignment', searches: '1', clicks: '0', reads: '1', tickets: '0' },
    ]);
    assert.deepEqual(await csv('searches', 'noResults'), [{ query: 'grades', searches: '3' }]);
    assert.deepEqual(await csv('searches', 'noClick'), [{ query: 'quiz timer', searches: '2' }]);
    assert.deepEqual(await csv('searches', 'followedByTicket'), [
      { query: 'grades', searches: '1', tickets: '1' },
      { query: 'grades export', searches: '1', tickets: '1' },
      { query: 'quiz timer', searches: '1', tickets: '1' },
    ]);

    const demo = await report('searches', `${PERIOD}&site=demo`);
    assert.deepEqual(demo.totals, { searches: 5, noResults: 1, noClick: 2, followedByTicket: 3 });
    assert.deepEqual(
      demo.top.map((q: { query: string; searches: number }) => [q.query, q.searches]),
      [
        ['quiz timer', 2],
        ['grades', 1],
        ['grades export', 1],
        ['submit assignment', 1],
      ],
    );
  });

  it('an unknown table is refused, naming it', async () => {
    const res = await call(server.url, `/api/reports/searches?${PERIOD}&format=csv&table=nope`, { headers: { cookie: admin.cookie } });
    assert.equal(res.status, 422);
    assert.ok('table' in res.body.error.fields);
  });
});
