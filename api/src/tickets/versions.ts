/**
 * A ticket's version as an agent saw it, so that a reply or a status change written against an
 * older view is caught before it goes out. The version is "M.S": the id of the ticket's newest
 * message and of its newest status change (0 when none). Both only grow, so a larger part means
 * the ticket moved since: a requester's message, another agent's reply or note, a status change.
 *
 * The check runs inside the change's own transaction, after taking the ticket's row on
 * PostgreSQL (SQLite runs one transaction at a time), so two agents sending on the same version
 * at once cannot both pass it.
 */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { Database } from '../store/schema.ts';
import { MAX_ID } from '../store/ids.ts';

const NOT_A_VERSION = 'must be the ticket\'s version from GET /api/inbox/tickets/{reference}, like "12.3"';

export const TicketVersion = z
  .string()
  .regex(/^\d{1,10}\.\d{1,10}$/, NOT_A_VERSION)
  // Each part is a row id: past the id range it names nothing (and PostgreSQL could not compare it).
  .refine((v) => v.split('.').every((part) => Number(part) <= MAX_ID), NOT_A_VERSION)
  .describe(
    'The `version` of the ticket as the agent last read it. When the ticket has changed since (new messages or a status change), nothing is done and the answer is 409 `ticket_changed` with what changed.',
  );

/** What happened on a ticket after the version an agent acted on. */
export interface TicketChanges {
  /** The version now: send it as `basedOn` to act on the ticket as it is. */
  version: string;
  status: string;
  messages: Array<{ id: number; author: string; agentName: string | null; body: string; internal: boolean; createdAt: string }>;
  statusChanges: Array<{ status: string; note: string | null; at: string }>;
}

type Reader = Kysely<Database> | Transaction<Database>;

async function parts(db: Reader, ticketId: number): Promise<[number, number]> {
  const [m, s] = await Promise.all([
    db
      .selectFrom('ticket_messages')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst(),
    db
      .selectFrom('ticket_status_history')
      .select((eb) => eb.fn.max('id').as('id'))
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst(),
  ]);
  return [m?.id == null ? 0 : Number(m.id), s?.id == null ? 0 : Number(s.id)];
}

export async function ticketVersion(db: Reader, ticketId: number): Promise<string> {
  return (await parts(db, ticketId)).join('.');
}

/** What changed on the ticket after `basedOn`, or null when nothing did. */
export async function changesSince(db: Reader, ticketId: number, basedOn: string, actorId?: number): Promise<TicketChanges | null> {
  const [seenMessage, seenStatus] = basedOn.split('.').map(Number);
  const [message, status] = await parts(db, ticketId);
  if (message <= seenMessage && status <= seenStatus) return null;
  const [messages, statusChanges, ticket] = await Promise.all([
    db
      .selectFrom('ticket_messages')
      .leftJoin('agents', 'agents.id', 'ticket_messages.agent_id')
      .select([
        'ticket_messages.id',
        'ticket_messages.author',
        'ticket_messages.body',
        'ticket_messages.internal',
        'ticket_messages.created_at',
        'ticket_messages.agent_id',
        'agents.name as agent_name',
      ])
      .where('ticket_messages.ticket_id', '=', ticketId)
      .where('ticket_messages.id', '>', seenMessage)
      .orderBy('ticket_messages.id')
      .execute(),
    db
      .selectFrom('ticket_status_history')
      .select(['status', 'note', 'at'])
      .where('ticket_id', '=', ticketId)
      .where('id', '>', seenStatus)
      .orderBy('id')
      .execute(),
    db.selectFrom('tickets').select('status').where('id', '=', ticketId).executeTakeFirstOrThrow(),
  ]);
  // The acting agent's own messages since are not news to them (a second reply sent before the
  // first one's echo reached their screen): only others' messages and status changes count.
  const news = actorId === undefined ? messages : messages.filter((m) => m.agent_id === null || Number(m.agent_id) !== actorId);
  if (!news.length && !statusChanges.length) return null;
  return {
    version: `${message}.${status}`,
    status: ticket.status,
    messages: news.map((m) => ({
      id: Number(m.id),
      author: m.author,
      agentName: m.agent_name ?? null,
      body: m.body,
      internal: Number(m.internal) === 1,
      createdAt: m.created_at,
    })),
    statusChanges: statusChanges.map((s) => ({ status: s.status, note: s.note, at: s.at })),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** 409 `ticket_changed`: the agent acted on an older view; the body says what changed. */
export class TicketChangedError extends ApiError {
  readonly changes: TicketChanges;
  constructor(reference: string, changes: TicketChanges) {
    const what = [
      changes.messages.length ? plural(changes.messages.length, 'new message', 'new messages') : '',
      changes.statusChanges.length ? plural(changes.statusChanges.length, 'status change', 'status changes') : '',
    ].filter(Boolean);
    super(
      409,
      'ticket_changed',
      `${reference} changed since you opened it (${what.join(', ')}): nothing was sent. Read what changed, then send again with basedOn "${changes.version}".`,
    );
    this.changes = changes;
  }
  body() {
    const base = super.body();
    return { error: { ...base.error, changes: this.changes } };
  }
}

/**
 * Inside the change's transaction: refuses with TicketChangedError when the ticket moved past
 * `basedOn`. `lockRow`: take the ticket's row first (PostgreSQL), so a concurrent change waits.
 */
export async function assertUnchanged(
  trx: Transaction<Database>,
  ticket: { id: number; reference: string },
  basedOn: string,
  lockRow: boolean,
  actorId?: number,
): Promise<void> {
  if (lockRow) await trx.selectFrom('tickets').select('id').where('id', '=', ticket.id).forUpdate().execute();
  const changes = await changesSince(trx, ticket.id, basedOn, actorId);
  if (changes) throw new TicketChangedError(ticket.reference, changes);
}
