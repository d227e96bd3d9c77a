/**
 * Each SLA target's outcome, kept on the ticket when it happens, for the SLA report
 * (reports/sla.ts) to count without reading calendars:
 *
 * - the first response (an agent's reply to the requester, or a callback): business minutes from
 *   filing, pending spells left out, and whether it came in time;
 * - each next reply (an agent's reply while one is owed): one more in `replies_met` or
 *   `replies_missed`;
 * - the resolution (solved or closed): business minutes and whether in time; a reopened ticket
 *   drops them (it is unresolved again) and gets them anew when solved again.
 *
 * In time means before the due time; the due time itself is a miss, as for the SLA sweeper
 * (sla/watch.ts). The due is the one in force at that instant, worked out on the ticket's clocks
 * (tickets/dues.ts) with a pending spell counted up to then: a due written when the ticket went
 * pending is earlier than the one its requester is owed once the spell ends. A target without a
 * due (no resolution target for the type, no next-reply target) leaves `met` null.
 *
 * Runs inside the change's transaction, so an outcome commits with its change or not at all.
 */
import type { Kysely, Updateable } from 'kysely';
import type { Policy } from '#content/policy-schema.ts';
import type { Services } from '../http/env.ts';
import type { Database, TicketRow, TicketsTable } from '../store/schema.ts';
import { duesOn, pausesUntil, ticketClocks, type DueColumns, type DuesBasis, type TicketClocks } from '../tickets/dues.ts';
import type { EventOf } from '../tickets/events.ts';
import { businessMinutesBetween } from './business-time.ts';

const DONE = ['solved', 'closed'];

export interface Outcome {
  /** Whole business minutes from the clock's start (rounded down, so minutes < target ⇔ met). */
  minutes: number;
  /** 1 met, 0 missed, null when the target has no due. */
  met: 0 | 1 | null;
}

/** How a target reached at `reachedAt` fared: its clock ran from `from`, its due as in force then. */
export function judge(
  clocks: TicketClocks,
  ticket: DuesBasis & Pick<TicketRow, 'severity'>,
  from: string,
  reachedAt: string,
  dueOf: (dues: DueColumns) => string | null,
): Outcome {
  const at = new Date(reachedAt);
  const due = dueOf(duesOn(clocks, ticket, ticket.severity, at));
  const minutes = Math.floor(businessMinutesBetween(clocks.terms.calendar, new Date(from), at, pausesUntil(clocks.pauses, at)));
  return { minutes, met: due === null ? null : at.getTime() < Date.parse(due) ? 1 : 0 };
}

type Reached = EventOf<'ticket.agent_replied' | 'ticket.called' | 'ticket.status_changed'>;

/** The outcome columns `event` changes on its ticket (read after the change's own update). */
async function outcomesOf(db: Kysely<Database>, policy: Policy, event: Reached): Promise<Updateable<TicketsTable>> {
  if (event.type === 'ticket.agent_replied' && event.internal) return {};
  if (event.type === 'ticket.status_changed' && DONE.includes(event.from) === DONE.includes(event.to)) return {};
  const row = await db.selectFrom('tickets').selectAll().where('id', '=', event.ticketId).executeTakeFirstOrThrow();
  let clocks: TicketClocks | undefined;
  const read = async () => (clocks ??= await ticketClocks(db, policy, row));
  const set: Updateable<TicketsTable> = {};

  if (event.type === 'ticket.status_changed') {
    if (!row.resolved_at) return { resolution_minutes: null, resolution_met: null }; // reopened: unresolved again
    const o = judge(await read(), row, row.created_at, row.resolved_at, (d) => d.resolution_due);
    return { resolution_minutes: o.minutes, resolution_met: o.met };
  }
  // Null minutes also catch a ticket answered before outcomes were kept: pending spells after the
  // answer cannot change its verdict, so judging it now gives what judging it then would have.
  if (row.first_responded_at && row.first_response_minutes === null) {
    const o = judge(await read(), row, row.created_at, row.first_responded_at, (d) => d.first_response_due);
    set.first_response_minutes = o.minutes;
    set.first_response_met = o.met;
  }
  if (event.type === 'ticket.agent_replied' && event.replyFrom) {
    const { met } = judge(await read(), { ...row, reply_from: event.replyFrom }, event.replyFrom, event.at, (d) => d.reply_due);
    if (met === 1) set.replies_met = row.replies_met + 1;
    if (met === 0) set.replies_missed = row.replies_missed + 1;
  }
  return set;
}

export function slaOutcomeSubscribers(services: Services): void {
  const { events, policy } = services;
  events.inTransaction(['ticket.agent_replied', 'ticket.called', 'ticket.status_changed'], async (event, trx) => {
    const set = await outcomesOf(trx, policy, event);
    if (Object.keys(set).length) await trx.updateTable('tickets').set(set).where('id', '=', event.ticketId).execute();
  });
}
