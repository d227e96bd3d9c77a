/**
 * Agent account security over real HTTP, on SQLite and (with TEST_DATABASE_URL) PostgreSQL:
 * the sign-in throttle per (address, email) with growing delays, disabling agents and ending
 * sessions, changing one's own password, password reset by mail, and the first admin's
 * password in the environment. Client addresses vary through X-Forwarded-For (trusted proxy),
 * each given as the only entry.
 */
import { asDelivered } from '../support/outbox.ts';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { assertError, call, forEachStore, MONDAY_MORNING, type JsonResponse } from '../api/helpers.ts';
import { dropSchema, newSchemaName, type TestServer } from '../support/api-server.ts';
import { readConfig } from '../../api/src/config.ts';
import { startHelpway } from '../../api/src/server.ts';
import { ADMIN, withAdmin, type AgentSession } from './support.ts';

const from = (address: string) => ({ 'x-forwarded-for': address });

forEachStore('Agent security', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let current = MONDAY_MORNING.getTime();
  const clock = { now: () => new Date(current) };
  const advance = (seconds: number) => (current += seconds * 1000);
  let addresses = 0;
  /** A client address no other test uses. */
  const newAddress = () => `198.51.100.${++addresses}`;

  const login = (address: string, email: string, password: string) =>
    call(server.url, '/api/agents/login', { method: 'POST', json: { email, password }, headers: from(address) });
  const addAgent = async (email: string, password = 'a long agent password', role = 'agent') => {
    const res = await admin.post('/api/admin/agents', { email, name: email.split('@')[0], role, password });
    assert.equal(res.status, 201, res.text);
    return res.body.agent as { id: number; email: string };
  };
  /** Signs in from a fresh address (the throttle is per address), with helpers that keep it. */
  const session = async (email: string, password: string): Promise<AgentSession> => {
    const address = newAddress();
    const res = await login(address, email, password);
    assert.equal(res.status, 200, res.text);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    const csrf = res.body.csrfToken;
    return {
      cookie,
      csrf,
      agent: res.body.agent,
      get: (path) => call(server.url, path, { headers: { cookie, ...from(address) } }),
      post: (path, json) => call(server.url, path, { method: 'POST', json, headers: { cookie, 'x-csrf-token': csrf, ...from(address) } }),
    };
  };
  const resetMails = async (to: string) => {
    const { db } = server.running.store;
    const rows = await db
      .selectFrom('outbox')
      .select(['text_body', 'html_body', 'subject', 'kind', 'message_id', 'sealed_secret'])
      .where('kind', '=', 'password_reset')
      .where('to_address', '=', to)
      .orderBy('id')
      .execute();
    return Promise.all(
      rows.map(async (row) => {
        // The stored row never holds the link's token; the delivered mail does.
        assert.equal(tokenIn(row.text_body) ?? tokenIn(row.html_body), undefined, 'the outbox row holds no reset token');
        const sent = await asDelivered(db, row);
        return { ...row, text_body: sent.text, html_body: sent.html };
      }),
    );
  };
  const tokenIn = (text: string) => /\/inbox\/#\/reset-password\/([A-Za-z0-9_-]{43})\b/.exec(text)?.[1];
  const requestReset = (address: string, email: string) =>
    call(server.url, '/api/agents/password-reset', { method: 'POST', json: { email }, headers: from(address) });
  const confirmReset = (address: string, token: string, password: string) =>
    call(server.url, '/api/agents/password-reset/confirm', { method: 'POST', json: { token, password }, headers: from(address) });

  before(async () => {
    server = await target.start(withAdmin({ clock, env: { HELPWAY_TRUST_PROXY: '1' } }));
    admin = await session(ADMIN.email, ADMIN.password);
  });
  after(() => server?.stop());

  describe('sign-in throttle', () => {
    it('50 wrong passwords from one address do not stop the right password from another', async () => {
      const attacker = newAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 50; i++) statuses.push((await login(attacker, ADMIN.email, `wrong guess ${i}`)).status);
      assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
      assert.ok(
        statuses.slice(5).every((s) => s === 429),
        statuses.join(','),
      );
      // The attacker's own address waits, even with the right password…
      assertError(await login(attacker, ADMIN.email, ADMIN.password), 429, 'rate_limited');
      // …but the admin, from anywhere else, signs in at once.
      const res = await login(newAddress(), ADMIN.email, ADMIN.password);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.agent.email, ADMIN.email);
    });

    it('answers 429 with a Retry-After that doubles per failure, and a success starts afresh', async () => {
      const address = newAddress();
      for (let i = 0; i < 4; i++) assertError(await login(address, ADMIN.email, 'not it at all'), 401, 'invalid_credentials');
      const waits: number[] = [];
      for (let round = 0; round < 4; round++) {
        assertError(await login(address, ADMIN.email, 'not it at all'), 401, 'invalid_credentials');
        const refused = await login(address, ADMIN.email, 'not it at all');
        assertError(refused, 429, 'rate_limited');
        const wait = Number(refused.headers.get('retry-after'));
        waits.push(wait);
        advance(wait);
      }
      assert.deepEqual(waits, [1, 2, 4, 8]);
      assert.equal((await login(address, ADMIN.email, ADMIN.password)).status, 200);
      // A success forgets the failures: the free tries are back.
      for (let i = 0; i < 4; i++) assertError(await login(address, ADMIN.email, 'typo typo typo'), 401, 'invalid_credentials');
      assert.equal((await login(address, ADMIN.email, ADMIN.password)).status, 200);
    });

    it('throttles an unknown email exactly like a real one (nothing to learn from it)', async () => {
      const address = newAddress();
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 7; i++) known.push((await login(address, ADMIN.email, 'wrong password')).status);
      for (let i = 0; i < 7; i++) unknown.push((await login(address, 'nobody@kestrel.example', 'wrong password')).status);
      assert.deepEqual(unknown, known);
      assert.deepEqual(known, [401, 401, 401, 401, 401, 429, 429]);
    });

    it('parallel guesses cannot slip past the free tries', async () => {
      const address = newAddress();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => login(address, ADMIN.email, `parallel guess ${i}`)));
      const statuses = results.map((r) => r.status);
      assert.ok(
        statuses.every((s) => s === 401 || s === 429),
        statuses.join(','),
      );
      assert.ok(statuses.filter((s) => s === 401).length <= 5, `at most 5 passwords checked: ${statuses.join(',')}`);
    });

    it('the right password sent several times at once signs in every time (two tabs, two processes)', async () => {
      const address = newAddress();
      const results = await Promise.all(Array.from({ length: 4 }, () => login(address, ADMIN.email, ADMIN.password)));
      assert.deepEqual(
        results.map((r) => r.status),
        [200, 200, 200, 200],
        results.map((r) => r.text).join('\n'),
      );
    });

    it('caps attempts per address across emails, without touching other addresses', async () => {
      const sprayer = newAddress();
      let refused: JsonResponse | undefined;
      for (let i = 0; i < 40 && !refused; i++) {
        const res = await login(sprayer, `user${i}@kestrel.example`, 'Winter2026!!');
        if (res.status === 429) refused = res;
        else assert.equal(res.status, 401);
      }
      assert.ok(refused, 'the address was capped');
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.equal((await login(newAddress(), ADMIN.email, ADMIN.password)).status, 200);
    });
  });

  describe('disabling agents and ending sessions', () => {
    it('a disabled agent is signed out at once and cannot sign in; enabled again, they can', async () => {
      const sam = await addAgent('sam@kestrel.example');
      const first = await session(sam.email, 'a long agent password');
      const second = await session(sam.email, 'a long agent password');
      assert.equal((await first.get('/api/inbox/tickets')).status, 200);
      const listed = await admin.get('/api/admin/agents');
      assert.equal(listed.status, 200, listed.text);
      const row = listed.body.agents.find((a: any) => a.id === sam.id);
      assert.equal(row.disabled, false);
      assert.equal(row.sessions, 2);

      const disabled = await admin.post(`/api/admin/agents/${sam.id}/disable`, {});
      assert.equal(disabled.status, 200, disabled.text);
      assert.equal(disabled.body.agent.disabled, true);
      assert.equal(disabled.body.signedOutSessions, 2);
      for (const s of [first, second]) {
        assertError(await s.get('/api/inbox/tickets'), 401, 'unauthorized');
        assertError(await s.get('/api/agents/me'), 401, 'unauthorized');
      }
      const refused = assertError(await login(newAddress(), sam.email, 'a long agent password'), 403, 'forbidden');
      assert.match(refused.message, /disabled/);
      // A wrong password says nothing about the account being disabled.
      assertError(await login(newAddress(), sam.email, 'not the password'), 401, 'invalid_credentials');
      assert.equal((await admin.get('/api/agents')).body.agents.find((a: any) => a.id === sam.id).disabled, true);

      const enabled = await admin.post(`/api/admin/agents/${sam.id}/enable`, {});
      assert.equal(enabled.status, 200, enabled.text);
      assert.equal(enabled.body.agent.disabled, false);
      const back = await session(sam.email, 'a long agent password');
      assert.equal((await back.get('/api/inbox/tickets')).status, 200);
    });

    it('a session stops working as soon as its agent is disabled, even if its row is still there', async () => {
      const kim = await addAgent('kim@kestrel.example');
      const s = await session(kim.email, 'a long agent password');
      await server.running.store.db
        .updateTable('agents')
        .set({ disabled_at: clock.now().toISOString() })
        .where('id', '=', kim.id)
        .execute();
      assertError(await s.get('/api/agents/me'), 401, 'unauthorized');
    });

    it('ends every session of an agent on request; they can sign in again', async () => {
      const lee = await addAgent('lee@kestrel.example');
      const a = await session(lee.email, 'a long agent password');
      const b = await session(lee.email, 'a long agent password');
      const revoked = await admin.post(`/api/admin/agents/${lee.id}/revoke-sessions`, {});
      assert.equal(revoked.status, 200, revoked.text);
      assert.equal(revoked.body.signedOutSessions, 2);
      assertError(await a.get('/api/agents/me'), 401, 'unauthorized');
      assertError(await b.get('/api/agents/me'), 401, 'unauthorized');
      assert.equal((await (await session(lee.email, 'a long agent password')).get('/api/agents/me')).status, 200);
    });

    it('only admins may, an admin cannot disable themselves, and ids are checked', async () => {
      const pat = await addAgent('pat@kestrel.example');
      const patSession = await session(pat.email, 'a long agent password');
      for (const action of ['disable', 'enable', 'revoke-sessions']) {
        assertError(await patSession.post(`/api/admin/agents/${admin.agent.id}/${action}`, {}), 403, 'forbidden');
      }
      assertError(await patSession.get('/api/admin/agents'), 403, 'forbidden');
      assertError(
        await call(server.url, `/api/admin/agents/${pat.id}/disable`, { method: 'POST', json: {}, headers: { cookie: admin.cookie } }),
        403,
        'csrf_token_invalid',
      );
      assertError(await admin.post(`/api/admin/agents/${admin.agent.id}/disable`, {}), 409, 'conflict', 'id');
      assertError(await admin.post('/api/admin/agents/abc/disable', {}), 422, 'validation_failed', 'id');
      assertError(await admin.post('/api/admin/agents/99999999999/disable', {}), 422, 'validation_failed', 'id');
      assertError(await admin.post('/api/admin/agents/0/enable', {}), 422, 'validation_failed', 'id');
      assertError(await admin.post('/api/admin/agents/999999/revoke-sessions', {}), 404, 'not_found');
      assert.equal((await admin.get('/api/agents/me')).status, 200, 'the admin is still signed in');
    });
  });

  describe("changing one's own password", () => {
    it('asks for the current password, keeps this session and ends the others', async () => {
      const ana = await addAgent('ana@kestrel.example', 'first password of ana');
      const here = await session(ana.email, 'first password of ana');
      const elsewhere = await session(ana.email, 'first password of ana');
      assertError(
        await here.post('/api/agents/me/password', { currentPassword: 'not my password', newPassword: 'second password of ana' }),
        422,
        'validation_failed',
        'currentPassword',
      );
      assertError(
        await here.post('/api/agents/me/password', { currentPassword: 'first password of ana', newPassword: 'short' }),
        422,
        'validation_failed',
        'newPassword',
      );
      assertError(
        await here.post('/api/agents/me/password', { currentPassword: 'first password of ana' }),
        422,
        'validation_failed',
        'newPassword',
      );
      assertError(
        await call(server.url, '/api/agents/me/password', {
          method: 'POST',
          json: { currentPassword: 'first password of ana', newPassword: 'second password of ana' },
          headers: { cookie: here.cookie },
        }),
        403,
        'csrf_token_invalid',
      );

      const changed = await here.post('/api/agents/me/password', {
        currentPassword: 'first password of ana',
        newPassword: 'second password of ana',
      });
      assert.equal(changed.status, 200, changed.text);
      assert.equal(changed.body.signedOutSessions, 1);
      assert.equal((await here.get('/api/agents/me')).status, 200, 'this session goes on');
      assertError(await elsewhere.get('/api/agents/me'), 401, 'unauthorized');
      assertError(await login(newAddress(), ana.email, 'first password of ana'), 401, 'invalid_credentials');
      assert.equal((await login(newAddress(), ana.email, 'second password of ana')).status, 200);
    });

    it('guessing the current password through a session is throttled like sign-in', async () => {
      await addAgent('guess@kestrel.example', 'the real password');
      const s = await session('guess@kestrel.example', 'the real password');
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push(
          (await s.post('/api/agents/me/password', { currentPassword: `guess ${i}`, newPassword: 'a brand new password' })).status,
        );
      assert.deepEqual(statuses, [422, 422, 422, 422, 422, 429, 429]);
    });
  });

  describe('password reset by mail', () => {
    it('answers the same for any address, and mails a single-use link only to an agent', async () => {
      const ada = await addAgent('ada@kestrel.example', 'ada forgot this one');
      const known = await requestReset(newAddress(), 'Ada@Kestrel.example');
      const unknown = await requestReset(newAddress(), 'nobody@kestrel.example');
      assert.equal(known.status, 202, known.text);
      assert.equal(unknown.status, known.status);
      assert.equal(unknown.text, known.text);
      assert.equal((await resetMails('nobody@kestrel.example')).length, 0);
      const mails = await resetMails(ada.email);
      assert.equal(mails.length, 1);
      const token = tokenIn(mails[0].text_body);
      assert.ok(token, mails[0].text_body);
      assert.ok(mails[0].html_body.includes(token));
      // Only the token's hash is stored, and no agent can read the link in the mail log.
      const stored = await server.running.store.db.selectFrom('agent_password_resets').selectAll().execute();
      assert.ok(stored.length > 0 && stored.every((r) => !r.token_hash.includes(token)));
      const log = await admin.get('/api/inbox/mail');
      assert.equal(log.status, 200);
      assert.ok(log.body.mail.some((m: any) => m.kind === 'password_reset' && m.to === ada.email));
      assert.ok(!log.text.includes(token), 'the mail log shows no reset token');

      const before = await session(ada.email, 'ada forgot this one');
      assertError(await confirmReset(newAddress(), token, 'short'), 422, 'validation_failed', 'password');
      const done = await confirmReset(newAddress(), token, 'ada chose a new one');
      assert.equal(done.status, 200, done.text);
      assert.equal(done.body.email, ada.email);
      assertError(await before.get('/api/agents/me'), 401, 'unauthorized');
      assertError(await login(newAddress(), ada.email, 'ada forgot this one'), 401, 'invalid_credentials');
      assert.equal((await login(newAddress(), ada.email, 'ada chose a new one')).status, 200);
      assertError(await confirmReset(newAddress(), token, 'and another one please'), 422, 'validation_failed', 'token');
      assert.equal((await login(newAddress(), ada.email, 'ada chose a new one')).status, 200, 'the spent link changed nothing');
    });

    it('a link expires after 30 minutes; a malformed token is named', async () => {
      const bo = await addAgent('bo@kestrel.example');
      assert.equal((await requestReset(newAddress(), bo.email)).status, 202);
      const token = tokenIn((await resetMails(bo.email))[0].text_body)!;
      advance(31 * 60);
      assertError(await confirmReset(newAddress(), token, 'too late for this'), 422, 'validation_failed', 'token');
      assertError(await confirmReset(newAddress(), 'not-a-token', 'whatever password'), 422, 'validation_failed', 'token');
      assertError(await requestReset(newAddress(), 'not an email'), 422, 'validation_failed', 'email');
      assertError(
        await call(server.url, '/api/agents/password-reset', {
          method: 'POST',
          headers: { 'content-type': 'text/plain', ...from(newAddress()) },
          body: JSON.stringify({ email: bo.email }),
        }),
        415,
        'unsupported_media_type',
      );
    });

    it('someone else asking again cannot void the link, and the mail per agent is bounded', async () => {
      const cy = await addAgent('cy@kestrel.example');
      for (let i = 0; i < 6; i++) assert.equal((await requestReset(newAddress(), cy.email)).status, 202);
      const mails = await resetMails(cy.email);
      assert.equal(mails.length, 3);
      const first = tokenIn(mails[0].text_body)!;
      assert.equal((await confirmReset(newAddress(), first, 'cy has a new password')).status, 200);
      // Setting the password voided the other links.
      assertError(
        await confirmReset(newAddress(), tokenIn(mails[1].text_body)!, 'yet another password'),
        422,
        'validation_failed',
        'token',
      );
    });

    it('limits requests per address with 429 and Retry-After', async () => {
      const address = newAddress();
      const statuses: number[] = [];
      let last: JsonResponse | undefined;
      for (let i = 0; i < 12; i++) {
        last = await requestReset(address, `someone${i}@kestrel.example`);
        statuses.push(last.status);
      }
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(202));
      assertError(last!, 429, 'rate_limited');
      assert.ok(Number(last!.headers.get('retry-after')) > 0);
      assert.equal((await requestReset(newAddress(), 'someone@kestrel.example')).status, 202, 'other addresses are not affected');
    });

    it('a reset clears failed sign-ins from every address; a disabled agent gets no mail', async () => {
      const dee = await addAgent('dee@kestrel.example');
      const address = newAddress();
      for (let i = 0; i < 6; i++) await login(address, dee.email, 'wrong wrong wrong');
      assertError(await login(address, dee.email, 'a long agent password'), 429, 'rate_limited');
      assert.equal((await requestReset(newAddress(), dee.email)).status, 202);
      assert.equal(
        (await confirmReset(newAddress(), tokenIn((await resetMails(dee.email))[0].text_body)!, 'dee is back in again')).status,
        200,
      );
      assert.equal((await login(address, dee.email, 'dee is back in again')).status, 200);

      const eve = await addAgent('eve@kestrel.example');
      assert.equal((await requestReset(newAddress(), eve.email)).status, 202);
      const token = tokenIn((await resetMails(eve.email))[0].text_body)!;
      assert.equal((await admin.post(`/api/admin/agents/${eve.id}/disable`, {})).status, 200);
      assertError(await confirmReset(newAddress(), token, 'eve wants back in'), 422, 'validation_failed', 'token');
      assert.equal((await requestReset(newAddress(), eve.email)).status, 202);
      assert.equal((await resetMails(eve.email)).length, 1, 'no new mail while disabled');
    });
  });

  describe('HELPWAY_ADMIN_PASSWORD changed after the admin exists', () => {
    it('warns at start, pointing at agents set-password, and keeps the stored password', async () => {
      const keep = target.databaseUrl ? { databaseSchema: newSchemaName() } : { dataDir: `${server.dataDir}-restart` };
      const first = await target.start(withAdmin(keep));
      await first.stop();
      const logs: Array<Record<string, unknown>> = [];
      const config = {
        ...readConfig({
          HELPWAY_ADMIN_EMAIL: ADMIN.email,
          HELPWAY_ADMIN_PASSWORD: 'a different password now',
          HELPWAY_REQUEST_LOG: '0',
          PORT: '0',
          HOST: '127.0.0.1',
          DATA_DIR: keep.dataDir ?? server.dataDir,
          DATABASE_URL: target.databaseUrl ?? '',
        }),
        databaseSchema: keep.databaseSchema,
      };
      const running = await startHelpway(config, { log: (e) => logs.push(e) });
      try {
        const warning = logs.find((e) => e.level === 'warn' && /HELPWAY_ADMIN_PASSWORD/.test(String(e.msg)));
        assert.ok(warning, JSON.stringify(logs));
        assert.match(String(warning.msg), /npm run admin -- agents set-password --email admin@kestrel\.example/);
        assertError(
          await call(running.url, '/api/agents/login', {
            method: 'POST',
            json: { email: ADMIN.email, password: 'a different password now' },
          }),
          401,
          'invalid_credentials',
        );
        assert.equal((await call(running.url, '/api/agents/login', { method: 'POST', json: ADMIN })).status, 200);
      } finally {
        await running.stop();
        if (keep.dataDir) rmSync(keep.dataDir, { recursive: true, force: true });
        if (keep.databaseSchema) await dropSchema(target.databaseUrl!, keep.databaseSchema);
      }
    });

    it('says nothing when the password still matches', async () => {
      const keep = target.databaseUrl ? { databaseSchema: newSchemaName() } : { dataDir: `${server.dataDir}-same` };
      const logs: Array<Record<string, unknown>> = [];
      const first = await target.start(withAdmin(keep));
      await first.stop();
      const running = await startHelpway(
        {
          ...readConfig({
            HELPWAY_ADMIN_EMAIL: ADMIN.email,
            HELPWAY_ADMIN_PASSWORD: ADMIN.password,
            HELPWAY_REQUEST_LOG: '0',
            PORT: '0',
            HOST: '127.0.0.1',
            DATA_DIR: keep.dataDir ?? server.dataDir,
            DATABASE_URL: target.databaseUrl ?? '',
          }),
          databaseSchema: keep.databaseSchema,
        },
        { log: (e) => logs.push(e) },
      );
      await running.stop();
      if (keep.dataDir) rmSync(keep.dataDir, { recursive: true, force: true });
      if (keep.databaseSchema) await dropSchema(target.databaseUrl!, keep.databaseSchema);
      assert.ok(!logs.some((e) => e.level === 'warn' && /HELPWAY_ADMIN_PASSWORD/.test(String(e.msg))), JSON.stringify(logs));
      assert.ok(logs.some((e) => e.msg === 'admin present'));
    });
  });
});
