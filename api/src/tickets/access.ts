/**
 * Finding a ticket by its reference: for its requester, only with the ticket's token (checked in
 * constant time, with the same 404 whether the ticket exists or not); for agents, who are
 * signed in, by reference alone.
 */
import type { Kysely } from 'kysely';
import { ApiError } from '../http/errors.ts';
import type { Database, TicketRow } from '../store/schema.ts';
import { idFromReference } from './reference.ts';
import { tokenMatches } from './secrets.ts';

const NO_TOKEN_HASH = '0'.repeat(64);

/** The ticket if `token` is its requester's; the same 404 otherwise. */
export async function requesterTicket(db: Kysely<Database>, reference: string, token: string): Promise<TicketRow> {
  const id = idFromReference(reference);
  const row = id === null ? undefined : await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  // Hash and compare even when there is no row, so timing does not tell whether it exists.
  const matches = tokenMatches(token, row?.token_hash ?? NO_TOKEN_HASH);
  if (!row || !matches) throw new ApiError(404, 'not_found', 'No ticket with this reference for this token.');
  return row;
}

/** The ticket for a signed-in agent; 404 naming the reference when there is none. */
export async function ticketByReference(db: Kysely<Database>, reference: string): Promise<TicketRow> {
  const id = idFromReference(reference);
  const row = id === null ? undefined : await db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError(404, 'not_found', `There is no ticket ${reference}.`);
  return row;
}
