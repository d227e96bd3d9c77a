/**
 * The conversation as the requester sees it (the status page, the chat, the portal, reply mails):
 * every message but the agents' internal notes, oldest first, each agent as requesters see them
 * (agents/display-name.ts: display name and initials, never the login).
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { initialsOf, shownAgent, type ShownAgent } from '../agents/display-name.ts';

export interface RequesterMessage {
  id: number;
  author: string;
  body: string;
  created_at: string;
  /** The agent who wrote it, as requesters see them; null for the requester's own messages. */
  agent: ShownAgent | null;
}

/** The ticket's public messages; with `after`, only those after that message id (a chat catching up). */
export async function requesterConversation(db: Kysely<Database>, ticketId: number, after = 0): Promise<RequesterMessage[]> {
  const rows = await db
    .selectFrom('ticket_messages')
    .leftJoin('agents', 'agents.id', 'ticket_messages.agent_id')
    .select([
      'ticket_messages.id',
      'ticket_messages.author',
      'ticket_messages.body',
      'ticket_messages.created_at',
      'agents.display_name as agent_display_name',
    ])
    .where('ticket_messages.ticket_id', '=', ticketId)
    .where('ticket_messages.internal', '=', 0)
    .where('ticket_messages.id', '>', Math.max(0, after))
    .orderBy('ticket_messages.id')
    .execute();
  return rows.map((m) => ({
    id: Number(m.id),
    author: m.author,
    body: m.body,
    created_at: m.created_at,
    agent: m.author === 'requester' ? null : shownAgent(m.agent_display_name),
  }));
}

/** Who a message is from, as the requester reads it: themselves by their name, anyone else as support shows them. */
export function speaker(message: Pick<RequesterMessage, 'agent'>, requesterName: string): ShownAgent {
  return message.agent ?? { name: requesterName, initials: initialsOf(requesterName) };
}

/**
 * The agent answering a chat, for a query on `tickets`: the display name of the agent who last
 * wrote to the requester ('' for one without a display name), null while nobody has. A subquery,
 * so the chat's stream reads it with the ticket; `shownAgent` turns it into what requesters see.
 */
export function answeringAgentName(eb: ExpressionBuilder<Database, 'tickets'>) {
  return eb
    .selectFrom('ticket_messages')
    .leftJoin('agents', 'agents.id', 'ticket_messages.agent_id')
    .select((e) => e.fn.coalesce('agents.display_name', e.val('')).as('display_name'))
    .whereRef('ticket_messages.ticket_id', '=', 'tickets.id')
    .where('ticket_messages.internal', '=', 0)
    .where('ticket_messages.author', '=', 'agent')
    .orderBy('ticket_messages.id', 'desc')
    .limit(1);
}
