/**
 * Client portal sign-in over real HTTP, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: a
 * mailed single-use link (sealed in the outbox, never in the mail log), the same answer for any
 * address, confirming once (also when two confirmations race), expiry after 15 minutes, the
 * cookie's flags, CSRF on writes, the sessions list and revoking, and the rate limits. Client
 * addresses vary through X-Forwarded-For (one trusted proxy).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, call, forEachStore, movableClock, MONDAY_MORNING, type JsonResponse } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { asDelivered } from '../support/outbox.ts';
import { validate } from '../support/json-schema.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { saveContact, type Contact } from '../../api/src/portal/contacts.ts';

const at = (minutes: number) => new Date(MONDAY_MORNING.getTime() + minutes * 60_000).toISOString();

forEachStore('Portal sign-in', (target) => {
  let server: TestServer;
  let agent: AgentSession;
  let doc: Record<string, any>;
  let contact: Contact;
  let other: Contact;
  const clock = movableClock();
  let addresses = 0;
  /** A client address no other test uses (limits are per address). */
  const newAddress = () => `203.0.113.${++addresses}`;

  const request = (email: string, address = newAddress()) =>
    call(server.url, '/api/portal/sign-in', { method: 'POST', json: { email }, headers: { 'x-forwarded-for': address } });
  const confirm = (token: string, headers: Record<string, string> = {}) =>
    call(server.url, '/api/portal/sign-in/confirm', {
      method: 'POST',
      json: { token },
      headers: { 'x-forwarded-for': newAddress(), 'user-agent': 'portal-test', ...headers },
    });
  const documented = (method: string, path: string, res: JsonResponse) => {
    const schema = doc.paths[path][method].responses[String(res.status)]?.content['application/json'].schema;
    assert.ok(schema, `${method} ${path} documents ${res.status}`);
    assert.deepEqual(validate(schema, res.body, doc), [], `${method} ${path} ${res.status}: ${res.text}`);
  };

  /** The portal sign-in mails to `to`, as stored (never with a token) and as delivered. */
  const signInMails = async (to: string) => {
    const { db } = server.running.store;
    const rows = await db
      .selectFrom('outbox')
      .select(['subject', 'text_body', 'html_body', 'message_id', 'sealed_secret'])
      .where('kind', '=', 'portal_sign_in')
      .where('to_address', '=', to)
      .orderBy('id')
      .execute();
    return Promise.all(
      rows.map(async (row) => {
        assert.equal(tokenIn(row.text_body) ?? tokenIn(row.html_body), undefined, 'the outbox row holds no sign-in token');
        const sent = await asDelivered(db, row);
        return { subject: row.subject, stored: row.text_body, text: sent.text, html: sent.html, token: tokenIn(sent.text)! };
      }),
    );
  };
  const tokenIn = (text: string) => /\/portal\/sign-in#token=([A-Za-z0-9_-]{43})\b/.exec(text)?.[1];
  /** Asks for a link for `email` and returns the token of the newest mail. */
  const newToken = async (email: string) => {
    assert.equal((await request(email)).status, 202);
    const mails = await signInMails(email);
    return mails[mails.length - 1].token;
  };
  const cookieOf = (res: JsonResponse) => (res.headers.get('set-cookie') ?? '').split(';')[0];

  before(async () => {
    server = await target.start(
      withAdmin({ clock, env: { HELPWAY_TRUST_PROXY: '1', HELPWAY_PUBLIC_URL: 'https://support.kestrel.example' } }),
    );
    agent = await signIn(server.url);
    doc = (await call(server.url, '/api/openapi.json')).body;
    const { db } = server.running.store;
    contact = (await saveContact(db, 'demo', { email: 'kim@college.example', name: 'Kim Lead', role: 'key' }, 'test', clock.now())).contact;
    other = (await saveContact(db, 'demo', { email: 'lee@college.example', name: 'Lee', role: 'member' }, 'test', clock.now())).contact;
  });
  after(() => server?.stop());

  it('answers the same for a contact and an unknown address; mails only the contact, naming the site; the token is never stored or shown', async () => {
    const known = await request('Kim@College.example');
    const unknown = await request('nobody@college.example');
    assert.equal(known.status, 202);
    assert.equal(unknown.status, 202);
    assert.equal(known.text, unknown.text);
    documented('post', '/api/portal/sign-in', known);

    assert.equal((await signInMails('nobody@college.example')).length, 0);
    const [mail] = await signInMails('kim@college.example');
    assert.ok(mail, 'the contact was mailed');
    assert.match(mail.subject, /Demo LMS/);
    assert.match(mail.text, /Hello Kim Lead/);
    assert.ok(mail.text.includes(`https://support.kestrel.example/portal/sign-in#token=${mail.token}`), mail.text);
    assert.ok(mail.html.includes(`/portal/sign-in#token&#61;${mail.token}"`), mail.html);
    assert.match(mail.stored, /#token=\[sealed-[0-9a-f]{16}\]/);

    const log = await agent.get('/api/inbox/mail');
    assert.equal(log.status, 200);
    const listed = log.body.mail.filter((m: { kind: string }) => m.kind === 'portal_sign_in');
    assert.equal(listed.length, 1);
    assert.ok(!log.text.includes(mail.token), 'the mail log never shows the token');
  });

  it('a link signs in once: a session cookie (HttpOnly, SameSite=Strict, Secure behind HTTPS), then 410 for the same link', async () => {
    const token = await newToken(contact.email);
    const res = await confirm(token, { 'x-forwarded-proto': 'https' });
    assert.equal(res.status, 200, res.text);
    documented('post', '/api/portal/sign-in/confirm', res);
    assert.deepEqual(res.body.contact, {
      id: contact.id,
      email: contact.email,
      name: 'Kim Lead',
      role: 'key',
      site: { key: 'demo', name: 'Demo LMS' },
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^helpway_portal=[A-Za-z0-9_-]{43};/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Secure/);
    assert.match(setCookie, /Path=\//);

    const me = await call(server.url, '/api/portal/me', { headers: { cookie: cookieOf(res) } });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.body.contact.email, contact.email);
    assert.equal(me.body.csrfToken, res.body.csrfToken);
    documented('get', '/api/portal/me', me);

    assertError(await confirm(token), 410, 'link_expired', 'token');
    // Neither the link's token nor the session it opened is in anything the server logged.
    const logged = server.logged();
    assert.match(logged, /\/api\/portal\/sign-in\/confirm/, 'the confirmations are in the request log');
    assert.ok(!logged.includes(token), 'the sign-in token is never logged');
    assert.ok(!logged.includes(cookieOf(res).split('=')[1]), 'the session cookie is never logged');
    assertError(await confirm('A'.repeat(43)), 410, 'link_expired');
    assertError(await confirm('not a token'), 422, 'validation_failed', 'token');
    // Plain HTTP without a trusted proxy saying HTTPS: no Secure flag (the cookie would be dropped).
    const plain = await confirm(await newToken(contact.email));
    assert.equal(plain.status, 200);
    assert.doesNotMatch(plain.headers.get('set-cookie') ?? '', /Secure/);
  });

  it('two confirmations racing on one link sign in exactly one', async () => {
    for (let round = 0; round < 3; round++) {
      const token = await newToken(other.email);
      const results = await Promise.all([confirm(token), confirm(token), confirm(token)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 410, 410], results.map((r) => r.text).join('\n'));
      assert.equal(results.filter((r) => r.headers.get('set-cookie')?.startsWith('helpway_portal=')).length, 1);
    }
  });

  it('sign-out needs the CSRF token; sessions are listed with the current one marked and can be revoked', async () => {
    const first = await confirm(await newToken(other.email), { 'user-agent': 'first browser' });
    const second = await confirm(await newToken(other.email), { 'user-agent': 'second browser' });
    const one = { cookie: cookieOf(first), csrf: first.body.csrfToken };
    const two = { cookie: cookieOf(second), csrf: second.body.csrfToken };

    const list = await call(server.url, '/api/portal/sessions', { headers: { cookie: one.cookie } });
    assert.equal(list.status, 200, list.text);
    documented('get', '/api/portal/sessions', list);
    const mine = list.body.sessions.filter((s: { userAgent: string }) => /browser/.test(s.userAgent));
    assert.equal(mine.length, 2);
    const current = mine.find((s: { current: boolean }) => s.current);
    assert.equal(current.userAgent, 'first browser');
    const secondId = mine.find((s: { current: boolean }) => !s.current).id;
    // Another contact's session list does not hold these, and they cannot end them.
    const kim = await confirm(await newToken(contact.email));
    const kimCookie = cookieOf(kim);
    const kimList = await call(server.url, '/api/portal/sessions', { headers: { cookie: kimCookie } });
    assert.ok(!kimList.body.sessions.some((s: { id: string }) => s.id === secondId));
    assertError(
      await call(server.url, `/api/portal/sessions/${secondId}`, {
        method: 'DELETE',
        headers: { cookie: kimCookie, 'x-csrf-token': kim.body.csrfToken },
      }),
      404,
      'not_found',
    );

    // Writes without (or with a wrong) CSRF token are refused, and change nothing.
    assertError(
      await call(server.url, `/api/portal/sessions/${secondId}`, { method: 'DELETE', headers: { cookie: one.cookie } }),
      403,
      'csrf_token_invalid',
    );
    assertError(
      await call(server.url, '/api/portal/sign-out', { method: 'POST', headers: { cookie: one.cookie, 'x-csrf-token': two.csrf } }),
      403,
      'csrf_token_invalid',
    );
    assert.equal((await call(server.url, '/api/portal/me', { headers: { cookie: two.cookie } })).status, 200);

    const revoked = await call(server.url, `/api/portal/sessions/${secondId}`, {
      method: 'DELETE',
      headers: { cookie: one.cookie, 'x-csrf-token': one.csrf },
    });
    assert.equal(revoked.status, 200, revoked.text);
    documented('delete', '/api/portal/sessions/{id}', revoked);
    assertError(await call(server.url, '/api/portal/me', { headers: { cookie: two.cookie } }), 401, 'unauthorized');
    assert.equal((await call(server.url, '/api/portal/me', { headers: { cookie: one.cookie } })).status, 200);

    const out = await call(server.url, '/api/portal/sign-out', {
      method: 'POST',
      headers: { cookie: one.cookie, 'x-csrf-token': one.csrf },
    });
    assert.equal(out.status, 200, out.text);
    documented('post', '/api/portal/sign-out', out);
    assert.match(out.headers.get('set-cookie') ?? '', /^helpway_portal=;/);
    assertError(await call(server.url, '/api/portal/me', { headers: { cookie: one.cookie } }), 401, 'unauthorized');
  });

  it('limits requests per email and per client address, alike for contacts and unknown addresses', async () => {
    const { db } = server.running.store;
    await saveContact(db, 'demo', { email: 'rita@college.example', name: 'Rita', role: 'member' }, 'test', clock.now());
    for (const email of ['rita@college.example', 'stranger@college.example']) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await request(email)).status); // each from a new address
      assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429], email);
    }
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await request(`walker${i}@college.example`, address)).status);
    assert.deepEqual(statuses, [...Array(10).fill(202), 429]);
    const limited = await request('walker99@college.example', address);
    assertError(limited, 429, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
  });

  it('a link is refused after 15 minutes', async () => {
    clock.set(at(60));
    const { db } = server.running.store;
    await db.deleteFrom('portal_links').execute(); // unused links from the tests above would cap new mail
    const fresh = await saveContact(db, 'demo', { email: 'ola@college.example', name: 'Ola', role: 'member' }, 'test', clock.now());
    const late = await newToken(fresh.contact.email);
    const onTime = await newToken(fresh.contact.email);
    clock.set(at(60 + 14));
    assert.equal((await confirm(onTime)).status, 200);
    clock.set(at(60 + 16));
    assertError(await confirm(late), 410, 'link_expired');
  });
});
