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
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { Dialect } from '../store/migrations.ts';
import type { Database } from '../store/schema.ts';
import { searchWords } from '../store/search-words.ts';
import { idFromReference } from '../tickets/reference.ts';
import { assigneeName, queueKey, SEARCH_CAP } from './queue-order.ts';

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
    // A reference's "HW" is in every ticket's reference: only its digits tell tickets apart.
    return digits ? { words: [digits], referenceId: idFromReference(`HW-${digits}`) } : { words, referenceId: null };
  });

// Relative weights of where a word was found, in the order of the FTS5 table's columns:
// reference, subject, requester, conversation, details (site and fields). PostgreSQL's are the
// tsvector weights A (reference, subject), B, C, D that ts_rank reads as 1, 0.4, 0.2, 0.1.
const BM25_WEIGHTS = [10, 5, 4, 1, 1.5];

/*
 * A search ranks at most SEARCH_CAP matches (queue-order.ts): ranking every match of a word most
 * tickets have ("course") would read them all, ~100,000 at a busy help desk, 0.5-1.5 s, where the
 * newest thousand stay under 100 ms (bench/inbox-search.bench.ts). Past it the answer says so
 * (`totalCapped`) and the agent adds a word or a filter, as in help-desk products whose searches
 * answer at most 1,000 results.
 */

/** FTS5 query: each word quoted (they are letters and digits only) and, from two letters, a prefix. */
const ftsQuery = (words: string[]) => words.map((w) => `"${w}"${w.length > 1 ? '*' : ''}`).join(' ');

/** tsquery: the same, joined with AND. */
const tsQuery = (words: string[]) => words.map((w) => `'${w}'${w.length > 1 ? ':*' : ''}`).join(' & ');

/** The index as these queries see it (not in `Database`: see store/schema.ts). */
interface SearchTables {
  ticket_search: { rowid: number; ticket_id: number; document: string };
}
type SearchDatabase = Database & SearchTables;

/**
 * The search's page — at most `limit` rows, each with `matched`, the number of candidates (up to
 * SEARCH_CAP + 1, so more than SEARCH_CAP means more tickets match than a search shows) — and a
 * count of the same, for a page past the last result (which has no row to carry it). One query
 * does both on purpose: the walk over the index is most of the work.
 */
export function searchQueries(
  db: Kysely<Database>,
  dialect: Dialect,
  tickets: SelectQueryBuilder<Database, 'tickets', object>,
  search: TicketSearch,
  page: { limit: number; offset: number },
) {
  const filtered = tickets as unknown as SelectQueryBuilder<SearchDatabase, 'tickets', object>;
  // The matches among the filtered tickets, newest first: the index is read in id order and the
  // walk stops at the cap, however many tickets have the words.
  const matching =
    dialect === 'postgres'
      ? filtered
          .innerJoin('ticket_search', 'ticket_search.ticket_id', 'tickets.id')
          .where(sql<boolean>`ticket_search.document @@ to_tsquery('simple', ${tsQuery(search.words)})`)
          .orderBy('tickets.id', 'desc')
      : filtered
          .innerJoin('ticket_search', 'ticket_search.rowid', 'tickets.id')
          .where(sql<boolean>`ticket_search MATCH ${ftsQuery(search.words)}`)
          .orderBy('ticket_search.rowid', 'desc');
  const score =
    dialect === 'postgres'
      ? sql<number>`ts_rank(ticket_search.document, to_tsquery('simple', ${tsQuery(search.words)}))`
      : sql<number>`-bm25(ticket_search, ${sql.join(BM25_WEIGHTS.map((w) => sql.lit(w)))})`;
  const exact = search.referenceId ?? 0;
  const ranked = db
    .selectFrom(
      matching
        .select([sql<number>`tickets.id`.as('ticket_id'), score.as('score')])
        .limit(SEARCH_CAP + 1)
        .as('r'),
    )
    .selectAll('r');
  // The ticket named by reference, if the filters keep it, is a candidate however old it is.
  const named = filtered.where('tickets.id', '=', exact).select([sql<number>`tickets.id`.as('ticket_id'), sql<number>`0`.as('score')]);
  const candidates = db
    .selectFrom((search.referenceId === null ? ranked : ranked.unionAll(named)).as('c'))
    .select(['c.ticket_id', sql<number>`max(c.score)`.as('score')])
    .groupBy('c.ticket_id');
  const shown = Math.max(0, Math.min(page.limit, SEARCH_CAP - page.offset));
  return {
    page: db
      .selectFrom(candidates.as('m'))
      .innerJoin('tickets', 'tickets.id', 'm.ticket_id')
      .selectAll('tickets')
      .select((eb) => [queueKey.as('queue_due'), assigneeName(eb), sql<number | string>`count(*) over ()`.as('matched')])
      .orderBy(sql`CASE WHEN tickets.id = ${exact} THEN 0 ELSE 1 END`)
      .orderBy('m.score', 'desc')
      .orderBy('tickets.id', 'desc')
      .limit(shown)
      .offset(page.offset),
    count: db.selectFrom(candidates.as('c')).select((eb) => eb.fn.countAll<number | string>().as('n')),
  };
}
