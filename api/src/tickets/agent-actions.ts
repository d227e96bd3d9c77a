/**
 * What agents do to a ticket: reply or note, change its status, severity or assignee, log time,
 * record a callback. Each change is one transaction that emits its event (tickets/events.ts);
 * mails and live updates follow from the subscribers. Due times are recomputed from the status
 * history whenever status or severity changes: time spent pending does not count.
 */
import { ApiError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import { budgetFor } from '../sites/budget.ts';
import type { Transaction } from 'kysely';
import type { Database, TicketRow } from '../store/schema.ts';
import type { MessageArticle } from './message-articles.ts';
import { ticketByReference } from './access.ts';
import { recomputeDues } from './dues.ts';
import { referenceFor } from './reference.ts';
import { assertUnchanged } from './versions.ts';

export const STATUSES = ['new', 'open', 'pending', 'solved', 'closed'] as const;
export type TicketStatus = (typeof STATUSES)[number];

/** The agent acting. */
export interface Actor {
  id: number;
  name: string;
}

/** A chat the requester is still in: answers go there instead of by mail. */
const inLiveChat = (row: TicketRow): boolean => row.channel === 'chat' && (row.chat_state === 'waiting' || row.chat_state === 'live');

/** What a message carries besides its text. */
export interface MessageExtras {
  /** Knowledge-base articles, shown to the requester as cards (message-articles.ts). */
  articles?: MessageArticle[];
  /**
   * Files the message carries, written by the caller inside the message's transaction (the inbox
   * copies a saved reply's files); answers how many it attached. Its failure fails the message.
   */
  attach?: (trx: Transaction<Database>, target: { ticketId: number; messageId: number }) => Promise<number>;
}

/**
 * What an agent's change was written against: `basedOn`, the ticket's version as they last read it
 * (tickets/versions.ts). Given and no longer current, nothing changes and 409 `ticket_changed` says
 * what did; absent, the change applies to the ticket as it is.
 */
export interface ChangeOptions {
  basedOn?: string;
}

/** A reply (mailed to the requester, or shown in their live chat) or an internal note. */
export async function addAgentMessage(
  services: Services,
  reference: string,
  agent: Actor,
  body: string,
  internal: boolean,
  extras: MessageExtras & ChangeOptions = {},
) {
  const { db } = services.store;
  const row = await ticketByReference(db, reference);
  const at = services.clock.now().toISOString();
  const liveChat = inLiveChat(row);
  const sent = await services.events.transaction(db, async (trx, emit) => {
    if (extras.basedOn)
      await assertUnchanged(
        trx,
        { id: row.id, reference: referenceFor(row.id) },
        extras.basedOn,
        services.store.dialect === 'postgres',
        agent.id,
      );
    const inserted = await trx
      .insertInto('ticket_messages')
      .values({ ticket_id: row.id, author: 'agent', body, created_at: at, internal: internal ? 1 : 0, agent_id: agent.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const messageId = Number(inserted.id);
    const articles = extras.articles ?? [];
    if (articles.length)
      await trx
        .insertInto('message_articles')
        .values(articles.map((a) => ({ message_id: messageId, ticket_id: row.id, ...a, created_at: at })))
        .execute();
    const attachments = extras.attach ? await extras.attach(trx, { ticketId: row.id, messageId }) : 0;
    if (!internal) {
      await trx
        .updateTable('tickets')
        .set({
          updated_at: at,
          first_responded_at: row.first_responded_at ?? at,
          // Answered: no reply is owed until the requester writes again (tickets/messages.ts).
          reply_from: null,
          reply_due: null,
          status: row.status === 'new' ? 'open' : row.status,
          chat_state: liveChat ? 'live' : row.chat_state,
          assignee_id: row.assignee_id ?? agent.id,
        })
        .where('id', '=', row.id)
        .execute();
    } else {
      await trx.updateTable('tickets').set({ updated_at: at }).where('id', '=', row.id).execute();
    }
    await emit({
      type: 'ticket.agent_replied',
      ticketId: row.id,
      messageId,
      agentName: agent.name,
      body,
      internal,
      inLiveChat: liveChat,
      at,
      replyFrom: internal ? null : row.reply_from,
      articles,
      attachments,
    });
    return { id: messageId, articles, attachments };
  });
  return {
    id: sent.id,
    author: 'agent' as const,
    agentName: agent.name,
    body,
    internal,
    createdAt: at,
    mailed: !internal && !liveChat,
    articles: sent.articles,
    attachments: sent.attachments,
  };
}

export async function changeStatus(
  services: Services,
  reference: string,
  agent: Actor,
  status: TicketStatus,
  note?: string,
  options: ChangeOptions = {},
) {
  const { db } = services.store;
  const row = await ticketByReference(db, reference);
  // Already so: nothing is changed, whatever the agent had seen.
  if (row.status === status) return { status, changed: false as const };
  const now = services.clock.now();
  const at = now.toISOString();
  const ended = status === 'solved' || status === 'closed';
  const endsChat = ended && (row.chat_state === 'waiting' || row.chat_state === 'live');
  const dues = await services.events.transaction(db, async (trx, emit) => {
    if (options.basedOn)
      await assertUnchanged(
        trx,
        { id: row.id, reference: referenceFor(row.id) },
        options.basedOn,
        services.store.dialect === 'postgres',
        agent.id,
      );
    await trx
      .insertInto('ticket_status_history')
      .values({ ticket_id: row.id, status, note: note ?? `by ${agent.name}`, at })
      .execute();
    const dues = await recomputeDues(trx, services.policy, row, row.severity, now);
    await trx
      .updateTable('tickets')
      .set({
        status,
        ...dues,
        updated_at: at,
        resolved_at: ended ? (row.resolved_at ?? at) : null,
        chat_state: endsChat ? 'ended' : row.chat_state,
      })
      .where('id', '=', row.id)
      .execute();
    await emit({ type: 'ticket.status_changed', ticketId: row.id, from: row.status, to: status, note, by: 'agent' });
    if (endsChat) await emit({ type: 'chat.ended', ticketId: row.id, by: 'status' });
    return dues;
  });
  return { status, changed: true as const, firstResponseDue: dues.first_response_due, resolutionDue: dues.resolution_due };
}

/** Due times recomputed from creation at the new severity (the same pauses apply). */
export async function changeSeverity(services: Services, reference: string, agent: Actor, severity: string) {
  const { db } = services.store;
  const row = await ticketByReference(db, reference);
  const now = services.clock.now();
  const at = now.toISOString();
  const dues = await services.events.transaction(db, async (trx, emit) => {
    const dues = await recomputeDues(trx, services.policy, row, severity, now);
    await trx
      .updateTable('tickets')
      .set({ severity, ...dues, updated_at: at })
      .where('id', '=', row.id)
      .execute();
    if (severity !== row.severity) {
      await trx
        .insertInto('ticket_messages')
        .values({
          ticket_id: row.id,
          author: 'system',
          body: `Severity changed from ${row.severity} to ${severity} by ${agent.name}.`,
          created_at: at,
          internal: 1,
          agent_id: agent.id,
        })
        .execute();
    }
    // Also when the severity stays: the due times were recomputed all the same.
    await emit({ type: 'ticket.severity_changed', ticketId: row.id, from: row.severity, to: severity });
    return dues;
  });
  return { severity, firstResponseDue: dues.first_response_due, resolutionDue: dues.resolution_due };
}

export async function assign(services: Services, reference: string, agentId: number | null) {
  const { db } = services.store;
  const row = await ticketByReference(db, reference);
  if (agentId !== null) {
    const exists = await db.selectFrom('agents').select('id').where('id', '=', agentId).executeTakeFirst();
    if (!exists) throw new ApiError(422, 'validation_failed', 'No agent has this id.', { agentId: 'is not an agent' });
  }
  await services.events.transaction(db, async (trx, emit) => {
    await trx
      .updateTable('tickets')
      .set({ assignee_id: agentId, updated_at: services.clock.now().toISOString() })
      .where('id', '=', row.id)
      .execute();
    await emit({ type: 'ticket.assigned', ticketId: row.id, agentId });
  });
  return { assignee: agentId };
}

export interface TimeSpent {
  minutes: number;
  rate: string;
  note?: string;
}

/** Time against the site's budget, rounded up to the policy's blocks (e.g. 15 minutes). */
export async function logTime(services: Services, reference: string, agent: Actor, input: TimeSpent) {
  const { db } = services.store;
  const row = await ticketByReference(db, reference);
  const step = services.policy.rates.incrementMinutes;
  const minutes = Math.ceil(input.minutes / step) * step;
  await services.events.transaction(db, async (trx, emit) => {
    await trx
      .insertInto('time_entries')
      .values({
        ticket_id: row.id,
        site_key: row.site_key,
        agent_id: agent.id,
        minutes,
        rate: input.rate,
        note: input.note ?? null,
        created_at: services.clock.now().toISOString(),
      })
      .execute();
    await emit({ type: 'ticket.time_logged', ticketId: row.id, minutes, rate: input.rate });
  });
  return { minutes, rate: input.rate, budget: await budgetFor(services, row.site_key) };
}

/** A phone callback made: a first response, noted on the ticket. */
export async function markCalled(services: Services, reference: string, agent: Actor, outcome: string) {
  const { db } = services.store;
  const row = await ticketByReference(db, reference);
  if (row.channel !== 'phone')
    throw new ApiError(422, 'validation_failed', 'Only callback requests (channel phone) can be marked called.', {
      channel: 'is not phone',
    });
  const at = services.clock.now().toISOString();
  await services.events.transaction(db, async (trx, emit) => {
    await trx
      .insertInto('ticket_messages')
      .values({ ticket_id: row.id, author: 'agent', body: `Called: ${outcome}`, created_at: at, internal: 1, agent_id: agent.id })
      .execute();
    await trx
      .updateTable('tickets')
      .set({
        called_at: at,
        first_responded_at: row.first_responded_at ?? at,
        status: row.status === 'new' ? 'open' : row.status,
        updated_at: at,
      })
      .where('id', '=', row.id)
      .execute();
    await emit({ type: 'ticket.called', ticketId: row.id, outcome });
  });
  return { calledAt: at, outcome };
}
