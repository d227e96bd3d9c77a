/**
 * Business time: SLA clocks counted in a support calendar's working hours (contract 3 of
 * docs/architecture.md).
 *
 * - Windows are local wall-clock times ("HH:MM", "24:00" allowed as an end) per weekday;
 *   several per day, half-open [start, end).
 * - Holidays are whole local dates: "YYYY-MM-DD", or "*-MM-DD" every year ("*-02-29" only
 *   in leap years).
 * - Elapsed time is real time: a window crossing a DST change is an hour shorter or
 *   longer, so a 00:00–24:00 day lasts 23 or 25 hours. Wall-clock times that do not exist
 *   (spring-forward gap) move forward by the gap; repeated ones (fall-back overlap) are the
 *   first occurrence — see time-zone.ts. When that makes a day's windows touch or cross
 *   (e.g. 02:30 in a gap becomes 03:30 while a later window opens at 03:15), the business
 *   time is their union: nothing is counted twice, and a window that ends up empty drops out.
 * - Pauses (e.g. waiting on the customer) are real-time intervals that do not count; they
 *   may overlap, come unsorted and start before the clock does.
 *
 * Calendars are compiled once per object (treat them as immutable) and scanned day by day
 * over windows, never minute by minute. Every scan is bounded: a calendar whose working
 * days are all holidays for nine years throws, and no answer may lie more than 100 years
 * after its start.
 */
import { z } from 'zod';
import { calendarShape, isKnownTimeZone, minutesOfDay, WEEKDAYS, type Calendar } from '#content/calendar.ts';
import { DAY_MS, MINUTE_MS, civilFromDays, earliestLocalDay, localToUtc, weekdayOfDay, zoneInfo, type ZoneInfo } from './time-zone.ts';

export type { Calendar, TimeWindow } from '#content/calendar.ts';
export { workingDayMinutes } from '#content/calendar.ts';

/** Search limits: no input may loop forever. */
export const LIMITS = {
  /** A calendar with no working time for this many consecutive days is treated as closed for good. */
  maxClosedDays: 366 * 9,
  /** No due time, and no span measured, may be longer than this many days. */
  maxSpanDays: 366 * 100,
} as const;

// ---------------------------------------------------------------------------------------
// Validation

const HOLIDAY = /^(\d{4}|\*)-(\d{2})-(\d{2})$/;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

type Issue = { path: Array<string | number>; message: string };

/** Checks a well-typed calendar's meaning: windows, overlaps, working time, holidays, zone. */
function semanticIssues(calendar: Calendar): Issue[] {
  const issues: Issue[] = [];
  if (!isKnownTimeZone(calendar.timezone)) {
    issues.push({
      path: ['timezone'],
      message: `unknown time zone "${calendar.timezone}": use an IANA name such as "Europe/London" or "America/New_York"`,
    });
  }
  let working = 0;
  for (const day of WEEKDAYS) {
    const windows = calendar.hours[day] ?? [];
    const parsed: Array<{ start: number; end: number; index: number }> = [];
    windows.forEach(([startText, endText], index) => {
      const start = minutesOfDay(startText);
      const end = minutesOfDay(endText);
      if (start === null || start === 1440) {
        issues.push({
          path: ['hours', day, index, 0],
          message: `"${startText}" is not a start time: use 24-hour "HH:MM" from "00:00" to "23:59"`,
        });
      }
      if (end === null) {
        issues.push({
          path: ['hours', day, index, 1],
          message: `"${endText}" is not an end time: use 24-hour "HH:MM" from "00:01" to "24:00"`,
        });
      }
      if (start === null || end === null || start === 1440) return;
      if (end <= start) {
        issues.push({
          path: ['hours', day, index],
          message: `window "${startText}"–"${endText}" must end after it starts; for a window past midnight use "24:00" as the end and continue on the next day from "00:00"`,
        });
        return;
      }
      parsed.push({ start, end, index });
    });
    parsed.sort((a, b) => a.start - b.start);
    for (let i = 1; i < parsed.length; i++) {
      const prev = parsed[i - 1];
      const cur = parsed[i];
      if (cur.start < prev.end) {
        const [ps, pe] = windows[prev.index];
        const [cs, ce] = windows[cur.index];
        issues.push({
          path: ['hours', day, cur.index],
          message: `window "${cs}"–"${ce}" overlaps "${ps}"–"${pe}" on the same day: merge them or make them not overlap`,
        });
      }
    }
    for (const w of parsed) working += w.end - w.start;
  }
  if (working === 0 && !issues.some((i) => i.path[0] === 'hours')) {
    issues.push({
      path: ['hours'],
      message: 'the calendar has no working time: give at least one weekday a window such as ["09:00", "17:00"]',
    });
  }
  const yearly = new Set<number>();
  calendar.holidays.forEach((text, index) => {
    const match = HOLIDAY.exec(text);
    const month = match ? Number(match[2]) : 0;
    const day = match ? Number(match[3]) : 0;
    const year = match && match[1] !== '*' ? Number(match[1]) : 2000; // 2000 is a leap year: "*-02-29" is fine
    if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
      issues.push({
        path: ['holidays', index],
        message: `"${text}" is not a date: use "YYYY-MM-DD" (e.g. "2026-12-25") or "*-MM-DD" for every year (e.g. "*-12-25")`,
      });
    } else if (match[1] === '*') {
      yearly.add(month * 100 + day);
    }
  });
  if (yearly.size === 366) {
    issues.push({
      path: ['holidays'],
      message: 'yearly holidays cover every date of the year, so there is no working time left: remove some',
    });
  }
  return issues;
}

