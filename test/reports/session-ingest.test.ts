/**
 * Widget sessions as events arrive (POST /api/widget-events, /api/search-events, /api/tickets):
 * a session id belongs to the site that first used it, an article read answers the session's
 * latest unread search of the last 30 minutes, first instants are kept, bad ids are refused.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { addSite } from '../../api/src/sites/sites.ts';
import { assertError, forEachStore, movableClock, post, validTicket } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';

/** SQLite answers rows without a prototype. */
const plain = <T extends object>(rows: T[]): T[] => rows.map((r) => ({ ...r }));
const DEMO = '0a9b8c7d-1111-4222-8333-000000000001';
const READER = '0a9b8c7d-1111-4222-8333-000000000002';
const OTHER = '0a9b8c7d-1111-4222-8333-000000000003';

forEachStore('Widget sessions at ingest', (target) => {
  let server: TestServer;
  const clock = movableClock(new Date('2026-03-02T09:00:00.000Z'));
  const db = () => server.running.store.db;

  const send = async (path: string, body: unknown, iso: string) => {
    clock.set(iso);
    const res = await post(server.url, path, body);
    assert.equal(res.status, 202, res.text);
  };
  const session = (id: string) => db().selectFrom('widget_sessions').selectAll().where('id', '=', id).executeTakeFirst();

  before(async () => {
    server = await target.start({ clock, env: { HELPWAY_RATE_LIMITS: 'tickets=100/60,events=1000/60' } });
    await addSite(
      db(),
      server.running.policy,
      { key: 'acme', name: 'Acme College', plan: 'standard', origins: ['https://acme.example'], budgetHours: 10 },
      clock.now(),
    );
  });
  after(() => server.stop());

  it("another site's events, searches and tickets cannot write into a session; the events themselves are kept", async () => {
    await send(
      '/api/widget-events',
      { site: 'demo', session: DEMO, type: 'opened', page: 'https://lms.example/my/' },
      '2026-03-02T09:00:00.000Z',
    );
    await send('/api/widget-events', { site: 'acme', session: DEMO, type: 'article_read', slug: 'sso' }, '2026-03-02T09:01:00.000Z');
    await send(
      '/api/search-events',
      { site: 'acme', session: DEMO, source: 'widget', query: 'sso', resultCount: 1, clickedSlug: 'sso' },
      '2026-03-02T09:02:00.000Z',
    );
    clock.set('2026-03-02T09:03:00.000Z');
    const res = await post(server.url, '/api/tickets', validTicket({ site: 'acme', widgetSession: DEMO }));
    assert.equal(res.status, 201, res.text);

    const row = await session(DEMO);
    assert.equal(row?.site_key, 'demo');
    assert.equal(row?.page_pattern, '/my');
    assert.deepEqual([row?.read_at, row?.searched_at, row?.clicked_at, row?.ticket_at, row?.ticket_id], [null, null, null, null, null]);
    const events = await db().selectFrom('widget_events').select(['site_key', 'type', 'session_id']).orderBy('id').execute();
    assert.deepEqual(plain(events), [
      { site_key: 'demo', type: 'opened', session_id: DEMO },
      { site_key: 'acme', type: 'article_read', session_id: null },
    ]);
    const searches = await db().selectFrom('search_events').select(['site_key', 'session_id']).execute();
    assert.deepEqual(plain(searches), [{ site_key: 'acme', session_id: null }]);
  });

  it('a session first seen in a batch belongs to its first site, and the batch keeps to it', async () => {
    await send(
      '/api/widget-events',
      [
        { site: 'acme', session: OTHER, type: 'opened', page: 'https://acme.example/courses/9' },
        { site: 'demo', session: OTHER, type: 'escalation_started' },
        { site: 'acme', session: OTHER, type: 'suggestion_shown', slug: 'sso' },
      ],
      '2026-03-02T09:30:00.000Z',
    );
    const row = await session(OTHER);
    assert.deepEqual(
      [row?.site_key, row?.page_pattern, row?.started_at, row?.suggested_at, row?.escalated_at],
      ['acme', '/courses/:id', '2026-03-02T09:30:00.000Z', '2026-03-02T09:30:00.000Z', null],
    );
    // A later step keeps the first instant of the steps already reached.
    await send('/api/widget-events', { site: 'acme', session: OTHER, type: 'suggestion_shown', slug: 'sso' }, '2026-03-02T09:40:00.000Z');
    await send('/api/widget-events', { site: 'acme', session: OTHER, type: 'escalation_started' }, '2026-03-02T09:41:00.000Z');
    const later = await session(OTHER);
    assert.deepEqual(
      [later?.started_at, later?.suggested_at, later?.escalated_at],
      ['2026-03-02T09:30:00.000Z', '2026-03-02T09:30:00.000Z', '2026-03-02T09:41:00.000Z'],
    );
  });

  it("an article read answers the session's latest search not yet read, within 30 minutes, in that session only", async () => {
    const search = (query: string, iso: string, id = READER) =>
      send('/api/search-events', { site: 'demo', session: id, source: 'widget', query, resultCount: 2 }, iso);
    const read = (slug: string, iso: string) =>
      send('/api/widget-events', { site: 'demo', session: READER, type: 'article_read', slug }, iso);
    await search('alpha', '2026-03-02T10:00:00.000Z');
    await search('beta', '2026-03-02T10:01:00.000Z');
    await read('beta-article', '2026-03-02T10:02:00.000Z');
    await read('alpha-article', '2026-03-02T10:03:00.000Z');
    await read('third', '2026-03-02T10:04:00.000Z');
    await search('gamma', '2026-03-02T10:10:00.000Z');
    // Another session's search just before the read is not this session's.
    await search('delta', '2026-03-02T10:39:00.000Z', DEMO);
    await read('too-late', '2026-03-02T10:40:01.000Z');
    const rows = await db()
      .selectFrom('search_events')
      .select(['query', 'read_slug', 'read_at'])
      .where('session_id', 'in', [READER, DEMO])
      .orderBy('id')
      .execute();
    assert.deepEqual(plain(rows), [
      { query: 'alpha', read_slug: 'alpha-article', read_at: '2026-03-02T10:03:00.000Z' },
      { query: 'beta', read_slug: 'beta-article', read_at: '2026-03-02T10:02:00.000Z' },
      { query: 'gamma', read_slug: null, read_at: null },
      { query: 'delta', read_slug: null, read_at: null },
    ]);
    const row = await session(READER);
    assert.deepEqual([row?.searched_at, row?.read_at], ['2026-03-02T10:00:00.000Z', '2026-03-02T10:02:00.000Z']);
  });

  it('a session id that is no UUID is refused, naming the field; 32 hex digits are taken, lower-cased', async () => {
    assertError(
      await post(server.url, '/api/widget-events', { site: 'demo', session: 'me@example.org', type: 'opened' }),
      422,
      'validation_failed',
      'session',
    );
    assertError(
      await post(server.url, '/api/search-events', { session: DEMO, source: 'widget', query: 'x', resultCount: 0 }),
      422,
      'validation_failed',
      'site',
    );
    assertError(
      await post(server.url, '/api/tickets', validTicket({ widgetSession: 'not-a-uuid' })),
      422,
      'validation_failed',
      'widgetSession',
    );
    await send(
      '/api/widget-events',
      { site: 'demo', session: 'ABCDEF0123456789ABCDEF0123456789', type: 'opened' },
      '2026-03-02T11:00:00.000Z',
    );
    assert.equal((await session('abcdef0123456789abcdef0123456789'))?.site_key, 'demo');
  });
});
