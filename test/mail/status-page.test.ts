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
    const messages = await admin.get(`/api/inbox/tickets/${reference}`);
    assert.equal(messages.body.messages.length, 0);
  });
});
