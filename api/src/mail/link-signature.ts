/**
 * Tokens for links in later mails, when only a hash of the original token is stored (so later
 * mails cannot know it): an HMAC of the purpose and a row id under a key derived from the
 * server's secret (the outbox key, sealed-secret.ts). Nothing new is stored, it proves the mail's
 * recipient, and it acts on the one row for the one purpose only.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { loadOutboxKeys } from './sealed-secret.ts';

const sign = (serverKey: Buffer, purpose: string, id: number): Buffer =>
  createHmac('sha256', Buffer.from(hkdfSync('sha256', serverKey, 'helpway', `${purpose} link`, 32)))
    .update(`${purpose}\u0000${id}`)
    .digest();

/** The token for `purpose` on row `id`, under the key new secrets are sealed with. */
export async function linkSignature(db: Kysely<Database>, secretKey: string | undefined, purpose: string, id: number): Promise<string> {
  return sign((await loadOutboxKeys(db, secretKey)).seal, purpose, id).toString('base64url');
}

/** Whether `token` is row `id`'s for `purpose`, under any key a seal may be opened with (so a key change strands no mail). */
export async function linkSignatureMatches(
  db: Kysely<Database>,
  secretKey: string | undefined,
  purpose: string,
  id: number,
  token: string,
): Promise<boolean> {
  const presented = Buffer.from(token, 'base64url');
  let matches = false;
  for (const key of (await loadOutboxKeys(db, secretKey)).open) {
    const expected = sign(key, purpose, id);
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) matches = true;
  }
  return matches;
}
