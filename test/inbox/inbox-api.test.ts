/**
 * The agents' inbox API over real HTTP, on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
 * sessions and CSRF, admin actions, the queue, the ticket view and every agent action,
 * SLA pauses recomputed from the status history, token scoping for requesters.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore, MONDAY_MORNING, post, uploadIds } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { ADMIN, fileTicket, signIn, withAdmin, type AgentSession } from './support.ts';
import { identityHash } from '../../api/src/sites/identity.ts';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

forEachStore('Inbox API', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let current = MONDAY_MORNING.getTime();
  const clock = { now: () => new Date(current) };

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    admin = await signIn(server.url);
  });
  after(() => server?.stop());

  describe('identity verification', () => {
    it("admins see each site's identity secret; the inbox shows whether the requester was verified", async () => {
      const sites = await admin.get('/api/admin/sites');
      const demo = sites.body.sites.find((x: any) => x.key === 'demo');
      assert.match(demo.identitySecret, /^hwid_[0-9a-f]{64}$/);
      const added = await admin.post('/api/admin/sites', { key: 'idcheck', name: 'Id Check', plan: 'standard', origins: [] });
      assert.equal(added.status, 201, added.text);
      assert.match(added.body.site.identitySecret, /^hwid_[0-9a-f]{64}$/);
      assert.notEqual(added.body.site.identitySecret, demo.identitySecret);
      const again = await admin.post('/api/admin/sites', { key: 'idcheck', name: 'Id Check renamed', plan: 'standard', origins: [] });
      assert.equal(again.body.site.identitySecret, added.body.site.identitySecret, 'editing a site keeps its secret');
      const email = 'signed@college.example';
      const verified = await fileTicket(server.url, {
        requester: { name: 'Signed', email, hash: identityHash(demo.identitySecret, email) },
      });
      const unverified = await fileTicket(server.url, { requester: { name: 'Unsigned', email, hash: 'f'.repeat(64) } });
      assert.equal((await admin.get(`/api/inbox/tickets/${verified.reference}`)).body.requester.verified, true);
      assert.equal((await admin.get(`/api/inbox/tickets/${unverified.reference}`)).body.requester.verified, false);
      const queue = await admin.get('/api/inbox/tickets?status=all');
      assert.equal(queue.body.tickets.find((t: any) => t.reference === verified.reference).requester.verified, true);
    });
  });

  describe('access', () => {
    it('answers 401 without a session, and with a made-up cookie', async () => {
      for (const path of ['/api/inbox/tickets', '/api/agents/me', '/api/admin/sites', '/api/inbox/mail', '/api/inbox/events']) {
        assertError(await call(server.url, path), 401, 'unauthorized');
        assertError(
          await call(server.url, path, { headers: { cookie: 'helpway_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }),
          401,
          'unauthorized',
        );
      }
      assertError(await post(server.url, '/api/inbox/tickets/HW-1001/replies', { body: 'hi' }), 401, 'unauthorized');
    });

    it('sets an HttpOnly SameSite session cookie, Secure only behind HTTPS', async () => {
      const res = await post(server.url, '/api/agents/login', ADMIN);
      const cookie = res.headers.get('set-cookie') ?? '';
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Strict/);
      assert.doesNotMatch(cookie, /Secure/);
      assert.equal(typeof res.body.csrfToken, 'string');
      // The cookie is not the CSRF token and the password is nowhere in the answer.
      assert.ok(!res.text.includes(ADMIN.password));
    });

    it('refuses a wrong password without saying which part was wrong', async () => {
      const wrong = assertError(
        await post(server.url, '/api/agents/login', { email: ADMIN.email, password: 'not the password' }),
        401,
        'invalid_credentials',
      );
      const unknown = assertError(
        await post(server.url, '/api/agents/login', { email: 'nobody@kestrel.example', password: 'not the password' }),
        401,
        'invalid_credentials',
      );
      assert.equal(wrong.message, unknown.message);
      assertError(await post(server.url, '/api/agents/login', { email: ADMIN.email }), 422, 'validation_failed', 'password');
    });

    it('refuses cookie-authenticated writes without the CSRF token (403), and stores nothing', async () => {
      const { reference } = await fileTicket(server.url);
      const noToken = await call(server.url, `/api/inbox/tickets/${reference}/replies`, {
        method: 'POST',
        json: { body: 'forged' },
        headers: { cookie: admin.cookie },
      });
      assertError(noToken, 403, 'csrf_token_invalid');
      const wrongToken = await call(server.url, `/api/inbox/tickets/${reference}/status`, {
        method: 'POST',
        json: { status: 'closed' },
        headers: { cookie: admin.cookie, 'x-csrf-token': 'x'.repeat(32) },
      });
      assertError(wrongToken, 403, 'csrf_token_invalid');
      const view = await admin.get(`/api/inbox/tickets/${reference}`);
      assert.equal(view.body.messages.length, 0);
      assert.equal(view.body.status, 'open');
      // A form post from another site cannot even send JSON with the header: same answer.
      const form = await call(server.url, '/api/agents/logout', {
        method: 'POST',
        headers: { cookie: admin.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      });
      assertError(form, 403, 'csrf_token_invalid');
    });

    it('a requester token cannot read or write another ticket', async () => {
      const a = await fileTicket(server.url, { subject: 'Ticket A' });
      const b = await fileTicket(server.url, { subject: 'Ticket B' });
      assertError(
        await call(server.url, `/api/tickets/${b.reference}`, { headers: { authorization: `Bearer ${a.token}` } }),
        404,
        'not_found',
      );
      assertError(await call(server.url, `/api/chat/${b.reference}/events?token=${a.token}`), 404, 'not_found');
      assertError(
        await call(server.url, `/api/chat/${b.reference}/messages`, {
          method: 'POST',
          json: { body: 'hi' },
          headers: { authorization: `Bearer ${a.token}` },
        }),
        404,
        'not_found',
      );
      const page = await fetch(`${server.url}/tickets/${b.reference}?token=${a.token}`);
      assert.equal(page.status, 404);
      assert.ok(!(await page.text()).includes('Ticket B'));
      const own = await fetch(`${server.url}/tickets/${b.reference}?token=${b.token}`);
      assert.equal(own.status, 200);
      assert.match(await own.text(), /Ticket B/);
      // An agent session is not a requester token either.
      assertError(await call(server.url, `/api/tickets/${b.reference}`, { headers: { cookie: admin.cookie } }), 401, 'unauthorized');
    });

    it('logs out: the old cookie no longer works', async () => {
      const session = await signIn(server.url);
      assert.equal((await session.post('/api/agents/logout', {})).status, 200);
      assertError(await session.get('/api/agents/me'), 401, 'unauthorized');
    });
  });

  describe('admin', () => {
    it('adds agents and sites; an agent cannot', async () => {
      const created = await admin.post('/api/admin/agents', {
        email: 'Sam@Kestrel.example',
        name: 'Sam Agent',
        password: 'a long agent password',
      });
      assert.equal(created.status, 201, created.text);
      assert.equal(created.body.agent.role, 'agent');
      assert.equal(created.body.agent.email, 'sam@kestrel.example');
      assertError(
        await admin.post('/api/admin/agents', { email: 'sam@kestrel.example', name: 'Again', password: 'a long agent password' }),
        409,
        'conflict',
        'email',
      );
      assertError(
        await admin.post('/api/admin/agents', { email: 'short@kestrel.example', name: 'Short', password: 'short' }),
        422,
        'validation_failed',
        'password',
      );

      const sam = await signIn(server.url, 'sam@kestrel.example', 'a long agent password');
      assert.equal(sam.agent.role, 'agent');
      assertError(
        await sam.post('/api/admin/agents', { email: 'x@kestrel.example', name: 'X', password: 'a long agent password' }),
        403,
        'forbidden',
      );
      assertError(await sam.post('/api/admin/sites', { key: 'acme', name: 'Acme', plan: 'standard' }), 403, 'forbidden');

      const site = await admin.post('/api/admin/sites', {
        key: 'acme',
        name: 'Acme College',
        plan: 'standard',
        origins: ['https://lms.acme.example'],
        budgetHours: 5,
      });
      assert.equal(site.status, 201, site.text);
      assertError(await admin.post('/api/admin/sites', { key: 'Bad Key', name: 'x', plan: 'standard' }), 422, 'validation_failed', 'key');
      const sites = await admin.get('/api/admin/sites');
      assert.ok(sites.body.sites.some((s: { key: string }) => s.key === 'acme'));
      // The new site takes tickets at once.
      assert.equal(
        (await post(server.url, '/api/tickets', { ...(await import('../api/helpers.ts')).validTicket({ site: 'acme' }) })).status,
        201,
      );
      const team = await sam.get('/api/agents');
      assert.ok(team.body.agents.some((a: { email: string }) => a.email === 'sam@kestrel.example'));
    });
  });

  describe('queue and ticket', () => {
    it('sorts the queue by the next due time, with business time left, and filters', async () => {
      const s4 = await fileTicket(server.url, { severity: 'S4', subject: 'queue S4' });
      const s1 = await fileTicket(server.url, { severity: 'S1', subject: 'queue S1' });
      const s3 = await fileTicket(server.url, {
        severity: 'S3',
        subject: 'queue S3',
        channel: 'phone',
        phone: { number: '+44 20 7946 0000', preferredTime: 'after 2pm' },
      });
      const res = await admin.get('/api/inbox/tickets?status=all');
      assert.equal(res.status, 200);
      const refs = res.body.tickets.map((t: { reference: string }) => t.reference);
      assert.ok(refs.indexOf(s1.reference) < refs.indexOf(s3.reference));
      assert.ok(refs.indexOf(s3.reference) < refs.indexOf(s4.reference));
      const dues = res.body.tickets.filter((t: any) => t.nextDue).map((t: any) => t.nextDue.at);
      assert.deepEqual(dues, [...dues].sort());
      const one = res.body.tickets.find((t: any) => t.reference === s1.reference);
      assert.equal(one.nextDue.kind, 'response');
      assert.equal(one.nextDue.businessMinutesLeft, 60);
      assert.equal(one.nextDue.overdue, false);

      const onlyS1 = await admin.get('/api/inbox/tickets?severity=S1');
      assert.ok(onlyS1.body.tickets.every((t: any) => t.severity === 'S1'));
      assert.ok(onlyS1.body.tickets.some((t: any) => t.reference === s1.reference));
      const phones = await admin.get('/api/inbox/tickets?channel=phone');
      assert.deepEqual(
        phones.body.tickets.map((t: any) => t.reference),
        [s3.reference],
      );
      assertError(await admin.get('/api/inbox/tickets?severity=S9'), 422, 'validation_failed', 'severity');
      assertError(await admin.get('/api/inbox/tickets?bogus=1'), 422, 'validation_failed');
    });

    it('shows the whole ticket: context, journey, attachments to download', async () => {
      const { reference } = await fileTicket(server.url, { attachments: await uploadIds(server.url, [['screen.png', PNG]]) });
      const view = await admin.get(`/api/inbox/tickets/${reference}`);
      assert.equal(view.status, 200);
      assert.equal(view.body.context.url, 'https://lms.college.example/mod/assign/view.php?id=12');
      assert.deepEqual(view.body.journey.searches, ['assignment submit button']);
      assert.equal(view.body.attachments.length, 1);
      const id = view.body.attachments[0].id;
      const download = await fetch(`${server.url}/api/inbox/tickets/${reference}/attachments/${id}`, { headers: { cookie: admin.cookie } });
      assert.equal(download.status, 200);
      assert.match(download.headers.get('content-disposition') ?? '', /^attachment;/);
      assert.equal(download.headers.get('content-type'), 'application/octet-stream');
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
      const inline = await fetch(`${server.url}/api/inbox/tickets/${reference}/attachments/${id}?inline=1`, {
        headers: { cookie: admin.cookie },
      });
      assert.match(inline.headers.get('content-disposition') ?? '', /^inline;/);
      assert.equal(inline.headers.get('content-type'), 'image/png');
      assert.equal((await fetch(`${server.url}/api/inbox/tickets/${reference}/attachments/${id}`)).status, 401);
      assertError(await admin.get(`/api/inbox/tickets/${reference}/attachments/99999`), 404, 'not_found');
      assertError(await admin.get('/api/inbox/tickets/HW-999999'), 404, 'not_found');
    });

    it('reply is mailed and seen by the requester; a note is not', async () => {
      const { reference, token } = await fileTicket(server.url);
      const reply = await admin.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Please try clearing the cache.' });
      assert.equal(reply.status, 201, reply.text);
      assert.equal(reply.body.mailed, true);
      const note = await admin.post(`/api/inbox/tickets/${reference}/notes`, { body: 'Internal: known issue KB-12' });
      assert.equal(note.status, 201);
      assertError(await admin.post(`/api/inbox/tickets/${reference}/replies`, { body: '   ' }), 422, 'validation_failed', 'body');

      const requesterView = await call(server.url, `/api/tickets/${reference}`, { headers: { authorization: `Bearer ${token}` } });
      assert.deepEqual(
        requesterView.body.messages.map((m: any) => m.body),
        ['Please try clearing the cache.'],
      );
      const page = await (await fetch(`${server.url}/tickets/${reference}?token=${token}`)).text();
      assert.match(page, /Please try clearing the cache/);
      assert.doesNotMatch(page, /KB-12/);

      const view = await admin.get(`/api/inbox/tickets/${reference}`);
      assert.equal(view.body.messages.length, 2);
      assert.equal(view.body.messages[1].internal, true);
      assert.ok(view.body.sla.firstRespondedAt);
      assert.equal(view.body.assignee.id, admin.agent.id);
      const kinds = view.body.mail.map((m: any) => m.kind).sort();
      assert.deepEqual(kinds, ['confirmation', 'notification', 'reply']);
      const mine = await admin.get('/api/inbox/tickets?assignee=me');
      assert.ok(mine.body.tickets.some((t: any) => t.reference === reference));
    });

    it('pending pauses the SLA clock: due times recomputed from the status history', async () => {
      current = MONDAY_MORNING.getTime(); // Monday 10:15 UK time
      const { reference } = await fileTicket(server.url, { severity: 'S2', type: 'query' });
      const first = await admin.get(`/api/inbox/tickets/${reference}`);
      assert.equal(first.body.sla.firstResponseDue, '2026-03-02T14:15:00.000Z');
      current += 60 * 60_000; // 11:15: waiting on the customer
      const pending = await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'pending', note: 'Asked for a screenshot' });
      assert.equal(pending.status, 200, pending.text);
      const paused = await admin.get('/api/inbox/tickets?status=pending');
      assert.equal(paused.body.tickets.find((t: any) => t.reference === reference).paused, true);
      current += 2 * 60 * 60_000; // 13:15: they answered
      await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'open' });
      const resumed = await admin.get(`/api/inbox/tickets/${reference}`);
      assert.equal(resumed.body.sla.firstResponseDue, '2026-03-02T16:15:00.000Z', 'two paused hours move the due time by two hours');
      assert.deepEqual(
        resumed.body.history.map((h: any) => h.status),
        ['open', 'pending', 'open'],
      );
      // Severity up: recomputed from creation with the same pause.
      assert.equal(resumed.body.sla.resolutionDue, '2026-03-04T12:15:00.000Z');
      const s1 = await admin.post(`/api/inbox/tickets/${reference}/severity`, { severity: 'S1' });
      assert.equal(s1.body.firstResponseDue, '2026-03-02T11:15:00.000Z', 'the S1 hour ran out as the pause began');
      assert.equal(s1.body.resolutionDue, '2026-03-03T12:15:00.000Z', 'one working day plus the two paused hours');
      assertError(await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'archived' }), 422, 'validation_failed', 'status');
      const solved = await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'solved' });
      assert.equal(solved.status, 200);
      const active = await admin.get('/api/inbox/tickets');
      assert.ok(!active.body.tickets.some((t: any) => t.reference === reference), 'solved tickets leave the active queue');
      current = MONDAY_MORNING.getTime();
    });

    it('a requester reply reopens a pending ticket', async () => {
      const { reference, token } = await fileTicket(server.url);
      await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'pending' });
      const res = await post(
        server.url,
        `/api/tickets/${reference}/messages`,
        { body: 'Here is the screenshot' },
        { authorization: `Bearer ${token}` },
      );
      assert.equal(res.status, 201);
      const view = await admin.get(`/api/inbox/tickets/${reference}`);
      assert.equal(view.body.status, 'open');
    });

    it('logs time at the standard or consultancy rate against the site budget', async () => {
      const { reference } = await fileTicket(server.url);
      const before = (await admin.get(`/api/inbox/tickets/${reference}`)).body.budget;
      const logged = await admin.post(`/api/inbox/tickets/${reference}/time`, { minutes: 20, rate: 'standard', note: 'diagnosis' });
      assert.equal(logged.status, 201, logged.text);
      assert.equal(logged.body.minutes, 30, 'rounded up to the policy increment (15 minutes)');
      await admin.post(`/api/inbox/tickets/${reference}/time`, { minutes: 60, rate: 'consultancy' });
      const view = await admin.get(`/api/inbox/tickets/${reference}`);
      assert.equal(view.body.time.length, 2);
      assert.equal(view.body.time[0].cost, 47.5);
      assert.equal(view.body.time[1].cost, 140);
      assert.equal(view.body.budget.usedHours, before.usedHours + 1.5);
      assert.equal(view.body.budget.remainingHours, before.remainingHours - 1.5);
      assertError(
        await admin.post(`/api/inbox/tickets/${reference}/time`, { minutes: 0, rate: 'standard' }),
        422,
        'validation_failed',
        'minutes',
      );
      assertError(
        await admin.post(`/api/inbox/tickets/${reference}/time`, { minutes: 10, rate: 'premium' }),
        422,
        'validation_failed',
        'rate',
      );
    });

    it('assigns, and marks phone callbacks called with an outcome', async () => {
      const phone = await fileTicket(server.url, { channel: 'phone', phone: { number: '+44 20 7946 0999', preferredTime: 'mornings' } });
      const assigned = await admin.post(`/api/inbox/tickets/${phone.reference}/assignee`, { agentId: admin.agent.id });
      assert.equal(assigned.status, 200);
      assertError(
        await admin.post(`/api/inbox/tickets/${phone.reference}/assignee`, { agentId: 424242 }),
        422,
        'validation_failed',
        'agentId',
      );
      const called = await admin.post(`/api/inbox/tickets/${phone.reference}/called`, {
        outcome: 'Talked it through; they will retry the upload.',
      });
      assert.equal(called.status, 200, called.text);
      const view = await admin.get(`/api/inbox/tickets/${phone.reference}`);
      assert.ok(view.body.phone.calledAt);
      assert.equal(view.body.phone.number, '+44 20 7946 0999');
      assert.match(view.body.messages.at(-1).body, /^Called: Talked it through/);
      assertError(await admin.post(`/api/inbox/tickets/${phone.reference}/called`, { outcome: '' }), 422, 'validation_failed', 'outcome');
      const email = await fileTicket(server.url);
      assertError(await admin.post(`/api/inbox/tickets/${email.reference}/called`, { outcome: 'x' }), 422, 'validation_failed', 'channel');
    });

    it('lists mail in the outbox log when SMTP is not configured', async () => {
      const log = await admin.get('/api/inbox/mail');
      assert.equal(log.status, 200);
      assert.equal(log.body.smtpConfigured, false);
      assert.ok(log.body.mail.length > 0);
      // Nothing is sent; confirmations beyond the per-address hourly limit are suppressed.
      assert.ok(
        log.body.mail.every((m: any) => m.status === 'queued' || (m.status === 'suppressed' && m.kind === 'confirmation')),
        JSON.stringify(log.body.mail.map((m: any) => m.status)),
      );
      assert.ok(log.body.mail.some((m: any) => m.status === 'queued'));
    });
  });
});

describe('Login rate limit', () => {
  it('answers 429 with Retry-After after repeated failures for one email from one address', async () => {
    const { startWithAdmin } = await import('./support.ts');
    const server = await startWithAdmin();
    try {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 10; i++) {
        last = await post(server.url, '/api/agents/login', { email: ADMIN.email, password: `wrong ${i}` });
        statuses.push(last.status);
      }
      assert.ok(
        statuses.slice(0, 5).every((s) => s === 401),
        statuses.join(','),
      );
      assertError(last!, 429, 'rate_limited');
      assert.ok(Number(last!.headers.get('retry-after')) > 0);
      // From this address even the right password waits now (other addresses: agent-security.test.ts).
      assert.equal((await post(server.url, '/api/agents/login', ADMIN)).status, 429);
    } finally {
      await server.stop();
    }
  });

  it('takes sign-in as JSON only (a cross-site form cannot log anyone in)', async () => {
    const { startWithAdmin } = await import('./support.ts');
    const server = await startWithAdmin();
    try {
      const form = await call(server.url, '/api/agents/login', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(ADMIN),
      });
      assertError(form, 415, 'unsupported_media_type');
      assert.equal(form.headers.get('set-cookie'), null);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start with a first-admin password under 10 characters', async () => {
    const { startServer } = await import('../support/api-server.ts');
    await assert.rejects(
      startServer({ env: { HELPWAY_ADMIN_EMAIL: 'a@kestrel.example', HELPWAY_ADMIN_PASSWORD: 'short' } }),
      /HELPWAY_ADMIN_PASSWORD is too short/,
    );
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    const { startWithAdmin } = await import('./support.ts');
    const server = await startWithAdmin({ env: { HELPWAY_TRUST_PROXY: '1' } });
    try {
      const res = await post(server.url, '/api/agents/login', ADMIN, { 'x-forwarded-proto': 'https' });
      assert.match(res.headers.get('set-cookie') ?? '', /Secure/);
    } finally {
      await server.stop();
    }
  });
});
