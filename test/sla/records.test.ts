/**
 * The SLA timeline's "once": the same warning, miss or escalation is recorded a single time
 * (whoever inserts it acts on it), a recomputed due time gets records of its own, and the inbox's
 * ticket view lists them oldest first. On SQLite and PostgreSQL.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock, forEachStore, MONDAY_MORNING } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, withAdmin } from '../inbox/support.ts';
import { lastEscalation, recordOnce, slaTimeline } from '../../api/src/sla/records.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';

forEachStore('SLA records', (target) => {
  let server: TestServer;
  before(async () => {
    server = await target.start(withAdmin({ clock: fixedClock(MONDAY_MORNING) }));
  });
  after(async () => {
    await server?.stop();
  });

  it('records each warning, miss and escalation once; a new due time is a new record', async () => {
    const { reference } = await fileTicket(server.url);
    const id = idFromReference(reference)!;
    const db = server.running.store.db;
    const now = MONDAY_MORNING;
    const warned = { kind: 'warned', target: 'response', dueAt: '2026-03-02T14:15:00.000Z' } as const;
    assert.ok((await recordOnce(db, id, warned, { actor: 'sweeper', now })) !== null);
    assert.equal(await recordOnce(db, id, warned, { actor: 'sweeper', now }), null, 'the same warning twice');
    // Two processes racing for the same miss: exactly one wins.
    const missed = { kind: 'missed', target: 'response', dueAt: '2026-03-02T14:15:00.000Z' } as const;
    const race = await Promise.all([1, 2, 3].map(() => recordOnce(db, id, missed, { actor: 'sweeper', now })));
    assert.equal(race.filter((r) => r !== null).length, 1);
    // The severity changed: the due moved, and its warning is a different one.
    assert.ok((await recordOnce(db, id, { ...warned, dueAt: '2026-03-02T12:15:00.000Z' }, { actor: 'sweeper', now })) !== null);
    const escalated = {
      kind: 'escalated',
      level: 1,
      role: 'Support lead',
      contact: 'support@kestrel-learning.example',
      trigger: 'requested',
      target: null,
      dueAt: null,
      reason: 'No answer yet',
    } as const;
    assert.ok((await recordOnce(db, id, escalated, { actor: 'requester', now, distinct: '2026-03-02' })) !== null);
    assert.equal(await recordOnce(db, id, escalated, { actor: 'requester', now, distinct: '2026-03-02' }), null, 'once that day');
    assert.ok((await recordOnce(db, id, escalated, { actor: 'requester', now, distinct: '2026-03-03' })) !== null, 'again the next day');
    assert.deepEqual(await lastEscalation(db, id), { level: 1, at: now.toISOString() });

    const timeline = await slaTimeline(db, id);
    assert.deepEqual(
      timeline.map((t) => `${t.kind}:${t.target ?? t.trigger}:${t.dueAt ?? ''}`),
      [
        'warned:response:2026-03-02T14:15:00.000Z',
        'missed:response:2026-03-02T14:15:00.000Z',
        'warned:response:2026-03-02T12:15:00.000Z',
        'escalated:requested:',
        'escalated:requested:',
      ],
    );
    const agent = await signIn(server.url);
    const view = await agent.get(`/api/inbox/tickets/${reference}`);
    assert.equal(view.status, 200, view.text);
    assert.deepEqual(view.body.slaTimeline, timeline);
    assert.equal(view.body.slaTimeline[3].reason, 'No answer yet');
  });
});
