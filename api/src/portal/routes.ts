/**
 * /api/portal: a signed-in contact's tickets, their site's budget and SLA (key contacts).
 *
 *   GET  /tickets?status&q&mine&limit&cursor     GET  /tickets/{ref}      GET /tickets/{ref}/attachments/{id}
 *   POST /tickets                                POST /tickets/{ref}/replies | escalate | satisfaction
 *   GET  /budget?month   GET /budget/statement?month   GET /sla            (key contacts only)
 *
 * Each route checks the session (and CSRF on writes) itself rather than with a `*` middleware:
 * the sign-in routes share this prefix and must stay reachable without a session. A ticket is
 * authorised before its body is read; one the contact may not see is a plain 404.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Policy } from '#content/policy-schema.ts';
import type { Config } from '../config.ts';
import { ApiError, fieldsFromZod, validationError } from '../http/errors.ts';
import { jsonBody, queryParams } from '../http/json-body.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { budgetStatement, statementHtml, STATEMENT_CSP } from '../reports/statement.ts';
import { rateTicket, SatisfactionInput } from '../satisfaction/ratings.ts';
import type { TicketRow } from '../store/schema.ts';
import { requestEscalation } from '../tickets/escalate.ts';
import { addRequesterMessage } from '../tickets/messages.ts';
import { ESCALATE_BODY_LIMIT, MESSAGE_BODY_LIMIT, sendAttachment, TICKET_BODY_LIMIT } from '../tickets/routes.ts';
import { EscalateInput, ticketSchemas, type CreateTicketInput, type MessageInput } from '../tickets/schema.ts';
import { attachmentOf, createTicket } from '../tickets/service.ts';
import type { Escalated } from '../tickets/shapes.ts';
import { requireContact, type PortalEnv } from './auth.ts';
import { siteSlaSummary } from './sla.ts';
import {
  PortalMonthQuery,
  portalNewTicket,
  PortalTicketQuery,
  type PortalSla,
  type PortalTicket,
  type PortalTicketList,
} from './shapes.ts';
import { contactTicket, listTickets, readTicket } from './tickets.ts';

type TicketEnv = PortalEnv & { Variables: PortalEnv['Variables'] & { ticket: TicketRow } };

/** The ticket of the path, if the signed-in contact may see it (before any body is read). */
const seenTicket: MiddlewareHandler<TicketEnv> = async (c, next) => {
  c.set('ticket', await contactTicket(c.var.services, c.var.contact, c.req.param('reference') ?? ''));
  await next();
};

/** `month` or the current one; never after the current one. */
function monthOf(query: PortalMonthQuery, now: Date): string {
  const current = now.toISOString().slice(0, 7);
  if (query.month && query.month > current) throw validationError({ month: 'must not be after the current month' });
  return query.month ?? current;
}

export function portalRoutes(policy: Policy, config: Config) {
  const reads = limitsFor('reads', config);
  const writes = limitsFor('tickets', config);
  const contact = requireContact();
  const keyContact = requireContact({ key: true });
  const NewTicket = portalNewTicket(policy);
  const { Message, CreateTicket } = ticketSchemas(policy);

  const statementFor = async (services: PortalEnv['Variables']['services'], siteKey: string, query: PortalMonthQuery) => {
    const statement = await budgetStatement(services, siteKey, monthOf(query, services.clock.now()));
    if (!statement) throw new ApiError(404, 'not_found', 'Your site is no longer registered.');
    return statement;
  };

  return new Hono<TicketEnv>()
    .get('/tickets', reads.byIp, contact, queryParams(PortalTicketQuery), async (c) => {
      const query = (c.var as unknown as { query: PortalTicketQuery }).query;
      return c.json<PortalTicketList>(await listTickets(c.var.services, c.var.contact, query));
    })
    .post('/tickets', writes.byIp, contact, jsonBody(NewTicket, { maxBytes: TICKET_BODY_LIMIT }), async (c) => {
      const { contact: who, services } = c.var;
      const body = c.var.body as Record<string, unknown>;
      // The public ticket's own schema decides, with what the portal knows filled in: one set of rules.
      const parsed = CreateTicket.safeParse({
        ...body,
        site: who.siteKey,
        requester: { name: who.name, email: who.email },
        channel: 'email',
      });
      if (!parsed.success) throw validationError(fieldsFromZod(parsed.error));
      const input = parsed.data as unknown as CreateTicketInput;
      const { created, ticket } = await createTicket(services, input, c.req.header('idempotency-key'), {
        channel: 'portal',
        contactId: who.id,
      });
      if (!created) c.header('Idempotent-Replayed', 'true');
      c.header('Location', `/api/portal/tickets/${ticket.reference}`);
      return c.json({ reference: ticket.reference }, created ? 201 : 200);
    })
    .get('/tickets/:reference', reads.byIp, contact, seenTicket, async (c) =>
      c.json<PortalTicket>(await readTicket(c.var.services, c.var.contact, c.var.ticket)),
    )
    .get('/tickets/:reference/attachments/:id', reads.byIp, contact, seenTicket, async (c) =>
      sendAttachment(c, await attachmentOf(c.var.services.store.db, c.var.ticket, c.req.param('id'))),
    )
    .post(
      '/tickets/:reference/replies',
      writes.byIp,
      contact,
      seenTicket,
      jsonBody(Message, { maxBytes: MESSAGE_BODY_LIMIT }),
      async (c) => {
        const input = c.var.body as MessageInput;
        const added = await addRequesterMessage(c.var.services, c.var.ticket, {
          body: input.body,
          attachments: input.attachments,
          via: 'portal',
        });
        return c.json(added, 201);
      },
    )
    .post(
      '/tickets/:reference/escalate',
      writes.byIp,
      contact,
      seenTicket,
      jsonBody(EscalateInput, { maxBytes: ESCALATE_BODY_LIMIT }),
      async (c) => c.json<Escalated>(await requestEscalation(c.var.services, c.var.ticket, c.var.body as EscalateInput), 201),
    )
    .post('/tickets/:reference/satisfaction', writes.byIp, contact, seenTicket, jsonBody(SatisfactionInput), async (c) =>
      c.json(await rateTicket(c.var.services, c.var.ticket, c.var.body as SatisfactionInput), 201),
    )
    .get('/budget', reads.byIp, keyContact, queryParams(PortalMonthQuery), async (c) => {
      const query = (c.var as unknown as { query: PortalMonthQuery }).query;
      return c.json(await statementFor(c.var.services, c.var.contact.siteKey, query));
    })
    .get('/budget/statement', reads.byIp, keyContact, queryParams(PortalMonthQuery), async (c) => {
      const query = (c.var as unknown as { query: z.output<typeof PortalMonthQuery> }).query;
      const statement = await statementFor(c.var.services, c.var.contact.siteKey, query);
      c.header('Cache-Control', 'private, no-store');
      c.header('Content-Security-Policy', STATEMENT_CSP);
      return c.html(statementHtml(statement));
    })
    .get('/sla', reads.byIp, keyContact, async (c) => c.json<PortalSla>(await siteSlaSummary(c.var.services, c.var.contact.siteKey)));
}
