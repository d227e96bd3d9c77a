/**
 * "How did we do?" end to end over HTTP on SQLite and PostgreSQL: solving a ticket mails the
 * requester two rating links (their token sealed in the outbox); opening a link records nothing;
 * the form's POST records, a later answer replaces the first; agents see it on the ticket; the
 * csat report and its CSV add it up. An open ticket cannot be rated; a wrong token gets the 404 page.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore, movableClock } from '../api/helpers.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { asDelivered } from '../support/outbox.ts';
import type { TestServer } from '../support/api-server.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';
import { csvRecords } from '../reports/support.ts';

forEachStore('Satisfaction after solving', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const clock = movableClock(new Date('2026-03-02T10:15:00.000Z'));
  const db = () => server.running.store.db;
  const at = async (iso: string) => {
    clock.set(iso);
    admin = await signIn(server.url);
  };
  const solve = async (reference: string) => {
    const res = await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'solved' });
    assert.equal(res.status, 200, res.text);
  };
  const ratings = () => db().selectFrom('satisfaction').selectAll().orderBy('id').execute();
  const postForm = (path: string, fields: Record<string, string>) =>
    fetch(server.url + path, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
  /** The solved mail of `reference` as delivered: its two rating links. */
  const ratingLinks = async (reference: string) => {
    const row = await db()
      .selectFrom('outbox')
      .selectAll()
      .where('ticket_id', '=', idFromReference(reference)!)
      .where('kind', '=', 'status')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.ok(row.sealed_secret, 'the rating token is sealed');
    assert.doesNotMatch(row.text_body, /token=[A-Za-z0-9_-]{20,}/, 'no token in the stored body');
    const mail = await asDelivered(db(), row);
    assert.match(mail.text, /How did we do\?/);
    const good = /Good: (\S+)/.exec(mail.text)?.[1];
    const bad = /Not good: (\S+)/.exec(mail.text)?.[1];
    assert.ok(good && bad, mail.text);
    assert.ok(mail.html.includes('>Not good</a>'));
    return { good: new URL(good), bad: new URL(bad) };
  };

  let A: { reference: string; token: string };
  let B: { reference: string; token: string };
  let C: { reference: string; token: string };

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    await at('2026-03-02T10:15:00.000Z');
    A = await fileTicket(server.url, { subject: 'A: rated twice' });
    B = await fileTicket(server.url, { subject: 'B: still open' });
    C = await fileTicket(server.url, { subject: 'C: rated from the status page' });
    await at('2026-03-02T11:00:00.000Z');
    await solve(A.reference);
  });
  after(() => server.stop());

  it('mails the rating links; opening one records nothing; the POST records and a later answer replaces it', async () => {
    const links = await ratingLinks(A.reference);
    assert.equal(links.bad.pathname, `/tickets/${A.reference}/satisfaction`);
    assert.equal(links.bad.searchParams.get('rating'), 'bad');
    const token = links.bad.searchParams.get('token')!;
    assert.notEqual(token, A.token, 'not the requester token: a token of its own');

    // A mail scanner (or the requester) opens the link: a page, nothing recorded.
    const page = await fetch(`${server.url}${links.bad.pathname}${links.bad.search}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /<input type="radio" id="rating-bad" name="rating" value="bad" checked/);
    assert.doesNotMatch(html, /id="rating-good"[^>]*checked/);
    assert.match(html, /<textarea id="rating-comment"/);
    assert.equal((await ratings()).length, 0, 'GET must not record');

    const sent = await postForm(`/tickets/${A.reference}/satisfaction`, { token, rating: 'bad', comment: 'Took <b>two</b> days' });
    assert.equal(sent.status, 200);
    assert.match(await sent.text(), /We recorded your answer for HW-\d+: <strong>Not good<\/strong>/);
    let rows = await ratings();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].rating, 'bad');
    assert.equal(rows[0].comment, 'Took <b>two</b> days');
    assert.equal(rows[0].site_key, 'demo');

    await at('2026-03-04T09:00:00.000Z');
    const changed = await postForm(`/tickets/${A.reference}/satisfaction`, { token, rating: 'good', comment: 'Actually, all fine' });
    assert.equal(changed.status, 200);
    rows = await ratings();
    assert.equal(rows.length, 1, 'one answer per ticket');
    assert.equal(rows[0].rating, 'good');
    assert.equal(rows[0].comment, 'Actually, all fine');
    assert.equal(rows[0].created_at, '2026-03-02T11:00:00.000Z', 'the first answer keeps its date');
    assert.equal(rows[0].updated_at, '2026-03-04T09:00:00.000Z');

    // The page now shows the answer given, escaped.
    const again = await (await fetch(`${server.url}${links.bad.pathname}${links.bad.search}`)).text();
    assert.match(again, /Actually, all fine/);
  });

  it('refuses a bad answer, a wrong token and an open ticket', async () => {
    const { good } = await ratingLinks(A.reference);
    const token = good.searchParams.get('token')!;
    const bad = await postForm(`/tickets/${A.reference}/satisfaction`, { token, rating: 'meh' });
    assert.equal(bad.status, 422);
    assert.match(await bad.text(), /Your answer: choose Good or Not good/);

    // A's rating token does not rate B, and a made-up token rates nothing.
    assert.equal((await postForm(`/tickets/${B.reference}/satisfaction`, { token, rating: 'good' })).status, 404);
    assert.equal((await fetch(`${server.url}/tickets/${A.reference}/satisfaction?rating=good&token=forged`)).status, 404);

    // B is open: its own requester token is right, the ticket is not rateable.
    const open = await fetch(`${server.url}/tickets/${B.reference}/satisfaction?rating=good&token=${encodeURIComponent(B.token)}`);
    assert.equal(open.status, 409);
    assert.match(await open.text(), /This ticket is open: only a solved or closed ticket can be rated/);
    const posted = await postForm(`/tickets/${B.reference}/satisfaction`, { token: B.token, rating: 'good' });
    assert.equal(posted.status, 409);
    assert.equal((await ratings()).filter((r) => r.ticket_id === idFromReference(B.reference)).length, 0);
  });

  it('asks on the status page of a solved ticket, with the requester token', async () => {
    await at('2026-03-10T10:00:00.000Z');
    await solve(C.reference);
    const before = await (await fetch(`${server.url}/tickets/${B.reference}?token=${encodeURIComponent(B.token)}`)).text();
    assert.doesNotMatch(before, /How did we do\?/, 'not while the ticket is open');
    const status = await (await fetch(`${server.url}/tickets/${C.reference}?token=${encodeURIComponent(C.token)}`)).text();
    assert.match(status, /<h2>How did we do\?<\/h2>/);
    const href = /href="([^"]*rating&#61;bad[^"]*)"/.exec(status)?.[1].replaceAll('&#38;', '&').replaceAll('&#61;', '=');
    assert.ok(href, status);
    assert.equal((await fetch(server.url + href)).status, 200);
    const res = await postForm(`/tickets/${C.reference}/satisfaction`, { token: C.token, rating: 'bad', comment: '' });
    assert.equal(res.status, 200);
    const row = (await ratings()).find((r) => r.ticket_id === idFromReference(C.reference));
    assert.equal(row?.rating, 'bad');
    assert.equal(row?.comment, null);
  });

  it('shows the answer to agents on the ticket', async () => {
    const ticket = await admin.get(`/api/inbox/tickets/${A.reference}`);
    assert.equal(ticket.status, 200);
    assert.deepEqual(ticket.body.satisfaction, {
      rating: 'good',
      comment: 'Actually, all fine',
      createdAt: '2026-03-02T11:00:00.000Z',
      updatedAt: '2026-03-04T09:00:00.000Z',
    });
    assert.equal((await admin.get(`/api/inbox/tickets/${B.reference}`)).body.satisfaction, null);
  });

  it('adds the answers up in the csat report, per ISO week, and its CSV', async () => {
    // A: good (first answered Mon 2 March, week 10); C: bad (Tue 10 March, week 11).
    const res = await admin.get('/api/reports/csat?from=2026-03-02&to=2026-03-15');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.tables, ['weeks', 'comments']);
    assert.deepEqual(res.body.total, { responses: 2, good: 1, bad: 1, goodPercent: 50 });
    assert.deepEqual(res.body.weeks, [
      { week: '2026-W10', responses: 1, good: 1, bad: 0, goodPercent: 100 },
      { week: '2026-W11', responses: 1, good: 0, bad: 1, goodPercent: 0 },
    ]);
    assert.deepEqual(res.body.comments, [
      {
        reference: A.reference,
        subject: 'A: rated twice',
        site: 'demo',
        rating: 'good',
        comment: 'Actually, all fine',
        createdAt: '2026-03-02T11:00:00.000Z',
      },
    ]);
    // Week 11 alone.
    const later = await admin.get('/api/reports/csat?from=2026-03-09&to=2026-03-15');
    assert.deepEqual(later.body.total, { responses: 1, good: 0, bad: 1, goodPercent: 0 });

    const csv = await fetch(`${server.url}/api/reports/csat?from=2026-03-02&to=2026-03-15&format=csv`, {
      headers: { cookie: admin.cookie },
    });
    assert.equal(csv.status, 200);
    assert.deepEqual(csvRecords(await csv.text()), [
      { week: '2026-W10', responses: '1', good: '1', bad: '0', good_percent: '100' },
      { week: '2026-W11', responses: '1', good: '0', bad: '1', good_percent: '0' },
    ]);
    const comments = await fetch(`${server.url}/api/reports/csat?from=2026-03-02&to=2026-03-15&format=csv&table=comments`, {
      headers: { cookie: admin.cookie },
    });
    assert.deepEqual(csvRecords(await comments.text()), [
      {
        reference: A.reference,
        subject: 'A: rated twice',
        site: 'demo',
        rating: 'good',
        comment: 'Actually, all fine',
        created_at: '2026-03-02T11:00:00.000Z',
      },
    ]);
  });
});
