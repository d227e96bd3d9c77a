/**
 * /api/inbox/webhooks: admins register and manage webhooks. An admin's session (401 without one,
 * 403 for an agent who is not an admin) and, on writes, the X-CSRF-Token header.
 *
 *   GET  /                    the hooks (never their secrets) and the events one can listen to
 *   POST /  {url, events, secret?}   201 {webhook, secret}: the secret is shown this once
 *   POST /{id}/disable        no deliveries until enabled; queued ones are cancelled
 *   POST /{id}/enable
 *   POST /{id}/remove         the hook and its delivery log
 *   GET  /deliveries?webhook=ID      the delivery log, newest first
 */
import { Hono, type Context } from 'hono';
import type { Config } from '../config.ts';
import { requireAgent, type AgentEnv } from '../agents/auth.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { RANGE, rowIdFromPath } from '../store/ids.ts';
import { WEBHOOK_EVENTS } from './catalog.ts';
import { addWebhook, findWebhook, listWebhooks, newWebhookSchema, removeWebhook, setWebhookEnabled, type NewWebhook } from './hooks.ts';
import { deliveryLog } from './outbox.ts';

function pathId(c: Context<AgentEnv>): number {
  const id = rowIdFromPath(c.req.param('id') ?? '');
  if (id === null) throw new ApiError(404, 'not_found', 'There is no such webhook.', { id: RANGE });
  return id;
}

const notFound = (id: number) => new ApiError(404, 'not_found', `There is no webhook with id ${id}.`);

export function webhookRoutes(config: Config) {
  const app = new Hono<AgentEnv>()
    .use('*', requireAgent({ admin: true }))
    .use('*', limitBody(16 * 1024))
    .get('/', async (c) => c.json({ webhooks: await listWebhooks(c.var.services.store.db), events: WEBHOOK_EVENTS }))
    .post('/', jsonBody(newWebhookSchema(config.demoMode)), async (c) => {
      const { services, agent } = c.var;
      const input = (c.var as unknown as { body: NewWebhook }).body;
      const { secret, ...webhook } = await addWebhook(services.store.db, input, {
        createdBy: agent.email,
        now: services.clock.now(),
        secretKey: config.escalation.secretKey,
      });
      return c.json({ webhook, secret }, 201);
    })
    .post('/:id/disable', async (c) => {
      const id = pathId(c);
      const webhook = await setWebhookEnabled(c.var.services.store.db, id, false, {
        now: c.var.services.clock.now(),
        reason: `disabled by ${c.var.agent.email}`,
      });
      if (!webhook) throw notFound(id);
      return c.json({ webhook });
    })
    .post('/:id/enable', async (c) => {
      const id = pathId(c);
      const webhook = await setWebhookEnabled(c.var.services.store.db, id, true, { now: c.var.services.clock.now() });
      if (!webhook) throw notFound(id);
      return c.json({ webhook });
    })
    .post('/:id/remove', async (c) => {
      const id = pathId(c);
      if (!(await removeWebhook(c.var.services.store.db, id))) throw notFound(id);
      return c.json({ removed: id });
    })
    .get('/deliveries', async (c) => {
      const raw = c.req.query('webhook');
      let webhookId: number | undefined;
      if (raw !== undefined) {
        const id = rowIdFromPath(raw);
        if (id === null) throw new ApiError(422, 'validation_failed', 'Check webhook.', { webhook: RANGE });
        if (!(await findWebhook(c.var.services.store.db, id))) throw notFound(id);
        webhookId = id;
      }
      return c.json({ deliveries: await deliveryLog(c.var.services.store.db, { webhookId }) });
    });
  return app as unknown as Hono<AppEnv>;
}
