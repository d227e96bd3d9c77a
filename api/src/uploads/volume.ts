/**
 * Hourly byte limits on uploads, per site and per client address. Counted from the
 * uploads table itself (rows stay a day, claimed or not), so every process sharing a database
 * sees the same totals and a restart forgets nothing. Over a limit → 429 with Retry-After: the
 * moment enough of the last hour's bytes have aged out for this file to fit.
 */
import type { Kysely } from 'kysely';
import { ApiError } from '../http/errors.ts';
import { formatBytes } from '../http/json-body.ts';
import type { Database } from '../store/schema.ts';
import type { UploadLimits } from './limits.ts';

export const VOLUME_WINDOW_MS = 3_600_000;

/** Who is uploading: the site named, and the client address as stored (hashed). */
export interface Uploader {
  site: string;
  clientHash: string;
}

/** Rows looked at to find when enough bytes age out; past that, the whole window is the answer. */
const MAX_ROWS_FOR_RETRY = 5000;

type Scope = { column: 'site_key' | 'client_hash'; value: string; limit: number; who: 'site' | 'address' };

/** Throws 429 if `incoming` more bytes would take the site or the address over its hourly limit. */
export async function checkUploadVolume(
  db: Kysely<Database>,
  limits: UploadLimits | null,
  uploader: Uploader,
  incoming: number,
  now: Date,
): Promise<void> {
  if (!limits) return;
  const since = new Date(now.getTime() - VOLUME_WINDOW_MS).toISOString();
  const scopes: Scope[] = [
    { column: 'client_hash', value: uploader.clientHash, limit: limits.perAddressBytesPerHour, who: 'address' },
    { column: 'site_key', value: uploader.site, limit: limits.perSiteBytesPerHour, who: 'site' },
  ];
  for (const scope of scopes) {
    const { used } = await db
      .selectFrom('uploads')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('size'), eb.lit(0)).as('used'))
      .where(scope.column, '=', scope.value)
      .where('created_at', '>', since)
      .executeTakeFirstOrThrow();
    const over = Number(used) + incoming - scope.limit;
    if (over > 0) throw tooMuch(scope, await secondsUntilFreed(db, scope, since, over, incoming, now));
  }
}

/** When the oldest uploads of the window will have freed `needed` bytes. */
async function secondsUntilFreed(
  db: Kysely<Database>,
  scope: Scope,
  since: string,
  needed: number,
  incoming: number,
  now: Date,
): Promise<number> {
  const windowSeconds = VOLUME_WINDOW_MS / 1000;
  if (incoming > scope.limit) return windowSeconds;
  const rows = await db
    .selectFrom('uploads')
    .select(['size', 'created_at'])
    .where(scope.column, '=', scope.value)
    .where('created_at', '>', since)
    .orderBy('created_at')
    .limit(MAX_ROWS_FOR_RETRY)
    .execute();
  let freed = 0;
  for (const row of rows) {
    freed += Number(row.size);
    if (freed >= needed) {
      const at = new Date(row.created_at).getTime() + VOLUME_WINDOW_MS;
      return Math.min(windowSeconds, Math.max(1, Math.ceil((at - now.getTime()) / 1000)));
    }
  }
  return windowSeconds;
}

function tooMuch(scope: Scope, seconds: number): ApiError {
  const wait = seconds >= 120 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? '' : 's'}`;
  const whose = scope.who === 'site' ? 'This site has' : 'This address has';
  return new ApiError(
    429,
    'rate_limited',
    `${whose} uploaded as much as it may in an hour (${formatBytes(scope.limit)}): try again in ${wait}, or send the ticket without this file.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
}
