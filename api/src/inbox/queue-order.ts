/**
 * The agents' queue order, in SQL so that the database sorts and pages it: next due first (the
 * first response until it is given, then resolution, as `nextDue` in tickets.ts), tickets with
 * no due time after those with one, then severity (S1 first), then age (ids are given in
 * creation order, so the oldest first). Pages are keyset pages: the cursor is the last row's
 * key, so a ticket filed or changed while an agent pages cannot shift the rest of the pages
 * over one another.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import { z } from 'zod';
import { RowId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';

/** Sorts after every real instant under any collation: same shape, later than any due time. */
export const NO_DUE = '9999-12-31T23:59:59.999Z';

/**
 * The due time a ticket is sorted by, NO_DUE when it has none. Migration 0007_queue indexes this
 * expression as written (literals, not parameters, so the index matches): change both together.
 */
export const queueKey = sql<string>`(CASE WHEN tickets.status IN ('solved', 'closed') THEN ${sql.lit(NO_DUE)} WHEN tickets.first_responded_at IS NULL AND tickets.first_response_due IS NOT NULL THEN tickets.first_response_due ELSE COALESCE(tickets.resolution_due, ${sql.lit(NO_DUE)}) END)`;

/**
 * One site's queue sorted by its client's order (`sort=client`): the tickets a key contact ranked
 * first, by rank, then the rest in queue order. Unranked sorts after any rank.
 */
export const UNRANKED = 2147483647;
export const clientRankKey = sql<number>`COALESCE(tickets.priority_rank, ${sql.lit(UNRANKED)})`;

/** Where the next page starts: the last row's due key, severity and id (and, sorted by the client's order, its rank). */
export type QueueCursor = [due: string, severity: string, id: number, rank?: number];

/**
 * Search results are ranked by relevance, which is no column to page by, so their pages are
 * offsets: how many results the earlier pages showed. A ticket changed while an agent pages
 * can move up or down the ranking; a search is short-lived, and re-running it shows the order now.
 */
export interface SearchCursor {
  offset: number;
}
/**
 * How many matching tickets a search shows and ranks (inbox/ticket-search.ts): the newest that
 * pass the filters, and the ticket the text names by reference whatever its age.
 */
export const SEARCH_CAP = 1000;

const CursorParts = z.tuple(
  [z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), z.string().min(1).max(40), RowId],
  z.number().int().min(1).max(UNRANKED),
);

export const encodeQueueCursor = (cursor: QueueCursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');
export const encodeSearchCursor = (cursor: SearchCursor): string =>
  Buffer.from(JSON.stringify(['search', cursor.offset])).toString('base64url');

const SearchCursorParts = z.tuple([z.literal('search'), z.number().int().min(1).max(SEARCH_CAP)]);

/** `nextCursor` from a previous page, as the query string carries it: the queue's keyset or a search's offset. */
export const QueueCursor = z
  .string()
  .max(200)
  .transform((text, ctx): QueueCursor | SearchCursor => {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      value = undefined;
    }
    const parsed = CursorParts.safeParse(value);
    if (parsed.success && parsed.data.length <= 4) return parsed.data as QueueCursor;
    const search = SearchCursorParts.safeParse(value);
    if (search.success) return { offset: search.data[1] };
    ctx.addIssue({ code: 'custom', message: 'is not a cursor from this queue: start again from the first page' });
    return z.NEVER;
  });

/**
 * A ticket's assignee's name, by a subquery rather than a join: a join lets PostgreSQL hash every
 * row after the cursor and sort them when its estimates are off, where the index walk stops at one page.
 */
export const assigneeName = (eb: ExpressionBuilder<Database, 'tickets'>) =>
  eb.selectFrom('agents').select('agents.name').whereRef('agents.id', '=', 'tickets.assignee_id').as('assignee_name');
