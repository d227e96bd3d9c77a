/**
 * The token in the "How did we do?" links of the solved mail. The requester's own token cannot
 * go there: only its hash is stored, so later mails do not know it. This one is an HMAC of the
 * ticket id under a key derived from the server's secret (the outbox key, mail/sealed-secret.ts):
 * nothing new is stored, it proves the mail's recipient, and it rates the one ticket only. In the
 * outbox it is sealed like the confirmation's token, so the mail log never shows it.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { loadOutboxKeys } from '../mail/sealed-secret.ts';

function linkKey(serverKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', serverKey, 'helpway', 'satisfaction link', 32));
}

const sign = (serverKey: Buffer, ticketId: number): Buffer =>
  createHmac('sha256', linkKey(serverKey)).update(`satisfaction\u0000${ticketId}`).digest();

/** The token for `ticketId`'s rating links, under the key new secrets are sealed with. */
export async function satisfactionToken(db: Kysely<Database>, secretKey: string | undefined, ticketId: number): Promise<string> {
  return sign((await loadOutboxKeys(db, secretKey)).seal, ticketId).toString('base64url');
}

/** Whether `token` is `ticketId`'s, under any key a seal may be opened with (so a key change strands no mail). */
export async function satisfactionTokenMatches(
  db: Kysely<Database>,
  secretKey: string | undefined,
  ticketId: number,
  token: string,
): Promise<boolean> {
  const presented = Buffer.from(token, 'base64url');
  let matches = false;
  for (const key of (await loadOutboxKeys(db, secretKey)).open) {
    const expected = sign(key, ticketId);
    if (presented.length === expected.length && timingSafeEqual(presented, expected)) matches = true;
  }
  return matches;
}
