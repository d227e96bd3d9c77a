/**
 * The reports' side of a new ticket (tickets/events.ts): a ticket filed from a widget session closes
 * that session's funnel and marks the searches that led to it. In the ticket's own transaction,
 * so the figures never disagree with the tickets.
 */
import type { Services } from '../http/env.ts';
import { ticketFiled } from './sessions.ts';

export function analyticsSubscribers(services: Services): void {
  services.events.inTransaction('ticket.created', async (event, trx) => {
    const session = event.input.widgetSession;
    if (!session) return;
    const ticket = await trx
      .selectFrom('tickets')
      .select(['site_key', 'created_at'])
      .where('id', '=', event.ticketId)
      .executeTakeFirstOrThrow();
    await ticketFiled(trx, {
      session,
      site: ticket.site_key,
      ticketId: event.ticketId,
      at: ticket.created_at,
      page: event.input.context?.url ?? null,
    });
  });
}
