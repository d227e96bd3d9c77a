/** The requester status page: /tickets/{reference}?token=… with the conversation, due times and a reply form. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, startWithAdmin, type AgentSession } from '../inbox/support.ts';

describe('Requester status page', () => {
  let server: TestServer;
  let admin: AgentSession;
  before(async () => {
    server = await startWithAdmin({ clock: fixedClock() });
    admin = await signIn(server.url);
  });
  after(() => server?.stop());

  it('shows status, due time and conversation (no internal notes) under a strict CSP', async () => {
    const { reference, token } = await fileTicket(server.url, { subject: 'Course backup fails' });
    await admin.post(`/api/inbox/tickets/${reference}/notes`, { body: 'INTERNAL-ONLY' });
    const res = await fetch(`${server.url}/tickets/${reference}?token=${token}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const html = await res.text();
    assert.match(html, new RegExp(`${reference}: Course backup fails`));
    assert.match(html, /Open: our team is on it/);
    assert.match(html, /We&#39;ll reply by|We'll reply by/);
    assert.doesNotMatch(html, /INTERNAL-ONLY/);
    assert.doesNotMatch(html, /<script/i);
  });

  it('takes a reply through its form and shows it', async () => {
    const { reference, token } = await fileTicket(server.url);
    await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'pending' });
    const form = new URLSearchParams({ token, body: 'Here are the steps <b>again</b>' });
    const res = await fetch(`${server.url}/tickets/${reference}/reply`, { method: 'POST', body: form, redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/tickets/${reference}?token=${encodeURIComponent(token)}`);
    const html = await (await fetch(`${server.url}${res.headers.get('location')}`)).text();
    assert.match(html, /Here are the steps &#60;b&#62;again&#60;\/b&#62;/);
    const view = await admin.get(`/api/inbox/tickets/${reference}`);
    assert.equal(view.body.status, 'open', 'a reply reopens a pending ticket');
    assert.equal(view.body.messages.at(-1).body, 'Here are the steps <b>again</b>');

    const empty = await fetch(`${server.url}/tickets/${reference}/reply`, {
      method: 'POST',
      body: new URLSearchParams({ token, body: '  ' }),
    });
    assert.equal(empty.status, 422);
    assert.match(await empty.text(), /Write a message first/);
  });

  it('asks for escalation through its form: the owner by role, once per working day, none on a solved ticket', async () => {
    const { reference, token } = await fileTicket(server.url);
    const page = await (await fetch(`${server.url}/tickets/${reference}?token=${token}`)).text();
    assert.match(page, /<h2>Ask to escalate<\/h2>/);
    assert.match(page, /<label for="escalate-complaint">This is a formal complaint<\/label>/);
    const ask = (fields: Record<string, string>) =>
      fetch(`${server.url}/tickets/${reference}/escalate`, {
        method: 'POST',
        body: new URLSearchParams({ token, ...fields }),
        redirect: 'manual',
      });

    const empty = await ask({ reason: '   ' });
    assert.equal(empty.status, 422);
    assert.match(await empty.text(), /Say why the ticket needs escalating/);

    const res = await ask({ reason: 'Nobody <b>answers</b>', complaint: 'yes' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/tickets/${reference}?token=${encodeURIComponent(token)}`);
    const after = await (await fetch(`${server.url}${res.headers.get('location')}`)).text();
    assert.match(after, /\(formal complaint\): our Head of customer success \(escalation level 3\) owns this ticket now/);
    assert.doesNotMatch(after, /success@kestrel-learning\.example/, 'the contact address stays internal');
    const view = await admin.get(`/api/inbox/tickets/${reference}`);
    assert.deepEqual(
      view.body.slaTimeline.map((t: { trigger: string; reason: string; actor: string }) => [t.trigger, t.reason, t.actor]),
      [['complaint', 'Nobody <b>answers</b>', 'requester']],
    );

    const again = await ask({ reason: 'Still nothing' });
    assert.equal(again.status, 429);
    assert.ok(Number(again.headers.get('retry-after')) > 0);
    const html = await again.text();
    assert.match(html, /already escalated at your request for this working day/);
    assert.match(html, />Still nothing<\/textarea>/, 'the text typed is kept');

    await admin.post(`/api/inbox/tickets/${reference}/status`, { status: 'solved' });
    const solved = await (await fetch(`${server.url}/tickets/${reference}?token=${token}`)).text();
    assert.doesNotMatch(solved, /action="[^"]*\/escalate"/);
    assert.match(solved, /cannot be escalated/);
    assert.equal((await ask({ reason: 'Not fixed' })).status, 409);
  });

  it('answers 404 for a wrong or missing token, the same as for no ticket', async () => {
    const { reference } = await fileTicket(server.url);
    for (const url of [
      `/tickets/${reference}`,
      `/tickets/${reference}?token=wrong`,
      '/tickets/HW-99999?token=wrong',
      '/tickets/nonsense?token=x',
    ]) {
      const res = await fetch(server.url + url);
      assert.equal(res.status, 404, url);
      assert.match(await res.text(), /Ticket not found/);
    }
    const forged = await fetch(`${server.url}/tickets/${reference}/reply`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'forged-token-value-xxxxxxxx', body: 'hi' }),
    });
    assert.equal(forged.status, 404);
    const forgedEscalation = await fetch(`${server.url}/tickets/${reference}/escalate`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'forged-token-value-xxxxxxxx', reason: 'hi' }),
    });
    assert.equal(forgedEscalation.status, 404);
    assert.match(await forgedEscalation.text(), /Ticket not found/);
    const messages = await admin.get(`/api/inbox/tickets/${reference}`);
    assert.equal(messages.body.messages.length, 0);
    assert.deepEqual(messages.body.slaTimeline, []);
  });
});
