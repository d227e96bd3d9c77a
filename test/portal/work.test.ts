/**
 * The portal's work routes over HTTP on SQLite and PostgreSQL: a key contact's order of the
 * site's tickets and the queue that shows it; billable work from a member waiting for a key
 * contact's approval while the budget is low (the demo site: 10 hours, low below 20% = 2 hours);
 * the low-budget mail once per crossing; the widget's list for a verified contact.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore, post } from '../api/helpers.ts';
import { fileTicket, signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import type { TestServer } from '../support/api-server.ts';
import { portalSession, type PortalSession } from './support.ts';
import { identityHash } from '../../api/src/sites/identity.ts';
import { needsApproval } from '../../api/src/portal/approvals.ts';

const REQUEST = { type: 'request', severity: 'S3', fields: { desiredChange: 'Add the H5P plugin' } };

describe('needsApproval', () => {
  const policy = {
    ticketTypes: [
      { id: 'request', billable: true, fields: [] },
      { id: 'query', billable: false, fields: [] },
      { id: 'site_refresh', billable: true, fields: [{ name: 'estimateHours' }] },
    ],
  } as any;
  const ok = { budgetHours: 10, remainingHours: 5, low: false };
  const low = { budgetHours: 10, remainingHours: 1.5, low: true };
  const member = { role: 'member' as const };
  it('a member’s billable work waits while the budget is low; not otherwise', () => {
    assert.equal(needsApproval({ type: 'request', fields: {} }, member, low, policy), true);
    assert.equal(needsApproval({ type: 'request', fields: {} }, member, ok, policy), false);
    assert.equal(needsApproval({ type: 'query', fields: {} }, member, low, policy), false, 'not billable');
    assert.equal(needsApproval({ type: 'request', fields: {} }, { role: 'key' }, low, policy), false, 'a key contact');
    assert.equal(needsApproval({ type: 'request', fields: {} }, null, low, policy), false, 'no contact');
  });
  it('an estimate above what is left waits too, when the type has an estimate field', () => {
    assert.equal(needsApproval({ type: 'site_refresh', fields: { estimateHours: '6' } }, member, ok, policy), true);
    assert.equal(needsApproval({ type: 'site_refresh', fields: { estimateHours: 5 } }, member, ok, policy), false, '5 of 5 left');
    assert.equal(needsApproval({ type: 'request', fields: { estimateHours: 6 } }, member, ok, policy), false, 'no such field declared');
  });
});

forEachStore('Portal work: priorities, approvals, low budget, widget list', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let key: PortalSession;
  let member: PortalSession;
  let otherKey: PortalSession;
  let secret: string;
  const mails = async (kind: string) =>
    server.running.store.db
      .selectFrom('outbox')
      .select(['to_address', 'subject', 'text_body', 'ticket_id'])
      .where('kind', '=', kind)
      .execute();
  const logTime = async (reference: string, minutes: number) => {
    const res = await admin.post(`/api/inbox/tickets/${reference}/time`, { minutes, rate: 'standard' });
    assert.equal(res.status, 201, res.text);
  };
  const verified = (email: string, name = 'Mia Member') => ({ name, email, hash: identityHash(secret, email) });

  before(async () => {
    server = await target.start(withAdmin());
    admin = await signIn(server.url);
    const sites = await admin.get('/api/admin/sites');
    secret = sites.body.sites.find((s: any) => s.key === 'demo').identitySecret;
    const other = await admin.post('/api/admin/sites', { key: 'other', name: 'Other College', plan: 'standard', origins: [] });
    assert.equal(other.status, 201, other.text);
    key = await portalSession(server, { site: 'demo', email: 'kim.key@college.example', name: 'Kim Key', role: 'key' });
    await portalSession(server, { site: 'demo', email: 'kai.key@college.example', name: 'Kai Key', role: 'key' });
    member = await portalSession(server, { site: 'demo', email: 'mia.member@college.example', name: 'Mia Member', role: 'member' });
    otherKey = await portalSession(server, { site: 'other', email: 'olga@other.example', name: 'Olga', role: 'key' });
  });
  after(() => server?.stop());

  describe('priorities', () => {
    it('a key contact orders the open tickets; others lose their rank; the queue shows and sorts by it', async () => {
      const a = await fileTicket(server.url, { subject: 'A' });
      const b = await fileTicket(server.url, { subject: 'B' });
      const c = await fileTicket(server.url, { subject: 'C' });
      const first = await key.put('/api/portal/priorities', { references: [c.reference, a.reference] });
      assert.equal(first.status, 200, first.text);
      assert.deepEqual(
        first.body.tickets.slice(0, 3).map((t: any) => [t.reference, t.priority]),
        [
          [c.reference, 1],
          [a.reference, 2],
          [b.reference, null],
        ],
      );
      const again = await key.put('/api/portal/priorities', { references: [b.reference] });
      assert.equal(again.status, 200, again.text);
      const got = await key.get('/api/portal/priorities');
      const ranks = Object.fromEntries(got.body.tickets.map((t: any) => [t.reference, t.priority]));
      assert.deepEqual([ranks[b.reference], ranks[a.reference], ranks[c.reference]], [1, null, null]);

      await key.put('/api/portal/priorities', { references: [c.reference, a.reference] });
      const queue = await admin.get('/api/inbox/tickets?site=demo&sort=client&limit=1');
      assert.equal(queue.status, 200, queue.text);
      assert.equal(queue.body.tickets[0].reference, c.reference);
      assert.equal(queue.body.tickets[0].clientPriority, 1);
      const page2 = await admin.get(`/api/inbox/tickets?site=demo&sort=client&limit=1&cursor=${queue.body.nextCursor}`);
      assert.equal(page2.body.tickets[0].reference, a.reference);
      assert.equal(page2.body.tickets[0].clientPriority, 2);
      const page3 = await admin.get(`/api/inbox/tickets?site=demo&sort=client&limit=1&cursor=${page2.body.nextCursor}`);
      assert.equal(page3.body.tickets[0].clientPriority, null, 'the unranked after the ranked');
      const plain = await admin.get('/api/inbox/tickets?site=demo&limit=500');
      assert.equal(plain.body.tickets.find((t: any) => t.reference === a.reference).clientPriority, 2);
      assertError(await admin.get('/api/inbox/tickets?sort=client'), 422, 'validation_failed', 'sort');

      // Solving a ranked ticket takes it out of the order; the next moves up.
      const solved = await admin.post(`/api/inbox/tickets/${c.reference}/status`, { status: 'solved' });
      assert.equal(solved.status, 200, solved.text);
      const after = await key.get('/api/portal/priorities');
      assert.equal(after.body.tickets[0].reference, a.reference);
      assert.equal(after.body.tickets[0].priority, 1);
      assertError(await key.put('/api/portal/priorities', { references: [c.reference] }), 422, 'validation_failed', 'references.0');
    });

    it('members get 403, another site’s ticket is 404, a CSRF-less write 403, bad input 422', async () => {
      const mine = await fileTicket(server.url, { subject: 'Member order' });
      assertError(await member.put('/api/portal/priorities', { references: [mine.reference] }), 403, 'forbidden');
      assertError(await member.get('/api/portal/priorities'), 403, 'forbidden');
      const theirs = await fileTicket(server.url, { site: 'other', subject: 'Other site' });
      assertError(await key.put('/api/portal/priorities', { references: [theirs.reference] }), 404, 'not_found');
      assertError(await otherKey.put('/api/portal/priorities', { references: [mine.reference] }), 404, 'not_found');
      const noCsrf = await call(server.url, '/api/portal/priorities', {
        method: 'PUT',
        json: { references: [] },
        headers: { cookie: key.cookie },
      });
      assertError(noCsrf, 403, 'csrf_token_invalid');
      assertError(
        await key.put('/api/portal/priorities', { references: [mine.reference, mine.reference] }),
        422,
        'validation_failed',
        'references',
      );
      assertError(await call(server.url, '/api/portal/priorities'), 401, 'unauthorized');
    });
  });

  describe('billable work approval and the low-budget mail', () => {
    it('with budget left, a member’s request starts at once', async () => {
      const t = await fileTicket(server.url, { ...REQUEST, requester: verified(member.contact.email) });
      const view = await admin.get(`/api/inbox/tickets/${t.reference}`);
      assert.equal(view.body.approval, null);
      const row = await server.running.store.db
        .selectFrom('tickets')
        .select('contact_id')
        .where('id', '=', Number(t.reference.slice(3)) - 1000)
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.contact_id), member.contact.id, 'a verified contact owns the ticket');
    });

    it('time crossing below 20% mails the key contacts once; then a member’s request waits; key approves or declines', async () => {
      const work = await fileTicket(server.url, { subject: 'Billable work' });
      await logTime(work.reference, 7 * 60); // 10 h → 3 h left: above the 2 h line
      assert.equal((await mails('low_budget')).length, 0);
      await logTime(work.reference, 60 + 15); // 3 h → 1.75 h: crosses
      const low = await mails('low_budget');
      assert.deepEqual(low.map((m) => m.to_address).sort(), ['kai.key@college.example', 'kim.key@college.example']);
      assert.match(low[0].text_body, /1\.75 of 10 hours left \(below 20%\)/);
      await logTime(work.reference, 15); // 1.5 h: still below, no new crossing
      assert.equal((await mails('low_budget')).length, 2);

      const waiting = await fileTicket(server.url, { ...REQUEST, subject: 'Install H5P', requester: verified(member.contact.email) });
      const view = await admin.get(`/api/inbox/tickets/${waiting.reference}`);
      assert.equal(view.body.approval.state, 'waiting');
      assert.ok(view.body.history.some((h: any) => /Waiting for client approval/.test(h.note ?? '')));
      const queue = await admin.get('/api/inbox/tickets?site=demo&limit=500');
      assert.equal(queue.body.tickets.find((t: any) => t.reference === waiting.reference).approval.state, 'waiting');
      const asked = (await mails('approval_request')).filter((m) => m.subject.includes(waiting.reference));
      assert.deepEqual(asked.map((m) => m.to_address).sort(), ['kai.key@college.example', 'kim.key@college.example']);
      assert.ok(asked[0].text_body.includes(`/portal/tickets/${waiting.reference}?decision=approve`));
      assert.ok(asked[0].text_body.includes(`/portal/tickets/${waiting.reference}?decision=decline`));

      // A key contact's own request and a plain query do not wait.
      const keys = await fileTicket(server.url, { ...REQUEST, requester: verified(key.contact.email, 'Kim Key') });
      assert.equal((await admin.get(`/api/inbox/tickets/${keys.reference}`)).body.approval, null);
      const query = await fileTicket(server.url, { requester: verified(member.contact.email) });
      assert.equal((await admin.get(`/api/inbox/tickets/${query.reference}`)).body.approval, null);
      // Unverified: the address proves nothing, so no contact and no approval.
      const unverified = await fileTicket(server.url, { ...REQUEST, requester: { name: 'Mia', email: member.contact.email } });
      assert.equal((await admin.get(`/api/inbox/tickets/${unverified.reference}`)).body.approval, null);

      assertError(await member.post(`/api/portal/tickets/${waiting.reference}/approval`, { decision: 'approve' }), 403, 'forbidden');
      assertError(await otherKey.post(`/api/portal/tickets/${waiting.reference}/approval`, { decision: 'approve' }), 404, 'not_found');
      assertError(
        await key.post(`/api/portal/tickets/${waiting.reference}/approval`, { decision: 'maybe' }),
        422,
        'validation_failed',
        'decision',
      );
      const approved = await key.post(`/api/portal/tickets/${waiting.reference}/approval`, { decision: 'approve', note: 'Go ahead' });
      assert.equal(approved.status, 200, approved.text);
      assert.equal(approved.body.approval, 'approved');
      assert.equal(approved.body.approvalBy, 'kim.key@college.example');
      assertError(await key.post(`/api/portal/tickets/${waiting.reference}/approval`, { decision: 'decline' }), 409, 'conflict');
      const decided = await admin.get(`/api/inbox/tickets/${waiting.reference}`);
      assert.equal(decided.body.approval.state, 'approved');
      assert.equal(decided.body.approval.by, 'kim.key@college.example');
      assert.ok(decided.body.history.some((h: any) => h.note === 'Approved by Kim Key (kim.key@college.example): Go ahead'));
      const told = (await mails('approval_decided')).filter((m) => m.subject.includes(waiting.reference));
      assert.equal(told.length, 1);
      assert.equal(told[0].to_address, server.running.policy.vendor.supportEmail);

      const second = await fileTicket(server.url, {
        ...REQUEST,
        type: 'request',
        subject: 'Another',
        requester: verified(member.contact.email),
      });
      const declined = await key.post(`/api/portal/tickets/${second.reference}/approval`, { decision: 'decline' });
      assert.equal(declined.status, 200, declined.text);
      assert.equal((await admin.get(`/api/inbox/tickets/${second.reference}`)).body.approval.state, 'declined');
      assertError(await key.post(`/api/portal/tickets/${query.reference}/approval`, { decision: 'approve' }), 409, 'conflict');
    });
  });

  describe('widget: a verified contact’s tickets', () => {
    it('a member gets their own, a key contact all of the site’s; a wrong hash or a stranger nothing', async () => {
      const own = await fileTicket(server.url, { subject: 'Widget own', requester: verified(member.contact.email) });
      const someone = await fileTicket(server.url, { subject: 'Someone else' });
      const list = async (email: string, hash: string) => {
        const res = await post(server.url, '/api/widget/my-tickets', { site: 'demo', email, hash });
        assert.equal(res.status, 200, res.text);
        return res.body;
      };
      const mine = await list(member.contact.email, identityHash(secret, member.contact.email));
      const refs = mine.tickets.map((t: any) => t.reference);
      assert.ok(refs.includes(own.reference));
      assert.ok(!refs.includes(someone.reference));
      assert.ok(mine.tickets.every((t: any) => t.mine));
      assert.equal(mine.portalUrl, `${server.url}/portal`);
      const keys = await list(key.contact.email, identityHash(secret, key.contact.email));
      assert.ok(keys.tickets.some((t: any) => t.reference === someone.reference && !t.mine));
      assert.deepEqual(await list(member.contact.email, identityHash('wrong', member.contact.email)), { tickets: [], portalUrl: null });
      assert.deepEqual(await list('stranger@college.example', identityHash(secret, 'stranger@college.example')), {
        tickets: [],
        portalUrl: null,
      });
      assertError(await post(server.url, '/api/widget/my-tickets', { site: 'demo', email: 'x@y.z' }), 422, 'validation_failed', 'hash');
    });
  });
});
