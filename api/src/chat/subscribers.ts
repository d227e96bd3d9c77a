/**
 * Chats follow the ticket lifecycle (tickets/events.ts): after any committed change to a ticket,
 * the requester's open chat on it re-reads what is new (the ticket's topic of the live-update hub).
 */
import type { Services } from '../http/env.ts';
import { ticketTopic } from './hub.ts';

export function chatSubscribers(services: Services): void {
  services.events.afterCommit('*', (event) => services.hub.publishSoon(ticketTopic(event.ticketId)));
}
