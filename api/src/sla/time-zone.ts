/**
 * Local wall-clock time ↔ UTC for any IANA zone, with only `Intl` (no tz library).
 *
 * A "local ms" value is a wall-clock date and time written as if it were UTC:
 * `Date.UTC(y, m - 1, d, hh, mm)`. Converting it to a real instant needs the zone's UTC
 * offset, which `Intl.DateTimeFormat#formatToParts` tells us for any instant. Offsets are
 * sampled once per zone and UTC day and kept, so a long scan over months of working days
 * costs one `Intl` call per new day and later scans none.
 *
 * DST rules for wall-clock times (the same as Zendesk's `biz` gem, RFC 5545 and Temporal's
 * "compatible" disambiguation):
 * - a time that does not exist (spring-forward gap, e.g. 02:30 in New York on the March
 *   change) is moved forward by the length of the gap: 02:30 → 03:30 EDT;
 * - a time that happens twice (fall-back overlap, e.g. 01:30 in New York in November) is
 *   its first occurrence (the daylight-time one).
 */
import { isKnownTimeZone } from '#content/calendar.ts';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** Largest magnitude of a JavaScript Date's time value. */
export const MAX_TIME_MS = 8.64e15;
/** Every real UTC offset lies inside ±16 h (today's range is −12 h … +14 h). */
const OFFSET_BOUND_MS = 16 * HOUR_MS;

/** The zone's offsets in effect around one local date: before `at`, `before`; from `at` on, `after`. */
interface DayOffsets {
  before: number;
  after: number;
  /** UTC instant of the change, or Infinity when the offset is the same all day. */
  at: number;
}

export interface ZoneInfo {
  /** Canonical name, e.g. "Europe/London". */
  readonly name: string;
  readonly formatter: Intl.DateTimeFormat;
  /** UTC day index → offset (ms) at 00:00 UTC of that day. */
  readonly samples: Map<number, number>;
  /** UTC day index j → instant the offset changes between day j and day j + 1. */
  readonly transitions: Map<number, number>;
  /** Local day index → offsets in effect during that local date. */
  readonly days: Map<number, DayOffsets>;
}

const CACHE_LIMIT = 50_000;
const zones = new Map<string, ZoneInfo | null>();

/** The zone's cached converter, or null when `Intl` does not know the zone. */
export function zoneInfo(timezone: string): ZoneInfo | null {
  const cached = zones.get(timezone);
  if (cached !== undefined) return cached;
  let info: ZoneInfo | null = null;
  if (isKnownTimeZone(timezone)) {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    info = { name: formatter.resolvedOptions().timeZone, formatter, samples: new Map(), transitions: new Map(), days: new Map() };
  }
  if (zones.size > 1_000) zones.clear();
  zones.set(timezone, info);
  return info;
}

function requireZone(timezone: string): ZoneInfo {
  const info = zoneInfo(timezone);
  if (!info) throw new RangeError(`unknown time zone "${timezone}": use an IANA name such as "Europe/London"`);
  return info;
}

/** UTC offset (local − UTC, ms) in effect at instant `utcMs`, straight from Intl. */
export function offsetAt(zone: ZoneInfo, utcMs: number): number {
  if (!(Math.abs(utcMs) <= MAX_TIME_MS)) throw new RangeError(`instant ${utcMs} is outside the range of dates`);
  const parts = zone.formatter.formatToParts(utcMs);
  let y = 0,
    mo = 0,
    d = 0,
    h = 0,
    mi = 0,
    s = 0;
  for (const part of parts) {
    switch (part.type) {
      case 'year':
        y = Number(part.value);
        break;
      case 'month':
        mo = Number(part.value);
        break;
      case 'day':
        d = Number(part.value);
        break;
      case 'hour':
        h = Number(part.value);
        break;
      case 'minute':
        mi = Number(part.value);
        break;
      case 'second':
        s = Number(part.value);
        break;
      case 'era':
        break;
    }
  }
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const wholeSecond = utcMs - (((utcMs % 1000) + 1000) % 1000);
  return local - wholeSecond;
}

