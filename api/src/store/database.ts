/**
 * Opens the store: SQLite through node:sqlite under DATA_DIR by default, PostgreSQL when a
 * database URL is given. Same Kysely query layer and migrations for both.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openSqlite } from './sqlite-adapter.ts';
import { migrateToLatest, type Dialect } from './migrations.ts';
import type { Database } from './schema.ts';

export interface StoreOptions {
  /** postgres://… — when absent, SQLite. */
  databaseUrl?: string;
  /** PostgreSQL schema to use (created if missing); tests use one per run. */
  databaseSchema?: string;
  /** Directory for the SQLite file. */
  dataDir: string;
  /** PostgreSQL pool size. Default 10. */
  poolSize?: number;
}

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Where the data lives, for logs: a file path or the URL without credentials. */
  location: string;
  close(): Promise<void>;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql';
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function openStore(options: StoreOptions): Promise<Store> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  let location: string;
  let beforeClose = async () => {};
  if (options.databaseUrl) {
    dialect = 'postgres';
    location = redact(options.databaseUrl);
    const schema = options.databaseSchema;
    if (schema !== undefined && !SCHEMA_NAME.test(schema))
      throw new Error(`DATABASE_SCHEMA "${schema}" is not a plain lower-case identifier`);
    if (schema) {
      const client = new pg.Client({ connectionString: options.databaseUrl });
      await client.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } finally {
        await client.end();
      }
      location += ` (schema ${schema})`;
    }
    // JIT compilation is off: our queries are short and indexed, but a join the planner over-estimates
    // (a report's days against its tickets) crosses the JIT threshold and spends ~700 ms compiling a
    // query that runs in 30 ms.
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      options: ['-c jit=off', ...(schema ? [`-c search_path=${schema}`] : [])].join(' '),
    });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    mkdirSync(options.dataDir, { recursive: true });
    location = path.join(options.dataDir, 'helpway.sqlite');
    const { database, stopCheckpointer } = openSqlite(location);
    beforeClose = stopCheckpointer;
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  }
  try {
    await migrateToLatest(db, dialect, dialect === 'postgres' ? (options.databaseSchema ?? 'public') : undefined);
  } catch (error) {
    await beforeClose();
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect,
    location,
    close: async () => {
      await beforeClose();
      await db.destroy();
    },
  };
}

/** True when an insert hit a unique or primary-key constraint, in either database. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; errcode?: number; message?: string } | null;
  if (!e) return false;
  if (e.code === '23505') return true; // PostgreSQL unique_violation
  // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555)
  if (e.errcode === 2067 || e.errcode === 1555) return true;
  return typeof e.message === 'string' && /UNIQUE constraint failed/.test(e.message);
}
