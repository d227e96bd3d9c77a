/** /api/tickets: create, read, add a message, ask for escalation, list mine. */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { Policy } from '#content/policy-schema.ts';
import type { Config } from '../config.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody } from '../http/json-body.ts';
import { checkSiteOrigin } from '../http/site-cors.ts';
import { limitsFor } from '../http/rate-limit.ts';
import type { TicketRow } from '../store/schema.ts';
import { EscalateInput, ticketSchemas, type CreateTicketInput, type MessageInput } from './schema.ts';
import { requesterTicket } from './access.ts';
import { requestEscalation } from './escalate.ts';
import { addMessage, createTicket, getAttachment, getTicket, myTickets } from './service.ts';
import type { Escalated, MessageAdded, MyTickets, Ticket, TicketCreated } from './shapes.ts';

/**
 * JSON only (files arrive apart, through /api/uploads): the largest honest ticket, every text
 * field at its maximum, is a few hundred KB.
 */
export const TICKET_BODY_LIMIT = 1024 * 1024;
export const MESSAGE_BODY_LIMIT = 256 * 1024;
/** A reason of 2,000 characters, each up to 4 bytes of UTF-8 or a 6-byte JSON escape, and the rest. */
export const ESCALATE_BODY_LIMIT = 16 * 1024;

/** A message's ticket, authorised before its body is read. */
type TicketsEnv = { Variables: AppEnv['Variables'] & { ticket?: TicketRow } };

function bearer(header: string | undefined): string {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m)
    throw new ApiError(
      401,
      'unauthorized',
      'Send the ticket token you received when the ticket was created: "Authorization: Bearer <token>".',
    );
  return m[1];
}

/** An attachment as a download, never rendered in our origin (HTML and SVG attachments are allowed). */
export function sendAttachment(c: Context, file: { filename: string; contentType: string; data: Buffer }): Response {
  c.header('Content-Type', file.contentType);
  c.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`); // filename neutralised by displayFileName
  c.header('Content-Security-Policy', "sandbox; default-src 'none'");
  c.header('Cache-Control', 'private, no-store');
  return c.body(new Uint8Array(file.data));
}

export function ticketRoutes(policy: Policy, config: Config) {
  const schemas = ticketSchemas(policy);
  const writes = limitsFor('tickets', config);
  const reads = limitsFor('reads', config);

  // The token is checked against the ticket before a byte of the body is read.
  const authorise: MiddlewareHandler<TicketsEnv> = async (c, next) => {
    c.set('ticket', await requesterTicket(c.var.services.store.db, c.req.param('reference') ?? '', bearer(c.req.header('authorization'))));
    await next();
  };

  return new Hono<TicketsEnv>()
    .post('/', writes.byIp, jsonBody(schemas.CreateTicket, { maxBytes: TICKET_BODY_LIMIT }), writes.bySite, checkSiteOrigin, async (c) => {
      const { created, ticket } = await createTicket(
        c.var.services,
        c.var.body as unknown as CreateTicketInput,
        c.req.header('idempotency-key'),
      );
      if (!created) c.header('Idempotent-Replayed', 'true');
      c.header('Location', `/api/tickets/${ticket.reference}`);
      return c.json<TicketCreated>(ticket, created ? 201 : 200);
    })
    .get('/mine', reads.byIp, async (c) => {
      const tokens = (c.req.header('x-ticket-tokens') ?? '').split(',');
      return c.json<MyTickets>({ tickets: await myTickets(c.var.services, tokens) });
    })
    .get('/:reference', reads.byIp, async (c) => {
      const token = bearer(c.req.header('authorization'));
      return c.json<Ticket>(await getTicket(c.var.services, c.req.param('reference'), token));
    })
    .get('/:reference/attachments/:id', reads.byIp, async (c) => {
      const token = bearer(c.req.header('authorization'));
      return sendAttachment(c, await getAttachment(c.var.services, c.req.param('reference'), token, c.req.param('id')));
    })
    .post(
      '/:reference/messages',
      writes.byIp,
      authorise,
      writes.byTicket,
      jsonBody(schemas.Message, { maxBytes: MESSAGE_BODY_LIMIT }),
      async (c) => {
        const message = await addMessage(c.var.services, c.var.ticket!, c.var.body as MessageInput);
        return c.json<MessageAdded>(message, 201);
      },
    )
    .post(
      '/:reference/escalate',
      writes.byIp,
      authorise,
      writes.byTicket,
      jsonBody(EscalateInput, { maxBytes: ESCALATE_BODY_LIMIT }),
      async (c) => c.json<Escalated>(await requestEscalation(c.var.services, c.var.ticket!, c.var.body as EscalateInput), 201),
    );
}
