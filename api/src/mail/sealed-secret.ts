/**
 * Secrets inside queued mail. A mail such as the confirmation links to a page
 * with a secret in the URL (the requester token). The outbox row must not hold that secret in
 * plain text (agents read the mail log, backups copy the table), so the body is stored with a
 * placeholder — the mark — and the secret is sealed (AES-256-GCM) beside it; the worker opens the
 * seal and puts the secret in place of the mark only in the message it hands to SMTP, and drops
 * the seal once the mail is sent or has failed.
 *
 * The key: HKDF of `HELPWAY_SECRET_KEY` when set (then a database dump alone opens nothing), else
 * a random key the migration stores in `server_keys` (outside the outbox). Seals are opened with
 * either, so setting or removing HELPWAY_SECRET_KEY does not strand mail already queued.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { escapeHtml } from './templates.ts';

/** Where a secret goes in a mail's bodies, and the secret itself (already URL-encoded if it sits in a URL). */
export interface MarkedSecret {
  mark: string;
  value: string;
}

/** The name of the stored key in `server_keys`. */
export const OUTBOX_KEY_NAME = 'outbox';

/**
 * A fresh mark for `value`. Random, so no text a requester wrote before the mail was made can
 * contain it; made of characters that HTML escaping and URLs leave alone.
 */
export function markSecret(value: string): MarkedSecret {
  return { mark: `[sealed-${randomBytes(8).toString('hex')}]`, value };
}

export function newStoredKey(): string {
  return randomBytes(32).toString('base64url');
}

function deriveKey(material: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, 'helpway', 'outbox sealed secrets', 32));
}

export interface OutboxKeys {
  /** Seals new secrets. */
  seal: Buffer;
  /** Tried in turn to open a seal. */
  open: Buffer[];
}

/** The keys for `secretKey` (HELPWAY_SECRET_KEY) and the stored key, read with `db` (pass the open transaction, if any). */
export async function loadOutboxKeys(db: Kysely<Database>, secretKey: string | undefined): Promise<OutboxKeys> {
  const row = await db.selectFrom('server_keys').select('value').where('name', '=', OUTBOX_KEY_NAME).executeTakeFirst();
  const stored = row ? deriveKey(row.value) : null;
  const configured = secretKey ? deriveKey(secretKey) : null;
  const seal = configured ?? stored;
  if (!seal) throw new Error('no outbox key: the migration 0006_outbox_delivery stores one; is the database migrated?');
  return { seal, open: [configured, stored].filter((k): k is Buffer => k !== null) };
}

/** `context` (the mail's Message-ID) binds the seal to its row. */
export function sealSecret(key: Buffer, secret: MarkedSecret, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const data = Buffer.concat([cipher.update(JSON.stringify([secret.mark, secret.value]), 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function openSecret(keys: Buffer[], sealed: string, context: string): MarkedSecret | null {
  const [version, ...parts] = sealed.split('.');
  if (version !== 'v1' || parts.length !== 3) return null;
  const [iv, tag, data] = parts.map((p) => Buffer.from(p, 'base64url'));
  for (const key of keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(tag);
      const [mark, value] = JSON.parse(Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8')) as [string, string];
      return { mark, value };
    } catch {
      // not this key: try the next
    }
  }
  return null;
}

/** The bodies as sent: the mark replaced by the secret (escaped for the HTML part). */
export function revealSecret(bodies: { text: string; html: string }, secret: MarkedSecret): { text: string; html: string } {
  return { text: bodies.text.replaceAll(secret.mark, secret.value), html: bodies.html.replaceAll(secret.mark, escapeHtml(secret.value)) };
}

/** Defence in depth for the mail log: whatever a body holds, a `token=` value in a link is never shown. */
export function hideLinkTokens(body: string): string {
  return body.replace(/([?&#]token=)[^\s"'<>&]+/g, '$1[hidden]');
}

/**
 * For the migration: bodies written before sealing hold the requester token in the status link.
 * Mail still to send gets a mark and a seal (under the stored key); mail already sent or given up
 * loses the token for good.
 */
export async function sealLinkTokensInOutbox(db: Kysely<Database>, storedKey: string): Promise<number> {
  const key = deriveKey(storedKey);
  const rows = await db
    .selectFrom('outbox')
    .select(['id', 'status', 'message_id', 'text_body', 'html_body'])
    .where('text_body', 'like', '%?token=%')
    .execute();
  let changed = 0;
  for (const row of rows) {
    const token = /[?&]token=([^\s"'<>&]+)/.exec(row.text_body)?.[1];
    if (!token) continue;
    const pending = row.status === 'queued' || row.status === 'sending';
    const secret = markSecret(token);
    const replacement = pending ? secret.mark : '[hidden]';
    await db
      .updateTable('outbox')
      .set({
        text_body: row.text_body.replaceAll(token, replacement),
        html_body: row.html_body.replaceAll(escapeHtml(token), replacement),
        sealed_secret: pending ? sealSecret(key, secret, row.message_id) : null,
      })
      .where('id', '=', row.id)
      .execute();
    changed++;
  }
  return changed;
}
