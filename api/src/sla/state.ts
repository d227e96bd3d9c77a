/**
 * Where a ticket stands against its next due time, in business time on its own SLA terms: the one
 * place the queue and the ticket view (api/src/inbox/tickets.ts) get "ok", "at risk" or
 * "breached" from, so a row and the ticket it opens never disagree.
 *
 * At risk means `escalation.warnAtPercent` of the next target's business time has elapsed (the
 * same share at which the sweeper warns); breached means its due time has passed. A ticket whose
 * clock is paused (pending) is neither: its stored due time moves on when the clock runs again.
 */
import { workingDayMinutes } from '#content/calendar.ts';
import type { TicketRow } from '../store/schema.ts';
import { businessMinutesBetween, type Calendar } from './business-time.ts';
import type { SlaTerms } from './terms.ts';

export const SLA_STATES = ['ok', 'at_risk', 'breached'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export interface NextDue {
  kind: 'response' | 'resolution';
  at: string;
  /** Negative once overdue. */
  businessMinutesLeft: number;
  overdue: boolean;
}

type DueBasis = Pick<TicketRow, 'status' | 'severity' | 'first_responded_at' | 'first_response_due' | 'resolution_due'>;

/** The due time that matters next: first response until answered, then resolution; none once solved. */
export function nextDueOf(row: DueBasis): { kind: 'response' | 'resolution'; at: string } | null {
  if (row.status === 'solved' || row.status === 'closed') return null;
  if (!row.first_responded_at && row.first_response_due) return { kind: 'response', at: row.first_response_due };
  if (row.resolution_due) return { kind: 'resolution', at: row.resolution_due };
  return null;
}

/** Business minutes from `now` to `due` (negative once overdue) on the ticket's own calendar. */
export function businessMinutesLeft(calendar: Calendar, due: string, now: Date): number {
  const at = new Date(due);
  return at >= now ? businessMinutesBetween(calendar, now, at) : -businessMinutesBetween(calendar, at, now);
}

/** The whole business time a target allows, in minutes (null: the terms set none). */
export function targetMinutes(terms: SlaTerms, severity: string, kind: NextDue['kind']): number | null {
  const target = terms.targets[severity];
  if (!target) return null;
  if (kind === 'response') return target.responseHours === null ? null : target.responseHours * 60;
  return target.resolutionDays === null ? null : target.resolutionDays * workingDayMinutes(terms.calendar);
}

/** The ticket's next due time with the time left, and its SLA state at `now`. */
export function slaStanding(row: DueBasis, terms: SlaTerms, now: Date): { nextDue: NextDue | null; state: SlaState } {
  const due = nextDueOf(row);
  if (!due) return { nextDue: null, state: 'ok' };
  const left = businessMinutesLeft(terms.calendar, due.at, now);
  const overdue = new Date(due.at) < now;
  const nextDue = { ...due, businessMinutesLeft: left, overdue };
  if (row.status === 'pending') return { nextDue, state: 'ok' };
  if (overdue) return { nextDue, state: 'breached' };
  const total = targetMinutes(terms, row.severity, due.kind);
  // In whole percent (not a fraction of the total): 0.2 × 120 is not exactly 24 in floating point.
  const atRisk = total !== null && (total - left) * 100 >= total * terms.escalation.warnAtPercent;
  return { nextDue, state: atRisk ? 'at_risk' : 'ok' };
}
