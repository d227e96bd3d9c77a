/**
 * Mail follows the ticket lifecycle (tickets/events.ts): what a change mails is queued in the
 * outbox inside the change's own transaction, so a ticket never changes without its mails (nor
 * mails about a change that rolled back); once committed, the worker is woken to send them.
 */
import type { Services } from '../http/env.ts';
import { queueChatMissedMail, queueEscalationMails, queueReplyMail, queueStatusMail, queueTicketCreatedMails } from './notify.ts';

/** Statuses the requester is told about by mail. */
const MAILED_STATUSES = ['pending', 'solved', 'closed'];

export function mailSubscribers(services: Services): void {
  const { events, outbox } = services;
  events.inTransaction('ticket.created', (event, trx) => queueTicketCreatedMails(services, trx, event));
  // In a live chat the requester reads the reply in the chat; otherwise it is mailed.
  events.inTransaction('ticket.agent_replied', (event, trx) =>
    event.internal || event.inLiveChat ? undefined : queueReplyMail(services, trx, event),
  );
  events.inTransaction('ticket.status_changed', (event, trx) =>
    event.by === 'agent' && MAILED_STATUSES.includes(event.to) ? queueStatusMail(services, trx, event) : undefined,
  );
  events.inTransaction('chat.missed', (event, trx) => queueChatMissedMail(services, trx, event));
  // By the sweeper or the requester: the level's contact always hears of it.
  events.inTransaction('ticket.escalated', (event, trx) => queueEscalationMails(services, trx, event));
  events.afterCommit(['ticket.created', 'ticket.agent_replied', 'ticket.status_changed', 'chat.missed', 'ticket.escalated'], () =>
    outbox.kick(),
  );
}
