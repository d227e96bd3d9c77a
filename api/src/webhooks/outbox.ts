/**
 * The webhook outbox, after the mail outbox's pattern (mail/outbox.ts): a delivery is a row
 * first, queued in the transaction of the change that caused it (so a receiver never hears of a
 * change that rolled back, and never misses one that committed), then a worker (worker.ts) signs
 * and POSTs it. The body is fixed when queued and sent byte for byte on every try.
 *
 * Payload (docs/architecture.md, webhook contract):
 * `{id, type, createdAt, data: {ticket: {reference, subject, status, severity, type, site, …}, …}}`.
 * Never the requester token, and nothing an agent wrote as an internal note.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { referenceFor } from '../tickets/reference.ts';
import type { Extra, WebhookEventName } from './catalog.ts';
import { hooksListening } from './hooks.ts';
import type { WebhookWorker } from './worker.ts';
import type { DeliveryLogEntry } from './shapes.ts';

const randomId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

/** The ticket as a webhook shows it. */
async function ticketData(db: Kysely<Database>, ticketId: number, inboxLink: (reference: string) => string) {
  const t = await db
    .selectFrom('tickets')
    .select([
      'id',
      'site_key',
      'plan',
      'type',
      'severity',
      'status',
      'subject',
      'channel',
      'requester_name',
      'requester_email',
      'assignee_id',
      'first_response_due',
      'resolution_due',
      'first_responded_at',
      'resolved_at',
      'created_at',
      'updated_at',
    ])
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  const reference = referenceFor(Number(t.id));
  return {
    reference,
    subject: t.subject,
    status: t.status,
    severity: t.severity,
    type: t.type,
    site: t.site_key,
    plan: t.plan,
    channel: t.channel,
    requester: { name: t.requester_name, email: t.requester_email },
    assigneeId: t.assignee_id === null ? null : Number(t.assignee_id),
    firstResponseDue: t.first_response_due,
    resolutionDue: t.resolution_due,
    firstRespondedAt: t.first_responded_at,
    resolvedAt: t.resolved_at,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
    url: inboxLink(reference),
  };
}

/**
 * Queues `name` about `ticketId` for every enabled hook listening to it, with `db` (pass the open
 * transaction). Returns how many deliveries were queued.
 */
export async function enqueueWebhookEvent(
  db: Kysely<Database>,
  event: { name: WebhookEventName; ticketId: number; extra: Extra; at: Date; inboxLink: (reference: string) => string },
): Promise<number> {
  const hooks = await hooksListening(db, event.name);
  if (!hooks.length) return 0;
  const createdAt = event.at.toISOString();
  const body = JSON.stringify({
    id: randomId('evt'),
    type: event.name,
    createdAt,
    data: { ...event.extra, ticket: await ticketData(db, event.ticketId, event.inboxLink) },
  });
  await db
    .insertInto('webhook_deliveries')
    .values(
      hooks.map((webhookId) => ({
        webhook_id: webhookId,
        delivery_id: randomId('dlv'),
        event_type: event.name,
        ticket_id: event.ticketId,
        body,
        status: 'queued',
        next_attempt_at: createdAt,
        locked_until: null,
        response_code: null,
        last_error: null,
        delivered_at: null,
        created_at: createdAt,
      })),
    )
    .execute();
  return hooks.length;
}

/** The delivery log, newest first (one hook's with `webhookId`). */
export async function deliveryLog(db: Kysely<Database>, options: { webhookId?: number; limit?: number } = {}): Promise<DeliveryLogEntry[]> {
  let q = db
    .selectFrom('webhook_deliveries')
    .select([
      'id',
      'webhook_id',
      'delivery_id',
      'event_type',
      'ticket_id',
      'status',
      'attempts',
      'response_code',
      'last_error',
      'next_attempt_at',
      'delivered_at',
      'created_at',
    ]);
  if (options.webhookId !== undefined) q = q.where('webhook_id', '=', options.webhookId);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    webhookId: Number(r.webhook_id),
    deliveryId: r.delivery_id,
    event: r.event_type,
    ticket: r.ticket_id === null ? null : referenceFor(Number(r.ticket_id)),
    // "sending" is a lease, not a state anyone acts on: it is still on its way.
    status: r.status === 'sending' ? 'queued' : r.status,
    attempts: Number(r.attempts),
    responseCode: r.response_code === null ? null : Number(r.response_code),
    lastError: r.last_error,
    nextAttemptAt: r.status === 'queued' || r.status === 'sending' ? r.next_attempt_at : null,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
  }));
}

/**
 * The webhook outbox as the app holds it (Services.webhooks): `kick()` after a delivery was queued
 * wakes the worker, which server start runs (server.ts).
 */
export class WebhookOutbox {
  #worker: WebhookWorker | null = null;

  run(worker: WebhookWorker): void {
    this.#worker = worker;
    worker.start();
  }

  kick(): void {
    this.#worker?.kick();
  }

  /** One delivery round now, awaited (tests, to see that nothing more is due). */
  async runOnce(): Promise<number> {
    return (await this.#worker?.runOnce()) ?? 0;
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.stop();
  }
}
