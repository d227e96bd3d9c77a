/**
 * The support calendar, owned here once: its weekdays, its shape, the time-zone check and the
 * length of a working day. The policy file (policy-schema.ts) checks each field's format so a
 * content author gets a fix per field; business time (api/src/sla/business-time.ts) checks the
 * whole calendar's meaning (overlaps, working time left) on the same shape.
 */
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A local wall-clock window, ["09:00", "17:00"]; "24:00" allowed as the end. */
export type TimeWindow = [string, string];

/** A business calendar (the `Calendar` of the business-time contract, docs/architecture.md). */
export interface Calendar {
  /** IANA time zone, e.g. "Europe/London". */
  timezone: string;
  /** Short label shown to users next to times, e.g. "UK time". */
  label?: string;
  hours: Partial<Record<Weekday, TimeWindow[]>>;
  /** Whole local dates: "YYYY-MM-DD", or "*-MM-DD" for every year. */
  holidays: string[];
}

/** Whether `Intl` knows the zone (an IANA name such as "Europe/London"). */
export function isKnownTimeZone(zone: unknown): boolean {
  // An undefined or empty zone would silently mean "the machine's zone" to Intl.
  if (typeof zone !== 'string' || zone.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const LOCAL_TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Minutes since local midnight of "HH:MM" ("24:00" → 1440; "HH:MM:SS" is read too, as a
 * fraction), or null when malformed.
 */
export function minutesOfDay(text: string): number | null {
  const match = LOCAL_TIME.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = match[3] === undefined ? 0 : Number(match[3]);
  if (minutes > 59 || seconds > 59 || hours > 24 || (hours === 24 && (minutes !== 0 || seconds !== 0))) return null;
  return hours * 60 + minutes + seconds / 60;
}

/**
 * Length of the calendar's working day in minutes: its longest open day (480 for 09:00–17:00,
 * 1440 for 24x7). Day-based targets ("2 working days") are counted in these.
 */
export function workingDayMinutes(calendar: Calendar): number {
  let longest = 0;
  for (const day of WEEKDAYS) {
    let total = 0;
    for (const [start, end] of calendar.hours[day] ?? []) total += (minutesOfDay(end) ?? 0) - (minutesOfDay(start) ?? 0);
    longest = Math.max(longest, total);
  }
  return longest;
}

/** The working day in hours, as the policy's pages and articles state it ("a working day is 8 working hours"). */
export const workingDayHours = (calendar: Calendar): number => workingDayMinutes(calendar) / 60;

/**
 * The calendar's shape, with the check of each leaf (a local time, a holiday date, the zone)
 * given by the caller: strict formats for the policy file, plain strings where the meaning is
 * checked on the whole calendar instead.
 */
export function calendarShape<Time extends z.ZodType<string>, Holiday extends z.ZodType<string>, Zone extends z.ZodType<string>>(leaves: {
  time: Time;
  holiday: Holiday;
  zone: Zone;
}) {
  const day = z.array(z.tuple([leaves.time, leaves.time])).optional();
  return z.object({
    timezone: leaves.zone,
    label: z.string().optional(),
    hours: z.object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }).strict(),
    holidays: z.array(leaves.holiday).default([]),
  });
}

/** Local wall-clock time "HH:MM"; "24:00" is allowed as the end of a window. */
export const LocalTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'use a 24-hour local time "HH:MM", e.g. "09:00" (or "24:00" as an end)');

/** The calendar as the policy file writes it: every field's format checked, with the fix. */
export const CalendarSchema = calendarShape({
  time: LocalTime,
  holiday: z
    .string()
    .regex(/^(?:\d{4}|\*)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'use "YYYY-MM-DD" or "*-MM-DD" for a yearly holiday'),
  zone: z.string().refine(isKnownTimeZone, { message: 'unknown time zone: use an IANA name such as "Europe/London"' }),
}) satisfies z.ZodType<Calendar>;
