/**
 * SLA targets of a ticket: due times from the policy (content/policy.yaml) and the business
 * calendar, and the plain sentences shown to requesters. Pure functions: no HTTP, no DB.
 *
 * - First response: the target's `responseHours` × 60 business minutes.
 * - Resolution: `resolutionDays` × the calendar's working-day length (its longest day:
 *   8 h for 09:00–17:00, 24 h for 24x7) × 60 business minutes.
 * - A plan's `calendar` and per-severity `targets` override the policy's; a ticket type with
 *   `resolutionTarget: false`, or a target of null (S4 in the shipped policy), has no due time.
 * - Pauses (the ticket pending on the customer) stop both clocks; an open pause (no end yet)
 *   counts up to `now`, so the due times are those the ticket would have if it resumed now.
 */
import { workingDayMinutes } from '#content/calendar.ts';
import type { Policy, Target } from '#content/policy-schema.ts';
import { addBusinessMinutes, CalendarError, nextOpening, isOpen, validateCalendar, type Calendar } from './business-time.ts';
import { toLocalParts } from './time-zone.ts';

/** A pause of the SLA clock: [from, to]; `to` null while it is still paused. */
export type PauseInterval = readonly [Date, Date | null];

export interface SlaInput {
  policy: Policy;
  /** Plan of the ticket's site; absent or null = the policy's default plan. */
  planId?: string | null;
  severityId: string;
  ticketTypeId: string;
  createdAt: Date;
  pauses?: ReadonlyArray<PauseInterval>;
  /** End of any open pause (default: the current time). */
  now?: Date;
}

export interface SlaTargets {
  firstResponseDue: Date | null;
  resolutionDue: Date | null;
  /** The calendar the clocks run on (the plan's, else the policy's). */
  calendar: Calendar;
  /** The effective target (plan override, else the severity's). */
  target: Target;
  responseMinutes: number | null;
  resolutionMinutes: number | null;
  /** True while an open pause stops the clocks. */
  paused: boolean;
}

/** Input the policy cannot answer (unknown plan, severity or ticket type), naming the field. */
export class SlaInputError extends Error {
  readonly field: 'plan' | 'severity' | 'type';
  constructor(field: 'plan' | 'severity' | 'type', message: string) {
    super(message);
    this.name = 'SlaInputError';
    this.field = field;
  }
}

function planOf(policy: Policy, planId: string | null | undefined) {
  const id = planId ?? policy.defaultPlan;
  const plan = policy.plans.find((p) => p.id === id);
  if (!plan) throw new SlaInputError('plan', `unknown plan "${id}": use one of ${policy.plans.map((p) => p.id).join(', ')}`);
  return plan;
}

/** The calendar a plan's clocks run on: its own, else the policy's. */
export function calendarFor(policy: Policy, planId?: string | null): Calendar {
  return planOf(policy, planId).calendar ?? policy.calendar;
}

/** The effective target for a plan and severity: the plan's override, else the severity's. */
export function targetFor(policy: Policy, planId: string | null | undefined, severityId: string): Target {
  const plan = planOf(policy, planId);
  const severity = policy.severities.find((s) => s.id === severityId);
  if (!severity)
    throw new SlaInputError('severity', `unknown severity "${severityId}": use one of ${policy.severities.map((s) => s.id).join(', ')}`);
  return plan.targets[severity.id] ?? severity.target;
}

/**
 * Problems with the policy's calendars that its zod schema does not catch (overlapping
 * windows, end before start, no working time, impossible dates), as `{ field, message }`
 * with policy.yaml paths, e.g. `plans.priority.calendar.hours.mon[1]`. Empty when all is well:
 * call it at start-up and refuse to serve otherwise.
 */
