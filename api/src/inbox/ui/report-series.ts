/**
 * What the Reports page draws, worked out from the reports' answers: percentages per ISO week,
 * the budget burn-down per month, and each chart's text alternative. No DOM here, so the figures
 * can be checked on their own.
 */
import type { BudgetReport, SlaReport } from '../../reports/shapes.ts';

/** The self-service funnel report (GET /api/reports/funnel), as the reports contract describes it. */
export interface FunnelReport {
  steps: Array<{ step: string; sessions: number }>;
  selfService: { sessions: number; read: number; selfServed: number; rate: number | null };
}

export interface SlaWeek {
  week: string;
  tickets: number;
  firstResponse: { met: number; missed: number; pending: number; percent: number | null };
  resolution: { met: number; missed: number; pending: number; percent: number | null };
}

/** Met of met + missed, 0..100 with one decimal; null when nothing was due. Pending is not counted yet. */
export const percentMet = (met: number, missed: number): number | null =>
  met + missed ? Math.round((met / (met + missed)) * 1000) / 10 : null;

/** The report's weeks with every severity folded in, oldest first. */
export function slaWeeks(report: Pick<SlaReport, 'weeks'>): SlaWeek[] {
  const weeks = new Map<string, SlaWeek>();
  for (const w of report.weeks) {
    const into = weeks.get(w.week) ?? {
      week: w.week,
      tickets: 0,
      firstResponse: { met: 0, missed: 0, pending: 0, percent: null },
      resolution: { met: 0, missed: 0, pending: 0, percent: null },
    };
    into.tickets += w.tickets;
    for (const target of ['firstResponse', 'resolution'] as const) {
      into[target].met += w[target].met;
      into[target].missed += w[target].missed;
      into[target].pending += w[target].pending;
      into[target].percent = percentMet(into[target].met, into[target].missed);
    }
    weeks.set(w.week, into);
  }
  return [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
}

const pct = (n: number | null): string => (n === null ? 'nothing due' : `${n}%`);

export function slaSummary(weeks: SlaWeek[]): string {
  if (!weeks.length) return 'SLA achievement per week: no tickets in the period.';
  return `SLA achievement per week: ${weeks
    .map((w) => `first response met ${pct(w.firstResponse.percent)} in week ${w.week}, resolution met ${pct(w.resolution.percent)}`)
    .join('; ')}.`;
}

/** "YYYY-MM" of every month from `from`'s to `to`'s (dates YYYY-MM-DD). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number);
  const last = to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > last) return out;
    out.push(month);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

export interface BurnDown {
  months: string[];
  sites: Array<{ site: string; name: string; budgetHours: number; remaining: number[] }>;
}

/** Hours remaining at each month's end of the period, per site: bought less everything burnt up to then. */
export function burnDown(report: Pick<BudgetReport, 'sites' | 'period'>): BurnDown {
  const months = monthsBetween(report.period.from, report.period.to);
  return {
    months,
    sites: report.sites.map((s) => ({
      site: s.site,
      name: s.name,
      budgetHours: s.budgetHours,
      remaining: months.map(
        (month) => Math.round((s.budgetHours - s.months.filter((m) => m.month <= month).reduce((n, m) => n + m.hours, 0)) * 100) / 100,
      ),
    })),
  };
}

export function burnDownSummary(burn: BurnDown): string {
  if (!burn.sites.length) return 'Budget burn-down: no sites.';
  return `Budget burn-down, hours remaining at each month's end: ${burn.sites
    .map((s) => `${s.name}: ${burn.months.map((m, i) => `${s.remaining[i]} h at the end of ${m}`).join(', ')}`)
    .join('; ')}.`;
}

export function volumeSummary(days: Array<{ date: string; tickets: number; backlog: number }>): string {
  if (!days.length) return 'Ticket volume: no days.';
  const total = days.reduce((n, d) => n + d.tickets, 0);
  const busiest = days.reduce((a, b) => (b.tickets > a.tickets ? b : a));
  const last = days[days.length - 1];
  return `Ticket volume per day: ${total} tickets filed from ${days[0].date} to ${last.date}, the most on ${busiest.date} (${busiest.tickets}); backlog ${days[0].backlog} at the end of ${days[0].date} and ${last.backlog} at the end of ${last.date}.`;
}

export function funnelSummary(funnel: FunnelReport): string {
  const rate = funnel.selfService.rate === null ? 'no sessions' : `${Math.round(funnel.selfService.rate * 1000) / 10}% self-served`;
  return `Self-service funnel: ${funnel.steps.map((s) => `${s.step} ${s.sessions}`).join(', ')}; ${rate}.`;
}
