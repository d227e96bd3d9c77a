/**
 * The SLA sweeper's events reach webhooks: a receiver listening to sla.warning, sla.missed and
 * ticket.escalated gets each once, signed, with the target and the level; one listening only to
 * ticket.created gets none of them. On SQLite and (with TEST_DATABASE_URL) PostgreSQL.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore, MONDAY_MORNING, movableClock } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { signatureValid, startReceiver, type Receiver } from './receiver.ts';

forEachStore('SLA webhooks', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  const receivers: Receiver[] = [];
  const clock = movableClock(MONDAY_MORNING);

  before(async () => {
    server = await target.start(withAdmin({ clock, env: { HELPWAY_SLA_POLL_MS: '86400000' } }));
    admin = await signIn(server.url);
  });
  after(async () => {
    for (const r of receivers) await r.down();
    await server?.stop();
  });

  it('a warning, a miss and the escalation it causes are each delivered once', async () => {
    const sla = await startReceiver(200);
    const created = await startReceiver(200);
    receivers.push(sla, created);
    const hook = await admin.post('/api/inbox/webhooks', { url: sla.url, events: ['sla.warning', 'sla.missed', 'ticket.escalated'] });
    assert.equal(hook.status, 201, hook.text);
    assert.equal((await admin.post('/api/inbox/webhooks', { url: created.url, events: ['ticket.created'] })).status, 201);
    // S2, filed Monday 10:15 UK time: first response due 14:15, warned at 80 % (13:27).
    const { reference } = await fileTicket(server.url, { severity: 'S2' });
    const { services } = server.running;
    for (const at of ['2026-03-02T13:27:00.000Z', '2026-03-02T14:15:00.000Z', '2026-03-02T14:20:00.000Z']) {
      clock.set(at);
      await services.sla.sweepOnce();
    }
    await services.webhooks.runOnce();
    await services.webhooks.runOnce();

    // Each delivered once; deliveries of one round run side by side, so they may arrive in any order.
    const ORDER = ['sla.warning', 'sla.missed', 'ticket.escalated'];
    const bodies = sla.received
      .map((r) => {
        assert.ok(signatureValid(hook.body.secret, r.body, r.headers['helpway-signature']), 'signed');
        return JSON.parse(r.body);
      })
      .sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
    assert.deepEqual(
      bodies.map((b) => b.type),
      ['sla.warning', 'sla.missed', 'ticket.escalated'],
    );
    for (const b of bodies) assert.equal(b.data.ticket.reference, reference);
    assert.deepEqual(bodies[0].data.sla, { target: 'response', dueAt: '2026-03-02T14:15:00.000Z', percent: 80 });
    assert.equal(bodies[1].data.sla.target, 'response');
    assert.equal(bodies[2].data.escalation.level, 1);
    assert.equal(bodies[2].data.escalation.trigger, 'response_missed');
    assert.equal(bodies[2].data.escalation.by, 'sweeper');
    assert.deepEqual(
      created.received.map((r) => JSON.parse(r.body).type),
      ['ticket.created'],
    );
  });
});