function sample(zone: ZoneInfo, utcDay: number): number {
  let offset = zone.samples.get(utcDay);
  if (offset === undefined) {
    offset = offsetAt(zone, utcDay * DAY_MS);
    if (zone.samples.size > CACHE_LIMIT) zone.samples.clear();
    zone.samples.set(utcDay, offset);
  }
  return offset;
}

/** First instant (to the second) at which the offset differs from the one at 00:00 UTC of `utcDay`. */
function transitionAfter(zone: ZoneInfo, utcDay: number): number {
  let at = zone.transitions.get(utcDay);
  if (at !== undefined) return at;
  const first = sample(zone, utcDay);
  let lo = utcDay * DAY_MS; // offset === first
  let hi = lo + DAY_MS; // offset !== first
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(zone, mid) === first) lo = mid;
    else hi = mid;
  }
  at = hi;
  if (zone.transitions.size > CACHE_LIMIT) zone.transitions.clear();
  zone.transitions.set(utcDay, at);
  return at;
}

/**
 * Offsets in effect during local date `localDay` (days since 1970-01-01).
 * Every instant of that local date lies within ±16 h of it, so the UTC days from
 * `localDay − 1` to `localDay + 2` bracket it; zones change offset at most once in such a
 * three-day span (no tzdb zone changes twice within three days).
 */
function dayOffsets(zone: ZoneInfo, localDay: number): DayOffsets {
  let info = zone.days.get(localDay);
  if (info) return info;
  const o0 = sample(zone, localDay - 1);
  const o1 = sample(zone, localDay);
  const o2 = sample(zone, localDay + 1);
  const o3 = sample(zone, localDay + 2);
  if (o0 === o1 && o1 === o2 && o2 === o3) info = { before: o0, after: o0, at: Infinity };
  else if (o0 !== o1) info = { before: o0, after: o1, at: transitionAfter(zone, localDay - 1) };
  else if (o1 !== o2) info = { before: o1, after: o2, at: transitionAfter(zone, localDay) };
  else info = { before: o2, after: o3, at: transitionAfter(zone, localDay + 1) };
  if (zone.days.size > CACHE_LIMIT) zone.days.clear();
  zone.days.set(localDay, info);
  return info;
}

/**
 * The UTC instant of local wall-clock time `localMs` on local date `localDay`
 * (`localMs` may be the day's 24:00). Gap → moved forward by the gap; overlap → first occurrence.
 */
export function localToUtc(zone: ZoneInfo, localDay: number, localMs: number): number {
  const { before, after, at } = dayOffsets(zone, localDay);
  const early = localMs - before;
  if (early < at) return early; // exists before the change (and is the first occurrence if repeated)
  const late = localMs - after;
  return late >= at ? late : early; // after the change, or inside a gap: shift forward by the gap
}

/** Local day index (days since 1970-01-01 of the local date) of an instant. */
export function localDayOf(zone: ZoneInfo, utcMs: number): number {
  return Math.floor((utcMs + offsetAt(zone, utcMs)) / DAY_MS);
}

/** A lower bound of the local day index of `utcMs` in any zone, without asking Intl. */
export function earliestLocalDay(utcMs: number): number {
  return Math.floor((utcMs - OFFSET_BOUND_MS) / DAY_MS);
}

/** Calendar date of a day index (days since 1970-01-01), proleptic Gregorian. */
export function civilFromDays(dayIndex: number): { year: number; month: number; day: number } {
  const z = dayIndex + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDay(dayIndex: number): number {
  return (((dayIndex + 3) % 7) + 7) % 7;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Days since 1970-01-01 of the local date. */
  dayIndex: number;
}

/** Wall-clock date and time of an instant in a zone. */
export function toLocalParts(timezone: string, at: Date | number): LocalParts {
  const zone = requireZone(timezone);
  const utcMs = typeof at === 'number' ? at : at.getTime();
  const local = utcMs + offsetAt(zone, utcMs);
  const dayIndex = Math.floor(local / DAY_MS);
  const minuteOfDay = Math.floor((local - dayIndex * DAY_MS) / MINUTE_MS);
  return {
    ...civilFromDays(dayIndex),
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
    weekday: weekdayOfDay(dayIndex),
    dayIndex,
  };
}
