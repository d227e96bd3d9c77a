/**
 * Presents Node's built-in `node:sqlite` DatabaseSync as the better-sqlite3-like database that
 * Kysely's SqliteDialect expects, with a small prepared-statement cache.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
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
  /** Checkpoint the WAL from a worker thread every this many ms (0 = SQLite's own, inline). Default 200. */
  checkpointEveryMs?: number;
}

/**
 * WAL checkpoints copy pages into the database file and fsync it: done inline after a commit,
 * they stall the event loop (p99 of a commit 6 ms, worst cases hundreds of ms on a busy disk).
 * A worker thread with its own connection runs PASSIVE checkpoints instead; they never block
 * the writer. SQLite's automatic checkpoint stays as a backstop at a larger WAL size.
 */
const CHECKPOINTER = `
const { DatabaseSync } = require('node:sqlite');
const { workerData, parentPort } = require('node:worker_threads');
const db = new DatabaseSync(workerData.file, { timeout: workerData.busyTimeoutMs });
let timer = null;
const tick = () => {
  try { db.exec('PRAGMA wal_checkpoint(PASSIVE)'); } catch {}
  timer = setTimeout(tick, workerData.everyMs);
};
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  parentPort.close();
});
tick();
`;

export interface OpenedSqlite {
  database: SqliteDatabase;
  /** Stops the checkpointing worker; call before closing the database. */
  stopCheckpointer(): Promise<void>;
}

export function openSqlite(file: string, options: SqliteOptions = {}): OpenedSqlite {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = new DatabaseSync(file, { timeout: busyTimeoutMs });
  db.exec('PRAGMA journal_mode = WAL');
  // WAL + NORMAL: durable across application crashes, fsync at checkpoints instead of per commit.
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
  const everyMs = options.checkpointEveryMs ?? 200;
  let worker: Worker | null = null;
  if (everyMs > 0 && file !== ':memory:') {
    db.exec('PRAGMA wal_autocheckpoint = 10000');
    // Once a busy spell ends and the WAL restarts, give back the disk it grew to.
    db.exec('PRAGMA journal_size_limit = 67108864');
    worker = new Worker(CHECKPOINTER, { eval: true, workerData: { file, everyMs, busyTimeoutMs } });
    worker.unref();
    worker.on('error', () => {
      worker = null; // SQLite's automatic checkpoint still bounds the WAL
    });
  }
  const stopCheckpointer = async () => {
    const w = worker;
    worker = null;
    if (!w) return;
    w.ref(); // keep the process alive until it has closed its connection
    const exited = new Promise((resolve) => w.once('exit', resolve));
    w.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    await w.terminate();
  };
  const limit = options.statementCacheSize ?? 256;
  const cache = new Map<string, CachedStatement>();
  const database: SqliteDatabase = {
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
  return { database, stopCheckpointer };
}
