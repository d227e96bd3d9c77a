/** /api/tickets in the OpenAPI route table (openapi/operations.ts): the ticket wire format. */
import type { Policy } from '#content/policy-schema.ts';
import { bodyErrors, error, idParam, rateLimited, referenceParam, type Operation } from '../openapi/operations.ts';
import { EscalateInput, ticketSchemas } from './schema.ts';
import { Escalated, MessageAdded, MyTickets, Ticket, TicketCreated } from './shapes.ts';

export function ticketOperations(policy: Policy): Operation[] {
  const schemas = ticketSchemas(policy);
  return [
    {
      method: 'post',
      path: '/api/tickets',
      operationId: 'createTicket',
      summary: 'Create a ticket',
      description:
        'Idempotent with an `Idempotency-Key` header: the same key (per site) and body return the same ticket (200, `Idempotent-Replayed: true`); the same key with another body is refused (422 `idempotency_key_reused`). Attachments are uploaded first (POST /api/uploads) and listed here by upload id; the ticket claims them (each upload once, for the same site). The JSON body is at most 1 MB and 32 levels deep.',
      parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 255 } }],
      body: schemas.CreateTicket,
      responses: {
        '201': { description: 'Created.', json: TicketCreated },
        '200': { description: 'Replayed: the ticket created earlier with this Idempotency-Key.', json: TicketCreated },
        '403': error('The Origin is not registered for the site (`origin_not_allowed`).'),
        ...bodyErrors,
      },
    },
    {
      method: 'get',
      path: '/api/tickets/mine',
      operationId: 'myTickets',
      summary: "A requester's tickets, by the tokens their browser kept",
      parameters: [
        {
          name: 'X-Ticket-Tokens',
          in: 'header',
          required: true,
          schema: { type: 'string' },
          description: 'Comma-separated requester tokens (up to 50).',
        },
      ],
      responses: { '200': { description: 'Newest first.', json: MyTickets }, '429': rateLimited },
    },
    {
      method: 'get',
      path: '/api/tickets/{reference}',
      operationId: 'getTicket',
      summary: 'Read a ticket',
      auth: 'ticketToken',
      parameters: [referenceParam],
      responses: {
        '200': { description: 'The ticket.', json: Ticket },
        '401': error('No token (`unauthorized`).'),
        '404': error('No such ticket for this token (`not_found`).'),
        '429': rateLimited,
      },
    },
    {
      method: 'get',
      path: '/api/tickets/{reference}/attachments/{id}',
      operationId: 'getAttachment',
      summary: 'Download an attachment of a ticket',
      auth: 'ticketToken',
      parameters: [referenceParam, idParam],
      responses: {
        '200': { description: 'The file, as a download (Content-Disposition: attachment).' },
        '401': error('No token.'),
        '404': error('No such attachment on this ticket for this token.'),
      },
    },
    {
      method: 'post',
      path: '/api/tickets/{reference}/messages',
      operationId: 'addMessage',
      summary: 'Add a message to a ticket',
      auth: 'ticketToken',
      parameters: [referenceParam],
      body: schemas.Message,
      responses: {
        '201': { description: 'Added.', json: MessageAdded },
        '401': error('No token.'),
        '404': error('No such ticket for this token.'),
        ...bodyErrors,
      },
    },
    {
      method: 'post',
      path: '/api/tickets/{reference}/escalate',
      operationId: 'escalateTicket',
      summary: 'Ask for escalation (or make a formal complaint)',
      description:
        "The ticket goes at once to the escalation level of its SLA terms whose triggers include `requested` (`complaint` with `\"complaint\": true`), and that level's contact is mailed. Once per working day per ticket (the support calendar's local date; a request on a closed day counts toward the next working day). The answer names the level and its role; the contact's address stays internal.",
      auth: 'ticketToken',
      parameters: [referenceParam],
      body: EscalateInput,
      responses: {
        '201': { description: 'Escalated: who owns the ticket now.', json: Escalated },
        '401': error('No token (`unauthorized`).'),
        '404': error('No such ticket for this token (`not_found`).'),
        '409': error(
          'The ticket is solved or closed (`ticket_closed`: reply to reopen it), or the policy has no level for this trigger (`conflict`).',
        ),
        ...bodyErrors,
        '429': error(
          "Already escalated at the requester's request this working day (`escalation_limited`, Retry-After = seconds until the next working day starts), or rate limited (`rate_limited`).",
        ),
      },
    },
  ];
}
