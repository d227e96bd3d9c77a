/**
 * "How did we do?" once a ticket is solved: the requester rates it Good or Not good, with an
 * optional comment. One answer per ticket; a later one replaces it (the first answer's date is
 * kept, so the report's weeks do not move). Only a solved or closed ticket can be rated.
 *
 * Who may rate: whoever holds the ticket's requester token (the status page) or the rating
 * links' signed token (the solved mail, link-token.ts).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Services } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { escapeHtml as e } from '../mail/templates.ts';
import type { Database, TicketRow } from '../store/schema.ts';
import { requesterTicket } from '../tickets/access.ts';
import { idFromReference } from '../tickets/reference.ts';
import { satisfactionTokenMatches } from './link-token.ts';

export const RATINGS = ['good', 'bad'] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_WORDS: Record<Rating, string> = { good: 'Good', bad: 'Not good' };
export const SATISFACTION_COMMENT_MAX = 2000;
const RATEABLE = ['solved', 'closed'];

export const SatisfactionInput = z.strictObject({
  rating: z.enum(RATINGS, 'choose Good or Not good'),
  comment: z
    .string()
    .trim()
    .max(SATISFACTION_COMMENT_MAX, `keep it under ${SATISFACTION_COMMENT_MAX.toLocaleString('en-GB')} characters`)
    .optional(),
});
export type SatisfactionInput = z.output<typeof SatisfactionInput>;

export interface Satisfaction {
  rating: Rating;
  comment: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The ticket, if `token` is its requester token or its rating links' token; the same 404 otherwise. */
export async function ticketForRating(services: Services, reference: string, token: string): Promise<TicketRow> {
  const { db } = services.store;
  try {
    return await requesterTicket(db, reference, token);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    const id = idFromReference(reference);
    const row = id === null ? undefined : await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    if (row && token && (await satisfactionTokenMatches(db, services.config.escalation.secretKey, row.id, token))) return row;
    throw error;
  }
}

/** 409 naming the status unless the ticket is solved or closed. */
export function assertRateable(row: Pick<TicketRow, 'status'>): void {
  if (!RATEABLE.includes(row.status))
    throw new ApiError(409, 'conflict', `This ticket is ${row.status}: only a solved or closed ticket can be rated.`, {
      status: `is ${row.status}; only solved or closed tickets can be rated`,
    });
}

/** Records the requester's answer, replacing an earlier one. */
export async function rateTicket(services: Services, row: TicketRow, input: SatisfactionInput): Promise<Satisfaction> {
  assertRateable(row);
  const at = services.clock.now().toISOString();
  const comment = input.comment ? input.comment : null;
  await services.store.db
    .insertInto('satisfaction')
    .values({ ticket_id: row.id, site_key: row.site_key, rating: input.rating, comment, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('ticket_id').doUpdateSet({ rating: input.rating, comment, updated_at: at }))
    .execute();
  return (await satisfactionOf(services.store.db, row.id))!;
}

export async function satisfactionOf(db: Kysely<Database>, ticketId: number): Promise<Satisfaction | null> {
  const row = await db
    .selectFrom('satisfaction')
    .select(['rating', 'comment', 'created_at', 'updated_at'])
    .where('ticket_id', '=', ticketId)
    .executeTakeFirst();
  return row ? { rating: row.rating as Rating, comment: row.comment, createdAt: row.created_at, updatedAt: row.updated_at } : null;
}

/** The confirm page's address for one answer (the page asks again before anything is recorded). */
export const ratingPath = (reference: string, rating: Rating, token: string): string =>
  `/tickets/${encodeURIComponent(reference)}/satisfaction?rating=${rating}&token=${token}`;

/** "How did we do?" on the status page of a solved or closed ticket, with the answer given so far. */
export async function satisfactionSection(
  db: Kysely<Database>,
  row: Pick<TicketRow, 'id' | 'status'>,
  reference: string,
  token: string,
): Promise<string> {
  if (!RATEABLE.includes(row.status)) return '';
  const given = await satisfactionOf(db, row.id);
  const link = (rating: Rating) =>
    `<a href="${e(ratingPath(reference, rating, encodeURIComponent(token)))}">${e(RATING_WORDS[rating])}</a>`;
  return `<h2>How did we do?</h2>
${given ? `<p class="notice" role="status">You answered: <strong>${e(RATING_WORDS[given.rating])}</strong>. You can change your answer.</p>` : ''}
<p>${link('good')} · ${link('bad')}</p>`;
}
