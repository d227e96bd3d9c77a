/** /api/inbox/webhooks in the OpenAPI route table (openapi/operations.ts): admins only. */
import { z } from 'zod';
import { csrfHeader, error, idParam, type Operation } from '../openapi/operations.ts';
import { agentErrors } from '../inbox/openapi.ts';
import { newWebhookSchema } from './hooks.ts';
import { DeliveryLog, WebhookChanged, WebhookCreated, WebhookList, WebhookRemoved } from './shapes.ts';

const adminOnly = { '401': agentErrors['401'], '403': error('Not an admin, or the X-CSRF-Token header is missing or wrong.') };
const noSuchHook = error('No such webhook (`not_found`).');

const action = (verb: 'disable' | 'enable' | 'remove', summary: string): Operation => ({
  method: 'post',
  path: `/api/inbox/webhooks/{id}/${verb}`,
  operationId: `${verb}Webhook`,
  summary,
  auth: 'agentSession',
  parameters: [idParam, csrfHeader],
  responses: {
    '200':
      verb === 'remove'
        ? { description: 'Removed, with its delivery log.', json: WebhookRemoved }
        : { description: 'Done.', json: WebhookChanged },
    ...adminOnly,
    '404': noSuchHook,
  },
});

export const webhookOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/inbox/webhooks',
    operationId: 'listWebhooks',
    summary: 'The registered webhooks (never their secrets) and the events one can listen to',
    auth: 'agentSession',
    responses: { '200': { description: 'The hooks.', json: WebhookList }, ...adminOnly },
  },
  {
    method: 'post',
    path: '/api/inbox/webhooks',
    operationId: 'addWebhook',
    summary: 'Register a webhook',
    description:
      'Each event the hook listens to is POSTed as JSON `{id, type, createdAt, data: {ticket, …}}` with `Helpway-Event`, `Helpway-Delivery` and `Helpway-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`; any 2xx answer is a delivery, 410 disables the hook, anything else is retried with doubling backoff. https only (http to loopback in demo mode); private-network addresses are refused outside demo mode.',
    auth: 'agentSession',
    parameters: [csrfHeader],
    body: newWebhookSchema(false),
    responses: {
      '201': { description: 'Registered; the secret is shown this once.', json: WebhookCreated },
      ...adminOnly,
      '422': error('A field is refused, named in `fields`.'),
    },
  },
  action('disable', 'Disable a webhook (queued deliveries are cancelled)'),
  action('enable', 'Enable a webhook again'),
  action('remove', 'Remove a webhook and its delivery log'),
  {
    method: 'get',
    path: '/api/inbox/webhooks/deliveries',
    operationId: 'webhookDeliveries',
    summary: 'The delivery log, newest first',
    auth: 'agentSession',
    query: z.object({ webhook: z.string().optional().describe("Only this hook's deliveries (its id).") }),
    responses: {
      '200': { description: 'The deliveries.', json: DeliveryLog },
      ...adminOnly,
      '404': noSuchHook,
      '422': error('The webhook id is not an id.'),
    },
  },
];
