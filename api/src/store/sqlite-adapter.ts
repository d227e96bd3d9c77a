/**
 * Presents Node's built-in `node:sqlite` DatabaseSync as the better-sqlite3-like database that
 * Kysely's SqliteDialect expects, with a small prepared-statement cache.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

type SqliteValue = null | number | bigint | string | Uint8Array;

/** node:sqlite binds only null, numbers, bigints, strings and bytes. */
function bindable(value: unknown): SqliteValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string' || value instanceof Uint8Array) return value;
  return JSON.stringify(value);
}

class CachedStatement implements SqliteStatement {
  readonly reader: boolean;
  readonly #stmt: StatementSync;
  constructor(stmt: StatementSync) {
    this.#stmt = stmt;
    this.reader = stmt.columns().length > 0;
  }
  all(parameters: ReadonlyArray<unknown>): unknown[] {
    return this.#stmt.all(...parameters.map(bindable));
  }
  run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
    return this.#stmt.run(...parameters.map(bindable));
  }
  iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
    return this.#stmt.iterate(...parameters.map(bindable)) as IterableIterator<unknown>;
  }
}

export interface SqliteOptions {
  /** Milliseconds a writer waits for a lock held by another process (e.g. the admin CLI). Default 5000. */
  busyTimeoutMs?: number;
  /** Prepared statements kept; the query builder produces a small, fixed set of SQL strings. Default 256. */
  statementCacheSize?: number;
}

export function openSqlite(file: string, options: SqliteOptions = {}): SqliteDatabase {
  const db = new DatabaseSync(file, { timeout: options.busyTimeoutMs ?? 5000 });
  db.exec('PRAGMA journal_mode = WAL');
  // WAL + NORMAL: durable across application crashes, one fsync per checkpoint instead of per commit.
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  const limit = options.statementCacheSize ?? 256;
  const cache = new Map<string, CachedStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = new CachedStatement(db.prepare(sql));
        if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
        cache.set(sql, stmt);
      }
      return stmt;
    },
    close(): void {
      cache.clear();
      if (db.isOpen) db.close();
    },
  };
}
