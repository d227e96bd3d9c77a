/**
 * The conversation as the requester sees it (the status page, the chat, the portal): every
 * message but the agents' internal notes, each agent by name, oldest first.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/** The ticket's public messages; with `after`, only those after that message id (a chat catching up). */
export function requesterConversation(db: Kysely<Database>, ticketId: number, after = 0) {
  return db
    .selectFrom('ticket_messages')
    .leftJoin('agents', 'agents.id', 'ticket_messages.agent_id')
    .select([
      'ticket_messages.id',
      'ticket_messages.author',
      'ticket_messages.body',
      'ticket_messages.created_at',
      'agents.name as agent_name',
    ])
    .where('ticket_messages.ticket_id', '=', ticketId)
    .where('ticket_messages.internal', '=', 0)
    .where('ticket_messages.id', '>', Math.max(0, after))
    .orderBy('ticket_messages.id')
    .execute();
}
