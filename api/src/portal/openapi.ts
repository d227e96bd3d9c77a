/** /api/portal's tickets, budget and SLA in the OpenAPI route table (openapi/operations.ts): a signed-in contact. */
import type { z } from 'zod';
import type { Policy } from '#content/policy-schema.ts';
import { bodyErrors, error, idParam, referenceParam, type Operation } from '../openapi/operations.ts';
import { SatisfactionInput } from '../satisfaction/ratings.ts';
import { EscalateInput, ticketSchemas } from '../tickets/schema.ts';
import { Escalated } from '../tickets/shapes.ts';
import {
  PortalBudget,
  PortalCreated,
  PortalMonthQuery,
  portalNewTicket,
  PortalRated,
  PortalReplied,
  PortalSla,
  PortalTicket,
  PortalTicketList,
  PortalTicketQuery,
} from './shapes.ts';

/** How the portal's session cookie is presented (api/src/portal/auth.ts). */
export const portalSessionScheme = {
  type: 'apiKey',
  in: 'cookie',
  name: 'helpway_portal',
  description:
    'Portal session of a site contact, from POST /api/portal/sign-in/confirm (HttpOnly, SameSite=Strict). Writes also need X-CSRF-Token.',
};

const contactCsrf = {
  name: 'X-CSRF-Token',
  in: 'header',
  required: true,
  schema: { type: 'string' },
  description: 'The token from GET /api/portal/me (or the sign-in answer).',
};

const unauthorised = error('No portal session (`unauthorized`).');
const csrf = error('Missing or wrong X-CSRF-Token (`csrf_token_invalid`).');
const keyOnly = error('Not a key contact of the site (`forbidden`): members see their own tickets only.');
const noTicket = error(
  "No ticket with this reference that this contact may see (`not_found`): absent, another site's, or (for a member) another contact's.",
);

