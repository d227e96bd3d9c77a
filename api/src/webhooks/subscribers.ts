/**
 * Webhooks follow the ticket lifecycle (tickets/events.ts): each domain event that makes a webhook
 * event (catalog.ts) queues one delivery per listening hook inside the change's own transaction;
 * once committed, the worker is woken to send them.
 */
import type { Services } from '../http/env.ts';
import { sourceEventTypes, webhookEventsFor } from './catalog.ts';
import { enqueueWebhookEvent } from './outbox.ts';

export function webhookSubscribers(services: Services): void {
  const { events, webhooks, links, clock } = services;
  const sources = sourceEventTypes();
  if (!sources.length) return;
  events.inTransaction(sources, async (event, trx) => {
    for (const { name, extra } of webhookEventsFor(event))
      await enqueueWebhookEvent(trx, { name, ticketId: event.ticketId, extra, at: clock.now(), inboxLink: (r) => links.inboxTicket(r) });
  });
  events.afterCommit(sources, (event) => {
    if (webhookEventsFor(event).length) webhooks.kick();
  });
}
