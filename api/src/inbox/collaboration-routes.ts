/**
 * The inbox's routes for agents working side by side (session; CSRF on writes):
 *
 *   POST /api/inbox/presence       {tab, ticket|null, state}   where this tab is (presence.ts)
 *   POST /api/inbox/tickets/bulk   {references, action}        one change to many tickets (bulk.ts)
 */
import { Hono } from 'hono';
import { requireAgent, type AgentEnv } from '../agents/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { applyBulk, BulkInput } from './bulk.ts';
import type { BulkResult } from './bulk-shapes.ts';
import { setPresence } from './presence.ts';
import { PresenceInput, type TicketPresence } from './presence-shapes.ts';

const body = <T>(c: { var: unknown }) => (c.var as { body: T }).body;

export function presenceRoutes() {
  const app = new Hono<AgentEnv>().use('*', requireAgent()).post('/', limitBody(4 * 1024), jsonBody(PresenceInput), async (c) => {
    const here = await setPresence(c.var.services, c.var.agent.id, body<PresenceInput>(c));
    return c.json<{ presence: TicketPresence | null }>({ presence: here });
  });
  return app as unknown as Hono<AppEnv>;
}

export function bulkRoutes() {
  const app = new Hono<AgentEnv>()
    .use('*', requireAgent())
    .post('/', limitBody(256 * 1024), jsonBody(BulkInput), async (c) =>
      c.json<BulkResult>(await applyBulk(c.var.services, c.var.agent, body<BulkInput>(c))),
    );
  return app as unknown as Hono<AppEnv>;
}
