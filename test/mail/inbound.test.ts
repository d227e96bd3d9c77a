/**
 * POST /api/mail/inbound: raw MIME behind a shared secret (header only, long enough, failures
 * throttled per address). A reply joins a ticket only when it answers a mail we sent for that
 * ticket (our Message-ID in In-Reply-To/References) and comes from its requester; the provider's
 * Authentication-Results verdict refuses forged senders and marks unverified ones for the agent.
 * New mail from a site's domain opens a ticket, once per Message-ID, in an idempotency namespace
 * of its own that the public POST /api/tickets cannot reach.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore, post } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { ConfigError, readConfig } from '../../api/src/config.ts';

const SECRET = 'inbound-secret-for-tests-0123456789';
const ACME_PASS =
  'mx.kestrel-learning.example; dkim=pass header.d=acme.ac.uk header.s=s1; spf=pass smtp.mailfrom=dee@acme.ac.uk; dmarc=pass (p=reject) header.from=acme.ac.uk';
const ACME_FAIL =
  'mx.kestrel-learning.example; spf=fail (sender IP is 203.0.113.9) smtp.mailfrom=acme.ac.uk; dkim=none; dmarc=fail header.from=acme.ac.uk';

function mime(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    Date: 'Mon, 02 Mar 2026 10:20:00 +0000',
    ...headers,
  }).map(([k, v]) => `${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

const send = (base: string, raw: string, secret: string | null = SECRET, extra: { path?: string; headers?: Record<string, string> } = {}) =>
  call(base, extra.path ?? '/api/mail/inbound', {
    method: 'POST',
    body: raw,
    headers: { 'content-type': 'message/rfc822', ...(secret === null ? {} : { 'x-helpway-inbound-secret': secret }), ...extra.headers },
  });

forEachStore('Inbound mail', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  before(async () => {
    server = await target.start(withAdmin({ env: { HELPWAY_INBOUND_SECRET: SECRET } }));
    admin = await signIn(server.url);
    const site = await admin.post('/api/admin/sites', {
      key: 'acme',
      name: 'Acme College',
      plan: 'standard',
      origins: ['https://lms.acme.ac.uk'],
    });
    assert.equal(site.status, 201);
  });
  after(() => server?.stop());

  const ticketId = (reference: string) => Number(reference.slice(3)) - 1000;
  /** The Message-ID of a mail we sent to the ticket's requester (what a real reply carries). */
  const ourMessageId = async (reference: string, kind = 'confirmation') =>
    (
      await server.running.store.db
        .selectFrom('outbox')
        .select('message_id')
        .where('ticket_id', '=', ticketId(reference))
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow()
    ).message_id;
  const messagesOf = async (reference: string) =>
    (await admin.get(`/api/inbox/tickets/${reference}`)).body.messages as Array<{ body: string; unverifiedSender: boolean }>;

  it('needs the shared secret, in the header only', async () => {
    const raw = mime({ From: 'x@acme.ac.uk', To: 'support@kestrel-learning.example', Subject: 'hi' }, 'hello');
    assertError(await send(server.url, raw, null), 401, 'unauthorized');
    assertError(await send(server.url, raw, 'wrong'), 403, 'forbidden');
    // A secret in the URL ends up in access logs and proxies: no longer accepted.
    const inQuery = assertError(await send(server.url, raw, null, { path: `/api/mail/inbound?secret=${SECRET}` }), 401, 'unauthorized');
    assert.match(inQuery.message, /X-Helpway-Inbound-Secret header/);
    const off = await target.start();
    try {
      assertError(await send(off.url, raw), 403, 'forbidden');
    } finally {
      await off.stop();
    }
  });

  it('throttles failed secret attempts per client address (429 with Retry-After), not other addresses', async () => {
    const own = await target.start(withAdmin({ env: { HELPWAY_INBOUND_SECRET: SECRET, HELPWAY_TRUST_PROXY: 'on' } }));
    try {
      const raw = mime({ From: 'someone@unknown.example', Subject: 'hi' }, 'hello');
      const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) statuses.push((await send(own.url, raw, `guess-${i}`, from('203.0.113.7'))).status);
      assert.ok(
        statuses.slice(0, 5).every((s) => s === 403),
        `the first failures are answered: ${statuses}`,
      );
      const limited = await send(own.url, raw, 'another-guess', from('203.0.113.7'));
      assertError(limited, 429, 'rate_limited');
      assert.match(limited.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
      // Guessing stops being answered: even the right secret waits from that address.
      assertError(await send(own.url, raw, SECRET, from('203.0.113.7')), 429, 'rate_limited');
      // Another address (the real mail provider) is not affected.
      assertError(await send(own.url, raw, SECRET, from('198.51.100.20')), 422, 'mail_rejected');
      assertError(await send(own.url, raw, 'wrong', from('198.51.100.20')), 403, 'forbidden');
    } finally {
      await own.stop();
    }
  });

  it('refuses at start a secret shorter than 24 characters, naming the variable and the fix', async () => {
    assert.throws(
      () => readConfig({ HELPWAY_INBOUND_SECRET: 's3cret-s3cret' }),
      (error: Error) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /HELPWAY_INBOUND_SECRET/);
        assert.match(error.message, /at least 24 characters/);
        assert.match(error.message, /openssl rand/);
        return true;
      },
    );
    await assert.rejects(target.start({ env: { HELPWAY_INBOUND_SECRET: 'x'.repeat(23) } }), ConfigError);
    assert.equal(readConfig({ HELPWAY_INBOUND_SECRET: 'x'.repeat(24) }).escalation.inboundSecret, 'x'.repeat(24));
  });

  it('threads a reply to our mail from the requester onto its ticket and reopens it', async () => {
    const { reference, token } = await fileTicket(server.url);
    await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'pending' });
    const raw = mime(
      {
        From: 'Priya Admin <Priya@College.example>',
        To: 'support@kestrel-learning.example',
        Subject: `Re: [${reference}] Learners cannot submit assignments`,
        'Message-ID': '<r1@college.example>',
        'In-Reply-To': await ourMessageId(reference),
      },
      'It works again after the cache was cleared.\n\nOn Mon, 2 Mar 2026 Support wrote:\n> Please clear the cache.',
    );
    const res = await send(server.url, raw);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.action, 'message');
    assert.equal(res.body.reference, reference);
    const ticket = await call(server.url, `/api/tickets/${reference}`, { headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(
      ticket.body.messages.map((m: any) => m.body),
      ['It works again after the cache was cleared.'],
    );
    assert.equal((await admin.get(`/api/inbox/tickets/${reference}`)).body.status, 'open');
  });

  it('threads by References alone (a subject without the reference), after an agent reply too', async () => {
    const { reference } = await fileTicket(server.url);
    await admin.post(`/api/inbox/tickets/${reference}/replies`, { body: 'Which browser do you use?' });
    const reply = await ourMessageId(reference, 'reply');
    const raw = mime(
      {
        From: 'priya@college.example',
        To: 'support@kestrel-learning.example',
        Subject: 'Re: your message',
        References: `<unrelated@college.example> ${reply}`,
      },
      'Firefox.',
    );
    const res = await send(server.url, raw);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.reference, reference);
  });

  it('no longer threads on a bare reference in the subject, nor on a made-up Message-ID', async () => {
    const { reference } = await fileTicket(server.url);
    const forged: Array<Record<string, string>> = [
      { Subject: `Re: [${reference}] Learners cannot submit assignments` },
      { Subject: 'Re: hello', 'In-Reply-To': `<${reference.toLowerCase()}.0a1b2c3d4e5f60718a@helpway.invalid>` },
    ];
    for (const headers of forged) {
      const error = assertError(
        await send(
          server.url,
          mime({ From: 'priya@college.example', To: 'support@kestrel-learning.example', ...headers }, 'Forged into the thread'),
        ),
        422,
        'mail_rejected',
        'from',
      );
      assert.match(error.message, new RegExp(`${reference}.*reply to a mail we sent`));
    }
    assert.deepEqual(await messagesOf(reference), [], 'nothing was added to the ticket');
  });

  it('refuses a reply to our mail from someone who is not the requester', async () => {
    const { reference } = await fileTicket(server.url);
    const raw = mime(
      {
        From: 'mallory@evil.example',
        To: 'support@kestrel-learning.example',
        Subject: `Re: [${reference}] hello`,
        'In-Reply-To': await ourMessageId(reference),
      },
      'I want in',
    );
    assertError(await send(server.url, raw), 422, 'mail_rejected', 'from');
    assert.deepEqual(await messagesOf(reference), []);
  });

  it('refuses a reply whose sender the provider found forged (DMARC/SPF/DKIM fail)', async () => {
    const { reference } = await fileTicket(server.url, { requester: { name: 'Dee Admin', email: 'dee@acme.ac.uk' } });
    const raw = mime(
      { 'Authentication-Results': ACME_FAIL, From: 'dee@acme.ac.uk', Subject: 'Re: thanks', 'In-Reply-To': await ourMessageId(reference) },
      'Please close my account',
    );
    const error = assertError(await send(server.url, raw), 422, 'mail_rejected', 'from');
    assert.match(error.message, /acme\.ac\.uk/);
    assert.deepEqual(await messagesOf(reference), []);
  });

  it('marks a reply without a passing verdict unverified for the agent, and one with a pass verified', async () => {
    const { reference } = await fileTicket(server.url, { requester: { name: 'Dee Admin', email: 'dee@acme.ac.uk' } });
    const inReplyTo = await ourMessageId(reference);
    assert.equal(
      (await send(server.url, mime({ From: 'dee@acme.ac.uk', Subject: 'Re: a', 'In-Reply-To': inReplyTo }, 'No verdict here.'))).status,
      201,
    );
    assert.equal(
      (
        await send(
          server.url,
          mime(
            { 'Authentication-Results': ACME_PASS, From: 'dee@acme.ac.uk', Subject: 'Re: b', 'In-Reply-To': inReplyTo },
            'Signed and aligned.',
          ),
        )
      ).status,
      201,
    );
    // A pass for some other domain (a mailing list's signature) says nothing about the sender.
    const otherDomain = 'mx.kestrel-learning.example; dkim=pass header.d=lists.example; spf=pass smtp.mailfrom=bounce@lists.example';
    assert.equal(
      (
        await send(
          server.url,
          mime(
            { 'Authentication-Results': otherDomain, From: 'dee@acme.ac.uk', Subject: 'Re: c', 'In-Reply-To': inReplyTo },
            'Via a list.',
          ),
        )
      ).status,
      201,
    );
    assert.deepEqual(
      (await messagesOf(reference)).map((m) => [m.body, m.unverifiedSender]),
      [
        ['No verdict here.', true],
        ['Signed and aligned.', false],
        ['Via a list.', true],
      ],
    );
  });

  it('opens a ticket for mail from a registered site domain, once per Message-ID, unverified without a verdict', async () => {
    const raw = mime(
      {
        From: 'Dee Admin <dee@acme.ac.uk>',
        To: 'support@kestrel-learning.example',
        Subject: 'Gradebook export is empty',
        'Message-ID': '<new-1@acme.ac.uk>',
      },
      'The export has headers but no rows.',
    );
    const first = await send(server.url, raw);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.action, 'ticket');
    const again = await send(server.url, raw);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.reference, first.body.reference, 'a webhook retried makes no second ticket');
    assert.equal(again.body.token, undefined);
    const view = await admin.get(`/api/inbox/tickets/${first.body.reference}`);
    assert.equal(view.body.site, 'acme');
    assert.equal(view.body.requester.email, 'dee@acme.ac.uk');
    assert.equal(view.body.subject, 'Gradebook export is empty');
    assert.equal(view.body.channel, 'email');
    assert.equal(view.body.unverifiedSender, true);
  });

  it('opens a verified ticket with a passing verdict, and refuses one with a failing verdict', async () => {
    const pass = await send(
      server.url,
      mime(
        { 'Authentication-Results': ACME_PASS, From: 'dee@acme.ac.uk', Subject: 'Quiz timer', 'Message-ID': '<new-2@acme.ac.uk>' },
        'The quiz timer runs fast.',
      ),
    );
    assert.equal(pass.status, 201, pass.text);
    assert.equal((await admin.get(`/api/inbox/tickets/${pass.body.reference}`)).body.unverifiedSender, false);
    const before = await server.running.store.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const fail = assertError(
      await send(
        server.url,
        mime(
          {
            'Authentication-Results': ACME_FAIL,
            From: 'dee@acme.ac.uk',
            Subject: 'Urgent: reset all passwords',
            'Message-ID': '<new-3@acme.ac.uk>',
          },
          'Do it now.',
        ),
      ),
      422,
      'mail_rejected',
      'from',
    );
    assert.match(fail.message, /Authentication-Results/);
    const afterwards = await server.running.store.db
      .selectFrom('tickets')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(afterwards.n), Number(before.n), 'no ticket was stored');
  });

  it('never replays a mail-created ticket (or any token) to a public caller using mail:<Message-ID> as Idempotency-Key', async () => {
    const raw = mime(
      {
        From: 'Dee Admin <dee@acme.ac.uk>',
        To: 'support@kestrel-learning.example',
        Subject: 'Calendar sync is broken',
        'Message-ID': '<cc-list-4@acme.ac.uk>',
      },
      'Events from the LMS do not reach Outlook.',
    );
    const byMail = await send(server.url, raw);
    assert.equal(byMail.status, 201, byMail.text);
    // What anyone who saw the mail (Cc, a list, a forward) knows: the Message-ID and the content.
    const sameBody = {
      site: 'acme',
      type: 'query',
      severity: 'S3',
      subject: 'Calendar sync is broken',
      description: 'Events from the LMS do not reach Outlook.',
      requester: { name: 'Dee Admin', email: 'dee@acme.ac.uk' },
      channel: 'email',
    };
    for (const key of ['mail:<cc-list-4@acme.ac.uk>', '<cc-list-4@acme.ac.uk>']) {
      const res = await post(server.url, '/api/tickets', sameBody, { 'idempotency-key': key });
      assert.equal(res.status, 201, `a new ticket, not a replay: ${res.text}`);
      assert.notEqual(res.body.reference, byMail.body.reference);
      assert.equal(res.headers.get('idempotent-replayed'), null);
      const stolen = await call(server.url, `/api/tickets/${byMail.body.reference}`, {
        headers: { authorization: `Bearer ${res.body.token}` },
      });
      assertError(stolen, 404, 'not_found');
    }
    // The mail channel keeps no sealed token to hand out at all.
    const rows = await server.running.store.db
      .selectFrom('idempotency_keys')
      .select(['scope', 'sealed_token'])
      .where('ticket_id', '=', ticketId(byMail.body.reference))
      .execute();
    assert.deepEqual(
      rows.map((r) => ({ ...r })),
      [{ scope: 'mail', sealed_token: '' }],
    );
  });

  it('rejects mail from an unknown domain that names no ticket, clearly', async () => {
    const raw = mime({ From: 'someone@unknown.example', To: 'support@kestrel-learning.example', Subject: 'Hello' }, 'Hi');
    const error = assertError(await send(server.url, raw), 422, 'mail_rejected', 'from');
    assert.match(error.message, /unknown\.example/);
    assertError(await send(server.url, 'not a mime message at all'), 422, 'mail_rejected');
    assertError(await send(server.url, ''), 400, 'invalid_json');
  });
});
