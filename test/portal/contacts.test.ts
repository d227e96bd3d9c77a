/**
 * A site's portal contacts on SQLite and (with TEST_DATABASE_URL) PostgreSQL: the admin CLI
 * (`npm run admin -- contacts …`, a child process on the server's store), the admins' API, key
 * contacts inviting and removing members in the portal (members refused, other sites' contacts
 * 404), and which tickets belong to a contact (only from a proven address).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { assertError, call, forEachStore, post, validTicket } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { signIn, withAdmin, type AgentSession } from '../inbox/support.ts';
import { portalSession } from './support.ts';
import { findContact } from '../../api/src/portal/contacts.ts';
import { identityHash } from '../../api/src/sites/identity.ts';
import { createTicket } from '../../api/src/tickets/service.ts';
import { ticketSchemas, type CreateTicketInput } from '../../api/src/tickets/schema.ts';
import { idFromReference } from '../../api/src/tickets/reference.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'api', 'src', 'admin-cli.ts');

forEachStore('Portal contacts', (target) => {
  let server: TestServer;
  let admin: AgentSession;
  let storeEnv: Record<string, string>;

  const cli = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'contacts', ...args], { cwd: ROOT, env: { ...process.env, ...storeEnv } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  const del = (path: string) => call(server.url, path, { method: 'DELETE', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });

  before(async () => {
    server = await target.start(withAdmin());
    admin = await signIn(server.url);
    storeEnv = target.databaseUrl
      ? { DATABASE_URL: target.databaseUrl, DATABASE_SCHEMA: server.databaseSchema!, DATA_DIR: server.dataDir }
      : { DATABASE_URL: '', DATABASE_SCHEMA: '', DATA_DIR: server.dataDir };
    const site = await admin.post('/api/admin/sites', {
      key: 'other',
      name: 'Other College',
      plan: 'standard',
      origins: [],
      budgetHours: 0,
    });
    assert.equal(site.status, 201, site.text);
  });
  after(() => server?.stop());

  it('CLI: add, list (text and JSON), change, remove; bad input refused with a clear message and a non-zero exit', async () => {
    const added = await cli(['add', '--site', 'demo', '--email', 'Ana@College.example', '--name', 'Ana Key', '--role', 'key']);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added ana@college\.example \(Ana Key\) as a key contact of "demo"/);
    const changed = await cli(['add', '--site', 'demo', '--email', 'ana@college.example', '--name', 'Ana K.', '--role', 'member']);
    assert.match(changed.stdout, /Updated ana@college\.example \(Ana K\.\) as a member contact/);
    assert.equal((await cli(['add', '--site', 'other', '--email', 'bo@other.example', '--name', 'Bo', '--role', 'member'])).code, 0);

    const text = await cli(['list', '--site', 'demo']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^\d+\tdemo\tana@college\.example\tAna K\.\tmember$/m);
    assert.doesNotMatch(text.stdout, /bo@other/);
    const json = JSON.parse((await cli(['list', '--json'])).stdout);
    assert.deepEqual(
      json.map((c: { siteKey: string; email: string; role: string }) => `${c.siteKey} ${c.email} ${c.role}`),
      ['demo ana@college.example member', 'other bo@other.example member'],
    );
    assert.match(json[0].createdBy, /^admin-cli:/);

    const cases: Array<[string[], number, RegExp]> = [
      [['add', '--site', 'demo', '--email', 'x@college.example', '--name', 'X', '--role', 'boss'], 2, /--role: must be 'key' or 'member'/],
      [['add', '--site', 'demo', '--email', 'not-an-email', '--name', 'X', '--role', 'key'], 2, /--email: must be an email address/],
      [['add', '--site', 'demo', '--email', 'x@college.example', '--role', 'key'], 2, /--name: is required/],
      [['add', '--email', 'x@college.example', '--name', 'X', '--role', 'key'], 2, /needs --site/],
      [['add', '--site', 'nowhere', '--email', 'x@college.example', '--name', 'X', '--role', 'key'], 1, /no site "nowhere"/],
      [['remove', '--site', 'demo', '--email', 'nobody@college.example'], 1, /not a contact of "demo"/],
      [['promote'], 2, /"contacts promote" is not a command/],
    ];
    for (const [args, code, message] of cases) {
      const result = await cli(args);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, message);
    }
    assert.equal(await findContact(server.running.store.db, 'demo', 'x@college.example'), null);

    const removed = await cli(['remove', '--site', 'demo', '--email', 'ana@college.example']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(await findContact(server.running.store.db, 'demo', 'ana@college.example'), null);
  });

  it('admin API: list, add, change, remove; unknown site and another site’s contact are 404; CSRF and admin needed', async () => {
    const added = await admin.post('/api/admin/sites/demo/contacts', { email: 'Cy@College.example', name: 'Cy', role: 'member' });
    assert.equal(added.status, 201, added.text);
    assert.deepEqual(
      { ...added.body.contact, id: 0, createdAt: '' },
      {
        id: 0,
        email: 'cy@college.example',
        name: 'Cy',
        role: 'member',
        createdBy: 'admin@kestrel.example',
        createdAt: '',
      },
    );
    const again = await admin.post('/api/admin/sites/demo/contacts', { email: 'cy@college.example', name: 'Cy Lead', role: 'key' });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.created, false);
    const list = await admin.get('/api/admin/sites/demo/contacts');
    assert.deepEqual(
      list.body.contacts.map((c: { email: string; role: string }) => `${c.email} ${c.role}`),
      ['cy@college.example key'],
    );
    assertError(
      await admin.post('/api/admin/sites/demo/contacts', { email: 'cy', name: '', role: 'owner' }),
      422,
      'validation_failed',
      'role',
    );
    assertError(await admin.get('/api/admin/sites/nowhere/contacts'), 404, 'not_found');
    const bo = await findContact(server.running.store.db, 'other', 'bo@other.example');
    assertError(await del(`/api/admin/sites/demo/contacts/${bo!.id}`), 404, 'not_found');
    assertError(
      await call(server.url, `/api/admin/sites/demo/contacts/${added.body.contact.id}`, {
        method: 'DELETE',
        headers: { cookie: admin.cookie },
      }),
      403,
      'csrf_token_invalid',
    );
    assertError(await call(server.url, '/api/admin/sites/demo/contacts'), 401, 'unauthorized');
    assert.equal((await del(`/api/admin/sites/demo/contacts/${added.body.contact.id}`)).status, 200);
    assert.deepEqual((await admin.get('/api/admin/sites/demo/contacts')).body.contacts, []);
  });

  it('a key contact lists, invites (mailing a link) and removes members of their own site only; a member cannot', async () => {
    const key = await portalSession(server, { site: 'demo', email: 'dee@college.example', name: 'Dee', role: 'key' });
    const member = await portalSession(server, { site: 'demo', email: 'eli@college.example', name: 'Eli', role: 'member' });
    const outsider = await findContact(server.running.store.db, 'other', 'bo@other.example');

    const invited = await key.post('/api/portal/contacts', { email: 'Fay@College.example', name: 'Fay', role: 'member' });
    assert.equal(invited.status, 201, invited.text);
    assert.equal(invited.body.invited, true);
    assert.equal(invited.body.contact.createdBy, 'dee@college.example');
    const mail = await server.running.store.db
      .selectFrom('outbox')
      .select(['subject', 'text_body'])
      .where('kind', '=', 'portal_sign_in')
      .where('to_address', '=', 'fay@college.example')
      .execute();
    assert.equal(mail.length, 1);
    assert.match(mail[0].text_body, /Dee has invited you .* for Demo LMS/);

    const list = await key.get('/api/portal/contacts');
    assert.deepEqual(list.body.contacts.map((c: { email: string }) => c.email).sort(), [
      'dee@college.example',
      'eli@college.example',
      'fay@college.example',
    ]);

    assertError(
      await key.post('/api/portal/contacts', { email: 'gus@college.example', name: 'Gus', role: 'key' }),
      403,
      'forbidden',
      'role',
    );
    assertError(
      await key.post('/api/portal/contacts', { email: 'dee@college.example', name: 'Dee', role: 'member' }),
      409,
      'conflict',
      'email',
    );
    assertError(await key.delete(`/api/portal/contacts/${key.contact.id}`), 409, 'conflict', 'id');
    assertError(await key.delete(`/api/portal/contacts/${outsider!.id}`), 404, 'not_found');
    assertError(await key.delete('/api/portal/contacts/999999'), 404, 'not_found');
    assertError(await key.delete('/api/portal/contacts/abc'), 422, 'validation_failed', 'id');

    assertError(await member.get('/api/portal/contacts'), 403, 'forbidden');
    assertError(await member.post('/api/portal/contacts', { email: 'hal@college.example', name: 'Hal', role: 'member' }), 403, 'forbidden');
    assertError(await member.delete(`/api/portal/contacts/${invited.body.contact.id}`), 403, 'forbidden');
    assertError(
      await call(server.url, `/api/portal/contacts/${invited.body.contact.id}`, { method: 'DELETE', headers: { cookie: key.cookie } }),
      403,
      'csrf_token_invalid',
    );

    assert.equal((await key.delete(`/api/portal/contacts/${member.contact.id}`)).status, 200);
    assertError(await member.get('/api/portal/me'), 401, 'unauthorized'); // removing a contact ends their sessions
    assert.equal(await findContact(server.running.store.db, 'other', 'bo@other.example').then((c) => c?.id), outsider!.id);
  });

  it('a ticket belongs to the contact with its address only when the address is proven', async () => {
    const { db } = server.running.store;
    const services = server.running.services;
    const owner = await portalSession(server, { site: 'demo', email: 'ivy@college.example', name: 'Ivy', role: 'member' });
    const secret = (await services.sites.get('demo'))!.identitySecret;
    const file = async (email: string, hash?: string) => {
      const res = await post(server.url, '/api/tickets', validTicket({ requester: { name: 'Ivy', email, ...(hash ? { hash } : {}) } }));
      assert.equal(res.status, 201, res.text);
      return res.body.reference as string;
    };
    const contactOf = async (reference: string) =>
      (await db.selectFrom('tickets').select('contact_id').where('id', '=', idFromReference(reference)!).executeTakeFirstOrThrow())
        .contact_id;

    assert.equal(await contactOf(await file('Ivy@College.example', identityHash(secret, 'Ivy@College.example'))), owner.contact.id);
    assert.equal(await contactOf(await file('ivy@college.example')), null, 'an unverified widget or form ticket is nobody’s');
    assert.equal(await contactOf(await file('ivy@college.example', 'f'.repeat(64))), null, 'a wrong hash proves nothing');
    assert.equal(await contactOf(await file('zed@college.example', identityHash(secret, 'zed@college.example'))), null, 'not a contact');

    // As inbound mail and the portal hand a ticket to the service: validated like the public API's.
    const input = () =>
      ticketSchemas(services.policy).CreateTicket.parse(
        validTicket({ requester: { name: 'Ivy', email: 'ivy@college.example' } }),
      ) as unknown as CreateTicketInput;
    const mailed = async (unverifiedSender: boolean) =>
      (await createTicket(services, input(), undefined, { channel: 'mail', unverifiedSender })).ticket.reference;
    assert.equal(await contactOf(await mailed(false)), owner.contact.id);
    assert.equal(await contactOf(await mailed(true)), null);

    // A contact of another site with the same address does not own this site's ticket.
    const elsewhere = await portalSession(server, { site: 'other', email: 'ivy@college.example', name: 'Ivy', role: 'member' });
    const portal = await createTicket(services, input(), undefined, { channel: 'portal', contactId: elsewhere.contact.id });
    assert.equal(await contactOf(portal.ticket.reference), null);
    const own = await createTicket(services, input(), undefined, { channel: 'portal', contactId: owner.contact.id });
    assert.equal(await contactOf(own.ticket.reference), owner.contact.id);
  });
});
