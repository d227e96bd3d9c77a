/**
 * The SLA report: for the tickets filed in the period, per ISO week and severity, per severity and
 * in total, how many met or missed their first-response and resolution targets, next-reply misses,
 * and the business hours to first response; then the breached tickets.
 *
 * Counting is SQL (GROUP BY the filing day and severity; the days fold into weeks here, a few
 * hundred rows at most). A target is met when reached before its due time; the due time itself is
 * the miss, as the SLA sweeper records it (api/src/sla/watch.ts); unreached and past due is missed,
 * unreached and not yet due is pending. Business hours need the ticket's calendar, so they are
 * measured here per answered ticket of the period, with the terms its clocks ran on.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Services } from '../http/env.ts';
import { ticketFilter } from './filter.ts';
import { businessMinutesBetween } from '../sla/business-time.ts';
import { ticketTerms } from '../tickets/dues.ts';
import { referenceFor } from '../tickets/reference.ts';
import type { SlaTerms } from '../sla/terms.ts';
import { isoWeek, percentile, type Period } from './range.ts';
import type { SlaReport } from './shapes.ts';
import type { Table } from './csv.ts';

/** The breached tickets listed at most; `breached.total` counts them all. */
export const BREACHED_CAP = 200;

type Figures = Omit<SlaReport['total'], never>;

const emptyFigures = (): Figures => ({
  tickets: 0,
  firstResponse: { met: 0, missed: 0, pending: 0 },
  resolution: { met: 0, missed: 0, pending: 0 },
  nextReplyMissed: 0,
  firstResponseHours: { median: null, p90: null, answered: 0 },
});

/** met / missed / pending of one target, as SQL sums over `t`. */
function outcome(reached: string, due: string, now: string): RawBuilder<unknown> {
  const r = sql.ref(`t.${reached}`);
  const d = sql.ref(`t.${due}`);
  return sql`SUM(CASE WHEN ${d} IS NOT NULL AND ${r} IS NOT NULL AND ${r} < ${d} THEN 1 ELSE 0 END) AS ${sql.ref(`${due}_met`)},
    SUM(CASE WHEN ${d} IS NOT NULL AND ((${r} IS NOT NULL AND ${r} >= ${d}) OR (${r} IS NULL AND ${d} <= ${now})) THEN 1 ELSE 0 END) AS ${sql.ref(`${due}_missed`)},
    SUM(CASE WHEN ${d} IS NOT NULL AND ${r} IS NULL AND ${d} > ${now} THEN 1 ELSE 0 END) AS ${sql.ref(`${due}_pending`)}`;
}

interface GroupRow {
  day: string;
  severity: string;
  tickets: number | string;
  first_response_due_met: number | string;
  first_response_due_missed: number | string;
  first_response_due_pending: number | string;
  resolution_due_met: number | string;
  resolution_due_missed: number | string;
  resolution_due_pending: number | string;
}

function add(into: Figures, row: GroupRow): void {
  into.tickets += Number(row.tickets);
  into.firstResponse.met += Number(row.first_response_due_met);
  into.firstResponse.missed += Number(row.first_response_due_missed);
  into.firstResponse.pending += Number(row.first_response_due_pending);
  into.resolution.met += Number(row.resolution_due_met);
  into.resolution.missed += Number(row.resolution_due_missed);
  into.resolution.pending += Number(row.resolution_due_pending);
}

const hours = (minutes: number | null): number | null => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100);

function setHours(into: Figures, minutes: number[]): void {
  into.firstResponseHours = { median: hours(percentile(minutes, 0.5)), p90: hours(percentile(minutes, 0.9)), answered: minutes.length };
}