/**
 * zod schema of a business calendar, with every check `validateCalendar` makes
 * (unknown zone, malformed times, end ≤ start, overlapping windows, no working time,
 * bad holiday dates). Use it inside request or config schemas.
 */
export const BusinessCalendarSchema = calendarShape({
  time: z.string(),
  holiday: z.string(),
  zone: z.string().min(1, 'give an IANA time zone such as "Europe/London"'),
}).superRefine((calendar, ctx) => {
  for (const issue of semanticIssues(calendar)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

const describePath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') ||
  'calendar';

/** A calendar that cannot be used, with one message per field. */
export class CalendarError extends Error {
  readonly issues: ReadonlyArray<{ field: string; message: string }>;
  constructor(issues: ReadonlyArray<{ field: string; message: string }>) {
    super(`invalid business calendar:\n${issues.map((i) => `  - ${i.field}: ${i.message}`).join('\n')}`);
    this.name = 'CalendarError';
    this.issues = issues;
  }
}

/** Returns the calendar (holidays defaulted) or throws a CalendarError naming each bad field. */
export function validateCalendar(calendar: unknown): Calendar {
  const parsed = BusinessCalendarSchema.safeParse(calendar);
  if (parsed.success) return parsed.data;
  throw new CalendarError(
    parsed.error.issues.map((issue) => ({
      field: describePath(issue.path),
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}: days are ${WEEKDAYS.join(', ')}`
          : issue.message,
    })),
  );
}

// ---------------------------------------------------------------------------------------
// Compiled calendars and the interval scan

interface CompiledCalendar {
  zone: ZoneInfo;
  /** Per weekday (0 = Monday): flat [startMs, endMs, …] from local midnight, sorted; null = closed. */
  windows: Array<number[] | null>;
  /** Dated holidays as y * 10000 + m * 100 + d. */
  dated: Set<number>;
  /** Yearly holidays as m * 100 + d. */
  yearly: Set<number>;
}

const compiled = new WeakMap<object, CompiledCalendar>();

function compile(calendar: Calendar): CompiledCalendar {
  if (calendar === null || typeof calendar !== 'object')
    throw new CalendarError([{ field: 'calendar', message: 'give a calendar object { timezone, hours, holidays }' }]);
  const cached = compiled.get(calendar);
  if (cached) return cached;
  const valid = validateCalendar(calendar);
  const windows = WEEKDAYS.map((day) => {
    const list = (valid.hours[day] ?? []).map(
      ([a, b]) => [Math.round(minutesOfDay(a)! * MINUTE_MS), Math.round(minutesOfDay(b)! * MINUTE_MS)] as const,
    );
    list.sort((x, y) => x[0] - y[0]);
    return list.length ? list.flat() : null;
  });
  const dated = new Set<number>();
  const yearly = new Set<number>();
  for (const text of valid.holidays) {
    const [y, m, d] = text.split('-');
    if (y === '*') yearly.add(Number(m) * 100 + Number(d));
    else dated.add(Number(y) * 10_000 + Number(m) * 100 + Number(d));
  }
  const result: CompiledCalendar = { zone: zoneInfo(valid.timezone)!, windows, dated, yearly };
  compiled.set(calendar, result);
  return result;
}

/** Thrown when a calendar has no working time left (e.g. holidays cover every working day). */
export class NoWorkingTimeError extends Error {
  constructor(from: number) {
    super(
      `the calendar has no working time in the ${Math.round(LIMITS.maxClosedDays / 366)} years after ${new Date(from).toISOString()}: ` +
        'check that the holidays do not cover every working day',
    );
    this.name = 'NoWorkingTimeError';
  }
}

/**
 * Walks a calendar's business intervals forward in UTC, one local day at a time.
 * `next(from)` finds the first interval ending after `from`, clipped to start at or after it.
 */
class IntervalCursor {
  private readonly calendar: CompiledCalendar;
  private readonly maxDay: number;
  private readonly horizonMessage: string;
  private day: number;
  private buffer: number[] = [];
  private index = 0;
  private lastEnd = -Infinity;
  private closedRun = 0;
  start = 0;
  end = 0;

  constructor(calendar: CompiledCalendar, fromMs: number, horizonMessage: string) {
    this.calendar = calendar;
    this.day = earliestLocalDay(fromMs) - 1;
    this.maxDay = this.day + LIMITS.maxSpanDays + 2;
    this.horizonMessage = horizonMessage;
  }

  /** false when no interval starts before `stopBefore` (given a finite one). */
  next(from: number, stopBefore = Infinity): boolean {
    for (;;) {
      while (this.index < this.buffer.length) {
        const start = this.buffer[this.index];
        const end = this.buffer[this.index + 1];
        if (end <= from) {
          this.index += 2;
          continue;
        }
        this.start = start > from ? start : from;
        this.end = end;
        return this.start < stopBefore;
      }
      const jump = earliestLocalDay(from) - 1; // a pause may carry `from` far ahead: skip the days between
      if (jump > this.day) this.day = jump;
      if (this.day * DAY_MS - 2 * DAY_MS >= stopBefore) return false; // every interval of this day starts after stopBefore
      if (this.day > this.maxDay) throw new RangeError(this.horizonMessage);
      const found = this.expand(this.day++);
      if (found) this.closedRun = 0;
      else if (++this.closedRun > LIMITS.maxClosedDays && stopBefore === Infinity) throw new NoWorkingTimeError(from);
    }
  }

  /** Loads one local day's intervals into the buffer; false when the day has none. */
  private expand(day: number): boolean {
    const { windows, dated, yearly, zone } = this.calendar;
    const list = windows[weekdayOfDay(day)];
    if (list === null) return false;
    if (dated.size || yearly.size) {
      const { year, month, day: dom } = civilFromDays(day);
      if (yearly.has(month * 100 + dom) || dated.has(year * 10_000 + month * 100 + dom)) return false;
    }
    this.buffer = [];
    this.index = 0;
    const midnight = day * DAY_MS;
    for (let i = 0; i < list.length; i += 2) {
      let start = localToUtc(zone, day, midnight + list[i]);
      const end = localToUtc(zone, day, midnight + list[i + 1]);
      if (start < this.lastEnd) start = this.lastEnd; // DST shifts can make windows meet: count each instant once
      if (end <= start) continue;
      this.buffer.push(start, end);
      this.lastEnd = end;
    }
    return this.buffer.length > 0;
  }
}

// ---------------------------------------------------------------------------------------
// Input guards

/** A Date's time value; ISO strings and epoch milliseconds are accepted too, for callers fed by JSON. */
function instant(value: unknown, name: string): number {
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'string') ms = Date.parse(value);
  else if (typeof value === 'number') ms = value;
  else throw new RangeError(`${name} must be a Date`);
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new RangeError(`${name} is an invalid Date (${String(value)})`);
  return ms;
}

/** Pauses as a flat, sorted, merged [start, end, …] list of those ending after `afterMs`. */
function mergePauses(pauses: ReadonlyArray<readonly [Date, Date]> | undefined, afterMs: number): number[] {
  if (!pauses || pauses.length === 0) return [];
  if (!Array.isArray(pauses)) throw new RangeError('pauses must be an array of [start, end] Date pairs');
  const list: Array<[number, number]> = [];
  pauses.forEach((pause, i) => {
    if (!Array.isArray(pause) || pause.length !== 2) throw new RangeError(`pauses[${i}] must be a [start, end] pair of Dates`);
    const start = instant(pause[0], `pauses[${i}][0]`);
    const end = instant(pause[1], `pauses[${i}][1]`);
    if (end < start)
      throw new RangeError(`pauses[${i}] ends (${new Date(end).toISOString()}) before it starts (${new Date(start).toISOString()})`);
    if (end > start && end > afterMs) list.push([start, end]);
  });
  list.sort((a, b) => a[0] - b[0]);
  const flat: number[] = [];
  for (const [start, end] of list) {
    const last = flat.length - 1;
    if (last > 0 && start <= flat[last]) flat[last] = Math.max(flat[last], end);
    else flat.push(start, end);
  }
  return flat;
}

const horizonMessage = (what: string): string =>
  `${what} lies more than ${Math.round(LIMITS.maxSpanDays / 366)} years ahead: use a smaller budget`;

// ---------------------------------------------------------------------------------------
// Public API

/**
 * The earliest instant at which `minutes` business minutes have elapsed, counting from the
 * first business instant at or after `start` and skipping `pauses`. A budget that runs out
 * exactly at closing time is due at closing time; `minutes = 0` gives the first business
 * instant at or after `start`. Fractional minutes are fine (counted to the millisecond).
 * @throws RangeError for NaN, negative or infinite minutes, invalid Dates, or a due time
 *   more than 100 years ahead; CalendarError for a bad calendar; NoWorkingTimeError when
 *   holidays leave no working time.
 */
export function addBusinessMinutes(calendar: Calendar, start: Date, minutes: number, pauses?: Array<[Date, Date]>): Date {
  const startMs = instant(start, 'start');
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number ≥ 0, got ${String(minutes)}`);
  }
  const cal = compile(calendar);
  let remaining = Math.round(minutes * MINUTE_MS);
  if (remaining > LIMITS.maxSpanDays * DAY_MS) throw new RangeError(horizonMessage(`a budget of ${minutes} business minutes`));
  const paused = mergePauses(pauses, startMs);
  const cursor = new IntervalCursor(cal, startMs, horizonMessage(`the due time for ${minutes} business minutes`));
  let from = startMs;
  let p = 0;
  for (;;) {
    cursor.next(from);
    const segmentStart = cursor.start;
    let segmentEnd = cursor.end;
    while (p < paused.length && paused[p + 1] <= segmentStart) p += 2;
    if (p < paused.length && paused[p] <= segmentStart) {
      from = paused[p + 1]; // inside a pause: resume where it ends
      continue;
    }
    if (p < paused.length && paused[p] < segmentEnd) segmentEnd = paused[p];
    const length = segmentEnd - segmentStart;
    if (length >= remaining) return new Date(segmentStart + remaining);
    remaining -= length;
    from = segmentEnd;
  }
}

/**
 * Business minutes in [from, to), minus pauses. Negative when `to` is before `from`
 * (so "minutes left" can go below zero once a target is missed).
 */
export function businessMinutesBetween(calendar: Calendar, from: Date, to: Date, pauses?: Array<[Date, Date]>): number {
  const fromMs = instant(from, 'from');
  const toMs = instant(to, 'to');
  if (toMs < fromMs) return -businessMinutesBetween(calendar, to, from, pauses);
  const cal = compile(calendar);
  if (toMs - fromMs > LIMITS.maxSpanDays * DAY_MS) throw new RangeError(horizonMessage('the end of the span'));
  const paused = mergePauses(pauses, fromMs);
  const cursor = new IntervalCursor(cal, fromMs, horizonMessage('the end of the span'));
  let total = 0;
  let cursorFrom = fromMs;
  let p = 0;
  while (cursorFrom < toMs && cursor.next(cursorFrom, toMs)) {
    const segmentStart = cursor.start;
    let segmentEnd = Math.min(cursor.end, toMs);
    while (p < paused.length && paused[p + 1] <= segmentStart) p += 2;
    if (p < paused.length && paused[p] <= segmentStart) {
      cursorFrom = paused[p + 1];
      continue;
    }
    if (p < paused.length && paused[p] < segmentEnd) segmentEnd = paused[p];
    total += segmentEnd - segmentStart;
    cursorFrom = segmentEnd;
  }
  return total / MINUTE_MS;
}

/** Whether `at` is business time (inside a window, not on a holiday). Windows are [start, end). */
export function isOpen(calendar: Calendar, at: Date): boolean {
  const atMs = instant(at, 'at');
  const cursor = new IntervalCursor(compile(calendar), atMs, horizonMessage('the check'));
  return cursor.next(atMs, atMs + 1);
}

/** The first business instant at or after `from` (`from` itself when open), or null if the calendar never opens again. */
export function nextOpening(calendar: Calendar, from: Date): Date | null {
  const fromMs = instant(from, 'from');
  const cursor = new IntervalCursor(compile(calendar), fromMs, horizonMessage('the next opening'));
  try {
    cursor.next(fromMs);
  } catch (error) {
    if (error instanceof NoWorkingTimeError) return null;
    throw error;
  }
  return new Date(cursor.start);
}