export function policyCalendarIssues(policy: Policy): Array<{ field: string; message: string }> {
  const issues: Array<{ field: string; message: string }> = [];
  const check = (calendar: unknown, prefix: string) => {
    try {
      validateCalendar(calendar);
    } catch (error) {
      if (!(error instanceof CalendarError)) throw error;
      for (const issue of error.issues)
        issues.push({ field: issue.field === 'calendar' ? prefix : `${prefix}.${issue.field}`, message: issue.message });
    }
  };
  check(policy.calendar, 'calendar');
  for (const plan of policy.plans) if (plan.calendar) check(plan.calendar, `plans.${plan.id}.calendar`);
  return issues;
}

function closePauses(pauses: ReadonlyArray<PauseInterval> | undefined, now: Date): { list: Array<[Date, Date]>; paused: boolean } {
  const list: Array<[Date, Date]> = [];
  let paused = false;
  for (const [from, to] of pauses ?? []) {
    if (to === null) {
      paused = true;
      if (now.getTime() > from.getTime()) list.push([from, now]);
    } else {
      list.push([from, to]);
    }
  }
  return { list, paused };
}

/** Due times of a ticket from the policy, its plan, severity and type, creation time and pauses. */
export function computeSla(input: SlaInput): SlaTargets {
  const { policy, severityId, ticketTypeId, createdAt } = input;
  const calendar = calendarFor(policy, input.planId);
  const target = targetFor(policy, input.planId, severityId);
  const type = policy.ticketTypes.find((t) => t.id === ticketTypeId);
  if (!type)
    throw new SlaInputError('type', `unknown ticket type "${ticketTypeId}": use one of ${policy.ticketTypes.map((t) => t.id).join(', ')}`);
  return computeSlaOn({ calendar, target, resolutionTarget: type.resolutionTarget }, createdAt, input.pauses, input.now);
}

/**
 * Due times on given terms: a calendar, a target and whether the ticket type has a resolution
 * target. The one place the targets become business minutes, for the policy as it is now
 * (computeSla) and for the terms a ticket was filed under (sla/terms.ts).
 */
export function computeSlaOn(
  terms: { calendar: Calendar; target: Target; resolutionTarget: boolean },
  createdAt: Date,
  pauseList: ReadonlyArray<PauseInterval> | undefined,
  now: Date = new Date(),
): SlaTargets {
  const { calendar, target } = terms;
  const { list: pauses, paused } = closePauses(pauseList, now);
  const responseMinutes = target.responseHours === null ? null : target.responseHours * 60;
  const resolutionMinutes =
    target.resolutionDays === null || !terms.resolutionTarget ? null : target.resolutionDays * workingDayMinutes(calendar);
  return {
    firstResponseDue: responseMinutes === null ? null : addBusinessMinutes(calendar, createdAt, responseMinutes, pauses),
    resolutionDue: resolutionMinutes === null ? null : addBusinessMinutes(calendar, createdAt, resolutionMinutes, pauses),
    calendar,
    target,
    responseMinutes,
    resolutionMinutes,
    paused,
  };
}

/**
 * Pause intervals from a ticket's status history (oldest first): the clock stops while the
 * status is one of `pausingStatuses` (default: pending) and runs otherwise.
 */