export async function slaReport(
  services: Services,
  period: Period,
  site: string | null,
  plan: string | null = null,
): Promise<Omit<SlaReport, 'report' | 'period' | 'tables'>> {
  const { db } = services.store;
  const now = services.clock.now().toISOString();
  const inPeriod = sql`t.created_at >= ${period.start} AND t.created_at < ${period.end} ${ticketFilter(site, plan)}`;

  const groups = (
    await sql<GroupRow>`SELECT substr(t.created_at, 1, 10) AS day, t.severity AS severity, COUNT(*) AS tickets,
      ${outcome('first_responded_at', 'first_response_due', now)}, ${outcome('resolved_at', 'resolution_due', now)}
      FROM tickets t WHERE ${inPeriod}
      GROUP BY substr(t.created_at, 1, 10), t.severity`.execute(db)
  ).rows;

  const replyMisses = (
    await sql<{
      day: string;
      severity: string;
      n: number | string;
    }>`SELECT substr(t.created_at, 1, 10) AS day, t.severity AS severity, COUNT(*) AS n
      FROM sla_records r JOIN tickets t ON t.id = r.ticket_id
      WHERE r.kind = 'missed' AND r.target = 'reply' AND ${inPeriod}
      GROUP BY substr(t.created_at, 1, 10), t.severity`.execute(db)
  ).rows;

  // Business minutes to first response: one calendar reading per answered ticket of the period.
  const answered = (
    await sql<{ day: string; severity: string; plan: string; sla_version: string | null; created_at: string; first_responded_at: string }>`
      SELECT substr(t.created_at, 1, 10) AS day, t.severity, t.plan, t.sla_version, t.created_at, t.first_responded_at
      FROM tickets t WHERE t.first_responded_at IS NOT NULL AND ${inPeriod}`.execute(db)
  ).rows;
  const termsCache = new Map<string, SlaTerms>();
  const minutesBy = { week: new Map<string, number[]>(), severity: new Map<string, number[]>(), all: [] as number[] };
  for (const t of answered) {
    const key = t.sla_version ?? `plan:${t.plan}`;
    let terms = termsCache.get(key);
    if (!terms) termsCache.set(key, (terms = await ticketTerms(db, services.policy, t)));
    const minutes = businessMinutesBetween(terms.calendar, new Date(t.created_at), new Date(t.first_responded_at));
    const weekKey = `${isoWeek(t.day)}|${t.severity}`;
    if (!minutesBy.week.has(weekKey)) minutesBy.week.set(weekKey, []);
    if (!minutesBy.severity.has(t.severity)) minutesBy.severity.set(t.severity, []);
    minutesBy.week.get(weekKey)!.push(minutes);
    minutesBy.severity.get(t.severity)!.push(minutes);
    minutesBy.all.push(minutes);
  }

  const weeks = new Map<string, Figures & { week: string; severity: string }>();
  const bySeverity = new Map<string, Figures & { severity: string }>();
  const total = emptyFigures();
  for (const row of groups) {
    const week = isoWeek(row.day);
    const wk = `${week}|${row.severity}`;
    if (!weeks.has(wk)) weeks.set(wk, { week, severity: row.severity, ...emptyFigures() });
    if (!bySeverity.has(row.severity)) bySeverity.set(row.severity, { severity: row.severity, ...emptyFigures() });
    add(weeks.get(wk)!, row);
    add(bySeverity.get(row.severity)!, row);
    add(total, row);
  }
  for (const row of replyMisses) {
    const n = Number(row.n);
    weeks.get(`${isoWeek(row.day)}|${row.severity}`)!.nextReplyMissed += n;
    bySeverity.get(row.severity)!.nextReplyMissed += n;
    total.nextReplyMissed += n;
  }
  for (const [key, figures] of weeks) setHours(figures, minutesBy.week.get(key) ?? []);
  for (const [key, figures] of bySeverity) setHours(figures, minutesBy.severity.get(key) ?? []);
  setHours(total, minutesBy.all);

  return {
    weeks: [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week) || a.severity.localeCompare(b.severity)),
    bySeverity: [...bySeverity.values()].sort((a, b) => a.severity.localeCompare(b.severity)),
    total,
    breached: await breachedTickets(services, inPeriod, now),
  };
}

/** The tickets of the period that missed a target (one line per target missed), earliest due first. */
async function breachedTickets(services: Services, inPeriod: RawBuilder<unknown>, now: string): Promise<SlaReport['breached']> {
  const { db } = services.store;
  const missed = (reached: string, due: string) => {
    const r = sql.ref(`t.${reached}`);
    const d = sql.ref(`t.${due}`);
    return sql`${d} IS NOT NULL AND ((${r} IS NOT NULL AND ${r} >= ${d}) OR (${r} IS NULL AND ${d} <= ${now})) AND ${inPeriod}`;
  };
  const lines = sql`SELECT t.id, t.subject, t.severity, 'first_response' AS target, t.first_response_due AS due, t.first_responded_at AS met_at
      FROM tickets t WHERE ${missed('first_responded_at', 'first_response_due')}
    UNION ALL
    SELECT t.id, t.subject, t.severity, 'resolution' AS target, t.resolution_due AS due, t.resolved_at AS met_at
      FROM tickets t WHERE ${missed('resolved_at', 'resolution_due')}`;
  const [rows, count] = await Promise.all([
    sql<{ id: number; subject: string; severity: string; target: 'first_response' | 'resolution'; due: string; met_at: string | null }>`
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
    f.nextReplyMissed,
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
