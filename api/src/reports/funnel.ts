/**
 * The funnel report: the widget sessions that started in the period (one row each in
 * widget_sessions, its steps written as the events came: analytics/sessions.ts), how many got to
 * each step — engaged (clicked a suggestion or searched), read an article, opened the contact
 * form, filed a ticket — per day and in all; how many served themselves (read, and no ticket in
 * the 24 h after the read); and the LMS pages (URL patterns) the period's tickets came from, with
 * the sessions started there. All sums are SQL GROUP BYs.
 *
 * Self-served is as known at the time of asking: a session that read in the last 24 h and has
 * filed nothing yet counts as served until it does.
 */
import { sql } from 'kysely';
import type { Services } from '../http/env.ts';
import type { Table } from './csv.ts';
import { siteScope } from './filter.ts';
import { byLocalDay, daysOf, daysTable, type Period } from './range.ts';
import type { FunnelReport } from './shapes.ts';

/** Pages listed at most. */
export const PAGES_CAP = 20;

type Body = Omit<FunnelReport, 'report' | 'period' | 'tables'>;
type Counts = Omit<Body['days'][number], 'day'>;
type Row = Record<keyof Counts, number | string | null>;

const STEPS = ['sessions', 'engaged', 'read', 'escalated', 'ticket'] as const;

const counts = (row: Row | undefined): Counts => ({
  sessions: Number(row?.sessions ?? 0),
  engaged: Number(row?.engaged ?? 0),
  read: Number(row?.read ?? 0),
  escalated: Number(row?.escalated ?? 0),
  ticket: Number(row?.ticket ?? 0),
});

export async function funnelReport(services: Services, period: Period, site: string | null, plan: string | null = null): Promise<Body> {
  const { db } = services.store;
  const inPeriod = (alias: 'w' | 't', column: string) =>
    sql`${sql.ref(`${alias}.${column}`)} >= ${period.start} AND ${sql.ref(`${alias}.${column}`)} < ${period.end} ${siteScope(
      `${alias}.site_key`,
      site,
      plan,
    )}`;
  const reached = (column: string) => sql`SUM(CASE WHEN ${sql.ref(`w.${column}`)} IS NOT NULL THEN 1 ELSE 0 END)`;
  const steps = sql`COUNT(*) AS sessions,
    SUM(CASE WHEN w.clicked_at IS NOT NULL OR w.searched_at IS NOT NULL THEN 1 ELSE 0 END) AS engaged,
    ${reached('read_at')} AS ${sql.ref('read')}, ${reached('escalated_at')} AS escalated, ${reached('ticket_at')} AS ticket`;

  const [byDay, served, pages] = await Promise.all([
    sql<Row & { day: string }>`WITH ${daysTable(period)} SELECT d.day AS day, ${steps}
      FROM ${byLocalDay(sql`widget_sessions w`, 'w.started_at')} ${siteScope('w.site_key', site, plan)} GROUP BY d.day`.execute(db),
    sql<{ n: number | string | null }>`SELECT COUNT(*) AS n FROM widget_sessions w
      WHERE w.read_at IS NOT NULL AND w.ticket_within_24h = 0 AND ${inPeriod('w', 'started_at')}`.execute(db),
    sql<{ pattern: string; tickets: number | string; sessions: number | string }>`
      SELECT p.pattern, SUM(p.tickets) AS tickets, SUM(p.sessions) AS sessions FROM (
        SELECT t.page_pattern AS pattern, 1 AS tickets, 0 AS sessions FROM tickets t
          WHERE t.page_pattern IS NOT NULL AND ${inPeriod('t', 'created_at')}
        UNION ALL
        SELECT w.page_pattern AS pattern, 0 AS tickets, 1 AS sessions FROM widget_sessions w
          WHERE w.page_pattern IS NOT NULL AND ${inPeriod('w', 'started_at')}
      ) p GROUP BY p.pattern ORDER BY tickets DESC, sessions DESC, p.pattern LIMIT ${PAGES_CAP}`.execute(db),
  ]);

  const perDay = new Map(byDay.rows.map((r) => [r.day, counts(r)]));
  const days = daysOf(period).map((day) => ({ day, ...counts(undefined), ...perDay.get(day) }));
  const total = counts(undefined);
  for (const day of days) for (const step of STEPS) total[step] += day[step];
  const selfServed = Number(served.rows[0]?.n ?? 0);
  return {
    steps: STEPS.map((step) => ({ step, sessions: total[step] })),
    selfService: {
      sessions: total.sessions,
      read: total.read,
      selfServed,
      rate: total.sessions ? Math.round((selfServed / total.sessions) * 10_000) / 10_000 : null,
    },
    days,
    pages: pages.rows.map((p) => ({ pattern: p.pattern, tickets: Number(p.tickets), sessions: Number(p.sessions) })),
  };
}

export function funnelTables(report: Body): Record<string, Table> {
  return {
    steps: { columns: ['step', 'sessions'], rows: report.steps.map((s) => [s.step, s.sessions]) },
    days: { columns: ['day', ...STEPS], rows: report.days.map((d) => [d.day, ...STEPS.map((step) => d[step])]) },
    pages: { columns: ['pattern', 'tickets', 'sessions'], rows: report.pages.map((p) => [p.pattern, p.tickets, p.sessions]) },
  };
}
