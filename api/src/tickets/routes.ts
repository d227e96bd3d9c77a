/** /api/tickets: create, read, add a message, list mine. */
import { Hono } from 'hono';
import type { Policy } from '../../../content/src/policy-schema.ts';
import type { Config } from '../config.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { checkSiteOrigin } from '../http/site-cors.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { ticketSchemas, type CreateTicketInput, type MessageInput } from './schema.ts';
import { addMessage, createTicket, getAttachment, getTicket, myTickets } from './service.ts';

/** Room for the maximum attachments, base64-encoded, plus the text fields. */
export function ticketBodyLimit(policy: Policy): number {
  return policy.attachments.maxFiles * Math.ceil(policy.attachments.maxBytes / 3) * 4 + 1024 * 1024;
}

function bearer(header: string | undefined): string {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) throw new ApiError(401, 'unauthorized', 'Send the ticket token you received when the ticket was created: "Authorization: Bearer <token>".');
  return m[1];
}

export function ticketRoutes(policy: Policy, config: Config) {
  const schemas = ticketSchemas(policy);
  const writes = limitsFor('tickets', config);
  const reads = limitsFor('reads', config);
  const maxBody = ticketBodyLimit(policy);

  return new Hono<AppEnv>()
    .post('/', writes.byIp, limitBody(maxBody), jsonBody(schemas.CreateTicket), writes.bySite, checkSiteOrigin, async (c) => {
      const { created, ticket } = await createTicket(c.var.services, c.var.body as unknown as CreateTicketInput, c.req.header('idempotency-key'));
      if (!created) c.header('Idempotent-Replayed', 'true');
      c.header('Location', `/api/tickets/${ticket.reference}`);
      return c.json(ticket, created ? 201 : 200);
    })
    .get('/mine', reads.byIp, async (c) => {
      const tokens = (c.req.header('x-ticket-tokens') ?? '').split(',');
      return c.json({ tickets: await myTickets(c.var.services, tokens) });
    })
    .get('/:reference', reads.byIp, async (c) => {
      const token = bearer(c.req.header('authorization'));
      return c.json(await getTicket(c.var.services, c.req.param('reference'), token));
    })
    .get('/:reference/attachments/:id', reads.byIp, async (c) => {
      const token = bearer(c.req.header('authorization'));
      const file = await getAttachment(c.var.services, c.req.param('reference'), token, c.req.param('id'));
      // Always a download, never rendered in our origin (HTML and SVG attachments are allowed).
      c.header('Content-Type', file.contentType);
      c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
      c.header('Content-Security-Policy', "sandbox; default-src 'none'");
      c.header('Cache-Control', 'private, no-store');
      return c.body(new Uint8Array(file.data));
    })
    .post('/:reference/messages', writes.byIp, limitBody(maxBody), async (c, next) => {
      bearer(c.req.header('authorization')); // refuse before reading a large body
      await next();
    }, writes.byTicket, jsonBody(schemas.Message), async (c) => {
      const token = bearer(c.req.header('authorization'));
      const message = await addMessage(c.var.services, c.req.param('reference'), token, c.var.body as MessageInput);
      return c.json(message, 201);
    });
}
