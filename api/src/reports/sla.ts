/**
 * The SLA report: for the tickets filed in the period, per ISO week and severity, per severity and
 * in total, how many met or missed their first-response and resolution targets, their next
 * replies met and missed, and the business hours to first response; then the breached tickets.
 *
 * Outcomes are the ones kept on each ticket when the target was reached (sla/outcomes.ts), so
 * nothing here reads a calendar. A ticket reached before outcomes were kept falls back to its due
 * columns: met when reached before its due time, the due time itself being the miss, as the SLA
 * sweeper records it (sla/watch.ts). Unreached and past due is missed, unreached and not yet due
 * pending; a next reply still owed past its due counts as missed while the ticket's clocks run.
 *
 * Counting is SQL, grouped by the local day of filing (range.ts) and severity; the days fold into
 * weeks here, a few hundred rows at most. The median and 90th percentile of the stored business
 * minutes are SQL too (nearest rank, with ROW_NUMBER and COUNT windows), one query per grouping.
 */
import { ticketFilter } from './filter.ts';
import { sql, type RawBuilder } from 'kysely';
import type { Services } from '../http/env.ts';
import { RUNNING_STATUSES } from '../tickets/dues.ts';
import { referenceFor } from '../tickets/reference.ts';
import { byLocalDay, daysTable, type Period } from './range.ts';
import type { SlaReport } from './shapes.ts';
import type { Table } from './csv.ts';

/** The breached tickets listed at most; `breached.total` counts them all. */
export const BREACHED_CAP = 200;

type Figures = Omit<SlaReport['total'], never>;

const emptyFigures = (): Figures => ({
  tickets: 0,
  firstResponse: { met: 0, missed: 0, pending: 0 },
  resolution: { met: 0, missed: 0, pending: 0 },
  nextReply: { met: 0, missed: 0 },
  firstResponseHours: { median: null, p90: null, answered: 0 },
});

/** A target's columns on `t`: the outcome kept, when it was reached, its due time. */
const TARGETS = {
  first_response: { met: 't.first_response_met', reached: 't.first_responded_at', due: 't.first_response_due' },
  resolution: { met: 't.resolution_met', reached: 't.resolved_at', due: 't.resolution_due' },
} as const;
type TargetName = keyof typeof TARGETS;

/** SQL conditions: the target was met, was missed, or is pending at `now`. */
function verdicts(target: TargetName, now: string) {
  const m = sql.ref(TARGETS[target].met);
  const r = sql.ref(TARGETS[target].reached);
  const d = sql.ref(TARGETS[target].due);
  const unjudged = sql`${m} IS NULL AND ${d} IS NOT NULL`;
  return {
    met: sql`(${m} = 1 OR (${unjudged} AND ${r} IS NOT NULL AND ${r} < ${d}))`,
    missed: sql`(${m} = 0 OR (${unjudged} AND ((${r} IS NOT NULL AND ${r} >= ${d}) OR (${r} IS NULL AND ${d} <= ${now}))))`,
    pending: sql`(${unjudged} AND ${r} IS NULL AND ${d} > ${now})`,
  };
}

const count = (condition: RawBuilder<unknown>, as: string) => sql`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS ${sql.ref(as)}`;

function outcome(target: TargetName, now: string): RawBuilder<unknown> {
  const v = verdicts(target, now);
  return sql`${count(v.met, `${target}_met`)}, ${count(v.missed, `${target}_missed`)}, ${count(v.pending, `${target}_pending`)}`;
}

/** Tickets filed in the period (joined to the `days` table), each with its local filing day and week (`d`). */
const filedIn = (site: string | null, plan: string | null) =>
  sql`${byLocalDay(sql`tickets t`, 't.created_at')} ${ticketFilter(site, plan)}`;

type N = number | string;
interface GroupRow {
  day: string;
  week: string;
  severity: string;
  tickets: N;
  first_response_met: N;
  first_response_missed: N;
  first_response_pending: N;
  resolution_met: N;
  resolution_missed: N;
  resolution_pending: N;
  replies_met: N | null;
  replies_missed: N | null;
}

