/**
 * Webhooks over real HTTP, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: an admin registers a
 * local receiver, which gets ticket.created exactly once with a valid signature; a receiver that
 * is down gets it once it is up again (retried); 410 Gone disables the hook; ticket.solved goes
 * only to hooks listening to it; bad registrations are refused naming the field; agents who are
 * not admins get 403; secrets are never listed.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, forEachStore } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { eventually, fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { signatureValid, startReceiver, type Receiver } from './receiver.ts';

forEachStore('Webhooks', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const receivers: Receiver[] = [];

  const receiver = async (status = 200) => {
    const r = await startReceiver(status);
    receivers.push(r);
    return r;
  };
  const register = async (url: string, events: string[], secret?: string) => {
    const res = await admin.post('/api/inbox/webhooks', { url, events, ...(secret ? { secret } : {}) });
    assert.equal(res.status, 201, res.text);
    return res.body as { webhook: { id: number; url: string; events: string[]; enabled: boolean }; secret: string };
  };
  const deliveries = async (webhookId: number) =>
    (await admin.get(`/api/inbox/webhooks/deliveries?webhook=${webhookId}`)).body.deliveries as Array<Record<string, any>>;
  const remove = async (id: number) => assert.equal((await admin.post(`/api/inbox/webhooks/${id}/remove`, {})).status, 200);

  before(async () => {
    // Retries within the test's patience: 50 ms, then 100, 200 …
    server = await target.start(withAdmin({ env: { HELPWAY_WEBHOOK_BACKOFF_MS: '50', HELPWAY_WEBHOOK_POLL_MS: '100' } }));
    admin = await signIn(server.url);
  });
  after(async () => {
    for (const r of receivers) await r.down();
    await server?.stop();
  });

  it('delivers ticket.created once, signed over timestamp and body, with the ticket and never the token', async () => {
    const r = await receiver();
    const { webhook, secret } = await register(r.url, ['ticket.created']);
    assert.match(secret, /^whsec_[\w-]{40,}$/);
    const ticket = await fileTicket(server.url, { subject: 'Webhook first contact' });

    const [log] = await eventually(
      async () => {
        const d = await deliveries(webhook.id);
        return d.length && d[0].status === 'delivered' ? d : null;
      },
      10_000,
      'the delivery',
    );
    assert.equal(log.responseCode, 200);
    assert.equal(log.attempts, 1);
    assert.equal(log.ticket, ticket.reference);
    await server.running.services.webhooks.runOnce(); // nothing left to send: still one
    assert.equal(r.received.length, 1);

    const [got] = r.received;
    assert.ok(signatureValid(secret, got.body, got.headers['helpway-signature']), `bad signature ${got.headers['helpway-signature']}`);
    assert.ok(!signatureValid('whsec_some-other-secret-entirely', got.body, got.headers['helpway-signature']));
    assert.equal(got.headers['helpway-event'], 'ticket.created');
    assert.equal(got.headers['helpway-delivery'], log.deliveryId);
    assert.equal(got.headers['content-type'], 'application/json');
    const payload = JSON.parse(got.body);
    assert.deepEqual(Object.keys(payload).sort(), ['createdAt', 'data', 'id', 'type']);
    assert.equal(payload.type, 'ticket.created');
    assert.equal(payload.data.ticket.reference, ticket.reference);
    assert.equal(payload.data.ticket.subject, 'Webhook first contact');
    assert.equal(payload.data.ticket.status, 'open');
    assert.equal(payload.data.ticket.site, 'demo');
    assert.ok(payload.data.ticket.severity && payload.data.ticket.type);
    assert.ok(!got.body.includes(ticket.token), 'the requester token must never be sent');

    const list = await admin.get('/api/inbox/webhooks');
    assert.equal(list.status, 200);
    assert.ok(!list.text.includes(secret), 'the secret is shown once, never listed');
    assert.deepEqual(list.body.webhooks.find((w: any) => w.id === webhook.id).events, ['ticket.created']);
    await remove(webhook.id);
  });

  it('retries while the receiver is down and delivers once it is up again', async () => {
    const r = await receiver();
    await r.down();
    const { webhook, secret } = await register(r.url, ['ticket.created']);
    const ticket = await fileTicket(server.url);
    const failed = await eventually(
      async () => {
        const [d] = await deliveries(webhook.id);
        return d && d.attempts >= 2 && d.status === 'queued' ? d : null;
      },
      10_000,
      'failed tries',
    );
    assert.match(failed.lastError, /ECONNREFUSED/);
    assert.equal(failed.responseCode, null);
    assert.equal(r.received.length, 0);

    await r.up();
    const [done] = await eventually(
      async () => {
        const d = await deliveries(webhook.id);
        return d[0]?.status === 'delivered' ? d : null;
      },
      15_000,
      'delivery after the receiver came back',
    );
    assert.ok(done.attempts >= 3, `attempts ${done.attempts}`);
    assert.equal(done.lastError, null);
    assert.equal(r.received.length, 1);
    assert.ok(signatureValid(secret, r.received[0].body, r.received[0].headers['helpway-signature']));
    assert.equal(JSON.parse(r.received[0].body).data.ticket.reference, ticket.reference);
    await remove(webhook.id);
  });

  it('disables the hook when the receiver answers 410 Gone', async () => {
    const r = await receiver(410);
    const { webhook } = await register(r.url, ['ticket.created']);
    await fileTicket(server.url);
    const [d] = await eventually(
      async () => {
        const log = await deliveries(webhook.id);
        return log[0]?.status === 'failed' ? log : null;
      },
      10_000,
      'the 410',
    );
    assert.equal(d.responseCode, 410);
    assert.equal(d.attempts, 1);
    const hook = (await admin.get('/api/inbox/webhooks')).body.webhooks.find((w: any) => w.id === webhook.id);
    assert.equal(hook.enabled, false);
    assert.match(hook.disabledReason, /410/);

    await fileTicket(server.url); // a disabled hook gets nothing queued
    await server.running.services.webhooks.runOnce();
    assert.equal((await deliveries(webhook.id)).length, 1);
    assert.equal(r.received.length, 1);

    const enabled = await admin.post(`/api/inbox/webhooks/${webhook.id}/enable`, {});
    assert.equal(enabled.body.webhook.enabled, true);
    await remove(webhook.id);
    assertError(await admin.get(`/api/inbox/webhooks/deliveries?webhook=${webhook.id}`), 404, 'not_found');
  });

  it('sends ticket.solved when an agent solves a ticket, only to hooks listening to it', async () => {
    const solvedOnly = await receiver();
    const { webhook, secret } = await register(solvedOnly.url, ['ticket.solved', 'sla.missed'], 'a-receiver-chosen-secret-of-some-length');
    const ticket = await fileTicket(server.url);
    assert.equal((await admin.post(`/api/inbox/tickets/${ticket.reference}/status`, { status: 'pending' })).status, 200);
    assert.equal((await admin.post(`/api/inbox/tickets/${ticket.reference}/status`, { status: 'solved' })).status, 200);
    await eventually(async () => (await deliveries(webhook.id))[0]?.status === 'delivered', 10_000, 'ticket.solved');
    await server.running.services.webhooks.runOnce();
    assert.equal(solvedOnly.received.length, 1, 'neither ticket.created nor the change to pending');
    const got = solvedOnly.received[0];
    assert.ok(signatureValid('a-receiver-chosen-secret-of-some-length', got.body, got.headers['helpway-signature']));
    assert.equal(secret, 'a-receiver-chosen-secret-of-some-length');
    const payload = JSON.parse(got.body);
    assert.equal(payload.type, 'ticket.solved');
    assert.equal(payload.data.ticket.status, 'solved');
    assert.deepEqual(payload.data.change, { from: 'pending', to: 'solved', by: 'agent' });
    await remove(webhook.id);
  });

  it('refuses bad registrations with 422 naming the field', async () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ url: 'ftp://example.com/hook', events: ['ticket.created'] }, 'url'],
      [{ url: 'http://example.com/hook', events: ['ticket.created'] }, 'url'],
      [{ url: 'not a url', events: ['ticket.created'] }, 'url'],
      [{ url: 'https://user:pw@example.com/hook', events: ['ticket.created'] }, 'url'],
      [{ url: 'https://example.com/hook', events: [] }, 'events'],
      [{ url: 'https://example.com/hook', events: ['ticket.deleted'] }, 'events.0'],
      [{ url: 'https://example.com/hook', events: ['ticket.created'], secret: 'short' }, 'secret'],
      [{ url: 'https://example.com/hook', events: ['ticket.created'], extra: 1 }, 'extra'],
    ];
    for (const [body, field] of bad) {
      const error = assertError(await admin.post('/api/inbox/webhooks', body), 422, 'validation_failed');
      assert.ok(error.fields?.[field], `${JSON.stringify(body)}: expected field ${field}, got ${JSON.stringify(error.fields)}`);
    }
    assertError(await admin.post('/api/inbox/webhooks/99999/disable', {}), 404, 'not_found');
    assertError(await admin.post('/api/inbox/webhooks/abc/disable', {}), 404, 'not_found');
    assert.equal((await admin.get('/api/inbox/webhooks')).body.webhooks.length, 0);
  });

  it('is for admins only: 401 signed out, 403 for an agent, 403 without the CSRF token', async () => {
    const created = await admin.post('/api/admin/agents', {
      email: 'sam@kestrel.example',
      name: 'Sam',
      role: 'agent',
      password: 'an agent password',
    });
    assert.equal(created.status, 201, created.text);
    const sam = await signIn(server.url, 'sam@kestrel.example', 'an agent password');
    assertError(await sam.get('/api/inbox/webhooks'), 403, 'forbidden');
    assertError(await sam.post('/api/inbox/webhooks', { url: 'https://example.com/hook', events: ['ticket.created'] }), 403, 'forbidden');
    assertError(await sam.get('/api/inbox/webhooks/deliveries'), 403, 'forbidden');
    const anonymous = await fetch(`${server.url}/api/inbox/webhooks`);
    assert.equal(anonymous.status, 401);
    const noCsrf = await fetch(`${server.url}/api/inbox/webhooks`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://example.com/hook', events: ['ticket.created'] }),
    });
    assert.equal(noCsrf.status, 403);
  });
});
