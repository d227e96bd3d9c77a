/**
 * Inbox search (GET /api/inbox/tickets?q=…) on SQLite and PostgreSQL: what it finds (reference,
 * subject, conversation words in any order, notes, requester name and address, site, form fields,
 * partial words), that the index follows every change made after filing, how it ranks (the
 * reference first, then where the words were found), the queue's filters combined, offset
 * paging, tickets written before the index existed (the migration's backfill), and hostile text.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { assertError, call, forEachStore, post } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { ticketSearchMigration } from '../../api/src/store/ticket-search-index.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from './support.ts';

interface Page {
  tickets: Array<{ reference: string; subject: string; status: string; severity: string }>;
  total: number;
  nextCursor: string | null;
}

forEachStore('Inbox search', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const refs: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  const search = async (q: string, extra: Record<string, string> = {}) => {
    const res = await admin.get<Page>(`/api/inbox/tickets?${new URLSearchParams({ q, ...extra })}`);
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const found = async (q: string, extra: Record<string, string> = {}) => (await search(q, extra)).tickets.map((t) => t.reference);

  before(async () => {
    server = await target.start(withAdmin());
    admin = await signIn(server.url);
    const file = async (name: string, overrides: Record<string, unknown>) => {
      const t = await fileTicket(server.url, overrides);
      refs[name] = t.reference;
      tokens[name] = t.token;
    };
    await file('gradebook', {
      subject: 'Gradebook export times out',
      description: 'The export of the Biology gradebook never finishes.',
      requester: { name: 'Priya Raman', email: 'priya.raman@college.example' },
    });
    await file('quiz', {
      subject: 'Quiz timer is wrong',
      description: 'Learners see the quiz timer jump when they change page. The gradebook is fine.',
      requester: { name: 'Jürgen Müller', email: 'j.mueller@schule.example' },
      severity: 'S3',
    });
    await file('bug', {
      type: 'bug',
      subject: 'Badge not awarded',
      description: 'Completing the course does not give the badge.',
      requester: { name: 'Ana Costa', email: 'ana@uni.example' },
      fields: { stepsToReproduce: 'Complete every activity of the Orientation course then open the profile' },
    });
    await file('crème', {
      subject: 'Crème brûlée recipe page blank',
      description: 'The page with the recipe is blank in the cookery course.',
      requester: { name: 'Élodie Dupont', email: 'elodie@lycee.example' },
    });
  });
  after(() => server?.stop());

  it('finds a ticket by its reference, with or without HW-, first', async () => {
    const ref = refs.quiz;
    assert.equal((await found(ref))[0], ref);
    assert.equal((await found(ref.toLowerCase()))[0], ref);
    assert.equal((await found(ref.slice(3)))[0], ref);
  });

  it('finds subject and description words in any order, and the start of a word', async () => {
    assert.deepEqual(await found('export gradebook'), [refs.gradebook]);
    assert.deepEqual(await found('gradebook export'), [refs.gradebook]);
    assert.deepEqual(await found('timer quiz'), [refs.quiz]);
    assert.deepEqual(await found('gradeb expo'), [refs.gradebook]);
    assert.deepEqual(await found('blank cookery'), [refs.crème]);
    // Every word must be there.
    assert.deepEqual(await found('gradebook badge'), []);
  });

  it('finds the requester by name, by address, by part of the address, accents or not', async () => {
    assert.deepEqual(await found('Priya Raman'), [refs.gradebook]);
    assert.deepEqual(await found('priya.raman@college.example'), [refs.gradebook]);
    assert.deepEqual(await found('priya.raman@coll'), [refs.gradebook]);
    assert.deepEqual(await found('college.example'), [refs.gradebook]);
    assert.deepEqual(await found('jurgen muller'), [refs.quiz]);
    assert.deepEqual(await found('Jürgen'), [refs.quiz]);
    assert.deepEqual(await found('elodie creme'), [refs.crème]);
  });

  it("finds the site and the type's form fields", async () => {
    assert.ok((await found('demo')).length >= 4);
    assert.deepEqual(await found('orientation profile'), [refs.bug]);
  });

  it('follows the conversation as it grows: replies, requester messages and internal notes', async () => {
    assert.deepEqual(await found('moodle upgrade'), []);
    let res = await admin.post(`/api/inbox/tickets/${refs.bug}/replies`, { body: 'We found it: the Moodle cron was stuck.' });
    assert.equal(res.status, 201, res.text);
    res = await post(
      server.url,
      `/api/tickets/${refs.bug}/messages`,
      { body: 'Thanks! Is it about the upgrade?' },
      {
        authorization: `Bearer ${tokens.bug}`,
      },
    );
    assert.equal(res.status, 201, res.text);
    // Words from two messages, in the other order.
    assert.deepEqual(await found('upgrade moodle'), [refs.bug]);
    res = await admin.post(`/api/inbox/tickets/${refs.bug}/notes`, { body: 'Internal: escalate to the platform squad' });
    assert.equal(res.status, 201, res.text);
    assert.deepEqual(await found('platform squad'), [refs.bug]);
  });

  it('follows changes written straight to the store (the index is kept by the database)', async () => {
    const { db } = server.running.store;
    const id = Number(refs.crème.slice(3)) - 1000;
    await db.updateTable('tickets').set({ subject: 'Tiramisu page blank' }).where('id', '=', id).execute();
    assert.deepEqual(await found('tiramisu'), [refs.crème]);
    assert.deepEqual(await found('brulee'), []);
    await db.updateTable('sites').set({ name: 'Kestrel Academy' }).where('key', '=', 'demo').execute();
    assert.ok((await found('kestrel academy')).includes(refs.crème));
  });

  it('ranks the reference first, then words in the subject above words in the conversation', async () => {
    const mention = await fileTicket(server.url, {
      subject: `Follow-up to ${refs.quiz}`,
      description: `See ${refs.quiz}, ${refs.quiz} and ${refs.quiz} again: the timer.`,
    });
    const byRef = await found(refs.quiz);
    assert.deepEqual(byRef.slice(0, 2), [refs.quiz, mention.reference]);

    const inConversation = await fileTicket(server.url, {
      subject: 'Calendar looks odd',
      description: 'Week view. Also the certificate is missing.',
    });
    const inSubject = await fileTicket(server.url, { subject: 'Certificate missing', description: 'Nothing else to say here.' });
    const ranked = await found('certificate');
    assert.deepEqual(ranked.slice(0, 2), [inSubject.reference, inConversation.reference]);
  });

  it('combines with the queue filters; a search looks at every status unless told', async () => {
    assert.deepEqual(await found('gradebook', { severity: 'S3' }), [refs.quiz]);
    assert.deepEqual((await found('gradebook')).sort(), [refs.gradebook, refs.quiz].sort());
    let res = await admin.post(`/api/inbox/tickets/${refs.gradebook}/status`, { status: 'solved' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((await found('gradebook')).sort(), [refs.gradebook, refs.quiz].sort());
    assert.deepEqual(await found('gradebook', { status: 'active' }), [refs.quiz]);
    assert.deepEqual(await found('gradebook', { status: 'solved' }), [refs.gradebook]);
    res = await admin.post(`/api/inbox/tickets/${refs.quiz}/assignee`, { agentId: admin.agent.id });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(await found('gradebook', { assignee: 'me' }), [refs.quiz]);
    assert.deepEqual(await found('gradebook', { site: 'nowhere' }), []);
  });

  it('pages by offset: every match once, in rank order, with the total', async () => {
    const filed: string[] = [];
    for (let i = 0; i < 7; i++)
      filed.push((await fileTicket(server.url, { subject: `Zebra crossing ${i}`, description: 'zebra' })).reference);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const body: Page = await search('zebra', { limit: '3', ...(cursor ? { cursor } : {}) });
      assert.equal(body.total, 7);
      seen.push(...body.tickets.map((t) => t.reference));
      cursor = body.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.deepEqual([...seen].sort(), [...filed].sort());
    // Equal relevance: newest first.
    assert.deepEqual(seen, [...filed].reverse());

    // A queue cursor is no search cursor, and the other way round.
    const queuePage = await admin.get<Page>('/api/inbox/tickets?limit=1');
    assertError(await admin.get(`/api/inbox/tickets?q=zebra&cursor=${queuePage.body.nextCursor}`), 422, 'validation_failed', 'cursor');
    const searchPage = await search('zebra', { limit: '1' });
    assertError(await admin.get(`/api/inbox/tickets?cursor=${searchPage.nextCursor}`), 422, 'validation_failed', 'cursor');
    assertError(await admin.get('/api/inbox/tickets?q=zebra&site=demo&sort=client'), 422, 'validation_failed', 'sort');
  });

  it('indexes the tickets that existed before the index (the migration backfills)', async () => {
    const { db, dialect } = server.running.store;
    const migration = ticketSearchMigration(dialect);
    await migration.down!(db);
    await db
      .updateTable('tickets')
      .set({ subject: 'Walrus in the gradebook' })
      .where('id', '=', Number(refs.quiz.slice(3)) - 1000)
      .execute();
    await migration.up(db);
    assert.deepEqual(await found('walrus'), [refs.quiz]);
    assert.deepEqual(await found('upgrade moodle'), [refs.bug]);
    // …and keeps following changes afterwards.
    await post(
      server.url,
      `/api/tickets/${refs.quiz}/messages`,
      { body: 'Narwhal sighted too' },
      { authorization: `Bearer ${tokens.quiz}` },
    );
    assert.deepEqual(await found('narwhal walrus'), [refs.quiz]);
    const [{ n }] = (await sql<{ n: number | string }>`SELECT count(*) AS n FROM ticket_search`.execute(db)).rows;
    const tickets = await db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(n), Number(tickets.n));
  });

  it('treats hostile text as words: no error, no injection, no operators', async () => {
    for (const q of [
      "' OR 1=1 --",
      '"; DROP TABLE tickets; --',
      'gradebook" OR "quiz',
      'NEAR(gradebook quiz)',
      'gradebook:* | quiz:*',
      '!gradebook & (quiz)',
      '%_%',
      '*',
      'a AND b OR NOT c',
      '\\x00\\\\',
      '<script>alert(1)</script>',
      'ticket_search MATCH *',
      'ö'.repeat(199),
      'x '.repeat(99),
    ]) {
      const res = await admin.get<Page>(`/api/inbox/tickets?${new URLSearchParams({ q })}`);
      assert.ok(res.status === 200 || res.status === 422, `${JSON.stringify(q)}: ${res.status} ${res.text.slice(0, 200)}`);
      if (res.status === 422) assertError(res, 422, 'validation_failed', 'q');
    }
    // Operators are words here: "OR" does not widen the search.
    assert.deepEqual(await found('gradebook OR badge'), []);
    assertError(await admin.get(`/api/inbox/tickets?q=${encodeURIComponent('!!! ---')}`), 422, 'validation_failed', 'q');
    assertError(await admin.get(`/api/inbox/tickets?q=${'a'.repeat(201)}`), 422, 'validation_failed', 'q');
    assertError(await admin.get('/api/inbox/tickets?q='), 422, 'validation_failed', 'q');
    // Still there, all of it.
    assert.ok((await found('demo')).length >= 4);
  });

  it('is for agents only', async () => {
    const res = await call(server.url, '/api/inbox/tickets?q=gradebook');
    assert.equal(res.status, 401);
  });
});
