/**
 * The budget report: per site (or the one asked for), the hours bought, the time used by rate and
 * its cost, what remains — all as at the end of the period, by the budget rules of
 * api/src/sites/budget.ts — the burn per month, and the date the budget runs out if the last three
 * months' burn goes on; then the timesheet entries of the period.
 *
 * Run-out: the hours burnt in the three calendar months ending with the period's last month (or
 * the current one, if earlier), spread over those months' days, give a daily burn; the remaining
 * hours last that many days (rounded up) from the period's end (or today). No burn: no date.
 */
import { sql, type Kysely } from 'kysely';
import type { Services } from '../http/env.ts';
import { budgetFrom, minutesByRate } from '../sites/budget.ts';
import type { Database } from '../store/schema.ts';
import { referenceFor } from '../tickets/reference.ts';
import type { Table } from './csv.ts';
import type { Period } from './range.ts';
import type { BudgetReport } from './shapes.ts';

/** Timesheet entries listed at most; `entries.total` counts them all. */
export const ENTRIES_CAP = 1000;

const DAY_MS = 86_400_000;
const round2 = (n: number): number => Math.round(n * 100) / 100;

type Body = Omit<BudgetReport, 'report' | 'period' | 'tables'>;

/** "YYYY-MM" `back` months before `month`. */
function monthBefore(month: string, back: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return d.toISOString().slice(0, 7);
}
const daysInMonth = (month: string): number => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};

export async function budgetReport(services: Services, period: Period, site: string | null, plan: string | null = null): Promise<Body> {
  const { db } = services.store;
  const { policy } = services;
  const now = services.clock.now();
  // As at the end of the period, or now if that is earlier.
  const asOf = new Date(Math.min(Date.parse(period.end), now.getTime()));
  const asOfIso = asOf.toISOString();
  const lastDay = new Date(asOf.getTime() - 1).toISOString().slice(0, 10);
  const lastMonth = lastDay.slice(0, 7);
  const hourly = new Map(policy.rates.list.map((r) => [r.id as string, r.hourly]));

  let sitesQuery = db.selectFrom('sites').select(['key', 'name', 'plan', 'budget_hours']).orderBy('key');
  if (site) sitesQuery = sitesQuery.where('key', '=', site);
  if (plan) sitesQuery = sitesQuery.where('plan', '=', plan);
  const sites = await sitesQuery.execute();

  const siteFigures: Body['sites'] = [];
  for (const s of sites) {
    const budget = budgetFrom(policy, Number(s.budget_hours), await minutesByRate(db, s.key, asOfIso));
    const months = (
      await sql<{ month: string; rate: string; minutes: number | string }>`
        SELECT substr(created_at, 1, 7) AS month, rate, SUM(minutes) AS minutes FROM time_entries
        WHERE site_key = ${s.key} AND created_at < ${asOfIso}
        GROUP BY substr(created_at, 1, 7), rate ORDER BY month`.execute(db)
    ).rows;
    const byMonth = new Map<string, { month: string; hours: number; cost: number }>();
    for (const row of months) {
      const entry = byMonth.get(row.month) ?? { month: row.month, hours: 0, cost: 0 };
      const h = Number(row.minutes) / 60;
      entry.hours += h;
      entry.cost += h * (hourly.get(row.rate) ?? 0);
      byMonth.set(row.month, entry);
    }
    const recent = [0, 1, 2].map((back) => monthBefore(lastMonth, back));
    const recentHours = recent.reduce((n, m) => n + (byMonth.get(m)?.hours ?? 0), 0);
    const recentDays = recent.reduce((n, m) => n + daysInMonth(m), 0);
    let runsOutOn: string | null = null;
    if (recentHours > 0) {
      const days = budget.remainingHours <= 0 ? 0 : Math.ceil(budget.remainingHours / (recentHours / recentDays));
      runsOutOn = new Date(Date.parse(`${lastDay}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
    }
    const { currency: _, ...figures } = budget;
    siteFigures.push({
      site: s.key,
      name: s.name,
      plan: s.plan,
      ...figures,
      months: [...byMonth.values()].map((m) => ({ month: m.month, hours: round2(m.hours), cost: round2(m.cost) })),
      averageMonthlyHours: round2(recentHours / 3),
      runsOutOn,
    });
  }

  const entries = await timeEntries(db, { start: period.start, end: period.end, site, plan }, ENTRIES_CAP);
  return {
    currency: policy.rates.currency,
    sites: siteFigures,
    entries,
  };
}

export interface EntryFilter {
  /** From this instant (inclusive) … */
  start: string;
  /** … to this one (exclusive). */
  end: string;
  site: string | null;
  /** Only the sites on this plan. */
  plan?: string | null;
}

/**
 * The timesheet entries of a span, oldest first, with the ticket's reference and the agent's
 * name; at most `cap` listed, `total` counts them all. The budget report and the monthly
 * statement (statement.ts) both list them this way.
 */
export async function timeEntries(db: Kysely<Database>, filter: EntryFilter, cap: number): Promise<Body['entries']> {
  const where = sql`e.created_at >= ${filter.start} AND e.created_at < ${filter.end}
    ${filter.site ? sql`AND e.site_key = ${filter.site}` : sql``}
    ${filter.plan ? sql`AND e.site_key IN (SELECT s.key FROM sites s WHERE s.plan = ${filter.plan})` : sql``}`;
  const [rows, count] = await Promise.all([
    sql<{
      created_at: string;
      site_key: string;
      ticket_id: number;
      agent: string | null;
      minutes: number | string;
      rate: string;
      note: string | null;
    }>`
      SELECT e.created_at, e.site_key, e.ticket_id, a.name AS agent, e.minutes, e.rate, e.note
      FROM time_entries e LEFT JOIN agents a ON a.id = e.agent_id
      WHERE ${where} ORDER BY e.created_at, e.id LIMIT ${cap}`.execute(db),
    sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM time_entries e WHERE ${where}`.execute(db),
  ]);
  return {
    total: Number(count.rows[0]?.n ?? 0),
    items: rows.rows.map((e) => ({
      date: e.created_at.slice(0, 10),
      site: e.site_key,
      reference: referenceFor(e.ticket_id),
      agent: e.agent,
      minutes: Number(e.minutes),
      rate: e.rate,
      note: e.note,
    })),
  };
}

export function budgetTables(report: Body): Record<string, Table> {
  return {
    sites: {
      columns: [
        'site',
        'name',
        'budget_hours',
        'used_hours',
        'remaining_hours',
        'cost',
        'currency',
        'average_monthly_hours',
        'runs_out_on',
      ],
      rows: report.sites.map((s) => [
        s.site,
        s.name,
        s.budgetHours,
        s.usedHours,
        s.remainingHours,
        s.cost,
        report.currency,
        s.averageMonthlyHours,
        s.runsOutOn,
      ]),
    },
    rates: {
      columns: ['site', 'rate', 'hourly', 'hours', 'cost'],
      rows: report.sites.flatMap((s) => s.byRate.map((r) => [s.site, r.rate, r.hourly, r.hours, r.cost])),
    },
    months: {
      columns: ['site', 'month', 'hours', 'cost'],
      rows: report.sites.flatMap((s) => s.months.map((m) => [s.site, m.month, m.hours, m.cost])),
    },
    entries: {
      columns: ['date', 'site', 'reference', 'agent', 'minutes', 'rate', 'note'],
      rows: report.entries.items.map((e) => [e.date, e.site, e.reference, e.agent, e.minutes, e.rate, e.note]),
    },
  };
}
