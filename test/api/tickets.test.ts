/** Tickets over real HTTP: create, read with the token, messages, idempotency, "mine" (attachments: uploads.test.ts). */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addBusinessMinutes } from '../../api/src/sla/business-time.ts';
import { loadPolicy } from '../../content/src/load.ts';
import { assertError, call, fixedClock, forEachStore, MONDAY_MORNING, post, uploadIds, validTicket } from './helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { identityHash } from '../../api/src/sites/identity.ts';
import { listSites } from '../../api/src/sites/sites.ts';

const policy = await loadPolicy();
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);

forEachStore('tickets', (target) => {
  let server: TestServer;
  let url: string;
  before(async () => {
    server = await target.start({ clock: fixedClock(), env: { HELPWAY_RATE_LIMITS: 'off' } });
    url = server.url;
  });
  after(() => server.stop());

  describe('POST /api/tickets', () => {
    it('creates a ticket: 201, HW- reference, token, SLA from the policy', async () => {
      const res = await post(url, '/api/tickets', validTicket());
      assert.equal(res.status, 201, res.text);
      assert.match(res.body.reference, /^HW-\d{4,}$/);
      assert.match(res.body.token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(res.body.status, 'open');
      assert.equal(res.headers.get('location'), `/api/tickets/${res.body.reference}`);
      const s2 = policy.severities.find((s) => s.id === 'S2')!;
      const expected = addBusinessMinutes(policy.calendar, MONDAY_MORNING, s2.target.responseHours! * 60);
      assert.equal(res.body.sla.firstResponseDue, expected.toISOString());
      assert.equal(res.body.sla.firstResponseDue, '2026-03-02T14:15:00.000Z'); // 4 working hours after 10:15 on a Monday
      assert.equal(res.body.sla.resolutionDue, '2026-03-04T10:15:00.000Z'); // 2 working days of 8 h
      assert.equal(res.body.sla.clockRunning, true);
      assert.equal(res.body.sla.timezone, 'Europe/London');
      assert.match(res.body.sla.sentence, /^We'll reply by 14:15 UK time today\.$/);
    });

    it('identity verification: requester.hash = HMAC-SHA256(site secret, email) marks the requester verified; a wrong hash is accepted unverified and logged', async () => {
      const demo = (await listSites(server.running.store.db)).find((s) => s.key === 'demo')!;
      assert.match(demo.identitySecret, /^hwid_[0-9a-f]{64}$/);
      const email = 'Verified.Admin@College.example';
      const verifiedOf = async (reference: string) =>
        Number(
          (
            await server.running.store.db
              .selectFrom('tickets')
              .select('requester_verified')
              .where('id', '=', Number(reference.slice(3)) - 1000)
              .executeTakeFirstOrThrow()
          ).requester_verified,
        );
      const good = await post(
        url,
        '/api/tickets',
        validTicket({ requester: { name: 'Vera', email, hash: identityHash(demo.identitySecret, email) } }),
      );
      assert.equal(good.status, 201, good.text);
      assert.equal(await verifiedOf(good.body.reference), 1);
      // Signed over the lower-cased address (how some LMSs store it): also verified.
      const lower = await post(
        url,
        '/api/tickets',
        validTicket({ requester: { name: 'Vera', email, hash: identityHash(demo.identitySecret, email.toLowerCase()) } }),
      );
      assert.equal(await verifiedOf(lower.body.reference), 1);
      const wrong = await post(
        url,
        '/api/tickets',
        validTicket({ requester: { name: 'Vera', email, hash: identityHash('not the secret', email) } }),
      );
      assert.equal(wrong.status, 201, 'a wrong hash is not an error for the requester');
      assert.equal(await verifiedOf(wrong.body.reference), 0);
      const otherEmail = await post(
        url,
        '/api/tickets',
        validTicket({ requester: { name: 'Eve', email: 'eve@evil.example', hash: identityHash(demo.identitySecret, email) } }),
      );
      assert.equal(await verifiedOf(otherEmail.body.reference), 0, 'a hash for another address does not verify');
      const none = await post(url, '/api/tickets', validTicket());
      assert.equal(await verifiedOf(none.body.reference), 0);
      // The secret never reaches the public.
      for (const p of ['/api/policy?site=demo', '/api/openapi.json', `/api/tickets/${good.body.reference}`]) {
        const res = await call(url, p, { headers: { authorization: `Bearer ${good.body.token}` } });
        assert.ok(!res.text.includes(demo.identitySecret), p);
      }
    });

    it('sets resolutionDue null where the policy has no resolution target (S4, bugs)', async () => {
      const s4 = await post(url, '/api/tickets', validTicket({ severity: 'S4' }));
      assert.equal(s4.status, 201, s4.text);
      assert.equal(s4.body.sla.resolutionDue, null);
      assert.notEqual(s4.body.sla.firstResponseDue, null);
      const bug = await post(
        url,
        '/api/tickets',
        validTicket({ type: 'bug', severity: 'S1', fields: { stepsToReproduce: '1. open 2. click' } }),
      );
      assert.equal(bug.status, 201, bug.text);
      assert.equal(bug.body.sla.resolutionDue, null);
      assert.equal(bug.body.sla.firstResponseDue, '2026-03-02T11:15:00.000Z');
    });

    it('stores everything support needs and returns it to the token holder', async () => {
      const input = validTicket({
        type: 'site_refresh',
        channel: 'phone',
        phone: { number: '+44 20 7946 0000', preferredTime: 'Tuesday morning' },
        fields: { stagingUrl: 'https://staging.college.example', confirmOverwrite: true },
        attachments: await uploadIds(url, [
          ['screen.png', PNG],
          ['notes.txt', 'steps: 1, 2, 3'],
        ]),
      });
      const created = await post(url, '/api/tickets', input);
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(
        created.body.attachments.map((a: any) => [a.filename, a.contentType, a.size]),
        [
          ['screen.png', 'image/png', PNG.length],
          ['notes.txt', 'text/plain', 14],
        ],
      );
      const got = await call(url, `/api/tickets/${created.body.reference}`, { headers: { authorization: `Bearer ${created.body.token}` } });
      assert.equal(got.status, 200, got.text);
      assert.equal(got.body.reference, created.body.reference);
      assert.equal(got.body.subject, input.subject);
      assert.equal(got.body.description, input.description);
      assert.deepEqual(got.body.requester, input.requester);
      assert.deepEqual(got.body.phone, input.phone);
      assert.deepEqual(got.body.context, input.context);
      assert.deepEqual(got.body.journey, input.journey);
      assert.deepEqual(got.body.fields, input.fields);
      assert.equal(got.body.attachments.length, 2);
      assert.equal(got.body.sla.firstResponseDue, created.body.sla.firstResponseDue);
      const stored = await server.running.store.db
        .selectFrom('attachments')
        .select(['data', 'size'])
        .where('filename', '=', 'screen.png')
        .executeTakeFirstOrThrow();
      assert.deepEqual(Buffer.from(stored.data), PNG);

      // the requester can download it again; another token cannot
      const png = got.body.attachments.find((a: any) => a.filename === 'screen.png');
      const download = await fetch(url + png.url, { headers: { authorization: `Bearer ${created.body.token}` } });
      assert.equal(download.status, 200);
      assert.equal(download.headers.get('content-type'), 'image/png');
      assert.match(download.headers.get('content-disposition') ?? '', /^attachment; filename\*=UTF-8''screen\.png$/);
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
      const other = (await post(url, '/api/tickets', validTicket())).body;
      assertError(await call(url, png.url, { headers: { authorization: `Bearer ${other.token}` } }), 404, 'not_found');
      assertError(
        await call(url, `/api/tickets/${other.reference}/attachments/${png.id}`, { headers: { authorization: `Bearer ${other.token}` } }),
        404,
        'not_found',
      );
      assertError(
        await call(url, `/api/tickets/${created.body.reference}/attachments/99999999999`, {
          headers: { authorization: `Bearer ${created.body.token}` },
        }),
        404,
        'not_found',
      );
    });

    it('stores only a hash of the token', async () => {
      const created = await post(url, '/api/tickets', validTicket());
      const rows = await server.running.store.db.selectFrom('tickets').select('token_hash').execute();
      assert.ok(rows.every((r) => r.token_hash !== created.body.token && /^[0-9a-f]{64}$/.test(r.token_hash)));
    });

    it('refuses an unknown site naming the field', async () => {
      assertError(await post(url, '/api/tickets', validTicket({ site: 'nope' })), 422, 'unknown_site', 'site');
    });
  });

  describe('token scoping', () => {
    let a: any;
    let b: any;
    before(async () => {
      a = (await post(url, '/api/tickets', validTicket({ subject: 'Ticket A' }))).body;
      b = (await post(url, '/api/tickets', validTicket({ subject: 'Ticket B' }))).body;
    });

    it("401 without a token, 404 with another ticket's token, the same 404 for a ticket that does not exist", async () => {
      assertError(await call(url, `/api/tickets/${a.reference}`), 401, 'unauthorized');
      const wrong = assertError(
        await call(url, `/api/tickets/${a.reference}`, { headers: { authorization: `Bearer ${b.token}` } }),
        404,
        'not_found',
      );
      const missing = assertError(
        await call(url, '/api/tickets/HW-999999', { headers: { authorization: `Bearer ${b.token}` } }),
        404,
        'not_found',
      );
      assert.deepEqual(wrong, missing, 'no difference between "exists, wrong token" and "does not exist"');
      assertError(
        await call(url, `/api/tickets/${a.reference}`, { headers: { authorization: 'Bearer not-a-real-token' } }),
        404,
        'not_found',
      );
      assertError(await call(url, '/api/tickets/garbage', { headers: { authorization: `Bearer ${a.token}` } }), 404, 'not_found');
    });

    it("messages need the ticket's own token", async () => {
      assertError(await post(url, `/api/tickets/${a.reference}/messages`, { body: 'hi' }), 401, 'unauthorized');
      assertError(
        await post(url, `/api/tickets/${a.reference}/messages`, { body: 'hi' }, { authorization: `Bearer ${b.token}` }),
        404,
        'not_found',
      );
      const ok = await post(
        url,
        `/api/tickets/${a.reference}/messages`,
        { body: 'More detail: it started at 9:00.' },
        { authorization: `Bearer ${a.token}` },
      );
      assert.equal(ok.status, 201, ok.text);
      assert.equal(ok.body.author, 'requester');
      const got = await call(url, `/api/tickets/${a.reference}`, { headers: { authorization: `Bearer ${a.token}` } });
      assert.deepEqual(
        got.body.messages.map((m: any) => m.body),
        ['More detail: it started at 9:00.'],
      );
      const other = await call(url, `/api/tickets/${b.reference}`, { headers: { authorization: `Bearer ${b.token}` } });
      assert.deepEqual(other.body.messages, []);
    });

    it('GET /api/tickets/mine lists exactly the tickets of the tokens given', async () => {
      const res = await call(url, '/api/tickets/mine?site=demo', {
        headers: { 'x-ticket-tokens': `${a.token}, ${b.token},bogus-token-value-that-matches-nothing` },
      });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body.tickets.map((t: any) => t.reference).sort(), [a.reference, b.reference].sort());
      const one = res.body.tickets.find((t: any) => t.reference === a.reference);
      assert.equal(one.subject, 'Ticket A');
      assert.equal(one.status, 'open');
      assert.equal(one.firstResponseDue, a.sla.firstResponseDue);
      const none = await call(url, '/api/tickets/mine', { headers: { 'x-ticket-tokens': '' } });
      assert.deepEqual(none.body.tickets, []);
    });
  });

  describe('Idempotency-Key', () => {
    it('the same key returns the same ticket and token, and stores one row', async () => {
      const key = `k-${Math.random()}`;
      const before = await server.running.store.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      const first = await post(url, '/api/tickets', validTicket({ subject: 'Idempotent' }), { 'idempotency-key': key });
      const second = await post(url, '/api/tickets', validTicket({ subject: 'Idempotent' }), { 'idempotency-key': key });
      assert.equal(first.status, 201, first.text);
      assert.equal(second.status, 200, second.text);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(second.body, first.body);
      const afterCount = await server.running.store.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n) - Number(before.n), 1);
    });

    it('concurrent requests with one key make one ticket', async () => {
      const key = `race-${Math.random()}`;
      const body = validTicket({ subject: `Race ${key}` });
      const results = await Promise.all(Array.from({ length: 12 }, () => post(url, '/api/tickets', body, { 'idempotency-key': key })));
      for (const r of results) assert.ok(r.status === 200 || r.status === 201, r.text);
      assert.equal(results.filter((r) => r.status === 201).length, 1);
      assert.equal(new Set(results.map((r) => r.body.reference)).size, 1);
      assert.equal(new Set(results.map((r) => r.body.token)).size, 1);
      const rows = await server.running.store.db.selectFrom('tickets').select('id').where('subject', '=', `Race ${key}`).execute();
      assert.equal(rows.length, 1);
    });

    it('keys are per site, and a key reused with a different body is refused', async () => {
      const key = `reuse-${Math.random()}`;
      const first = await post(url, '/api/tickets', validTicket({ subject: 'One' }), { 'idempotency-key': key });
      assert.equal(first.status, 201);
      assertError(
        await post(url, '/api/tickets', validTicket({ subject: 'Two' }), { 'idempotency-key': key }),
        422,
        'idempotency_key_reused',
      );
      assertError(
        await post(url, '/api/tickets', validTicket(), { 'idempotency-key': 'bad key with spaces' }),
        422,
        'validation_failed',
        'Idempotency-Key',
      );
    });

    it('keys are forgotten after 24 hours', async () => {
      const { pruneIdempotencyKeys } = await import('../../api/src/tickets/service.ts');
      const key = `old-${Math.random()}`;
      const first = await post(url, '/api/tickets', validTicket({ subject: 'Old key' }), { 'idempotency-key': key });
      assert.equal(first.status, 201);
      const db = server.running.store.db;
      assert.equal(await pruneIdempotencyKeys(db, new Date(MONDAY_MORNING.getTime() + 23 * 3_600_000)), 0);
      assert.ok((await pruneIdempotencyKeys(db, new Date(MONDAY_MORNING.getTime() + 25 * 3_600_000))) >= 1);
      const again = await post(url, '/api/tickets', validTicket({ subject: 'Old key' }), { 'idempotency-key': key });
      assert.equal(again.status, 201);
      assert.notEqual(again.body.reference, first.body.reference);
    });

    it('different keys make different tickets', async () => {
      const a = await post(url, '/api/tickets', validTicket(), { 'idempotency-key': `a-${Math.random()}` });
      const b = await post(url, '/api/tickets', validTicket(), { 'idempotency-key': `b-${Math.random()}` });
      assert.equal(a.status, 201);
      assert.equal(b.status, 201);
      assert.notEqual(a.body.reference, b.body.reference);
    });
  });
});
