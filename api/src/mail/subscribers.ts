/**
 * Mail follows the ticket lifecycle (tickets/events.ts): what a change mails is queued in the
 * outbox inside the change's own transaction, so a ticket never changes without its mails (nor
 * mails about a change that rolled back); once committed, the worker is woken to send them.
 */
import type { Services } from '../http/env.ts';
import { queueSlaMail } from './sla-mails.ts';
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
  // The sweeper's warnings and misses go to the ticket's owner; an escalation, by the sweeper or
  // the requester, to the level's contact.
  events.inTransaction(['sla.warning', 'sla.missed'], (event, trx) => queueSlaMail(services, trx, event));
  events.inTransaction('ticket.escalated', (event, trx) => queueEscalationMails(services, trx, event));
  events.afterCommit(
    ['ticket.created', 'ticket.agent_replied', 'ticket.status_changed', 'chat.missed', 'sla.warning', 'sla.missed', 'ticket.escalated'],
    () => outbox.kick(),
  );
}
