/**
 * The SLA as the API shows it: due instants from the policy's targets (api/src/sla/), plain
 * sentences in the support calendar's time zone, and whether the clock is running now.
 */
import type { Policy } from '#content/policy-schema.ts';
import { calendarFor, clockRunning, computeSla, describeDue } from '../sla/targets.ts';
import type { SlaView } from './shapes.ts';

export function planFor(policy: Policy, planId: string | undefined) {
  return policy.plans.find((p) => p.id === planId) ?? policy.plans.find((p) => p.id === policy.defaultPlan)!;
}

export interface Dues {
  firstResponseDue: Date | null;
  resolutionDue: Date | null;
}

/** Due instants for a ticket created at `createdAt` (no pauses yet). */
export function duesFor(policy: Policy, planId: string, severity: string, type: string, createdAt: Date): Dues {
  const sla = computeSla({
    policy,
    planId: planFor(policy, planId).id,
    severityId: severity,
    ticketTypeId: type,
    createdAt,
    now: createdAt,
  });
  return { firstResponseDue: sla.firstResponseDue, resolutionDue: sla.resolutionDue };
}

/**
 * Sentences show minutes and calendar windows start and end on whole minutes, so within one
 * minute of `now` the wording for a due minute, and whether the clock runs, cannot change.
 * Tickets filed in the same minute share them; Intl formatting is the costly part of a ticket.
 */
const MINUTE = 60_000;
type Memo = Map<string, string | ReturnType<typeof clockRunning>>;
const memos = new WeakMap<Policy, Memo>();
function remember<T extends string | ReturnType<typeof clockRunning>>(policy: Policy, key: string, make: () => T): T {
  let memo = memos.get(policy);
  if (!memo) memos.set(policy, (memo = new Map()));
  let value = memo.get(key) as T | undefined;
  if (value === undefined) {
    if (memo.size >= 2000) memo.clear();
    value = make();
    memo.set(key, value);
  }
  return value;
}

function sentenceFor(policy: Policy, planId: string, due: Date | null, now: Date, kind: 'response' | 'resolution'): string {
  const calendar = calendarFor(policy, planId);
  const dueMinute = due === null ? 'none' : Math.floor(due.getTime() / MINUTE);
  return remember(
    policy,
    `${kind}|${planId}|${dueMinute}|${Math.floor(now.getTime() / MINUTE)}`,
    () => `${describeDue(due, calendar, 'en-GB', now, { kind })}.`,
  );
}

export function slaView(policy: Policy, planId: string, dues: Dues, now: Date): SlaView {
  const plan = planFor(policy, planId).id;
  const calendar = calendarFor(policy, plan);
  const clock = remember(policy, `clock|${plan}|${Math.floor(now.getTime() / MINUTE)}`, () =>
    clockRunning(calendar, new Date(Math.floor(now.getTime() / MINUTE) * MINUTE)),
  );
  return {
    firstResponseDue: dues.firstResponseDue?.toISOString() ?? null,
    resolutionDue: dues.resolutionDue?.toISOString() ?? null,
    sentence: sentenceFor(policy, plan, dues.firstResponseDue, now, 'response'),
    resolutionSentence: sentenceFor(policy, plan, dues.resolutionDue, now, 'resolution'),
    clockRunning: clock.running,
    clockMessage: `${clock.message}.`,
    timezone: calendar.timezone,
    calendarLabel: calendar.label ?? calendar.timezone,
    nextOpening: clock.running ? null : (clock.nextOpening?.toISOString() ?? null),
  };
}
