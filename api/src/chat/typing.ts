/**
 * "Typing…" in a live chat, both ways: the requester's widget and the agent's inbox each report
 * keystrokes (POST …/typing, a few seconds apart at most) and the other side's live stream shows
 * them. One row per chat and side in the store (`chat_typing`), so with several API processes on
 * one PostgreSQL every stream reads the same (the hub's NOTIFY carries only "look again").
 *
 * Typing shows for TYPING_SECONDS after the last report, and stops at once when that side sends a
 * message or says it stopped. Reports closer than THROTTLE_MS to the previous one of the same
 * side change nothing and notify nobody, so a client that reports every keystroke costs the
 * streams no more than one that follows the rule.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { z } from 'zod';
import type { Services } from '../http/env.ts';
import type { Database, TicketRow } from '../store/schema.ts';
import { referenceFor } from '../tickets/reference.ts';
import { INBOX_TYPING_TOPIC, ticketTopic } from './hub.ts';
import type { LiveEvent } from './feed.ts';

/** How long a report keeps "typing…" on screen; clients report again well within it while typing goes on. */
export const TYPING_SECONDS = 6;
/** Reports of one side closer together than this are not passed on. */
export const THROTTLE_MS = 2000;

export type TypingSide = 'requester' | 'agent';

/** What either side reports. */
export const TypingInput = z.strictObject({ typing: z.boolean({ error: 'must be true (typing) or false (stopped)' }) });

/** Only a chat someone can still answer shows typing. */
export const chatIsOpen = (row: Pick<TicketRow, 'channel' | 'chat_state'>): boolean =>
  row.channel === 'chat' && (row.chat_state === 'waiting' || row.chat_state === 'live');

/**
 * Records that `side` is typing (or stopped) in the chat of `row`, and tells the other side's
 * streams. Answers whether it was passed on: false for a closed chat, or a report too soon after
 * the previous one that changes nothing.
 */
export async function reportTyping(
  services: Services,
  row: Pick<TicketRow, 'id' | 'channel' | 'chat_state'>,
  side: TypingSide,
  typing: boolean,
  agentId: number | null = null,
): Promise<boolean> {
  if (!chatIsOpen(row)) return false;
  const { db } = services.store;
  const now = services.clock.now();
  const passed = typing ? await startTyping(db, row.id, side, agentId, now) : await stopTyping(db, row.id, side);
  if (passed) services.hub.publish(side === 'agent' ? ticketTopic(row.id) : INBOX_TYPING_TOPIC);
  return passed;
}

async function startTyping(db: Kysely<Database>, ticketId: number, side: TypingSide, agentId: number | null, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const recent = new Date(now.getTime() - THROTTLE_MS).toISOString();
  // One statement: insert, or move `at` only when the last report is old enough or by someone else.
  const result = await db
    .insertInto('chat_typing')
    .values({ ticket_id: ticketId, side, agent_id: agentId, at })
    .onConflict((oc) =>
      oc
        .columns(['ticket_id', 'side'])
        .doUpdateSet({ agent_id: agentId, at })
        .where((eb) =>
          eb.or([
            eb('chat_typing.at', '<=', recent),
            // A clock set back, or another agent taking over: pass it on at once.
            eb('chat_typing.at', '>', at),
            ...(agentId === null ? [] : [eb('chat_typing.agent_id', '!=', agentId)]),
          ]),
        ),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

async function stopTyping(db: Kysely<Database>, ticketId: number, side: TypingSide): Promise<boolean> {
  const result = await db.deleteFrom('chat_typing').where('ticket_id', '=', ticketId).where('side', '=', side).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** A report still on screen at `now`: recent, and after that side's last message. */
const freshSince = (now: Date) => new Date(now.getTime() - TYPING_SECONDS * 1000).toISOString();

/**
 * The agent typing in the chat now, for a query on `tickets`: their display name ('' for one
 * without), null when nobody is. A subquery, so the chat's stream reads it with the ticket;
 * `shownAgent` turns it into what the requester sees.
 */
export function agentTypingName(eb: ExpressionBuilder<Database, 'tickets'>, now: Date) {
  return eb
    .selectFrom('chat_typing')
    .leftJoin('agents', 'agents.id', 'chat_typing.agent_id')
    .select((e) => e.fn.coalesce('agents.display_name', e.val('')).as('display_name'))
    .whereRef('chat_typing.ticket_id', '=', 'tickets.id')
    .where('chat_typing.side', '=', 'agent')
    .where('chat_typing.at', '>=', freshSince(now))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ticket_messages')
            .select('ticket_messages.id')
            .whereRef('ticket_messages.ticket_id', '=', 'chat_typing.ticket_id')
            .where('ticket_messages.author', '=', 'agent')
            .where('ticket_messages.internal', '=', 0)
            .whereRef('ticket_messages.created_at', '>=', 'chat_typing.at'),
        ),
      ),
    )
    .limit(1);
}

/** The list each process's inbox streams were last told, so an unchanged empty one is not sent again. */
const toldInboxes = new WeakMap<object, string>();

/**
 * The inbox streams' `typing` event, when they need one: someone is typing (a stream joining then
 * learns it too), or the list changed since this process last told them (someone stopped).
 * Nothing while nobody types: a queue change costs the inboxes no extra event.
 */
export async function inboxTypingEvents(services: Services): Promise<LiveEvent[]> {
  const references = await requestersTyping(services.store.db, services.clock.now());
  const list = JSON.stringify(references);
  if (!references.length && (toldInboxes.get(services.hub) ?? '[]') === list) return [];
  toldInboxes.set(services.hub, list);
  return [{ event: 'typing', data: { references } }];
}

/** The chats whose requester is typing now, by reference (what every inbox stream is told). */
export async function requestersTyping(db: Kysely<Database>, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('chat_typing')
    .innerJoin('tickets', 'tickets.id', 'chat_typing.ticket_id')
    .select(['chat_typing.ticket_id'])
    .where('chat_typing.side', '=', 'requester')
    .where('chat_typing.at', '>=', freshSince(now))
    .where('tickets.chat_state', 'in', ['waiting', 'live'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ticket_messages')
            .select('ticket_messages.id')
            .whereRef('ticket_messages.ticket_id', '=', 'chat_typing.ticket_id')
            .where('ticket_messages.author', '=', 'requester')
            .whereRef('ticket_messages.created_at', '>=', 'chat_typing.at'),
        ),
      ),
    )
    .orderBy('chat_typing.ticket_id')
    .execute();
  return rows.map((r) => referenceFor(Number(r.ticket_id)));
}
