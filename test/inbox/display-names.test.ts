/**
 * The display names agents get when nobody chose one, and their initials: the rule
 * (api/src/agents/display-name.ts) and the migration that gives every existing account one, run
 * on a store as the release before it left it (SQLite, and PostgreSQL with TEST_DATABASE_URL).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { defaultDisplayName, DisplayName, initialsOf, shownAgent, TEAM_NAME } from '../../api/src/agents/display-name.ts';
import { migrateTo } from '../../api/src/store/migrations.ts';
import { openSqlite } from '../../api/src/store/sqlite-adapter.ts';
import { openStore, type Store } from '../../api/src/store/database.ts';
import { dropSchema, newSchemaName } from '../support/api-server.ts';

describe('Default display names', () => {
  it('keeps a person’s name, reads a local part as one, and shows logins and shared mailboxes as the team', () => {
    const cases: Array<[string, string, string]> = [
      ['Sam Jones', 'sam@kestrel.example', 'Sam Jones'],
      ['  Ana   María López ', 'ana@kestrel.example', 'Ana María López'],
      ['sam.jones', 'sam.jones@kestrel.example', 'Sam Jones'],
      ['kim_lee', 'kim_lee@kestrel.example', 'Kim Lee'],
      ['sam', 'sam@kestrel.example', 'Sam'],
      ['admin', 'admin@kestrel.example', TEAM_NAME],
      ['Admin', 'admin@kestrel.example', TEAM_NAME],
      ['admin2', 'admin2@kestrel.example', TEAM_NAME],
      ['root', 'root@kestrel.example', TEAM_NAME],
      ['support', 'support@kestrel.example', TEAM_NAME],
      ['it-support', 'it-support@kestrel.example', TEAM_NAME],
      ['helpdesk', 'helpdesk@kestrel.example', TEAM_NAME],
      ['', 'x@kestrel.example', TEAM_NAME],
      ['sam@kestrel.example', 'sam@kestrel.example', TEAM_NAME],
      ['1234', '1234@kestrel.example', TEAM_NAME],
    ];
    for (const [name, email, shown] of cases) assert.equal(defaultDisplayName(name, email), shown, `${name} <${email}>`);
  });

  it('makes one or two letters for the avatar', () => {
    assert.equal(initialsOf('Sam Jones'), 'SJ');
    assert.equal(initialsOf('Ana María López'), 'AL');
    assert.equal(initialsOf('Kim'), 'K');
    assert.equal(initialsOf('élodie durand'), 'ÉD');
    assert.equal(initialsOf('Support team'), 'ST');
    assert.equal(initialsOf('  '), 'S');
    assert.deepEqual(shownAgent(null), { name: TEAM_NAME, initials: 'ST' });
    assert.deepEqual(shownAgent(' Jo  Bloggs '), { name: 'Jo Bloggs', initials: 'JB' });
  });

  it('accepts what a requester may read, refuses an address or a login word', () => {
    assert.equal(DisplayName.parse('  Sam   Jones '), 'Sam Jones');
    assert.equal(DisplayName.parse('Support'), 'Support');
    assert.equal(DisplayName.parse(TEAM_NAME), TEAM_NAME);
    for (const bad of ['admin', 'ADMIN', 'admin 2', 'root', 'sam@kestrel.example', '', 'x'.repeat(61), 'a\u0007b'])
      assert.equal(DisplayName.safeParse(bad).success, false, bad);
  });
});

const AGENTS = [
  { email: 'admin@kestrel.example', name: 'admin' },
  { email: 'sam.jones@kestrel.example', name: 'sam.jones' },
  { email: 'kim@kestrel.example', name: 'Kim Lee' },
];

/** Agents as the release before display names stored them, then the store opened by this one. */
async function migrateOldStore(db: Kysely<any>, dialect: 'sqlite' | 'postgres', reopen: () => Promise<Store>, schema?: string) {
  await migrateTo(db, dialect, '0019_status_pages', schema);
  for (const a of AGENTS)
    await db
      .insertInto('agents')
      .values({ ...a, role: 'agent', password_hash: 'scrypt$x', created_at: '2026-01-05T09:00:00.000Z', last_seen_at: null })
      .execute();
  await db.destroy();
  const store = await reopen();
  try {
    const rows = await store.db.selectFrom('agents').select(['email', 'display_name']).orderBy('email').execute();
    return rows.map((r) => ({ email: r.email, display_name: r.display_name }));
  } finally {
    await store.close();
  }
}

const EXPECTED = [
  { email: 'admin@kestrel.example', display_name: TEAM_NAME },
  { email: 'kim@kestrel.example', display_name: 'Kim Lee' },
  { email: 'sam.jones@kestrel.example', display_name: 'Sam Jones' },
];

describe('Migration 0023: existing agents get a display name', () => {
  it('on SQLite', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'helpway-display-names-'));
    try {
      const { database, stopCheckpointer } = openSqlite(path.join(dir, 'helpway.sqlite'));
      const db = new Kysely<any>({ dialect: new SqliteDialect({ database }) });
      const rows = await migrateOldStore(db, 'sqlite', async () => {
        await stopCheckpointer();
        return openStore({ dataDir: dir });
      });
      assert.deepEqual(rows, EXPECTED);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const url = process.env.TEST_DATABASE_URL;
  it('on PostgreSQL', { skip: url ? false : 'PostgreSQL run skipped: TEST_DATABASE_URL not set' }, async () => {
    const schema = newSchemaName();
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query(`CREATE SCHEMA "${schema}"`);
    await setup.end();
    try {
      const pool = new pg.Pool({ connectionString: url, max: 2, options: `-c search_path=${schema}` });
      const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
      const rows = await migrateOldStore(
        db,
        'postgres',
        () => openStore({ databaseUrl: url, databaseSchema: schema, dataDir: tmpdir() }),
        schema,
      );
      assert.deepEqual(rows, EXPECTED);
    } finally {
      await dropSchema(url!, schema);
    }
  });
});
