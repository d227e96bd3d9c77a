/** Bad input to the escalation endpoints: always a 4xx in the contract shape, never a 5xx. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, startWithAdmin, type AgentSession } from './support.ts';

describe('Escalation endpoints under bad input', () => {
  let server: TestServer;
  let admin: AgentSession;
  let ref: string;
  let token: string;
  before(async () => {
    server = await startWithAdmin({ env: { HELPWAY_INBOUND_SECRET: 's3cret-s3cret-s3cret-s3cret' } });
    admin = await signIn(server.url);
    ({ reference: ref, token } = await fileTicket(server.url, {
      channel: 'phone',
      phone: { number: '+44 20 7946 0000', preferredTime: 'any' },
    }));
  });
  after(() => server?.stop());

  it('answers every case with a 4xx error body', async () => {
    const big = 'x'.repeat(300 * 1024);
    const agent = { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' };
    const cases: Array<[string, string, Record<string, string>, string | Uint8Array | undefined]> = [
      ['POST', '/api/agents/login', { 'content-type': 'application/json' }, '{not json'],
      ['POST', '/api/agents/login', { 'content-type': 'application/json' }, '[]'],
      [
        'POST',
        '/api/agents/login',
        { 'content-type': 'application/json' },
        JSON.stringify({ email: 'a\u0000@x.example', password: 'p\uD800' }),
      ],
      ['POST', '/api/agents/login', { 'content-type': 'application/json' }, JSON.stringify({ email: 1, password: true })],
      ['POST', '/api/agents/login', { 'content-type': 'application/json' }, JSON.stringify({ email: big, password: 'x' })],
      ['POST', `/api/inbox/tickets/${ref}/replies`, agent, '{"body":'],
      ['POST', `/api/inbox/tickets/${ref}/replies`, agent, JSON.stringify({ body: 42 })],
      ['POST', `/api/inbox/tickets/${ref}/replies`, agent, JSON.stringify({ body: big })],
      ['POST', `/api/inbox/tickets/${ref}/replies`, agent, JSON.stringify({ body: 'x', extra: 1 })],
      ['POST', `/api/inbox/tickets/${ref}/notes`, agent, JSON.stringify({ body: '\u0000' })],
      ['POST', `/api/inbox/tickets/${ref}/status`, agent, JSON.stringify({ status: null })],
      ['POST', `/api/inbox/tickets/${ref}/assignee`, agent, JSON.stringify({ agentId: 'me' })],
      ['POST', `/api/inbox/tickets/${ref}/assignee`, agent, JSON.stringify({ agentId: 1e20 })],
      ['POST', `/api/inbox/tickets/${ref}/severity`, agent, JSON.stringify({ severity: 'S0' })],
      ['POST', `/api/inbox/tickets/${ref}/time`, agent, JSON.stringify({ minutes: 1.5, rate: 'standard' })],
      ['POST', `/api/inbox/tickets/${ref}/time`, agent, JSON.stringify({ minutes: -5, rate: 'standard' })],
      ['POST', `/api/inbox/tickets/${ref}/called`, agent, JSON.stringify({})],
      ['POST', '/api/inbox/tickets/HW-abc/replies', agent, JSON.stringify({ body: 'x' })],
      ['POST', '/api/inbox/tickets/HW-99999999999999/replies', agent, JSON.stringify({ body: 'x' })],
      ['POST', '/api/inbox/tickets/../../etc/passwd/replies', agent, JSON.stringify({ body: 'x' })],
      ['GET', `/api/inbox/tickets/${ref}/attachments/-1`, agent, undefined],
      ['GET', `/api/inbox/tickets/${ref}/attachments/1e9`, agent, undefined],
      ['GET', `/api/inbox/tickets/${ref}/attachments/abc`, agent, undefined],
      ['GET', '/api/inbox/tickets?limit=-1', agent, undefined],
      ['GET', '/api/inbox/tickets?status=%00', agent, undefined],
      ['GET', '/api/inbox/tickets?assignee=../../', agent, undefined],
      ['POST', '/api/admin/agents', agent, JSON.stringify({ email: 'not-an-email', name: '', password: 'x' })],
      ['POST', '/api/admin/sites', agent, JSON.stringify({ key: '', name: 'x', plan: 'nope' })],
      ['POST', '/api/admin/sites', agent, JSON.stringify({ key: 'ok-site', name: 'x', plan: 'nope' })],
      ['GET', '/api/chat/availability?site=%00', {}, undefined],
      ['GET', `/api/chat/${ref}/events?token=%00`, {}, undefined],
      ['GET', '/api/chat/HW-1/events?token=x', {}, undefined],
      [
        'POST',
        `/api/chat/${ref}/messages`,
        { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        JSON.stringify({ body: big }),
      ],
      ['POST', `/api/chat/${ref}/messages`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, 'null'],
      ['POST', `/api/chat/${ref}/messages`, { authorization: 'Bearer', 'content-type': 'application/json' }, JSON.stringify({ body: 'x' })],
      [
        'POST',
        '/api/mail/inbound',
        { 'x-helpway-inbound-secret': 's3cret-s3cret-s3cret-s3cret' },
        new Uint8Array([0, 255, 1, 2, 3, 0, 0, 200]),
      ],
      ['POST', '/api/mail/inbound', { 'x-helpway-inbound-secret': 's3cret-s3cret-s3cret-s3cret' }, 'From: <>\r\nSubject: HW-\r\n\r\n'],
      [
        'POST',
        '/api/mail/inbound',
        { 'x-helpway-inbound-secret': 's3cret-s3cret-s3cret-s3cret' },
        `From: x@y.example\r\nSubject: Re: [HW-99999999]\r\n\r\nhello`,
      ],
    ];
    for (const [method, path, headers, body] of cases) {
      const res = await call(server.url, path, { method, headers, body: body as BodyInit | undefined });
      assert.ok(res.status >= 400 && res.status < 500, `${method} ${path} → ${res.status} ${res.text.slice(0, 200)}`);
      if (res.body) assert.equal(typeof res.body.error?.code, 'string', `${method} ${path}: ${res.text.slice(0, 200)}`);
    }
    // The status page too: HTML, but never a 5xx.
    for (const path of [`/tickets/${ref}?token=%00`, '/tickets/%ZZ', `/tickets/${ref}?token=${'a'.repeat(5000)}`]) {
      const res = await fetch(server.url + path);
      assert.ok(res.status >= 400 && res.status < 500, `${path} → ${res.status}`);
    }
    const post = await fetch(`${server.url}/tickets/${ref}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: 'garbage',
    });
    assert.ok(post.status >= 400 && post.status < 500, `reply form garbage → ${post.status}`);
  });
});
