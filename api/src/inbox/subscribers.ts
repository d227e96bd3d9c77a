/**
 * The inbox follows the ticket lifecycle (tickets/events.ts): after any committed change, every
 * open inbox is told to re-read what it shows (the `inbox` topic of the live-update hub). That
 * includes `sla.warning`, `sla.missed` and `ticket.escalated`: the inbox stream then also sends a
 * notice for each new SLA record (sla-notices.ts), for the agents' notification and badge.
 */
import type { Services } from '../http/env.ts';
import { INBOX_TOPIC } from '../chat/hub.ts';

export function inboxSubscribers(services: Services): void {
  services.events.afterCommit('*', () => services.hub.publishSoon(INBOX_TOPIC));
}
