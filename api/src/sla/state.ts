/**
 * Where a ticket stands against its next due time, in business time on its own SLA terms: the one
 * place the queue and the ticket view (api/src/inbox/tickets.ts) get "ok", "at risk" or
 * "breached" from, so a row and the ticket it opens never disagree.
 *
 * At risk means `escalation.warnAtPercent` of the next target's business time has elapsed (the
 * same share at which the sweeper warns); breached means its due time has passed. A ticket whose
 * clock is paused (pending) is neither: its stored due time moves on when the clock runs again.
 */
import type { TicketRow } from '../store/schema.ts';
import { businessMinutesBetween, type Calendar } from './business-time.ts';
import type { SlaTarget } from './records.ts';
import type { SlaTerms } from './terms.ts';
import { readClock, runningClocks, type ClockColumns } from './watch.ts';

export const SLA_STATES = ['ok', 'at_risk', 'breached'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export interface NextDue {
  kind: SlaTarget;
  at: string;
  /** Negative once overdue. */
  businessMinutesLeft: number;
  overdue: boolean;
}

type StandingBasis = Pick<TicketRow, 'status' | 'severity'> & ClockColumns;

/** Business minutes from `now` to `due` (negative once overdue) on the ticket's own calendar. */
export function businessMinutesLeft(calendar: Calendar, due: string, now: Date): number {
  const at = new Date(due);
  return at >= now ? businessMinutesBetween(calendar, now, at) : -businessMinutesBetween(calendar, at, now);
}

/**
 * The ticket's next due time (the earliest of its running clocks: first response, resolution,
 * next reply) with the time left, and its SLA state at `now`, read as the sweeper reads it
 * (sla/watch.ts). Pending spells already moved the due times; the spells themselves are not
 * re-read here (the queue does not load status history), so a ticket that was paused earlier can
 * turn "at risk" a little later than the sweeper warns.
 */
export function slaStanding(row: StandingBasis, terms: SlaTerms, now: Date): { nextDue: NextDue | null; state: SlaState } {
  if (row.status === 'solved' || row.status === 'closed') return { nextDue: null, state: 'ok' };
  const next = runningClocks(row).sort((a, b) => a.due.getTime() - b.due.getTime())[0];
  if (!next) return { nextDue: null, state: 'ok' };
  const at = next.due.toISOString();
  const nextDue = { kind: next.target, at, businessMinutesLeft: businessMinutesLeft(terms.calendar, at, now), overdue: next.due <= now };
  if (row.status === 'pending') return { nextDue, state: 'ok' };
  const reading = readClock(terms.calendar, next, [], now, terms.escalation.warnAtPercent);
  return { nextDue, state: reading.state === 'missed' ? 'breached' : reading.state === 'warn' ? 'at_risk' : 'ok' };
}
