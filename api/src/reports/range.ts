/**
 * A report's period: whole UTC days `from`..`to` inclusive, as the half-open ISO-instant range
 * the stores compare `created_at` text with (ISO instants sort as text on SQLite and PostgreSQL).
 */
const DAY_MS = 86_400_000;

export interface Period {
  from: string;
  to: string;
  /** First instant of `from`. */
  start: string;
  /** First instant after `to`. */
  end: string;
}

export const dayStart = (date: string): string => `${date}T00:00:00.000Z`;
export const nextDay = (date: string): string => new Date(Date.parse(dayStart(date)) + DAY_MS).toISOString().slice(0, 10);

export function periodOf(from: string, to: string): Period {
  return { from, to, start: dayStart(from), end: dayStart(nextDay(to)) };
}

/** Every date of the period, in order. */
export function daysOf(period: Period): string[] {
  const days: string[] = [];
  for (let d = period.from; d <= period.to; d = nextDay(d)) days.push(d);
  return days;
}

/** The ISO 8601 week of a date, e.g. "2026-W10" (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(date: string): string {
  const d = new Date(dayStart(date));
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
