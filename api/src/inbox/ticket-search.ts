/**
 * The inbox's ticket search (`GET /api/inbox/tickets?q=…`) over the full-text index that migration
 * 0020_ticket_search builds and its triggers keep current (store/ticket-search-index.ts): SQLite
 * FTS5 or PostgreSQL tsvector, behind one pair of queries shaped like the queue's (a page and a
 * count), combined with the queue's filters.
 *
 * - Matching: every word typed must be in the ticket, in any order and any part of it, each as
 *   the start of a word (a one-letter word must be whole). Words are cut as the index cuts them
 *   (store/search-words.ts), so quotes, operators or SQL in the text are only separators.
 * - Ranking: a query that is a reference (HW-1042, or its digits) puts that ticket first; then
 *   relevance — where the words were found (reference and subject, then requester, then site and
 *   fields, then the conversation) and how often, BM25 on SQLite, ts_rank on PostgreSQL; then the
 *   newest first.
 * - Paging: offsets (queue-order.ts, SearchCursor), since relevance is no column to page by.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { Dialect } from '../store/migrations.ts';
import type { Database } from '../store/schema.ts';
import { MAX_WORD_LENGTH, searchWords } from '../store/search-words.ts';
import { idFromReference } from '../tickets/reference.ts';
import { assigneeName, queueKey } from './queue-order.ts';

export interface TicketSearch {
  /** The words to find, as the index cut them. */
  words: string[];
  /** The ticket the text names by its reference, which ranks first. */
  referenceId: number | null;
}

/** `q` as the query string carries it: at most 200 characters, with at least one letter or digit. */
export const SearchText = z
  .string()
  .max(200, 'keep a search under 200 characters')
  .transform((text, ctx): TicketSearch => {
    const words = searchWords(text);
    if (!words.length) {
      ctx.addIssue({ code: 'custom', message: 'has no letters or digits to search for' });
      return z.NEVER;
    }
    const digits = /^\s*(?:hw\s*-?\s*)?(\d{4,12})\s*$/i.exec(text)?.[1];
    return { words, referenceId: digits ? idFromReference(`HW-${digits}`) : null };
  });

// Relative weights of where a word was found, in the order of the FTS5 table's columns:
// reference, subject, requester, conversation, details (site and fields). PostgreSQL's are the
// tsvector weights A (reference, subject), B, C, D that ts_rank reads as 1, 0.4, 0.2, 0.1.
const BM25_WEIGHTS = [10, 5, 4, 1, 1.5];

/** FTS5 query: each word quoted (they are letters and digits only) and, from two letters, a prefix. */
const ftsQuery = (words: string[]) => words.map((w) => `"${w.slice(0, MAX_WORD_LENGTH)}"${w.length > 1 ? '*' : ''}`).join(' ');

/** tsquery: the same, joined with AND. */
const tsQuery = (words: string[]) => words.map((w) => `'${w.slice(0, MAX_WORD_LENGTH)}'${w.length > 1 ? ':*' : ''}`).join(' & ');

/** The matching tickets' ids and relevance (higher is better), as a derived table `m`. */
function matches(dialect: Dialect, words: string[]) {
  return dialect === 'postgres'
    ? sql<{
        ticket_id: number;
        score: number;
      }>`(SELECT s.ticket_id, ts_rank(s.document, query) AS score FROM ticket_search s, to_tsquery('simple', ${tsQuery(words)}) query WHERE s.document @@ query)`
    : sql<{
        ticket_id: number;
        score: number;
      }>`(SELECT rowid AS ticket_id, -bm25(ticket_search, ${sql.join(BM25_WEIGHTS.map((w) => sql.lit(w)))}) AS score FROM ticket_search WHERE ticket_search MATCH ${ftsQuery(words)})`;
}

/**
 * The search's page (one row more than `limit`, to tell whether another follows) and count, over
 * `tickets`: the tickets the queue's other filters keep.
 */
export function searchQueries(
  dialect: Dialect,
  tickets: SelectQueryBuilder<Database, 'tickets', object>,
  search: TicketSearch,
  page: { limit: number; offset: number },
) {
  const found = tickets.innerJoin(matches(dialect, search.words).as('m'), (join) => join.onRef('m.ticket_id', '=', 'tickets.id'));
  const exact = search.referenceId ?? 0;
  return {
    page: found
      .selectAll('tickets')
      .select((eb) => [queueKey.as('queue_due'), assigneeName(eb)])
      .orderBy(sql`CASE WHEN tickets.id = ${exact} THEN 0 ELSE 1 END`)
      .orderBy('m.score', 'desc')
      .orderBy('tickets.id', 'desc')
      .limit(page.limit + 1)
      .offset(page.offset),
    count: found.select((eb) => eb.fn.countAll<number | string>().as('n')),
  };
}
