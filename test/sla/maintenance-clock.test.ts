/**
 * Announced maintenance and the SLA clocks, over HTTP on SQLite and PostgreSQL, with the policy's
 * `maintenance.slaClock: paused`: a window on a ticket's site stops its clocks while it runs
 * (working hours only), whether announced before the ticket was filed or after; an all-sites
 * window counts for every site; cancelling gives the time back; other sites and finished tickets
 * are left alone; terms that run through maintenance (or predate the rule) are not paused.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, forEachStore, movableClock, post } from '../api/helpers.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { maintenancePauses } from '../../api/src/sla/maintenance-pauses.ts';
import { addStatusSites } from '../status/support.ts';

// Tuesday 10 March 2026, 09:00 in London (GMT until the 29th): the start of a working day.
const NINE = '2026-03-10T09:00:00.000Z';

forEachStore('Maintenance and the SLA clocks', (target) => {
  let server: TestServer;
  let agent: AgentSession;
  const clock = movableClock(new Date(NINE));

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    await addStatusSites(server);
    agent = await signIn(server.url);
  });
  after(() => server.stop());

  const dueOf = async (reference: string) => {
    const res = await agent.get(`/api/inbox/tickets/${reference}`);
    assert.equal(res.status, 200, res.text);
    return res.body.sla.firstResponseDue;
  };
  const cancel = async (id: number) => {
    const res = await call(server.url, `/api/inbox/maintenance/${id}`, {
      method: 'DELETE',
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
    });
    assert.equal(res.status, 200, res.text);
  };
  const announce = async (siteKeys: string, startsAt: string, endsAt: string) => {
    const res = await agent.post('/api/inbox/maintenance', { siteKeys, title: 'Upgrade', body: 'Planned upgrade.', startsAt, endsAt });
    assert.equal(res.status, 201, res.text);
    return res.body.id as number;
  };

  it('a window stops the clocks of its site’s open tickets, an all-sites one of every site’s, and cancelling gives the time back', async () => {
    // S2: 4 working hours to a first response, due at 13:00 without maintenance.
    const before = await fileTicket(server.url, { severity: 'S2' });
    assert.equal(await dueOf(before.reference), '2026-03-10T13:00:00.000Z');
    const beta = await fileTicket(server.url, { site: 'beta', severity: 'S2' });
    assert.equal(await dueOf(beta.reference), '2026-03-10T13:00:00.000Z');
    const done = await fileTicket(server.url, { severity: 'S2' });
    assert.equal((await agent.post(`/api/inbox/tickets/${done.reference}/status`, { status: 'solved' })).status, 200);
    const doneDue = await dueOf(done.reference);

    // 10:00–11:30 on demo: an hour and a half more for demo's tickets, none for beta's.
    const demoWindow = await announce('demo', '2026-03-10T10:00:00.000Z', '2026-03-10T11:30:00.000Z');
    assert.equal(await dueOf(before.reference), '2026-03-10T14:30:00.000Z', 'a ticket filed before the window was announced');
    assert.equal(await dueOf(beta.reference), '2026-03-10T13:00:00.000Z', 'another site');
    assert.equal(await dueOf(done.reference), doneDue, 'a solved ticket keeps its due times');

    // Filed after the announcement: the window counts from the start.
    const res = await post(server.url, '/api/tickets', {
      site: 'demo',
      type: 'query',
      severity: 'S2',
      subject: 'Grades export fails',
      description: 'The gradebook export stops with an error for every course.',
      requester: { name: 'Priya Admin', email: 'priya@college.example' },
      channel: 'email',
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.firstResponseDue ?? (await dueOf(res.body.reference)), '2026-03-10T14:30:00.000Z');

    // All sites, 12:00–12:30: half an hour more everywhere.
    const allWindow = await announce('all', '2026-03-10T12:00:00.000Z', '2026-03-10T12:30:00.000Z');
    assert.equal(await dueOf(before.reference), '2026-03-10T15:00:00.000Z');
    assert.equal(await dueOf(beta.reference), '2026-03-10T13:30:00.000Z');

    // A window outside working hours changes nothing: the clocks were stopped anyway.
    await announce('demo', '2026-03-10T18:00:00.000Z', '2026-03-10T20:00:00.000Z');
    assert.equal(await dueOf(before.reference), '2026-03-10T15:00:00.000Z');

    // Cancelled: the time comes back.
    await cancel(demoWindow);
    assert.equal(await dueOf(before.reference), '2026-03-10T13:30:00.000Z');
    await cancel(allWindow);
    assert.equal(await dueOf(before.reference), '2026-03-10T13:00:00.000Z');
    assert.equal(await dueOf(beta.reference), '2026-03-10T13:00:00.000Z');
  });

  it('terms that run through maintenance, or were stored before the policy said, are not paused', async () => {
    const db = server.running.store.db;
    await announce('demo', '2026-03-11T10:00:00.000Z', '2026-03-11T11:00:00.000Z');
    const filed = new Date(NINE);
    const paused = await maintenancePauses(db, { maintenance: 'paused' }, 'demo', filed);
    assert.ok(
      paused.some(([from, to]) => from.toISOString() === '2026-03-11T10:00:00.000Z' && to?.toISOString() === '2026-03-11T11:00:00.000Z'),
      JSON.stringify(paused),
    );
    assert.deepEqual(await maintenancePauses(db, { maintenance: 'running' }, 'demo', filed), []);
    assert.deepEqual(await maintenancePauses(db, {}, 'demo', filed), []);
    // A window that ended before the ticket was filed is not one of its pauses.
    assert.deepEqual(await maintenancePauses(db, { maintenance: 'paused' }, 'demo', new Date('2026-03-12T09:00:00.000Z')), []);
  });
});
