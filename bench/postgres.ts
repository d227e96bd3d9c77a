/**
 * Which PostgreSQL the benchmarks use: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local
 * test database. A bench that finds none reachable runs on SQLite only and says so.
 */
import pg from 'pg';

export const BENCH_POSTGRES_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL with its password hidden, for "skipped" lines. */
export const shownUrl = (url: string) => url.replace(/:[^:@/]*@/, ':***@');

/** The benchmarks' PostgreSQL URL if a connection answers within 2 s, else null. */
export async function reachablePostgres(url = BENCH_POSTGRES_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}
