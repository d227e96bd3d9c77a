/**
 * A client site's contacts: the people of the site who work with support in the portal. One
 * owner for who they are and what their role lets them see (`canSeeTicket`): `key` contacts see
 * and manage everything of their site, `member`s their own tickets.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { ContactsTable, Database } from '../store/schema.ts';

export const CONTACT_ROLES = ['key', 'member'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export interface Contact {
  id: number;
  siteKey: string;
  email: string;
  name: string;
  role: ContactRole;
  createdBy: string;
  createdAt: string;
}

export const NewContact = z
  .object({
    email: z
      .email('must be an email address')
      .max(254)
      .transform((e) => e.toLowerCase()),
    name: z.string().trim().min(1, 'is required').max(120),
    role: z.enum(CONTACT_ROLES, "must be 'key' or 'member'"),
  })
  .strict();
export type NewContact = z.output<typeof NewContact>;

const toContact = (row: Selectable<ContactsTable>): Contact => ({
  id: Number(row.id),
  siteKey: row.site_key,
  email: row.email,
  name: row.name,
  role: row.role as ContactRole,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

export async function listContacts(db: Kysely<Database>, siteKey?: string): Promise<Contact[]> {
  let q = db.selectFrom('contacts').selectAll().orderBy('site_key').orderBy('role').orderBy('email');
  if (siteKey) q = q.where('site_key', '=', siteKey);
  return (await q.execute()).map(toContact);
}

export async function getContact(db: Kysely<Database>, id: number): Promise<Contact | null> {
  const row = await db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toContact(row) : null;
}

/** The contacts an address is, one per site (usually one). */
export async function contactsByEmail(db: Kysely<Database>, email: string): Promise<Contact[]> {
  const rows = await db.selectFrom('contacts').selectAll().where('email', '=', email.trim().toLowerCase()).orderBy('site_key').execute();
  return rows.map(toContact);
}

export async function findContact(db: Kysely<Database>, siteKey: string, email: string): Promise<Contact | null> {
  const row = await db
    .selectFrom('contacts')
    .selectAll()
    .where('site_key', '=', siteKey)
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row ? toContact(row) : null;
}

/** Adds a contact, or changes the name and role of the one with that address on that site. */
export async function saveContact(
  db: Kysely<Database>,
  siteKey: string,
  input: NewContact,
  createdBy: string,
  now: Date,
): Promise<{ contact: Contact; created: boolean }> {
  const existing = await findContact(db, siteKey, input.email);
  if (existing) {
    await db.updateTable('contacts').set({ name: input.name, role: input.role }).where('id', '=', existing.id).execute();
    return { contact: { ...existing, name: input.name, role: input.role }, created: false };
  }
  const row = await db
    .insertInto('contacts')
    .values({
      site_key: siteKey,
      email: input.email,
      name: input.name,
      role: input.role,
      created_by: createdBy,
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { contact: toContact(row), created: true };
}

/** Removes a contact (their sessions and links go with them; their tickets stay, unowned). */
export async function removeContact(db: Kysely<Database>, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('tickets').set({ contact_id: null }).where('contact_id', '=', id).execute();
    await trx.deleteFrom('portal_sessions').where('contact_id', '=', id).execute();
    await trx.deleteFrom('portal_links').where('contact_id', '=', id).execute();
    const result = await trx.deleteFrom('contacts').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}

/** What a contact may see of a ticket: never another site's; members only their own. */
export function canSeeTicket(contact: Contact, ticket: { site_key: string; contact_id: number | null }): boolean {
  if (ticket.site_key !== contact.siteKey) return false;
  return contact.role === 'key' || ticket.contact_id === contact.id;
}

/**
 * How far a new ticket's requester address can be trusted to be the person it names: the portal
 * contact who filed it, the widget's identity hash (the client's LMS vouched for the address), or
 * the mail provider's sender check. A form anyone can fill in proves nothing.
 */
export interface RequesterTrust {
  /** Filed in the portal by this signed-in contact (their id). */
  portalContactId?: number;
  /** The widget's identity hash matched (tickets.requester_verified). */
  identityVerified: boolean;
  /** Inbound mail: true when the provider vouched for the From address (not tickets.unverified_sender). */
  mailSenderVerified?: boolean;
}

/**
 * THE rule of which contact a new ticket belongs to (tickets.contact_id): the portal contact who
 * filed it; else the site's contact with the requester's address, when that address is proven
 * (verified widget identity or verified mail sender); else nobody. An unproven address must not
 * hand a ticket to a member, who would then read it in the portal.
 */
export async function ticketContactId(
  db: Kysely<Database>,
  siteKey: string,
  requesterEmail: string,
  trust: RequesterTrust,
): Promise<number | null> {
  if (trust.portalContactId !== undefined) {
    return (await getContact(db, trust.portalContactId))?.siteKey === siteKey ? trust.portalContactId : null;
  }
  if (!trust.identityVerified && !trust.mailSenderVerified) return null;
  return (await findContact(db, siteKey, requesterEmail))?.id ?? null;
}