export function pausesFromStatusHistory(
  history: ReadonlyArray<{ status: string; at: Date }>,
  pausingStatuses: ReadonlyArray<string> = ['pending'],
): PauseInterval[] {
  const pausing = new Set(pausingStatuses);
  const sorted = [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
  const pauses: Array<[Date, Date | null]> = [];
  let openSince: Date | null = null;
  for (const { status, at } of sorted) {
    if (pausing.has(status)) openSince ??= at;
    else if (openSince) {
      pauses.push([openSince, at]);
      openSince = null;
    }
  }
  if (openSince) pauses.push([openSince, null]);
  return pauses;
}

// ---------------------------------------------------------------------------------------
// Sentences

export interface DescribeOptions {
  /** Which clock the sentence is about (default: response). */
  kind?: 'response' | 'resolution';
  /** Show times in this zone instead of the calendar's (e.g. the site's). */
  timezone?: string;
  /** Name of that zone for people, e.g. "UK time" (default: the calendar label, else Intl's name). */
  label?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  // Keyed by the option values (every call site passes a small literal of known keys).
  const key = `${locale}|${timeZone}|${options.hour ?? ''}|${options.minute ?? ''}|${options.hourCycle ?? ''}|${options.weekday ?? ''}|${options.day ?? ''}|${options.month ?? ''}|${options.year ?? ''}|${options.timeZoneName ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    if (formatters.size > 500) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();
function relativeDays(locale: string): Intl.RelativeTimeFormat {
  let f = relativeFormatters.get(locale);
  if (!f) {
    if (relativeFormatters.size > 100) relativeFormatters.clear();
    relativeFormatters.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  }
  return f;
}

function zoneLabel(timezone: string, locale: string, explicit: string | undefined): string {
  if (explicit) return explicit;
  const name = formatter(locale, timezone, { timeZoneName: 'longGeneric' })
    .formatToParts(0)
    .find((p) => p.type === 'timeZoneName')?.value;
  return name ?? timezone;
}

/**
 * "Monday 11:30 UK time", "11:30 UK time today", "11:30 UK time tomorrow", or with the date
 * ("Monday 14 December 11:30 UK time") beyond the coming week.
 */
export function formatDueTime(
  due: Date,
  calendar: Calendar,
  locale = 'en-GB',
  now: Date = new Date(),
  options: DescribeOptions = {},
): string {
  const timezone = options.timezone ?? calendar.timezone;
  const label = zoneLabel(timezone, locale, options.label ?? (options.timezone ? undefined : calendar.label));
  const time = formatter(locale, timezone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(due);
  const dueDay = toLocalParts(timezone, due).dayIndex;
  const today = toLocalParts(timezone, now).dayIndex;
  const days = dueDay - today;
  if (days === 0 || days === 1) {
    const word = relativeDays(locale).format(days, 'day');
    return `${time} ${label} ${word}`;
  }
  const weekday = formatter(locale, timezone, { weekday: 'long' }).format(due);
  if (days > 1 && days < 7) return `${weekday} ${time} ${label}`;
  const sameYear = toLocalParts(timezone, now).year === toLocalParts(timezone, due).year;
  const date = formatter(
    locale,
    timezone,
    sameYear ? { day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' },
  ).format(due);
  return `${weekday} ${date} ${time} ${label}`;
}

/** A plain sentence for a due time: "We'll reply by Monday 11:30 UK time". */
export function describeDue(
  due: Date | null,
  calendar: Calendar,
  locale = 'en-GB',
  now: Date = new Date(),
  options: DescribeOptions = {},
): string {
  const kind = options.kind ?? 'response';
  if (due === null)
    return kind === 'response' ? 'No response target applies to this ticket' : 'No resolution target applies to this ticket';
  const when = formatDueTime(due, calendar, locale, now, options);
  return kind === 'response' ? `We'll reply by ${when}` : `We aim to resolve it by ${when}`;
}

export interface ClockState {
  /** True when `now` is business time. */
  running: boolean;
  /** When the clock next runs (now itself while running), or null if the calendar never opens again. */
  nextOpening: Date | null;
  /** "The clock is running now" or "The clock starts Monday 09:00 UK time". */
  message: string;
}

/** Whether SLA clocks run at `now`, and when they start if not. */
export function clockRunning(calendar: Calendar, now: Date = new Date(), locale = 'en-GB', options: DescribeOptions = {}): ClockState {
  if (isOpen(calendar, now)) return { running: true, nextOpening: now, message: 'The clock is running now' };
  const opening = nextOpening(calendar, now);
  return {
    running: false,
    nextOpening: opening,
    message: opening
      ? `The clock starts ${formatDueTime(opening, calendar, locale, now, options)}`
      : 'The support calendar has no working time ahead',
  };
}
