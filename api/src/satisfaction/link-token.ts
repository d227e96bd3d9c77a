/**
 * The token in the "How did we do?" links of the solved mail. The requester's own token cannot
 * go there: only its hash is stored, so later mails do not know it. This one is a signature of
 * the ticket id (mail/link-signature.ts): it rates the one ticket only. In the outbox it is
 * sealed like the confirmation's token, so the mail log never shows it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { linkSignature, linkSignatureMatches } from '../mail/link-signature.ts';

/** The token for `ticketId`'s rating links, under the key new secrets are sealed with. */
export function satisfactionToken(db: Kysely<Database>, secretKey: string | undefined, ticketId: number): Promise<string> {
  return linkSignature(db, secretKey, 'satisfaction', ticketId);
}

/** Whether `token` is `ticketId`'s, under any key a seal may be opened with (so a key change strands no mail). */
export function satisfactionTokenMatches(
  db: Kysely<Database>,
  secretKey: string | undefined,
  ticketId: number,
  token: string,
): Promise<boolean> {
  return linkSignatureMatches(db, secretKey, 'satisfaction', ticketId, token);
}
