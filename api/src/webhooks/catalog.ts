/**
 * The webhook events a receiver can listen to, and which domain event (tickets/events.ts) makes
 * each one. Mapping a domain event to a webhook event is one entry in WEBHOOK_SOURCES.
 */
import type { EventOf, TicketEvent, TicketEventType } from '../tickets/events.ts';

export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.solved', 'sla.warning', 'sla.missed', 'ticket.escalated'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** What a mapped domain event adds to the payload's `data` besides the ticket. */
export type Extra = Record<string, unknown>;

interface Source<K extends TicketEventType> {
  /** The domain event that may make this webhook event. */
  from: K;
  /** undefined = this occurrence is not the webhook event (e.g. a status change to "pending"). */
  when?: (event: EventOf<K>) => boolean;
  /** Facts of the change for `data` (never a secret such as the requester token). */
  extra?: (event: EventOf<K>) => Extra;
}

type AnySource = { [K in TicketEventType]: Source<K> }[TicketEventType];

const source = <K extends TicketEventType>(s: Source<K>): AnySource => s as unknown as AnySource;

export const WEBHOOK_SOURCES: Partial<Record<WebhookEventName, AnySource>> = {
  'ticket.created': source({ from: 'ticket.created' }),
  'ticket.solved': source({
    from: 'ticket.status_changed',
    when: (e) => e.to === 'solved',
    extra: (e) => ({ change: { from: e.from, to: e.to, by: e.by } }),
  }),
  'sla.warning': source({ from: 'sla.warning', extra: (e) => ({ sla: { target: e.target, dueAt: e.dueAt, percent: e.percent } }) }),
  'sla.missed': source({ from: 'sla.missed', extra: (e) => ({ sla: { target: e.target, dueAt: e.dueAt } }) }),
  'ticket.escalated': source({
    from: 'ticket.escalated',
    // The requester's words stay in the helpdesk: a receiver learns that they asked, not what they wrote.
    extra: (e) => ({ escalation: { level: e.level, role: e.role, contact: e.contact, trigger: e.trigger, by: e.by } }),
  }),
};

/** The domain event types some webhook event is made from: what the subscriber listens to. */
export function sourceEventTypes(): TicketEventType[] {
  return [...new Set(Object.values(WEBHOOK_SOURCES).map((s) => s!.from))];
}

/** The webhook events `event` makes, each with its extra data. */
export function webhookEventsFor(event: TicketEvent): Array<{ name: WebhookEventName; extra: Extra }> {
  const made: Array<{ name: WebhookEventName; extra: Extra }> = [];
  for (const name of WEBHOOK_EVENTS) {
    const s = WEBHOOK_SOURCES[name] as Source<TicketEventType> | undefined;
    if (!s || s.from !== event.type) continue;
    if (s.when && !s.when(event as never)) continue;
    made.push({ name, extra: s.extra?.(event as never) ?? {} });
  }
  return made;
}
