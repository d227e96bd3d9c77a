/**
 * Portal sessions and sign-in links. Both are random values of which only a SHA-256 is stored. A
 * link is used once: the UPDATE that marks it used is the claim, so two requests racing on one
 * link sign in at most one of them. Sessions carry a CSRF token, a public id to list and revoke
 * them by, and are ended by removing the contact.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { getContact, type Contact } from './contacts.ts';

export const LINK_MINUTES = 15;
export const PORTAL_SESSION_HOURS = 12;

const hash = (value: string) => createHash('sha256').update(value).digest('hex');
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** A new single-use link token for the contact (the caller mails it; it is never stored or logged). */
export async function createLink(db: Kysely<Database>, contactId: number, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
  await db
    .insertInto('portal_links')
    .values({ contact_id: contactId, token_hash: hash(token), created_at: now.toISOString(), expires_at: expiresAt.toISOString() })
    .execute();
  return { token, expiresAt };
}

/** Uses a link: its contact once, null when unknown, expired or already used. */
export async function useLink(db: Kysely<Database>, token: string, now: Date): Promise<Contact | null> {
  if (!TOKEN.test(token)) return null;
  const at = now.toISOString();
  const claimed = await db
    .updateTable('portal_links')
    .set({ used_at: at })
    .where('token_hash', '=', hash(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning(['contact_id'])
    .executeTakeFirst();
  return claimed ? getContact(db, Number(claimed.contact_id)) : null;
}

export interface PortalSession {
  contact: Contact;
  csrfToken: string;
  publicId: string;
}

export async function openPortalSession(
  db: Kysely<Database>,
  contactId: number,
  now: Date,
  userAgent: string | null,
): Promise<{ cookie: string; csrfToken: string; publicId: string; expiresAt: Date }> {
  const cookie = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const publicId = randomBytes(12).toString('base64url');
  const expiresAt = new Date(now.getTime() + PORTAL_SESSION_HOURS * 3_600_000);
  await db
    .insertInto('portal_sessions')
    .values({
      id_hash: hash(cookie),
      public_id: publicId,
      contact_id: contactId,
      csrf_token: csrfToken,
      user_agent: userAgent?.slice(0, 300) ?? null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return { cookie, csrfToken, publicId, expiresAt };
}

export async function portalSession(db: Kysely<Database>, cookie: string, now: Date): Promise<PortalSession | null> {
  if (!TOKEN.test(cookie)) return null;
  const row = await db.selectFrom('portal_sessions').selectAll().where('id_hash', '=', hash(cookie)).executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return null;
  const contact = await getContact(db, Number(row.contact_id));
  if (!contact) return null;
  // Last seen, to the minute: enough for the sessions list without a write per request.
  if (now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await db.updateTable('portal_sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', row.id_hash).execute();
  }
  return { contact, csrfToken: row.csrf_token, publicId: row.public_id };
}

export async function listPortalSessions(db: Kysely<Database>, contactId: number, now: Date) {
  const rows = await db
    .selectFrom('portal_sessions')
    .select(['public_id', 'user_agent', 'created_at', 'last_seen_at', 'expires_at'])
    .where('contact_id', '=', contactId)
    .where('expires_at', '>', now.toISOString())
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.public_id,
    userAgent: r.user_agent,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
  }));
}

/** Ends one of the contact's sessions by its public id; false when it is not theirs or gone. */
export async function revokePortalSession(db: Kysely<Database>, contactId: number, publicId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('portal_sessions')
    .where('contact_id', '=', contactId)
    .where('public_id', '=', publicId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function closePortalSession(db: Kysely<Database>, cookie: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('id_hash', '=', hash(cookie)).execute();
}

/** Forgets expired sessions and links. */
export async function prunePortalRecords(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('portal_sessions').where('expires_at', '<', now.toISOString()).execute();
  await db.deleteFrom('portal_links').where('expires_at', '<', now.toISOString()).execute();
}