function add(into: Figures, row: GroupRow): void {
  into.tickets += Number(row.tickets);
  into.firstResponse.met += Number(row.first_response_met);
  into.firstResponse.missed += Number(row.first_response_missed);
  into.firstResponse.pending += Number(row.first_response_pending);
  into.resolution.met += Number(row.resolution_met);
  into.resolution.missed += Number(row.resolution_missed);
  into.resolution.pending += Number(row.resolution_pending);
  into.nextReply.met += Number(row.replies_met ?? 0);
  into.nextReply.missed += Number(row.replies_missed ?? 0);
}

const hours = (minutes: N | null): number | null => (minutes === null ? null : Math.round((Number(minutes) / 60) * 100) / 100);

interface PercentileRow {
  week?: string;
  severity?: string;
  answered: N;
  median: N | null;
  p90: N | null;
}

/**
 * Median and 90th percentile (nearest rank: the value at rank ⌈p·n⌉) of the stored business
 * minutes to first response, per `groups` (columns of `a`; none for the total).
 */
async function firstResponsePercentiles(
  services: Services,
  period: Period,
  site: string | null,
  plan: string | null,
  groups: Array<'week' | 'severity'>,
) {
  const cols = groups.map((g) => sql.ref(`a.${g}`));
  const partition = cols.length ? sql`PARTITION BY ${sql.join(cols)}` : sql``;
  const select = cols.length ? sql`${sql.join(cols)},` : sql``;
  const groupBy = cols.length ? sql`GROUP BY ${sql.join(cols)}` : sql``;
  const { rows } = await sql<PercentileRow>`WITH ${daysTable(period)},
      a AS (SELECT d.week AS week, t.severity AS severity, t.first_response_minutes AS minutes
            FROM ${filedIn(site, plan)} AND t.first_response_minutes IS NOT NULL),
      ranked AS (SELECT a.*, ROW_NUMBER() OVER (${partition} ORDER BY a.minutes) AS rn, COUNT(*) OVER (${partition}) AS n FROM a)
    SELECT ${select} COUNT(*) AS answered,
      MAX(CASE WHEN a.rn = (a.n + 1) / 2 THEN a.minutes END) AS median,
      MAX(CASE WHEN a.rn = (9 * a.n + 9) / 10 THEN a.minutes END) AS p90
    FROM ranked a ${groupBy}`.execute(services.store.db);
  return rows;
}

const setHours = (into: Figures, row: PercentileRow | undefined) => {
  if (row && Number(row.answered) > 0)
    into.firstResponseHours = { median: hours(row.median), p90: hours(row.p90), answered: Number(row.answered) };
};

export async function slaReport(
  services: Services,
  period: Period,
  site: string | null,
  plan: string | null = null,
): Promise<Omit<SlaReport, 'report' | 'period' | 'tables'>> {
  const { db } = services.store;
  const now = services.clock.now().toISOString();
  // A reply still owed past its due is a miss while the clocks run (the sweeper's rule); once sent, replies_missed counts it.
  const running = sql.join(RUNNING_STATUSES.map((s) => sql`${s}`));
  const owedLate = sql`CASE WHEN t.reply_due IS NOT NULL AND t.reply_due <= ${now} AND t.status IN (${running}) THEN 1 ELSE 0 END`;

  const [groups, byWeek, bySeverityHours, totalHours] = await Promise.all([
    sql<GroupRow>`WITH ${daysTable(period)}
      SELECT d.day AS day, d.week AS week, t.severity AS severity, COUNT(*) AS tickets,
        ${outcome('first_response', now)}, ${outcome('resolution', now)},
        SUM(t.replies_met) AS replies_met, SUM(t.replies_missed + ${owedLate}) AS replies_missed
      FROM ${filedIn(site, plan)}
      GROUP BY d.day, d.week, t.severity`.execute(db),
    firstResponsePercentiles(services, period, site, plan, ['week', 'severity']),
    firstResponsePercentiles(services, period, site, plan, ['severity']),
    firstResponsePercentiles(services, period, site, plan, []),
  ]);

  const weeks = new Map<string, Figures & { week: string; severity: string }>();
  const bySeverity = new Map<string, Figures & { severity: string }>();
  const total = emptyFigures();
  for (const row of groups.rows) {
    const wk = `${row.week}|${row.severity}`;
    if (!weeks.has(wk)) weeks.set(wk, { week: row.week, severity: row.severity, ...emptyFigures() });
    if (!bySeverity.has(row.severity)) bySeverity.set(row.severity, { severity: row.severity, ...emptyFigures() });
    add(weeks.get(wk)!, row);
    add(bySeverity.get(row.severity)!, row);
    add(total, row);
  }
  for (const row of byWeek) setHours(weeks.get(`${row.week}|${row.severity}`)!, row);
  for (const row of bySeverityHours) setHours(bySeverity.get(row.severity!)!, row);
  setHours(total, totalHours[0]);

  return {
    weeks: [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week) || a.severity.localeCompare(b.severity)),
    bySeverity: [...bySeverity.values()].sort((a, b) => a.severity.localeCompare(b.severity)),
    total,
    breached: await breachedTickets(services, period, site, plan, now),
  };
}

