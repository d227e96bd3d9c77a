/** What /api/inbox/webhooks answers: hooks (never their secrets, but once at creation) and the delivery log. */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';
import { WEBHOOK_EVENTS } from './catalog.ts';

export const Webhook = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  enabled: z.boolean(),
  disabledAt: Instant.nullable(),
  disabledReason: z.string().nullable().describe('Who disabled it, or the receiver answered 410 Gone.'),
  createdBy: z.string(),
  createdAt: Instant,
});
export type Webhook = z.infer<typeof Webhook>;

export const WebhookList = z.object({
  webhooks: z.array(Webhook),
  events: z.array(z.enum(WEBHOOK_EVENTS)).describe('The events a hook can listen to.'),
});

export const WebhookCreated = z.object({
  webhook: Webhook,
  secret: z
    .string()
    .describe('The signing secret, shown this once: Helpway-Signature is t=<unix>,v1=hex(HMAC-SHA256(secret, t + "." + body)).'),
});

export const WebhookChanged = z.object({ webhook: Webhook });
export const WebhookRemoved = z.object({ removed: z.number().int() });

export const DeliveryLogEntry = z.object({
  id: z.number().int(),
  webhookId: z.number().int(),
  deliveryId: z.string().describe('The Helpway-Delivery header, the same on every try.'),
  event: z.string(),
  ticket: z.string().nullable().describe("The ticket's reference."),
  status: z.string().describe('queued, delivered, failed or cancelled.'),
  attempts: z.number().int(),
  responseCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: Instant.nullable(),
  deliveredAt: Instant.nullable(),
  createdAt: Instant,
});
export type DeliveryLogEntry = z.infer<typeof DeliveryLogEntry>;

export const DeliveryLog = z.object({ deliveries: z.array(DeliveryLogEntry) });
