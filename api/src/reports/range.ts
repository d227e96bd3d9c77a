/**
 * A report's period: whole days `from`..`to` inclusive in the support time zone (the policy's
 * calendar zone), as the half-open ISO-instant range the stores compare `created_at` text with
 * (ISO instants sort as text on SQLite and PostgreSQL), and each day's own range, so that tickets
 * are counted on the day their support team saw them: a ticket filed at 23:30 UTC in London
 * summer time belongs to the next day. A local day lasts 23 or 25 hours when the clocks change.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Policy } from '#content/policy-schema.ts';
import { DAY_MS, localToUtc, zoneInfo } from '../sla/time-zone.ts';

export interface LocalDay {
  date: string;
  /** Its ISO week (weeks fold from local days). */
  week: string;
  /** First instant of the day. */
  start: string;
  /** First instant of the next day. */
  end: string;
}

export interface Period {
  from: string;
  to: string;
  /** IANA zone the days are in. */
  zone: string;
  /** First instant of `from`. */
  start: string;
  /** First instant after `to`. */
  end: string;
  days: LocalDay[];
}

/** The zone the reports' days are in: the support calendar's. */
export const supportZone = (policy: Policy): string => policy.calendar.timezone;

const dayIndex = (date: string): number => Date.parse(`${date}T00:00:00.000Z`) / DAY_MS;
const dateOf = (index: number): string => new Date(index * DAY_MS).toISOString().slice(0, 10);

export const nextDay = (date: string): string => dateOf(dayIndex(date) + 1);

export function periodOf(from: string, to: string, zone = 'UTC'): Period {
  const info = zoneInfo(zone);
  if (!info) throw new RangeError(`unknown time zone "${zone}"`);
  // Local midnight; where the clocks change at midnight it does not exist and the day starts at the first instant after the gap.
  const midnight = (index: number) => new Date(localToUtc(info, index, index * DAY_MS)).toISOString();
  const days: LocalDay[] = [];
  for (let i = dayIndex(from); i <= dayIndex(to); i++) {
    const date = dateOf(i);
    days.push({ date, week: isoWeek(date), start: midnight(i), end: midnight(i + 1) });
  }
  return { from, to, zone, start: days[0].start, end: days.at(-1)!.end, days };
}

/**
 * The period's days as a common table `days(day, week, start_at, end_at)` for a WITH clause
 * (a few hundred rows): joining rows on `x >= start_at AND x < end_at` groups them by local day
 * in SQL, on both stores.
 */
export function daysTable(period: Period): RawBuilder<unknown> {
  const rows = period.days.map((d) => sql`(${d.date}, ${d.week}, ${d.start}, ${d.end})`);
  return sql`days(day, week, start_at, end_at) AS (VALUES ${sql.join(rows)})`;
}

/**
 * `table` joined to the `days` table by `column` (a `FROM … WHERE` head to continue with `AND`): the
 * days drive the loop, each a range scan of the column's index, on both stores (SQLite keeps the
 * order a CROSS JOIN gives; scanning the table against every day instead is what made it slow).
 */
export const byLocalDay = (table: RawBuilder<unknown>, column: string): RawBuilder<unknown> =>
  sql`days d CROSS JOIN ${table} WHERE ${sql.ref(column)} >= d.start_at AND ${sql.ref(column)} < d.end_at`;

/** Every date of the period, in order. */
export const daysOf = (period: Period): string[] => period.days.map((d) => d.date);

/** The ISO 8601 week of a date, e.g. "2026-W10" (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(date: string): string {
  const d = new Date(dayIndex(date) * DAY_MS);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Nearest-rank percentile (p in 0..1) of numbers; null for none. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}
