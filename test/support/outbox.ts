/**
 * Mail as the worker would send it: outbox rows keep secrets (requester tokens, reset links)
 * only sealed, so tests that follow a mailed link open the seal the way the worker does.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../api/src/store/schema.ts';
import { loadOutboxKeys, openSecret, revealSecret } from '../../api/src/mail/sealed-secret.ts';

export interface OutboxRowBodies {
  text_body: string;
  html_body: string;
  message_id: string;
  sealed_secret: string | null;
}

/** The bodies of a stored mail with its sealed secret put back, as delivered. */
export async function asDelivered(db: Kysely<Database>, row: OutboxRowBodies): Promise<{ text: string; html: string }> {
  const bodies = { text: row.text_body, html: row.html_body };
  if (!row.sealed_secret) return bodies;
  const keys = await loadOutboxKeys(db, process.env.HELPWAY_SECRET_KEY);
  const secret = openSecret(keys.open, row.sealed_secret, row.message_id);
  if (!secret) throw new Error(`the sealed secret of ${row.message_id} does not open`);
  return revealSecret(bodies, secret);
}
