/**
 * Where a ticket's SLA clocks stand, for the sweeper (sla/sweeper.ts): each running target
 * (first response, resolution, next reply) is fine, at its warning share, or missed, and when it
 * next changes. Pure: the due times come from the ticket's row (tickets/dues.ts owns them), the
 * calendar and pauses from its terms and status history. Elapsed time is business time
 * (business-time.ts), so nights, weekends, holidays, DST and pending spells do not count.
 */
import { addBusinessMinutes, businessMinutesBetween, type Calendar } from './business-time.ts';
import type { PauseInterval } from './targets.ts';
import type { SlaTarget } from './records.ts';

/** A target whose clock is running: it started at `from` and is due at `due`. */
export interface RunningClock {
  target: SlaTarget;
  from: Date;
  due: Date;
}

export interface ClockReading extends RunningClock {
  state: 'ok' | 'warn' | 'missed';
  /** The instant `warnAtPercent` of the target's business time has elapsed. */
  warnAt: Date;
}

/** The columns of a ticket row the clocks are read from. */
export interface ClockColumns {
  created_at: string;
  first_responded_at: string | null;
  first_response_due: string | null;
  resolution_due: string | null;
  reply_from: string | null;
  reply_due: string | null;
}

/** The targets still to be met: a first response not yet given, a resolution, a reply owed. */
export function runningClocks(row: ClockColumns): RunningClock[] {
  const clocks: RunningClock[] = [];
  const created = new Date(row.created_at);
  if (!row.first_responded_at && row.first_response_due)
    clocks.push({ target: 'response', from: created, due: new Date(row.first_response_due) });
  if (row.resolution_due) clocks.push({ target: 'resolution', from: created, due: new Date(row.resolution_due) });
  if (row.reply_from && row.reply_due) clocks.push({ target: 'reply', from: new Date(row.reply_from), due: new Date(row.reply_due) });
  return clocks;
}

/** A millisecond, in minutes: instants are stored to the millisecond, so shares are compared to it. */
const ONE_MS = 1 / 60_000;

/**
 * Reads one clock at `now`: missed once its due time is reached; at its warning share once the
 * business minutes elapsed since it started reach `warnAtPercent` % of those between start and
 * due (never a minute before); ok otherwise.
 */
export function readClock(
  calendar: Calendar,
  clock: RunningClock,
  pauses: ReadonlyArray<PauseInterval>,
  now: Date,
  warnAtPercent: number,
): ClockReading {
  // The ticket is running (not pending), so an open pause ended no later than now.
  const closed = pauses.map(([from, to]): [Date, Date] => [from, to ?? now]);
  const total = businessMinutesBetween(calendar, clock.from, clock.due, closed);
  const share = (total * warnAtPercent) / 100;
  const warnAt = addBusinessMinutes(calendar, clock.from, share, closed);
  if (now.getTime() >= clock.due.getTime()) return { ...clock, state: 'missed', warnAt };
  const elapsed = businessMinutesBetween(calendar, clock.from, now, closed);
  return { ...clock, state: elapsed >= share - ONE_MS || now.getTime() >= warnAt.getTime() ? 'warn' : 'ok', warnAt };
}

/** The earliest of `instants` after `now`, or null: when the sweeper must look again. */
export function nextAfter(now: Date, instants: ReadonlyArray<Date | null>): Date | null {
  let next: Date | null = null;
  for (const at of instants) if (at && at.getTime() > now.getTime() && (!next || at.getTime() < next.getTime())) next = at;
  return next;
}
