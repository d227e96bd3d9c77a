/**
 * The searches report: what people searched for in the period (KB site and widget; queries were
 * normalised when they arrived, analytics/ingest.ts, so grouping is plain), which queries found
 * nothing, which found results nobody clicked or read, and which were followed by a ticket from
 * the same widget session within 24 h (analytics/sessions.ts). Each list is one SQL GROUP BY.
 */
import { sql, type RawBuilder } from 'kysely';
import { siteScope } from './filter.ts';
import type { Services } from '../http/env.ts';
import type { Table } from './csv.ts';
import type { Period } from './range.ts';
import type { SearchesReport } from './shapes.ts';

/** Queries listed at most per list. */
export const QUERIES_CAP = 50;

type Body = Omit<SearchesReport, 'report' | 'period' | 'tables'>;
type N = number | string | null;

const NO_RESULTS = sql`s.result_count = 0`;
const NO_CLICK = sql`s.result_count > 0 AND s.clicked_slug IS NULL AND s.read_at IS NULL`;
const FOLLOWED = sql`s.ticket_id IS NOT NULL`;
const when = (condition: RawBuilder<unknown>) => sql`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

export async function searchesReport(services: Services, period: Period, site: string | null, plan: string | null = null): Promise<Body> {
  const { db } = services.store;
  const inPeriod = sql`s.query <> '' AND s.created_at >= ${period.start} AND s.created_at < ${period.end} ${siteScope(
    's.site_key',
    site,
    plan,
  )}`;
  /** The most searched queries of those matching `condition`, with extra columns. */
  const queries = <R>(condition: RawBuilder<unknown>, extra: RawBuilder<unknown> = sql``) =>
    sql<R & { query: string; searches: N }>`SELECT s.query, COUNT(*) AS searches ${extra}
      FROM search_events s WHERE ${inPeriod} AND ${condition}
      GROUP BY s.query ORDER BY searches DESC, s.query LIMIT ${QUERIES_CAP}`.execute(db);

  const [totals, top, noResults, noClick, followed] = await Promise.all([
    sql<{ searches: N; no_results: N; no_click: N; followed: N }>`SELECT COUNT(*) AS searches,
      ${when(NO_RESULTS)} AS no_results, ${when(NO_CLICK)} AS no_click, ${when(FOLLOWED)} AS followed
      FROM search_events s WHERE ${inPeriod}`.execute(db),
    queries<{ clicks: N; reads: N; tickets: N }>(
      sql`1 = 1`,
      sql`, ${when(sql`s.clicked_slug IS NOT NULL`)} AS clicks, ${when(sql`s.read_at IS NOT NULL`)} AS reads,
        COUNT(DISTINCT s.ticket_id) AS tickets`,
    ),
    queries(NO_RESULTS),
    queries(NO_CLICK),
    queries<{ tickets: N }>(FOLLOWED, sql`, COUNT(DISTINCT s.ticket_id) AS tickets`),
  ]);
  const t = totals.rows[0];
  const plain = (rows: Array<{ query: string; searches: N }>) => rows.map((r) => ({ query: r.query, searches: Number(r.searches) }));
  return {
    totals: {
      searches: Number(t?.searches ?? 0),
      noResults: Number(t?.no_results ?? 0),
      noClick: Number(t?.no_click ?? 0),
      followedByTicket: Number(t?.followed ?? 0),
    },
    top: top.rows.map((r) => ({
      query: r.query,
      searches: Number(r.searches),
      clicks: Number(r.clicks),
      reads: Number(r.reads),
      tickets: Number(r.tickets),
    })),
    noResults: plain(noResults.rows),
    noClick: plain(noClick.rows),
    followedByTicket: followed.rows.map((r) => ({ query: r.query, searches: Number(r.searches), tickets: Number(r.tickets) })),
  };
}

export function searchesTables(report: Body): Record<string, Table> {
  const plain = (rows: Body['noResults']): Table => ({ columns: ['query', 'searches'], rows: rows.map((r) => [r.query, r.searches]) });
  return {
    top: {
      columns: ['query', 'searches', 'clicks', 'reads', 'tickets'],
      rows: report.top.map((r) => [r.query, r.searches, r.clicks, r.reads, r.tickets]),
    },
    noResults: plain(report.noResults),
    noClick: plain(report.noClick),
    followedByTicket: {
      columns: ['query', 'searches', 'tickets'],
      rows: report.followedByTicket.map((r) => [r.query, r.searches, r.tickets]),
    },
  };
}
