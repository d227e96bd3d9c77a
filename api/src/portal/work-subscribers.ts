/**
 * The portal's part of the ticket lifecycle (tickets/events.ts): billable work from members (the
 * ticket's contact is set as it is filed, contacts.ts ticketContactId) waits for approval; the
 * agents hear the key contact's decision; the key contacts hear the budget go low; an ended ticket leaves the
 * client's order. All in the change's transaction, so the mails commit with it.
 */
import type { Services } from '../http/env.ts';
import { mailIfBudgetCrossedLow, queueApprovalDecidedMail, requestApprovalIfNeeded } from './approvals.ts';
import { dropFromPriorities, ENDED_STATUSES } from './priorities.ts';

export function portalWorkSubscribers(services: Services): void {
  const { events } = services;
  events.inTransaction('ticket.created', (event, trx) => requestApprovalIfNeeded(services, trx, event));
  events.inTransaction('ticket.approval_decided', (event, trx) => queueApprovalDecidedMail(services, trx, event));
  events.inTransaction('ticket.time_logged', (event, trx) => mailIfBudgetCrossedLow(services, trx, event));
  events.inTransaction('ticket.status_changed', (event, trx) =>
    (ENDED_STATUSES as readonly string[]).includes(event.to) ? dropFromPriorities(trx, event.ticketId) : undefined,
  );
  events.afterCommit(['ticket.approval_decided', 'ticket.time_logged'], () => services.outbox.kick());
}
