/**
 * The SLA as the API shows it: due instants from the policy's targets (api/src/sla/), plain
 * sentences in the support calendar's time zone, and whether the clock is running now.
 */
import type { Policy } from '../../../content/src/policy-schema.ts';
import { calendarFor, clockRunning, computeSla, describeDue } from '../sla/targets.ts';

export interface SlaView {
  firstResponseDue: string | null;
  resolutionDue: string | null;
  /** e.g. "We'll reply by Monday 11:30 UK time." */
  sentence: string;
  /** e.g. "We aim to resolve it by Wednesday 11:30 UK time." */
  resolutionSentence: string;
  /** Whether business time is elapsing right now (the support calendar is open). */
  clockRunning: boolean;
  /** "The clock is running now" or "The clock starts Monday 09:00 UK time". */
  clockMessage: string;
  timezone: string;
  calendarLabel: string;
  /** When the clock next starts, if it is stopped now. */
  nextOpening: string | null;
}

export function planFor(policy: Policy, planId: string | undefined) {
  return policy.plans.find((p) => p.id === planId) ?? policy.plans.find((p) => p.id === policy.defaultPlan)!;
}

export interface Dues {
  firstResponseDue: Date | null;
  resolutionDue: Date | null;
}

/** Due instants for a ticket created at `createdAt` (no pauses yet). */
export function duesFor(policy: Policy, planId: string, severity: string, type: string, createdAt: Date): Dues {
  const sla = computeSla({ policy, planId: planFor(policy, planId).id, severityId: severity, ticketTypeId: type, createdAt, now: createdAt });
  return { firstResponseDue: sla.firstResponseDue, resolutionDue: sla.resolutionDue };
}

export function slaView(policy: Policy, planId: string, dues: Dues, now: Date): SlaView {
  const calendar = calendarFor(policy, planFor(policy, planId).id);
  const clock = clockRunning(calendar, now);
  return {
    firstResponseDue: dues.firstResponseDue?.toISOString() ?? null,
    resolutionDue: dues.resolutionDue?.toISOString() ?? null,
    sentence: `${describeDue(dues.firstResponseDue, calendar, 'en-GB', now, { kind: 'response' })}.`,
    resolutionSentence: `${describeDue(dues.resolutionDue, calendar, 'en-GB', now, { kind: 'resolution' })}.`,
    clockRunning: clock.running,
    clockMessage: `${clock.message}.`,
    timezone: calendar.timezone,
    calendarLabel: calendar.label ?? calendar.timezone,
    nextOpening: clock.running ? null : clock.nextOpening?.toISOString() ?? null,
  };
}