/** The tickets of the period that missed a target (one line per target missed), earliest due first. */
async function breachedTickets(
  services: Services,
  period: Period,
  site: string | null,
  plan: string | null,
  now: string,
): Promise<SlaReport['breached']> {
  const { db } = services.store;
  const inPeriod = sql`t.created_at >= ${period.start} AND t.created_at < ${period.end} ${ticketFilter(site, plan)}`;
  const missed = (target: TargetName) => {
    const { reached, due } = TARGETS[target];
    return sql`SELECT t.id, t.subject, t.severity, ${sql.lit(target)} AS target, ${sql.ref(due)} AS due, ${sql.ref(reached)} AS met_at
      FROM tickets t WHERE ${verdicts(target, now).missed} AND ${inPeriod}`;
  };
  const lines = sql`${missed('first_response')} UNION ALL ${missed('resolution')}`;
  const [rows, count] = await Promise.all([
    sql<{ id: number; subject: string; severity: string; target: TargetName; due: string; met_at: string | null }>`
      SELECT * FROM (${lines}) b ORDER BY b.due, b.id, b.target LIMIT ${BREACHED_CAP}`.execute(db),
    sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM (${lines}) b`.execute(db),
  ]);
  return {
    total: Number(count.rows[0]?.n ?? 0),
    tickets: rows.rows.map((r) => ({
      reference: referenceFor(r.id),
      subject: r.subject,
      severity: r.severity,
      target: r.target,
      due: r.due,
      metAt: r.met_at,
    })),
  };
}

export function slaTables(report: Omit<SlaReport, 'report' | 'period' | 'tables'>): Record<string, Table> {
  const cols = [
    'tickets',
    'first_response_met',
    'first_response_missed',
    'first_response_pending',
    'resolution_met',
    'resolution_missed',
    'resolution_pending',
    'next_reply_met',
    'next_reply_missed',
    'first_response_median_hours',
    'first_response_p90_hours',
  ];
  const cells = (f: Figures) => [
    f.tickets,
    f.firstResponse.met,
    f.firstResponse.missed,
    f.firstResponse.pending,
    f.resolution.met,
    f.resolution.missed,
    f.resolution.pending,
    f.nextReply.met,
    f.nextReply.missed,
    f.firstResponseHours.median,
    f.firstResponseHours.p90,
  ];
  return {
    weeks: {
      columns: ['week', 'severity', ...cols],
      rows: [
        ...report.weeks.map((w) => [w.week, w.severity, ...cells(w)]),
        ...report.bySeverity.map((s) => ['total', s.severity, ...cells(s)]),
        ['total', 'all', ...cells(report.total)],
      ],
    },
    breached: {
      columns: ['reference', 'subject', 'severity', 'target', 'due', 'met_at'],
      rows: report.breached.tickets.map((t) => [t.reference, t.subject, t.severity, t.target, t.due, t.metAt]),
    },
  };
}
