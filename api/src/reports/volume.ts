/**
 * The volume report: tickets filed per day of the period by type, severity, channel and site
 * (one SQL GROUP BY over the filing day and the four dimensions), and the backlog at each day's
 * end: tickets filed by then and not solved or closed then. Days are the support time zone's
 * (range.ts): rows join the period's local days in SQL.
 *
 * The backlog comes from the status history without reading it ticket by ticket: each history row
 * that moves a ticket into solved/closed counts -1, each that moves it back out +1 (a window
 * function compares a row with the ticket's previous one); the backlog at a day's end is the
 * tickets filed by then plus those moves up to then — one sum before the period, one per day in it.
 */
import { ticketFilter } from './filter.ts';
import { sql } from 'kysely';
import type { Services } from '../http/env.ts';
import type { Table } from './csv.ts';
import { byLocalDay, daysOf, daysTable, type Period } from './range.ts';
import type { VolumeReport } from './shapes.ts';

type Body = Omit<VolumeReport, 'report' | 'period' | 'tables'>;

export async function volumeReport(services: Services, period: Period, site: string | null, plan: string | null = null): Promise<Body> {
  const { db } = services.store;
  const filed = (
    await sql<{ day: string; type: string; severity: string; channel: string; site_key: string; n: number | string }>`
      WITH ${daysTable(period)}
      SELECT d.day AS day, t.type, t.severity, t.channel, t.site_key, COUNT(*) AS n
      FROM ${byLocalDay(sql`tickets t`, 't.created_at')} ${ticketFilter(site, plan)}
      GROUP BY d.day, t.type, t.severity, t.channel, t.site_key`.execute(db)
  ).rows;

  // +1 when a row reopens a done ticket, -1 when it makes it done; 0 otherwise.
  const moves = sql`SELECT h.at, CASE
        WHEN h.status IN ('solved', 'closed') AND (h.prev IS NULL OR h.prev NOT IN ('solved', 'closed')) THEN -1
        WHEN h.status NOT IN ('solved', 'closed') AND h.prev IN ('solved', 'closed') THEN 1
        ELSE 0 END AS delta
      FROM (SELECT s.at, s.status, LAG(s.status) OVER (PARTITION BY s.ticket_id ORDER BY s.id) AS prev
            FROM ticket_status_history s JOIN tickets t ON t.id = s.ticket_id WHERE s.at < ${period.end} ${ticketFilter(site, plan)}) h`;
  const [before, movesByDay, filedBefore] = await Promise.all([
    sql<{ n: number | string | null }>`SELECT SUM(m.delta) AS n FROM (${moves}) m WHERE m.at < ${period.start}`.execute(db),
    sql<{ day: string; n: number | string }>`WITH ${daysTable(period)}
      SELECT d.day AS day, SUM(m.delta) AS n FROM ${byLocalDay(sql`(${moves}) m`, 'm.at')}
      GROUP BY d.day`.execute(db),
    sql<{
      n: number | string;
    }>`SELECT COUNT(*) AS n FROM tickets t WHERE t.created_at < ${period.start} ${ticketFilter(site, plan)}`.execute(db),
  ]);

  const days = new Map(
    daysOf(period).map((date) => [
      date,
      { date, tickets: 0, backlog: 0, byType: {}, bySeverity: {}, byChannel: {}, bySite: {} } as Body['days'][number],
    ]),
  );
  const bump = (counts: Record<string, number>, key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n);
  for (const row of filed) {
    const day = days.get(row.day);
    if (!day) continue;
    const n = Number(row.n);
    day.tickets += n;
    bump(day.byType, row.type, n);
    bump(day.bySeverity, row.severity, n);
    bump(day.byChannel, row.channel, n);
    bump(day.bySite, row.site_key, n);
  }
  const movesOn = new Map(movesByDay.rows.map((r) => [r.day, Number(r.n)]));
  let backlog = Number(filedBefore.rows[0]?.n ?? 0) + Number(before.rows[0]?.n ?? 0);
  for (const day of days.values()) {
    backlog += day.tickets + (movesOn.get(day.date) ?? 0);
    day.backlog = backlog;
  }
  return { total: filed.reduce((n, r) => n + Number(r.n), 0), days: [...days.values()] };
}

export function volumeTables(report: Body): Record<string, Table> {
  const breakdown: Table['rows'] = [];
  for (const day of report.days) {
    for (const [dimension, counts] of [
      ['type', day.byType],
      ['severity', day.bySeverity],
      ['channel', day.byChannel],
      ['site', day.bySite],
    ] as const) {
      for (const [value, n] of Object.entries(counts)) breakdown.push([day.date, dimension, value, n]);
    }
  }
  return {
    days: { columns: ['date', 'tickets', 'backlog'], rows: report.days.map((d) => [d.date, d.tickets, d.backlog]) },
    breakdown: { columns: ['date', 'dimension', 'value', 'tickets'], rows: breakdown },
  };
}
