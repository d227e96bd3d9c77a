/**
 * Honesty over time: a ticket keeps the SLA terms it was filed under. Filed under one policy,
 * then the server restarts on the same store with policy.yaml edited: the old ticket's dues
 * (also when recomputed by a severity change) follow its own version, new tickets the new one,
 * and the inbox says which version applies. On SQLite and PostgreSQL.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CONTENT_DIR } from '../../content/src/load.ts';
import { fixedClock, forEachStore, MONDAY_MORNING } from '../api/helpers.ts';
import { dropSchema, newSchemaName, type TestServer } from '../support/api-server.ts';
import { fileTicket, signIn, withAdmin } from '../inbox/support.ts';

// Monday 2 March 2026 10:15 UK time (GMT), inside 09:00–17:00.
const at = (iso: string) => new Date(iso).toISOString();

forEachStore('SLA versions', (target) => {
  let dir: string;
  let policyFile: string;
  let dataDir: string;
  let databaseSchema: string | undefined;
  let server: TestServer | undefined;
  const start = () =>
    target.start(
      withAdmin({
        clock: fixedClock(MONDAY_MORNING),
        dataDir,
        ...(target.databaseUrl ? { databaseSchema } : {}),
        config: { policyFile },
      }),
    );

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'helpway-versions-'));
    dataDir = path.join(dir, 'data');
    policyFile = path.join(dir, 'policy.yaml');
    databaseSchema = target.databaseUrl ? newSchemaName() : undefined;
    await writeFile(policyFile, await readFile(path.join(CONTENT_DIR, 'policy.yaml'), 'utf8'));
  });
  after(async () => {
    await server?.stop();
    if (target.databaseUrl && databaseSchema) await dropSchema(target.databaseUrl, databaseSchema);
    await rm(dir, { recursive: true, force: true });
  });

  it('editing policy.yaml changes new tickets only; old ones keep and show their own terms', async () => {
    server = await start();
    const old = await fileTicket(server.url, { severity: 'S2' });
    await server.stop();
    server = undefined;

    // The vendor tightens S2 and S3 response targets.
    const policy = parseYaml(await readFile(policyFile, 'utf8'));
    policy.severities.find((s: any) => s.id === 'S2').target.responseHours = 1;
    policy.severities.find((s: any) => s.id === 'S3').target.responseHours = 2;
    await writeFile(policyFile, stringifyYaml(policy));

    server = await start();
    const fresh = await fileTicket(server.url, { severity: 'S2' });
    const admin = await signIn(server.url);
    const view = async (reference: string) => {
      const res = await admin.get(`/api/inbox/tickets/${reference}`);
      assert.equal(res.status, 200, res.text);
      return res.body;
    };

    let before = await view(old.reference);
    let after = await view(fresh.reference);
    assert.equal(before.sla.firstResponseDue, at('2026-03-02T14:15:00Z'), 'the old ticket keeps 4 working hours');
    assert.equal(after.sla.firstResponseDue, at('2026-03-02T11:15:00Z'), 'the new ticket gets 1 working hour');
    assert.match(before.sla.version.id, /^sla-[0-9a-f]{16}$/);
    assert.notEqual(before.sla.version.id, after.sla.version.id);
    assert.equal(before.sla.version.current, false);
    assert.equal(after.sla.version.current, true);
    assert.equal(before.sla.version.target.responseHours, 4);
    assert.equal(after.sla.version.target.responseHours, 1);

    // A severity change recomputes each ticket's dues on its own version.
    for (const ref of [old.reference, fresh.reference]) {
      const res = await admin.post(`/api/inbox/tickets/${ref}/severity`, { severity: 'S3' });
      assert.equal(res.status, 200, res.text);
    }
    before = await view(old.reference);
    after = await view(fresh.reference);
    assert.equal(before.sla.firstResponseDue, at('2026-03-03T10:15:00Z'), 'S3 as it was: 8 working hours, Tuesday 10:15');
    assert.equal(after.sla.firstResponseDue, at('2026-03-02T12:15:00Z'), 'S3 as it is now: 2 working hours');

    const versions = await server.running.store.db.selectFrom('sla_versions').select(['id', 'terms']).orderBy('created_at').execute();
    assert.deepEqual(versions.map((v) => v.id).sort(), [before.sla.version.id, after.sla.version.id].sort(), 'each version stored once');
    assert.equal(JSON.parse(versions.find((v) => v.id === before.sla.version.id)!.terms).targets.S2.responseHours, 4);
  });

  it('another ticket on unchanged terms shares the version row', async () => {
    const again = await fileTicket(server!.url, { severity: 'S4' });
    const admin = await signIn(server!.url);
    const res = await admin.get(`/api/inbox/tickets/${again.reference}`);
    assert.equal(res.body.sla.version.current, true);
    const count = await server!.running.store.db
      .selectFrom('sla_versions')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 2);
  });
});