export function portalOperations(policy: Policy): Operation[] {
  const { Message } = ticketSchemas(policy);
  const onTicket = (
    path: string,
    operationId: string,
    summary: string,
    description: string,
    body: z.ZodType,
    ok: Operation['responses'],
  ): Operation => ({
    method: 'post',
    path: `/api/portal/tickets/{reference}/${path}`,
    operationId,
    summary,
    description,
    auth: 'portalSession',
    parameters: [referenceParam, contactCsrf],
    body,
    responses: { ...ok, '401': unauthorised, '403': csrf, '404': noTicket, ...bodyErrors },
  });
  return [
    {
      method: 'get',
      path: '/api/portal/tickets',
      operationId: 'portalTickets',
      summary: "The contact's tickets (a key contact: all of the site's)",
      description:
        "Newest first, `limit` a page (pass `nextCursor` as `cursor` for the next). A member sees the tickets filed as them; a key contact all of the site's (`mine=true`: only their own). `nextDue` is the earliest due time of the SLA targets still running (first response, next reply, resolution).",
      auth: 'portalSession',
      query: PortalTicketQuery as unknown as z.ZodObject,
      responses: {
        '200': { description: 'A page of tickets.', json: PortalTicketList },
        '401': unauthorised,
        '422': error('A parameter is refused (`validation_failed`), named in `fields`.'),
      },
    },
    {
      method: 'post',
      path: '/api/portal/tickets',
      operationId: 'portalCreateTicket',
      summary: 'File a ticket as the contact',
      description:
        "The rules of POST /api/tickets (types, their fields, severities, attachments by upload id): the site is the contact's, the requester is the contact (verified), replies come by mail and in the portal. With an Idempotency-Key, a retry answers the same ticket (200, Idempotent-Replayed).",
      auth: 'portalSession',
      parameters: [contactCsrf],
      body: portalNewTicket(policy),
      responses: {
        '201': { description: 'Filed.', json: PortalCreated },
        '200': { description: 'The ticket this Idempotency-Key already filed.', json: PortalCreated },
        '401': unauthorised,
        '403': csrf,
        ...bodyErrors,
      },
    },
    {
      method: 'get',
      path: '/api/portal/tickets/{reference}',
      operationId: 'portalTicket',
      summary: 'One ticket: the conversation (no internal notes), files, SLA due times, rating, whether it can be escalated',
      auth: 'portalSession',
      parameters: [referenceParam],
      responses: { '200': { description: 'The ticket.', json: PortalTicket }, '401': unauthorised, '404': noTicket },
    },
    {
      method: 'get',
      path: '/api/portal/tickets/{reference}/attachments/{id}',
      operationId: 'portalAttachment',
      summary: 'Download one file of a ticket',
      description: 'Always a download (Content-Disposition: attachment, sandboxed), never rendered in our origin.',
      auth: 'portalSession',
      parameters: [referenceParam, idParam],
      responses: {
        '200': { description: 'The file.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        '401': unauthorised,
        '404': error('No such ticket for this contact, or no such file on it (`not_found`).'),
      },
    },
    onTicket(
      'replies',
      'portalReply',
      'Reply on the ticket',
      "The requester's message (as a mail reply or the status page would add it): a pending or solved ticket opens again. Files by upload id.",
      Message,
      { '201': { description: 'Added.', json: PortalReplied } },
    ),
    onTicket(
      'escalate',
      'portalEscalate',
      'Ask for escalation (or make a formal complaint)',
      'The rules of POST /api/tickets/{reference}/escalate: once per working day per ticket, not on a solved or closed ticket.',
      EscalateInput,
      {
        '201': { description: 'Escalated: who owns the ticket now.', json: Escalated },
        '409': error('Solved or closed (`ticket_closed`), or no escalation level for this trigger (`conflict`).'),
        '429': error('Already escalated this working day (`escalation_limited`, Retry-After), or rate limited (`rate_limited`).'),
      },
    ),
    onTicket(
      'satisfaction',
      'portalRate',
      'Rate a solved or closed ticket: good or bad, with a comment',
      'One answer per ticket; a later one replaces it.',
      SatisfactionInput,
      {
        '201': { description: 'Recorded.', json: PortalRated },
        '409': error('The ticket is not solved or closed (`conflict`).'),
      },
    ),
    {
      method: 'get',
      path: '/api/portal/budget',
      operationId: 'portalBudget',
      summary: "The site's budget statement for one month (key contacts)",
      description:
        "Hours bought, used before the month, used in it per rate with cost, remaining, and the month's timesheet entries: the agents' statement (GET /api/reports/budget/statement) as JSON.",
      auth: 'portalSession',
      query: PortalMonthQuery as unknown as z.ZodObject,
      responses: {
        '200': { description: 'The statement.', json: PortalBudget },
        '401': unauthorised,
        '403': keyOnly,
        '422': error('`month` not YYYY-MM or after the current month (`validation_failed`).'),
      },
    },
    {
      method: 'get',
      path: '/api/portal/budget/statement',
      operationId: 'portalBudgetStatement',
      summary: "The site's budget statement for one month as a printable page (key contacts)",
      auth: 'portalSession',
      query: PortalMonthQuery as unknown as z.ZodObject,
      responses: {
        '200': { description: 'A whole HTML page laid out for A4, no script.', content: { 'text/html': { schema: { type: 'string' } } } },
        '401': unauthorised,
        '403': keyOnly,
        '422': error('`month` not YYYY-MM or after the current month (`validation_failed`).'),
      },
    },
    {
      method: 'get',
      path: '/api/portal/sla',
      operationId: 'portalSla',
      summary: "The site's SLA this quarter (key contacts)",
      description:
        "For the site's tickets filed this quarter (in the support time zone): first response and resolution met / missed / pending, next replies met / missed, as the agents' SLA report counts them.",
      auth: 'portalSession',
      responses: { '200': { description: 'The quarter so far.', json: PortalSla }, '401': unauthorised, '403': keyOnly },
    },
  ];
}
