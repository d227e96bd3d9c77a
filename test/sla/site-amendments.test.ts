/**
 * A site's amendment of the SLA through `npm run admin -- sites add|set … --crm/--contact/--target`,
 * on SQLite and PostgreSQL: stored with who changed it and when, each change a new row, bad
 * input refused with the field and a non-zero exit.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { forEachStore } from '../api/helpers.ts';
import type { TestServer } from '../support/api-server.ts';
import { amendmentHistory, currentAmendment } from '../../api/src/sites/sla-amendments.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'api', 'src', 'admin-cli.ts');

forEachStore('Site SLA amendments', (target) => {
  let server: TestServer;
  let storeEnv: Record<string, string>;
  const admin = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'sites', ...args], { cwd: ROOT, env: { ...process.env, ...storeEnv }, stdio: 'pipe' });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  before(async () => {
    server = await target.start();
    storeEnv = target.databaseUrl
      ? { DATABASE_URL: target.databaseUrl, DATABASE_SCHEMA: server.databaseSchema!, DATA_DIR: server.dataDir }
      : { DATABASE_URL: '', DATABASE_SCHEMA: '', DATA_DIR: server.dataDir };
  });
  after(() => server?.stop());

  it('sites add --crm sets the relationship manager, sites set amends it and the targets, keeping the history', async () => {
    const db = server.running.store.db;
    const added = await admin(['add', '--key', 'acme', '--name', 'Acme College', '--crm', 'jo@kestrel.example']);
    assert.equal(added.code, 0, added.stderr);
    assert.equal((await currentAmendment(db, 'acme'))?.crm, 'jo@kestrel.example');

    const set = await admin(['set', '--key', 'acme', '--target', 'S1.responseHours=0.5', '--contact', '3=ceo@kestrel.example']);
    assert.equal(set.code, 0, set.stderr);
    const now = await currentAmendment(db, 'acme');
    assert.equal(now?.crm, 'jo@kestrel.example', 'what set does not name stays');
    assert.deepEqual(now?.targets, { S1: { responseHours: 0.5 } });
    assert.deepEqual(now?.contacts, { 3: 'ceo@kestrel.example' });
    assert.match(now!.changedBy, /^admin-cli:/);
    const site = (await db.selectFrom('sites').selectAll().where('key', '=', 'acme').executeTakeFirstOrThrow()) as { name: string };
    assert.equal(site.name, 'Acme College', 'set keeps the name it was not given');

    const back = await admin(['set', '--key', 'acme', '--crm', 'default']);
    assert.equal(back.code, 0, back.stderr);
    const history = await amendmentHistory(db, 'acme');
    assert.deepEqual(
      history.map((a) => a.crm),
      ['jo@kestrel.example', 'jo@kestrel.example', null],
    );
    assert.ok(history.every((a) => !Number.isNaN(Date.parse(a.changedAt))));
    const shown = await admin(['sla', '--key', 'acme']);
    assert.equal(shown.stdout.trim().split('\n').length, 3, shown.stdout);
    assert.match(shown.stdout, /crm=\(default relationships@kestrel-learning\.example\)/);
  });

  it('bad amendments are refused naming the field, and nothing is stored', async () => {
    const db = server.running.store.db;
    const before = (await amendmentHistory(db, 'acme')).length;
    const cases: Array<[string[], RegExp]> = [
      [['set', '--key', 'acme', '--crm', 'not an address'], /--crm: .*email/],
      [['set', '--key', 'acme', '--contact', '9=x@kestrel.example'], /--contacts\.9: no escalation level 9/],
      [['set', '--key', 'acme', '--target', 'S1.responseHours=soon'], /--target "S1.responseHours=soon": write SEVERITY\.FIELD=VALUE/],
      [['set', '--key', 'nobody', '--crm', 'jo@kestrel.example'], /--key: no site "nobody"/],
    ];
    for (const [args, message] of cases) {
      const run = await admin(args);
      assert.notEqual(run.code, 0, args.join(' '));
      assert.match(run.stderr, message);
    }
    assert.equal((await amendmentHistory(db, 'acme')).length, before);
  });
});
