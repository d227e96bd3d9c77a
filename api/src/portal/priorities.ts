/**
 * A key contact's "work on these first": the order they put their site's open tickets in. Ranks
 * 1..n on the tickets they named, none on the rest of the site's; the agents' queue shows the rank
 * and, for one site, can sort by it (inbox/queue-order.ts).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { Database } from '../store/schema.ts';
import { idFromReference, referenceFor } from '../tickets/reference.ts';
import type { Contact } from './contacts.ts';

/** Tickets that are no longer worked on: a rank on them means nothing. */
export const ENDED_STATUSES = ['solved', 'closed'] as const;

export const PrioritiesInput = z.strictObject({
  references: z
    .array(z.string().trim().max(20), 'must be a list of ticket references')
    .max(200, 'at most 200 tickets')
    .refine((refs) => new Set(refs.map((r) => r.toUpperCase())).size === refs.length, 'names a ticket twice'),
});
export type PrioritiesInput = z.output<typeof PrioritiesInput>;

export interface PriorityItem {
  reference: string;
  subject: string;
  status: string;
  severity: string;
  type: string;
  priority: number | null;
}

/** The site's open tickets, the ranked ones first in their order, then the rest oldest first. */
export async function sitePriorities(db: Kysely<Database>, siteKey: string): Promise<PriorityItem[]> {
  const rows = await db
    .selectFrom('tickets')
    .select(['id', 'subject', 'status', 'severity', 'type', 'priority_rank'])
    .where('site_key', '=', siteKey)
    .where('status', 'not in', ENDED_STATUSES)
    .orderBy('id')
    .execute();
  const rank = (r: { priority_rank: number | null }) => (r.priority_rank === null ? Infinity : Number(r.priority_rank));
  return rows
    .sort((a, b) => rank(a) - rank(b) || Number(a.id) - Number(b.id))
    .map((r) => ({
      reference: referenceFor(r.id),
      subject: r.subject,
      status: r.status,
      severity: r.severity,
      type: r.type,
      priority: r.priority_rank === null ? null : Number(r.priority_rank),
    }));
}

/**
 * Puts the contact's site's open tickets in the order of `references` (1 = first). A reference
 * that is not one of the site's tickets is a 404, as if it did not exist; an ended one a 422.
 */
export async function setPriorities(db: Kysely<Database>, contact: Contact, references: string[]): Promise<PriorityItem[]> {
  const ids = references.map((reference) => {
    const id = idFromReference(reference);
    if (id === null) throw new ApiError(404, 'not_found', `There is no ticket ${reference}.`);
    return id;
  });
  await db.transaction().execute(async (trx) => {
    const rows = ids.length ? await trx.selectFrom('tickets').select(['id', 'site_key', 'status']).where('id', 'in', ids).execute() : [];
    const byId = new Map(rows.map((r) => [Number(r.id), r]));
    ids.forEach((id, i) => {
      const row = byId.get(id);
      if (!row || row.site_key !== contact.siteKey) throw new ApiError(404, 'not_found', `There is no ticket ${references[i]}.`);
      if ((ENDED_STATUSES as readonly string[]).includes(row.status))
        throw new ApiError(422, 'validation_failed', `${references[i]} is ${row.status}: only open tickets can be put in order.`, {
          [`references.${i}`]: `is ${row.status}`,
        });
    });
    await trx
      .updateTable('tickets')
      .set({ priority_rank: null })
      .where('site_key', '=', contact.siteKey)
      .where('priority_rank', 'is not', null)
      .execute();
    for (const [i, id] of ids.entries())
      await trx
        .updateTable('tickets')
        .set({ priority_rank: i + 1 })
        .where('id', '=', id)
        .execute();
  });
  return sitePriorities(db, contact.siteKey);
}

/** A solved or closed ticket leaves the order; the ones after it move up. */
export async function dropFromPriorities(db: Kysely<Database>, ticketId: number): Promise<void> {
  const row = await db.selectFrom('tickets').select(['site_key', 'priority_rank']).where('id', '=', ticketId).executeTakeFirst();
  if (!row || row.priority_rank === null) return;
  await db.updateTable('tickets').set({ priority_rank: null }).where('id', '=', ticketId).execute();
  await db
    .updateTable('tickets')
    .set((eb) => ({ priority_rank: eb('priority_rank', '-', 1) }))
    .where('site_key', '=', row.site_key)
    .where('priority_rank', '>', Number(row.priority_rank))
    .execute();
}
