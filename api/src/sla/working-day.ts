/**
 * "Once per working day" for what a requester may ask of the team (the escalate endpoint): the
 * working day an instant counts toward is the first working day (a day with business hours, not
 * a holiday) at or after its local date in the calendar's time zone. A request made on a Saturday
 * or a holiday so counts toward the next working day: the team sees one request per day it works.
 */
import { nextOpening, type Calendar } from './business-time.ts';
import { civilFromDays, DAY_MS, localDayOf, localToUtc, zoneInfo } from './time-zone.ts';

export interface WorkingDay {
  /** Its local date, YYYY-MM-DD. */
  date: string;
  /** The first instant that counts toward a later working day: local midnight after it. */
  endsAt: Date;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The working day `at` counts toward, in `calendar`'s time zone. */
export function workingDayOf(calendar: Calendar, at: Date): WorkingDay {
  const zone = zoneInfo(calendar.timezone);
  if (!zone) throw new Error(`unknown time zone "${calendar.timezone}"`);
  const today = localDayOf(zone, at.getTime());
  const opening = nextOpening(calendar, new Date(localToUtc(zone, today, today * DAY_MS)));
  // A calendar that never opens again has no working days: each local date stands for itself.
  const day = opening ? localDayOf(zone, opening.getTime()) : today;
  const { year, month, day: dom } = civilFromDays(day);
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(dom)}`, endsAt: new Date(localToUtc(zone, day + 1, (day + 1) * DAY_MS)) };
}
