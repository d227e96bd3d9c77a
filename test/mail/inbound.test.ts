/** POST /api/mail/inbound: raw MIME behind a shared secret; replies thread, new mail from a site's domain opens a ticket. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, startWithAdmin, type AgentSession } from '../inbox/support.ts';
import { startServer } from '../support/api-server.ts';

const SECRET = 'inbound-secret-for-tests-0123456789';

function mime(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({ 'MIME-Version': '1.0', 'Content-Type': 'text/plain; charset=utf-8', Date: 'Mon, 02 Mar 2026 10:20:00 +0000', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body.replace(/\n/g, '\r\n')}\r\n`;
}

const send = (base: string, raw: string, secret: string | null = SECRET) =>
  call(base, '/api/mail/inbound', { method: 'POST', body: raw, headers: { 'content-type': 'message/rfc822', ...(secret === null ? {} : { 'x-helpway-inbound-secret': secret }) } });

describe('Inbound mail', () => {
  let server: TestServer;
  let admin: AgentSession;
  before(async () => {
    server = await startWithAdmin({ env: { HELPWAY_INBOUND_SECRET: SECRET } });
    admin = await signIn(server.url);
    const site = await admin.post('/api/admin/sites', { key: 'acme', name: 'Acme College', plan: 'standard', origins: ['https://lms.acme.ac.uk'] });
    assert.equal(site.status, 201);
  });
  after(() => server?.stop());

  it('needs the shared secret', async () => {
    const raw = mime({ From: 'x@acme.ac.uk', To: 'support@kestrel-learning.example', Subject: 'hi' }, 'hello');
    assertError(await send(server.url, raw, null), 401, 'unauthorized');
    assertError(await send(server.url, raw, 'wrong'), 403, 'forbidden');
    const off = await startServer();
    try {
      assertError(await send(off.url, raw), 403, 'forbidden');
    } finally {
      await off.stop();
    }
  });

  it('threads a reply from the requester onto its ticket and reopens it', async () => {
    const { reference, token } = await fileTicket(server.url);
    await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'pending' });
    const raw = mime(
      { From: 'Priya Admin <Priya@College.example>', To: 'support@kestrel-learning.example', Subject: `Re: [${reference}] Learners cannot submit assignments`, 'Message-ID': '<r1@college.example>', 'In-Reply-To': `<${reference.toLowerCase()}.0a1b2c@helpway.invalid>` },
      'It works again after the cache was cleared.\n\nOn Mon, 2 Mar 2026 Support wrote:\n> Please clear the cache.',
    );
    const res = await send(server.url, raw);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.action, 'message');
    assert.equal(res.body.reference, reference);
    const ticket = await call(server.url, `/api/tickets/${reference}`, { headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(ticket.body.messages.map((m: any) => m.body), ['It works again after the cache was cleared.']);
    assert.equal((await admin.get(`/api/inbox/tickets/${reference}`)).body.status, 'open');
  });

  it('threads by In-Reply-To alone (a subject without the reference)', async () => {
    const { reference } = await fileTicket(server.url);
    const sent = await server.running.store.db.selectFrom('outbox').select('message_id').where('ticket_id', '=', Number(reference.slice(3)) - 1000).where('kind', '=', 'confirmation').executeTakeFirstOrThrow();
    const raw = mime({ From: 'priya@college.example', To: 'support@kestrel-learning.example', Subject: 'Re: your message', 'In-Reply-To': sent.message_id, References: sent.message_id }, 'Threaded by header.');
    const res = await send(server.url, raw);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.reference, reference);
  });

  it('refuses a reply from someone who is not the requester', async () => {
    const { reference } = await fileTicket(server.url);
    const raw = mime({ From: 'mallory@evil.example', To: 'support@kestrel-learning.example', Subject: `Re: [${reference}] hello` }, 'I want in');
    assertError(await send(server.url, raw), 422, 'mail_rejected', 'from');
  });

  it('opens a ticket for mail from a registered site domain, once per Message-ID', async () => {
    const raw = mime({ From: 'Dee Admin <dee@acme.ac.uk>', To: 'support@kestrel-learning.example', Subject: 'Gradebook export is empty', 'Message-ID': '<new-1@acme.ac.uk>' }, 'The export has headers but no rows.');
    const first = await send(server.url, raw);
    assert.equal(first.status, 201, first.text);
    assert.equal(first.body.action, 'ticket');
    const again = await send(server.url, raw);
    assert.equal(again.body.reference, first.body.reference, 'a webhook retried makes no second ticket');
    const view = await admin.get(`/api/inbox/tickets/${first.body.reference}`);
    assert.equal(view.body.site, 'acme');
    assert.equal(view.body.requester.email, 'dee@acme.ac.uk');
    assert.equal(view.body.subject, 'Gradebook export is empty');
    assert.equal(view.body.channel, 'email');
  });

  it('rejects mail from an unknown domain that names no ticket, clearly', async () => {
    const raw = mime({ From: 'someone@unknown.example', To: 'support@kestrel-learning.example', Subject: 'Hello' }, 'Hi');
    const error = assertError(await send(server.url, raw), 422, 'mail_rejected', 'from');
    assert.match(error.message, /unknown\.example/);
    assertError(await send(server.url, 'not a mime message at all'), 422, 'mail_rejected');
    assertError(await send(server.url, ''), 400, 'invalid_json');
  });
});

