/**
 * `npm run admin -- agents …` as a child process against a running server's store, on SQLite
 * and (with TEST_DATABASE_URL) PostgreSQL: list, set-password from stdin, disable, enable,
 * revoke-sessions, and bad input refused with a clear message and a non-zero exit.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { assertError, forEachStore, post } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { ADMIN, signIn, withAdmin } from './support.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'api', 'src', 'admin-cli.ts');

forEachStore('Admin CLI: agents', (target) => {
  let server: TestServer;
  let storeEnv: Record<string, string>;

  /** Runs the CLI with `input` on stdin (a pipe, as in `… < file`). */
  const admin = (args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'agents', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...storeEnv },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  const login = (email: string, password: string) => post(server.url, '/api/agents/login', { email, password });

  before(async () => {
    server = await target.start(withAdmin());
    storeEnv = target.databaseUrl
      ? { DATABASE_URL: target.databaseUrl, DATABASE_SCHEMA: server.databaseSchema!, DATA_DIR: server.dataDir }
      : { DATABASE_URL: '', DATABASE_SCHEMA: '', DATA_DIR: server.dataDir };
  });
  after(() => server?.stop());

  it('lists agents, as text and as JSON', async () => {
    const text = await admin(['list']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /admin@kestrel\.example\t\S+\tadmin\tactive\tsessions=\d+/);
    const json = await admin(['list', '--json']);
    assert.equal(json.code, 0, json.stderr);
    const agents = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(agents[0]).sort(), ['disabled', 'displayName', 'email', 'id', 'lastSeenAt', 'name', 'role', 'sessions']);
    assert.equal(agents.find((a: any) => a.email === ADMIN.email).displayName, 'Support team');
    assert.match(text.stdout, /admin@kestrel\.example\t.*\tshown as "Support team"/);
    assert.equal(agents.find((a: any) => a.email === ADMIN.email).disabled, false);
  });

  it('set-password reads stdin, applies at once on the running server, signs the agent out and lifts sign-in delays', async () => {
    const session = await signIn(server.url);
    for (let i = 0; i < 5; i++) assertError(await login(ADMIN.email, 'locked out by typos'), 401, 'invalid_credentials');
    assertError(await login(ADMIN.email, ADMIN.password), 429, 'rate_limited');
    const result = await admin(['set-password', '--email', 'Admin@Kestrel.example'], 'rotated admin password\n');
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Password set for admin@kestrel\.example; signed out of 1 session\./);
    assertError(await session.get('/api/agents/me'), 401, 'unauthorized');
    assertError(await login(ADMIN.email, ADMIN.password), 401, 'invalid_credentials');
    assert.equal((await login(ADMIN.email, 'rotated admin password')).status, 200);

    const again = await admin(['set-password', '--email', ADMIN.email, '--password-stdin'], ADMIN.password);
    assert.equal(again.code, 0, again.stderr);
    assert.equal((await login(ADMIN.email, ADMIN.password)).status, 200);
  });

  it('refuses bad input with a clear message, a non-zero exit and no change', async () => {
    const cases: Array<[string[], string, RegExp]> = [
      [['set-password', '--email', ADMIN.email], 'short\n', /at least 10 characters/],
      [['set-password', '--email', ADMIN.email], '', /at least 10 characters/],
      [['set-password', '--email', ADMIN.email], 'two lines of\npassword here\n', /single line/],
      [['set-password', '--email', ADMIN.email, '--password', 'on the command line'], '', /--password is not accepted.*stdin/],
      [['set-password'], 'a long enough password', /needs --email/],
      [['rename', '--email', ADMIN.email], '', /"agents rename" is not a command/],
      [['set-display-name', '--email', ADMIN.email], '', /needs --display-name/],
      [['set-display-name', '--email', ADMIN.email, '--display-name', 'admin'], '', /names a login.*nothing was changed/],
      [['set-display-name', '--email', ADMIN.email, '--display-name', 'me@kestrel.example'], '', /email address/],
      [['set-display-name', '--display-name', 'Sam'], '', /needs --email/],
      [['disable', '--email', ADMIN.email, '--display-name', 'Sam'], '', /--display-name goes with agents set-display-name/],
      [['list', '--colour'], '', /Unknown option '--colour'/],
    ];
    for (const [args, input, message] of cases) {
      const result = await admin(args, input);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, message, args.join(' '));
      assert.match(result.stderr, /Usage:/);
    }
    const unknown = await admin(['set-password', '--email', 'nobody@kestrel.example'], 'a long enough password');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no agent with the email nobody@kestrel\.example/);
    assert.equal((await login(ADMIN.email, ADMIN.password)).status, 200, 'the password is unchanged');
  });

  it('set-display-name changes what requesters see, at once on the running server', async () => {
    const result = await admin(['set-display-name', '--email', 'ADMIN@kestrel.example', '--display-name', '  Robin   Hale ']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Requesters now see admin@kestrel\.example as "Robin Hale" \(initials RH\)\./);
    const me = await (await signIn(server.url)).get('/api/agents/me');
    assert.equal(me.body.agent.displayName, 'Robin Hale');
    const unknown = await admin(['set-display-name', '--email', 'nobody@kestrel.example', '--display-name', 'Nobody']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no agent with the email nobody@kestrel\.example/);
  });

  it('disable signs the agent out and keeps them out; enable lets them back; revoke-sessions signs out', async () => {
    const admin1 = await signIn(server.url);
    const created = await admin1.post('/api/admin/agents', {
      email: 'cli@kestrel.example',
      name: 'Cli Agent',
      password: 'cli agent password',
    });
    assert.equal(created.status, 201, created.text);
    const agent = await signIn(server.url, 'cli@kestrel.example', 'cli agent password');

    const disabled = await admin(['disable', '--email', 'cli@kestrel.example']);
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match(disabled.stdout, /Disabled: cli@kestrel\.example cannot sign in; signed out of 1 session\./);
    assertError(await agent.get('/api/agents/me'), 401, 'unauthorized');
    assertError(await login('cli@kestrel.example', 'cli agent password'), 403, 'forbidden');
    assert.equal(JSON.parse((await admin(['list', '--json'])).stdout).find((a: any) => a.email === 'cli@kestrel.example').disabled, true);

    const enabled = await admin(['enable', '--email', 'cli@kestrel.example']);
    assert.equal(enabled.code, 0, enabled.stderr);
    const back = await signIn(server.url, 'cli@kestrel.example', 'cli agent password');
    const revoked = await admin(['revoke-sessions', '--email', 'cli@kestrel.example']);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, /Signed cli@kestrel\.example out of 1 session\./);
    assertError(await back.get('/api/agents/me'), 401, 'unauthorized');
    assert.equal((await login('cli@kestrel.example', 'cli agent password')).status, 200);
  });
});
