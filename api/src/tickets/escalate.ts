/**
 * The requester asks for escalation (POST /api/tickets/{reference}/escalate, the status page's
 * form): the ticket goes at once to the level of its own SLA terms whose `on` lists `requested`
 * (or `complaint` for a formal complaint), at most once per working day per ticket. The SLA
 * record and the `ticket.escalated` event commit together (sla/records.ts); the mails to the
 * level's contact and to the requester subscribe to the event.
 */
import type { Kysely } from 'kysely';
import type { Services } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { recordOnce } from '../sla/records.ts';
import { workingDayOf } from '../sla/working-day.ts';
import type { Database, TicketRow } from '../store/schema.ts';
import { ticketTerms } from './dues.ts';
import { referenceFor } from './reference.ts';
import type { EscalateInput } from './schema.ts';
import type { Escalated } from './shapes.ts';

/** A ticket in these states has nothing left to escalate: a reply reopens it. */
const FINISHED = ['solved', 'closed'];

/** The `distinct` part of a requester's escalation record: one per working day, whatever its trigger. */
const dayKey = (date: string) => `requester:${date}`;

/** The requester's escalation of the ticket on that working day, if there was one. */
const escalatedOn = (db: Kysely<Database>, ticketId: number, date: string) =>
  db
    .selectFrom('sla_records')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', 'escalated')
    .where('actor', '=', 'requester')
    .where('once_key', 'like', `%:${dayKey(date)}`)
    .executeTakeFirst();

/**
 * Whether a request for escalation would pass now (the portal shows the button only then): the
 * ticket is not finished, its terms name a level for requests, and none was asked for today.
 */
export async function canEscalate(services: Services, ticket: TicketRow): Promise<boolean> {
  if (FINISHED.includes(ticket.status)) return false;
  const terms = await ticketTerms(services.store.db, services.policy, ticket);
  if (!terms.escalation.levels.some((l) => l.on.includes('requested'))) return false;
  const day = workingDayOf(terms.calendar, services.clock.now());
  return !(await escalatedOn(services.store.db, ticket.id, day.date));
}

export async function requestEscalation(services: Services, ticket: TicketRow, input: EscalateInput): Promise<Escalated> {
  const { db } = services.store;
  const now = services.clock.now();
  const reference = referenceFor(ticket.id);
  if (FINISHED.includes(ticket.status))
    throw new ApiError(
      409,
      'ticket_closed',
      `${reference} is ${ticket.status}: there is nothing to escalate. If it is not done for you, reply to it and it opens again.`,
    );
  const trigger = input.complaint ? 'complaint' : 'requested';
  const terms = await ticketTerms(db, services.policy, ticket);
  const level = terms.escalation.levels.find((l) => l.on.includes(trigger));
  if (!level)
    throw new ApiError(
      409,
      'conflict',
      `The support policy names no escalation level for ${trigger === 'complaint' ? 'complaints' : 'requests'}: reply to the ticket instead.`,
    );
  const day = workingDayOf(terms.calendar, now);
  const limited = () => {
    const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: terms.calendar.timezone }).format(day.endsAt);
    return new ApiError(
      429,
      'escalation_limited',
      `${reference} was already escalated at your request for this working day (${day.date}). You can ask again from ${when}${terms.calendar.label ? ` (${terms.calendar.label})` : ''}; until then, reply to the ticket to add anything.`,
      undefined,
      { 'Retry-After': String(Math.max(1, Math.ceil((day.endsAt.getTime() - now.getTime()) / 1000))) },
    );
  };

  return services.events.transaction(db, async (trx, emit) => {
    // Concurrent requests on one ticket queue here (PostgreSQL; SQLite runs one write at a time),
    // so a request and a complaint sent together cannot both pass the check below.
    if (services.store.dialect === 'postgres')
      await trx.selectFrom('tickets').select('id').where('id', '=', ticket.id).forUpdate().execute();
    if (await escalatedOn(trx, ticket.id, day.date)) throw limited();
    const recorded = await recordOnce(
      trx,
      ticket.id,
      {
        kind: 'escalated',
        level: level.level,
        role: level.role,
        contact: level.contact,
        trigger,
        target: null,
        dueAt: null,
        reason: input.reason,
      },
      { actor: 'requester', now, distinct: dayKey(day.date) },
    );
    if (recorded === null) throw limited();
    await emit({
      type: 'ticket.escalated',
      ticketId: ticket.id,
      level: level.level,
      role: level.role,
      contact: level.contact,
      trigger,
      reason: input.reason,
      by: 'requester',
    });
    return {
      reference,
      level: level.level,
      role: level.role,
      trigger,
      escalatedAt: now.toISOString(),
      workingDay: day.date,
      nextAllowedAt: day.endsAt.toISOString(),
    };
  });
}
