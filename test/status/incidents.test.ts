/**
 * Incidents over HTTP on SQLite and PostgreSQL: declared by an agent, updated, resolved; opened and
 * resolved by the prober's transitions (onSiteDown / onSiteUp, called here as the lead will wire
 * them), held open as monitoring; the team's mail; updates mailed to the requesters of linked open
 * tickets and to the people who said they were affected (from the site's own origin only).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore, movableClock } from '../api/helpers.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { onSiteDown, onSiteUp } from '../../api/src/status/incidents.ts';
import { ACME_ORIGIN, addStatusSites, mailsOf } from './support.ts';

const SUPPORT = 'support@kestrel-learning.example';

forEachStore('Incidents', (target) => {
  let server: TestServer;
  let agent: AgentSession;
  const clock = movableClock(new Date('2026-03-10T12:00:00.000Z'));

  before(async () => {
    server = await target.start(withAdmin({ clock }));
    await addStatusSites(server);
    agent = await signIn(server.url);
  });
  after(() => server.stop());

  /** Moves the clock; a new session, as the old one may have lapsed. */
  const at = async (iso: string) => {
    clock.set(iso);
    agent = await signIn(server.url);
  };

  const affected = (id: number, json: unknown, origin = ACME_ORIGIN) =>
    call(server.url, `/api/status/incidents/${id}/affected`, { method: 'POST', json, headers: { origin } });

  it('an agent declares, updates and resolves an incident; the team is mailed; bad input is refused by field', async () => {
    const noCsrf = await call(server.url, '/api/inbox/incidents', {
      method: 'POST',
      json: { title: 'x', siteKeys: 'all', body: 'y' },
      headers: { cookie: agent.cookie },
    });
    assertError(noCsrf, 403, 'csrf_token_invalid');
    assertError(await call(server.url, '/api/inbox/incidents'), 401, 'unauthorized');
    const bad = await agent.post('/api/inbox/incidents', { title: '', status: 'exploded', siteKeys: [], body: 'b' });
    assert.equal(bad.status, 422);
    assert.ok(bad.body.error.fields.title && bad.body.error.fields.status && bad.body.error.fields.siteKeys, bad.text);
    assertError(await agent.post('/api/inbox/incidents', { title: 't', siteKeys: ['nope'], body: 'b' }), 422, 'unknown_site');

    const res = await agent.post('/api/inbox/incidents', {
      title: 'Logins fail <img src=x onerror=alert(1)>',
      status: 'investigating',
      siteKeys: ['acme', 'beta'],
      body: 'We see failed logins.',
    });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.body.status, 'investigating');
    assert.deepEqual(res.body.siteKeys, ['acme', 'beta']);
    assert.equal(res.body.auto, false);
    assert.equal(res.body.updates.length, 1);
    const team = await mailsOf(server, 'incident_opened');
    assert.equal(team.length, 1);
    assert.equal(team[0].to_address, SUPPORT);
    assert.ok(!team[0].html_body.includes('<img'), 'the title is escaped in the mail');

    clock.set('2026-03-10T12:20:00.000Z');
    const upd = await agent.post(`/api/inbox/incidents/${res.body.id}/updates`, { status: 'identified', body: 'A certificate expired.' });
    assert.equal(upd.status, 201, upd.text);
    assert.equal(upd.body.status, 'identified');
    assert.equal(upd.body.updates[0].body, 'A certificate expired.');
    assertError(await agent.post('/api/inbox/incidents/999999/updates', { status: 'identified', body: 'x' }), 404, 'not_found');

    clock.set('2026-03-10T13:00:00.000Z');
    const done = await agent.post(`/api/inbox/incidents/${res.body.id}/updates`, { status: 'resolved', body: 'Renewed.' });
    assert.equal(done.body.status, 'resolved');
    assert.equal(done.body.resolvedAt, '2026-03-10T13:00:00.000Z');
    const list = await agent.get('/api/inbox/incidents');
    const listed = list.body.incidents.find((i: { id: number }) => i.id === res.body.id);
    assert.deepEqual(
      listed.updates.map((u: { status: string }) => u.status),
      ['resolved', 'identified', 'investigating'],
    );
  });

  it('updates are mailed to requesters of linked open tickets and to affected people, once per address', async () => {
    await at('2026-03-11T09:00:00.000Z');
    const inc = await agent.post('/api/inbox/incidents', { title: 'Slow pages', siteKeys: ['acme'], body: 'Pages are slow.' });
    const linked = await fileTicket(server.url, { requester: { name: 'Rita Requester', email: 'rita@acme.example' } });
    const solved = await fileTicket(server.url, { requester: { name: 'Sol Solved', email: 'sol@acme.example' } });
    const other = await fileTicket(server.url, { requester: { name: 'Una Unlinked', email: 'una@acme.example' } });
    for (const t of [linked, solved]) {
      const res = await agent.post(`/api/inbox/tickets/${t.reference}/incident`, { incidentId: inc.body.id });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, { reference: t.reference, incidentId: inc.body.id });
    }
    assert.equal((await agent.post(`/api/inbox/tickets/${solved.reference}/status`, { status: 'solved' })).status, 200);
    assertError(await agent.post(`/api/inbox/tickets/${other.reference}/incident`, { incidentId: 999999 }), 422, 'validation_failed');
    assertError(await agent.post('/api/inbox/tickets/HW-99999999/incident', { incidentId: null }), 404, 'not_found');

    // Affected people: from the site's own origin; again is fine; another origin or site is refused.
    assert.equal((await affected(inc.body.id, { site: 'acme', name: 'Ann', email: 'Ann@Acme.example' })).status, 201);
    assert.equal((await affected(inc.body.id, { site: 'acme', name: 'Ann', email: 'ann@acme.example' })).status, 201);
    assert.equal((await affected(inc.body.id, { site: 'acme', name: 'Rita', email: 'rita@acme.example' })).status, 201);
    assertError(
      await affected(inc.body.id, { site: 'acme', name: 'Eve', email: 'eve@evil.example' }, 'https://evil.example'),
      403,
      'origin_not_allowed',
    );
    assertError(
      await affected(inc.body.id, { site: 'beta', name: 'Bo', email: 'bo@beta.example' }, 'https://beta.example'),
      404,
      'not_found',
    );
    const badEmail = await affected(inc.body.id, { site: 'acme', name: 'Ann', email: 'not-an-email' });
    assert.equal(badEmail.status, 422);
    assert.ok(badEmail.body.error.fields.email, badEmail.text);

    const before = (await mailsOf(server, 'incident_update')).length;
    clock.set('2026-03-11T09:30:00.000Z');
    assert.equal(
      (await agent.post(`/api/inbox/incidents/${inc.body.id}/updates`, { status: 'identified', body: 'A slow query <b>.' })).status,
      201,
    );
    const mails = (await mailsOf(server, 'incident_update')).slice(before);
    assert.deepEqual(mails.map((m) => m.to_address).sort(), ['ann@acme.example', 'rita@acme.example']);
    const rita = mails.find((m) => m.to_address === 'rita@acme.example')!;
    assert.ok(rita.ticket_id, 'the linked ticket is named');
    assert.match(rita.subject, /^Identified: Slow pages$/);
    assert.match(rita.text_body, /A slow query <b>\./);
    assert.ok(rita.html_body.includes('A slow query &#60;b&#62;.'));

    // Resolved: a last mail, then no one can subscribe any more.
    await agent.post(`/api/inbox/incidents/${inc.body.id}/updates`, { status: 'resolved', body: 'Fixed.' });
    assert.equal((await mailsOf(server, 'incident_update')).length, before + 4);
    assertError(await affected(inc.body.id, { site: 'acme', name: 'Late', email: 'late@acme.example' }), 409, 'conflict');
  });

  it("status-page subscribers of the incident's site or of all sites get its updates, each with a sealed unsubscribe link", async () => {
    await at('2026-03-12T09:00:00.000Z');
    const db = server.running.store.db;
    const subscribe = (email: string, site_key: string | null, confirmed: boolean) =>
      db
        .insertInto('status_subscriptions')
        .values({
          email,
          site_key,
          token_hash: `hash-${email}`,
          confirmed_at: confirmed ? '2026-03-01T00:00:00.000Z' : null,
          created_at: '2026-03-01T00:00:00.000Z',
          unsubscribed_at: null,
        })
        .execute();
    await subscribe('acme-fan@example.org', 'acme', true);
    await subscribe('everything@example.org', null, true);
    await subscribe('beta-fan@example.org', 'beta', true);
    await subscribe('unsure@example.org', 'acme', false);
    const before = (await mailsOf(server, 'incident_update')).length;
    const inc = await agent.post('/api/inbox/incidents', { title: 'Quiz saves fail', siteKeys: ['acme'], body: 'Saving a quiz fails.' });
    assert.equal(inc.status, 201, inc.text);
    const mails = (await mailsOf(server, 'incident_update')).slice(before);
    assert.deepEqual(mails.map((m) => m.to_address).sort(), ['acme-fan@example.org', 'everything@example.org']);
    for (const mail of mails) {
      assert.match(mail.subject, /Quiz saves fail/);
      assert.match(mail.text_body, /Stop these mails/);
      assert.match(mail.text_body, /\[sealed-[0-9a-f]{16}\]/, 'the unsubscribe token is sealed in the outbox');
    }
  });

  it('a site going down opens one automatic incident; coming back resolves it, or moves it to monitoring when held', async () => {
    await at('2026-03-12T12:00:00.000Z');
    const services = server.running.services;
    const openedBefore = (await mailsOf(server, 'incident_opened')).length;
    const id = await onSiteDown(services, 'beta', '2026-03-12T08:00:00.000Z', 'connect ECONNREFUSED');
    assert.ok(id);
    assert.equal(await onSiteDown(services, 'beta', '2026-03-12T08:05:00.000Z', 'again'), null, 'one open incident per site');
    assert.equal(await onSiteDown(services, 'nowhere', '2026-03-12T08:05:00.000Z', null), null);
    await services.events.settled();
    const team = await mailsOf(server, 'incident_opened');
    assert.equal(team.length, openedBefore + 1);
    assert.match(team.at(-1)!.subject, /^\[Incident\] Beta LMS is down$/);
    let incident = (await agent.get('/api/inbox/incidents')).body.incidents.find((i: { id: number }) => i.id === id);
    assert.equal(incident.title, 'Beta LMS is down');
    assert.equal(incident.auto, true);
    assert.equal(incident.startedAt, '2026-03-12T08:00:00.000Z');
    assert.match(incident.updates[0].body, /ECONNREFUSED/);

    assert.equal(await onSiteUp(services, 'beta', '2026-03-12T08:30:00.000Z'), id);
    incident = (await agent.get('/api/inbox/incidents')).body.incidents.find((i: { id: number }) => i.id === id);
    assert.equal(incident.status, 'resolved');
    assert.equal(incident.resolvedAt, '2026-03-12T08:30:00.000Z');
    assert.equal(await onSiteUp(services, 'beta', '2026-03-12T08:31:00.000Z'), null, 'nothing open to resolve');

    // Down again; an agent holds it open: the site coming back only moves it to monitoring.
    const second = await onSiteDown(services, 'beta', '2026-03-12T10:00:00.000Z', null);
    assert.ok(second && second !== id);
    const held = await agent.post(`/api/inbox/incidents/${second}/updates`, { status: 'identified', body: 'Disk full.', hold: true });
    assert.equal(held.body.hold, true);
    await onSiteUp(services, 'beta', '2026-03-12T10:20:00.000Z');
    incident = (await agent.get('/api/inbox/incidents')).body.incidents.find((i: { id: number }) => i.id === second);
    assert.equal(incident.status, 'monitoring');
    assert.equal(incident.resolvedAt, null);
    assert.equal(incident.updates[0].author, 'monitor');
    // Still open: the next down does not open another one.
    assert.equal(await onSiteDown(services, 'beta', '2026-03-12T11:00:00.000Z', null), null);
    const closed = await agent.post(`/api/inbox/incidents/${second}/updates`, { status: 'resolved', body: 'Stable for an hour.' });
    assert.equal(closed.body.hold, false);

    // An incident declared for all sites also counts as open for every site.
    const all = await agent.post('/api/inbox/incidents', { title: 'Network', siteKeys: 'all', body: 'Upstream trouble.' });
    assert.equal(all.body.scope, 'all');
    assert.equal(await onSiteDown(services, 'acme', '2026-03-12T12:00:00.000Z', null), null);
    await agent.post(`/api/inbox/incidents/${all.body.id}/updates`, { status: 'resolved', body: 'Done.' });
  });
});
