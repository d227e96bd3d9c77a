/**
 * `npm run admin -- webhooks …` as a child process against a running server's store, on SQLite and
 * (with TEST_DATABASE_URL) PostgreSQL: a hook added from the CLI is delivered by the running
 * server and signed with the secret printed once; list, disable, enable, remove, the delivery
 * log; bad input refused with a clear message and a non-zero exit.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { forEachStore } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { eventually, fileTicket, withAdmin } from '../inbox/support.ts';
import { signatureValid, startReceiver, type Receiver } from './receiver.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'api', 'src', 'admin-cli.ts');

forEachStore('Admin CLI: webhooks', (target) => {
  let server: TestServer;
  let receiver: Receiver;
  let storeEnv: Record<string, string>;

  const admin = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'webhooks', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...storeEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  before(async () => {
    server = await target.start(withAdmin({ env: { HELPWAY_WEBHOOK_POLL_MS: '100' } }));
    receiver = await startReceiver();
    storeEnv = target.databaseUrl
      ? { DATABASE_URL: target.databaseUrl, DATABASE_SCHEMA: server.databaseSchema!, DATA_DIR: server.dataDir }
      : { DATABASE_URL: '', DATABASE_SCHEMA: '', DATA_DIR: server.dataDir };
  });
  after(async () => {
    await receiver?.down();
    await server?.stop();
  });

  it('adds a hook the running server delivers to, signed with the secret printed once', async () => {
    const added = await admin(['add', '--url', receiver.url, '--events', 'ticket.created,sla.warning']);
    assert.equal(added.code, 0, added.stderr);
    const id = Number(/Added webhook (\d+)/.exec(added.stdout)?.[1]);
    const secret = /Signing secret[^:]*: (\S+)/.exec(added.stdout)?.[1] ?? '';
    assert.match(secret, /^whsec_/);

    const list = await admin(['list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(
      list.stdout,
      new RegExp(`^${id}\\t${receiver.url.replace(/[./]/g, '\\$&')}\\tticket\\.created,sla\\.warning\\tenabled\\tby admin CLI$`, 'm'),
    );
    assert.ok(!list.stdout.includes(secret));
    const json = await admin(['list', '--json']);
    assert.deepEqual(
      JSON.parse(json.stdout).map((h: any) => [h.id, h.enabled, 'secret' in h]),
      [[id, true, false]],
    );

    const ticket = await fileTicket(server.url);
    await eventually(async () => receiver.received.length > 0, 10_000, 'the delivery');
    const got = receiver.received[0];
    assert.ok(signatureValid(secret, got.body, got.headers['helpway-signature']));
    assert.equal(JSON.parse(got.body).data.ticket.reference, ticket.reference);

    const log = await eventually(
      async () => {
        const d = await admin(['deliveries', '--id', String(id)]);
        return /\tdelivered\t/.test(d.stdout) ? d : null;
      },
      10_000,
      'the delivery log',
    );
    assert.match(log.stdout, new RegExp(`hook ${id}\\tticket\\.created\\t${ticket.reference}\\tdelivered\\tattempts=1\\tcode=200`));

    const disabled = await admin(['disable', '--id', String(id)]);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match((await admin(['list'])).stdout, /disabled \(disabled with the admin CLI\)/);
    assert.equal((await admin(['enable', '--id', String(id)])).code, 0);
    assert.match((await admin(['list'])).stdout, /\tenabled\t/);

    const removed = await admin(['remove', '--id', String(id)]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match((await admin(['list'])).stdout, /No webhooks yet/);
    const again = await admin(['remove', '--id', String(id)]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`no webhook with id ${id}`));
  });

  it('refuses bad input with a clear message and a non-zero exit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['add', '--url', 'http://hooks.example.com/x', '--events', 'ticket.created'], /--url: must be https/],
      [['add', '--url', 'https://hooks.example.com/x'], /--events: name at least one of ticket\.created/],
      [['add', '--url', 'https://hooks.example.com/x', '--events', 'ticket.deleted'], /--events: must each be one of/],
      [['add', '--url', 'https://hooks.example.com/x', '--events', 'ticket.created', '--secret', 'short'], /--secret: must be at least 24/],
      [['disable'], /needs --id/],
      [['remove', '--id', 'abc'], /--id: must be a whole number/],
      [['frobnicate'], /"webhooks frobnicate" is not a command/],
    ];
    for (const [args, message] of cases) {
      const result = await admin(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}`);
      assert.match(result.stderr, message, args.join(' '));
    }
    assert.match((await admin(['list'])).stdout, /No webhooks yet/);
  });
});
