/**
 * Password-guessing throttle, kept in the store so every API process sees the same counts.
 *
 * Failures are counted per (client address, email) pair: the first few are free, then each one
 * makes that pair wait longer (1 s, 2 s, 4 s … up to a cap). A correct password clears the pair.
 * Because the key includes the address, nobody can lock an agent out from somewhere else: a
 * correct password from a new address is always checked.
 *
 * An attempt is recorded as a failure before the password is checked (and cleared on success),
 * so a burst of parallel guesses cannot all slip through while the first ones are being hashed.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

export interface SignInThrottleOptions {
  /** Failures a pair may make before any delay. Default 5. */
  freeFailures: number;
  /** The first delay, doubled per further failure. Default 1 second. */
  firstDelaySeconds: number;
  /** Longest delay. Default 15 minutes. */
  maxDelaySeconds: number;
  /** A pair with no failure for this long starts afresh. Default 24 hours. */
  forgetAfterSeconds: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: SignInThrottleOptions = {
  freeFailures: 5,
  firstDelaySeconds: 1,
  maxDelaySeconds: 900,
  forgetAfterSeconds: 86_400,
};

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const emailHash = (email: string) => sha256(email.trim().toLowerCase());
const pairHash = (address: string, email: string) => sha256(`${address}\n${email.trim().toLowerCase()}`);

/** The wait after the `n`-th failure in a row, in milliseconds. */
export function delayAfter(n: number, options: SignInThrottleOptions = DEFAULT_SIGN_IN_THROTTLE): number {
  if (n < options.freeFailures) return 0;
  const seconds = options.firstDelaySeconds * 2 ** Math.min(n - options.freeFailures, 30);
  return Math.min(options.maxDelaySeconds, seconds) * 1000;
}

/**
 * Records one attempt for the pair as a failure in advance. Returns 0 when the password may be
 * checked now, else the whole seconds to wait (nothing is recorded then).
 */
export async function beginSignInAttempt(
  db: Kysely<Database>,
  address: string,
  email: string,
  now: Date,
  options: SignInThrottleOptions = DEFAULT_SIGN_IN_THROTTLE,
): Promise<number> {
  // A parallel attempt for the same pair that records first makes this one read again and
  // count after it: every attempt is counted, and none is refused only for arriving together.
  for (let round = 0; round < RECORD_ROUNDS; round++) {
    const wait = await tryRecordAttempt(db, address, email, now, options);
    if (wait !== null) return wait;
  }
  return 1; // still outrun after several rounds: a burst this dense waits a second
}

const RECORD_ROUNDS = 8;

/** One read-then-record round: the seconds to wait (0 = go ahead), or null when another attempt recorded first. */
async function tryRecordAttempt(
  db: Kysely<Database>,
  address: string,
  email: string,
  now: Date,
  options: SignInThrottleOptions,
): Promise<number | null> {
  const key = pairHash(address, email);
  const row = await db.selectFrom('sign_in_failures').selectAll().where('key_hash', '=', key).executeTakeFirst();
  const at = now.getTime();
  if (row) {
    const waitMs = Date.parse(row.next_allowed_at) - at;
    if (waitMs > 0) return Math.ceil(waitMs / 1000);
  }
  const stale = !row || Date.parse(row.last_failure_at) < at - options.forgetAfterSeconds * 1000;
  const failures = (stale ? 0 : Number(row.failures)) + 1;
  const values = {
    failures,
    last_failure_at: now.toISOString(),
    next_allowed_at: new Date(at + delayAfter(failures, options)).toISOString(),
  };
  if (!row) {
    const inserted = await db
      .insertInto('sign_in_failures')
      .values({ key_hash: key, email_hash: emailHash(email), ...values })
      .onConflict((oc) => oc.column('key_hash').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1 ? 0 : null;
  }
  // Only if nobody else recorded an attempt for this pair since we read it.
  const updated = await db
    .updateTable('sign_in_failures')
    .set(values)
    .where('key_hash', '=', key)
    .where('failures', '=', row.failures)
    .where('last_failure_at', '=', row.last_failure_at)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1 ? 0 : null;
}

/** The password was right: forget the pair's failures. */
export async function clearSignInFailures(db: Kysely<Database>, address: string, email: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('key_hash', '=', pairHash(address, email)).execute();
}

/** The owner of the mailbox proved themselves (password reset): forget failures from every address. */
export async function clearSignInFailuresForEmail(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('email_hash', '=', emailHash(email)).execute();
}

/** Drops pairs that would start afresh anyway. */
export async function pruneSignInFailures(
  db: Kysely<Database>,
  now: Date,
  options: SignInThrottleOptions = DEFAULT_SIGN_IN_THROTTLE,
): Promise<void> {
  const before = new Date(now.getTime() - Math.max(options.forgetAfterSeconds, options.maxDelaySeconds) * 1000).toISOString();
  await db.deleteFrom('sign_in_failures').where('last_failure_at', '<', before).execute();
}
