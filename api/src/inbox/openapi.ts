/**
 * OpenAPI path items for the escalation channels (agents, inbox, chat, inbound mail), from the
 * same zod schemas the routes validate with. Merged into /api/openapi.json by openapi/document.ts.
 */
import { z } from 'zod';
import { NewAgent } from '../agents/accounts.ts';
import { NewSite } from '../sites/sites.ts';
import { AssigneeInput, CallInput, QueueFilters, ReplyInput, SeverityInput, StatusInput, TimeInput } from './tickets.ts';
import { MAX_ID } from '../store/ids.ts';

type Schema = Record<string, unknown>;
const schema = (s: z.ZodType, io: 'input' | 'output' = 'input'): Schema => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Schema;
  return rest;
};
const body = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });
const error = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const reference = { name: 'reference', in: 'path', required: true, schema: { type: 'string', pattern: '^HW-\\d+$' } };
const session = [{ agentSession: [] }];
const csrf = {
  name: 'X-CSRF-Token',
  in: 'header',
  required: true,
  schema: { type: 'string' },
  description: 'The token from GET /api/agents/me (or the sign-in answer).',
};
const agentErrors = {
  '401': error('No agent session (`unauthorized`).'),
  '403': error('Missing or wrong X-CSRF-Token (`csrf_token_invalid`), or not an admin (`forbidden`).'),
  '422': error('Validation failed, with `fields`.'),
};

function action(summary: string, operationId: string, input: z.ZodType) {
  return {
    post: {
      summary,
      operationId,
      security: session,
      parameters: [reference, csrf],
      requestBody: body(input),
      responses: { '200': ok('Done.'), '201': ok('Created.'), '404': error('No such ticket.'), ...agentErrors },
    },
  };
}

const queryParameters = (s: z.ZodObject) => {
  const js = schema(s) as { properties: Record<string, Schema> };
  return Object.entries(js.properties).map(([name, p]) => ({ name, in: 'query', required: false, schema: p }));
};

export const agentSessionScheme = {
  type: 'apiKey',
  in: 'cookie',
  name: 'helpway_session',
  description: 'Agent session from POST /api/agents/login (HttpOnly, SameSite=Strict). Writes also need X-CSRF-Token.',
};

export function escalationPaths(): Record<string, unknown> {
  return {
    '/api/agents/login': {
      post: {
        summary: 'Agent sign-in',
        operationId: 'agentLogin',
        requestBody: body(z.object({ email: z.string(), password: z.string() })),
        responses: {
          '200': ok('Signed in: `{agent, csrfToken}` and a session cookie.'),
          '401': error('Wrong email or password (`invalid_credentials`).'),
          '415': error('Not JSON.'),
          '429': error('Too many attempts (`rate_limited`).'),
        },
      },
    },
    '/api/agents/logout': {
      post: {
        summary: 'Sign out',
        operationId: 'agentLogout',
        security: session,
        parameters: [csrf],
        responses: { '200': ok('Signed out.'), ...agentErrors },
      },
    },
    '/api/agents/me': {
      get: {
        summary: 'The signed-in agent and the CSRF token',
        operationId: 'agentMe',
        security: session,
        responses: { '200': ok('`{agent, csrfToken}`'), '401': agentErrors['401'] },
      },
    },
    '/api/agents': {
      get: {
        summary: 'The team, with who is online',
        operationId: 'listAgents',
        security: session,
        responses: { '200': ok('`{agents}`'), '401': agentErrors['401'] },
      },
    },
    '/api/admin/agents': {
      post: {
        summary: 'Add an agent (admin)',
        operationId: 'addAgent',
        security: session,
        parameters: [csrf],
        requestBody: body(NewAgent),
        responses: { '201': ok('`{agent}`'), '409': error('Email taken (`conflict`).'), ...agentErrors },
      },
    },
    '/api/admin/sites': {
      get: {
        summary: 'List sites (admin)',
        operationId: 'adminListSites',
        security: session,
        responses: { '200': ok('`{sites}`'), ...agentErrors },
      },
      post: {
        summary: 'Add or update a site (admin)',
        operationId: 'adminAddSite',
        security: session,
        parameters: [csrf],
        requestBody: body(NewSite),
        responses: { '201': ok('`{site}`'), ...agentErrors },
      },
    },
    '/api/inbox/tickets': {
      get: {
        summary: 'A page of the queue: next SLA due first (none last), then severity, then oldest',
        operationId: 'inboxQueue',
        security: session,
        parameters: queryParameters(QueueFilters),
        responses: {
          '200': ok(
            '`{tickets, total, nextCursor}`: tickets with nextDue (business minutes left, overdue); total = every ticket matching the filters; pass nextCursor as `cursor` for the next page (null on the last).',
          ),
          ...agentErrors,
        },
      },
    },
    '/api/inbox/tickets/{reference}': {
      get: {
        summary: 'A ticket with conversation, notes, context, attachments, history, time, budget and mail',
        operationId: 'inboxTicket',
        security: session,
        parameters: [reference],
        responses: { '200': ok('The ticket.'), '404': error('No such ticket.'), '401': agentErrors['401'] },
      },
    },
    '/api/inbox/tickets/{reference}/attachments/{id}': {
      get: {
        summary: 'Download an attachment (`?inline=1` shows PNG/JPEG/GIF/WebP inline)',
        operationId: 'inboxAttachment',
        security: session,
        parameters: [reference, { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ID } }],
        responses: { '200': { description: 'The file.' }, '404': error('No such attachment.'), '401': agentErrors['401'] },
      },
    },
    '/api/inbox/tickets/{reference}/replies': action('Reply to the requester (mailed, or in the live chat)', 'inboxReply', ReplyInput),
    '/api/inbox/tickets/{reference}/notes': action('Add an internal note', 'inboxNote', ReplyInput),
    '/api/inbox/tickets/{reference}/status': action(
      'Change the status (pending pauses the SLA clock; due times recomputed)',
      'inboxStatus',
      StatusInput,
    ),
    '/api/inbox/tickets/{reference}/assignee': action('Assign to an agent (or null)', 'inboxAssign', AssigneeInput),
    '/api/inbox/tickets/{reference}/severity': action('Change the severity (due times recomputed)', 'inboxSeverity', SeverityInput),
    '/api/inbox/tickets/{reference}/time': action('Log time against the site budget', 'inboxTime', TimeInput),
    '/api/inbox/tickets/{reference}/called': action('Mark a callback request called, with the outcome', 'inboxCalled', CallInput),
    '/api/inbox/mail': {
      get: {
        summary: 'Mail log: the outbox, queued and sent',
        operationId: 'inboxMail',
        security: session,
        responses: { '200': ok('`{mail, smtpConfigured}`'), '401': agentErrors['401'] },
      },
    },
    '/api/inbox/events': {
      get: {
        summary: 'Live updates (text/event-stream): a `changed` event whenever a ticket changes; keeps the agent online for chat',
        operationId: 'inboxEvents',
        security: session,
        responses: {
          '200': { description: 'An event stream (closed after HELPWAY_STREAM_IDLE_SECONDS without an event; EventSource reconnects).' },
          '401': agentErrors['401'],
          '429': error('Too many open streams from this address or this sign-in; see Retry-After.'),
        },
      },
    },
    '/api/chat/availability': {
      get: {
        summary: 'Whether live chat is available (calendar open and an agent online)',
        operationId: 'chatAvailability',
        parameters: [{ name: 'site', in: 'query', required: true, schema: { type: 'string' } }],
        responses: { '200': ok('`{available, calendarOpen, agentsOnline, nextOpening, message}`'), '422': error('Unknown site.') },
      },
    },
    '/api/chat/{reference}/events': {
      get: {
        summary:
          'The chat as an event stream: `message` events (id = message id; 0 = the opening message) and `state` events; resume with Last-Event-ID (or ?lastEventId=)',
        operationId: 'chatEvents',
        parameters: [
          reference,
          { name: 'token', in: 'query', required: true, schema: { type: 'string' } },
          { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'An event stream (closed after HELPWAY_STREAM_IDLE_SECONDS without an event; EventSource reconnects and resumes).',
          },
          '401': error('No token.'),
          '404': error('No such ticket for this token.'),
          '429': error('Too many open streams for this ticket or from this address; see Retry-After.'),
        },
      },
    },
    '/api/chat/{reference}/messages': {
      post: {
        summary: 'Send a chat message (requester token as Bearer)',
        operationId: 'chatMessage',
        security: [{ ticketToken: [] }],
        parameters: [reference],
        requestBody: body(z.object({ body: z.string().min(1).max(5000) })),
        responses: {
          '201': ok('The message.'),
          '401': error('No token.'),
          '404': error('No such ticket for this token.'),
          '422': error('Empty message.'),
        },
      },
    },
    '/api/chat/{reference}/end': {
      post: {
        summary: 'End the chat; further answers go by email',
        operationId: 'chatEnd',
        security: [{ ticketToken: [] }],
        parameters: [reference],
        responses: { '200': ok('`{chatState}`'), '404': error('No such ticket for this token.') },
      },
    },
    '/api/mail/inbound': {
      post: {
        summary: 'Inbound mail webhook: a raw MIME message',
        operationId: 'inboundMail',
        description:
          "Protected by HELPWAY_INBOUND_SECRET in the X-Helpway-Inbound-Secret header only; wrong or missing secrets are rate limited per client address. A reply that answers one of our mails to a ticket's requester (our Message-ID in In-Reply-To/References) and comes from the requester's address becomes a message on that ticket; other mail from a registered site's domain becomes a ticket (once per Message-ID). An SPF/DKIM/DMARC fail in the provider's Authentication-Results is refused; without a pass the message is stored marked as from an unverified sender. Anything else is refused with `mail_rejected`.",
        requestBody: { required: true, content: { 'message/rfc822': { schema: { type: 'string' } } } },
        responses: {
          '201': ok('`{action: "message"|"ticket", reference}`'),
          '200': ok('The same Message-ID again: the ticket created before.'),
          '401': error('No secret.'),
          '403': error('Wrong secret, or inbound mail not enabled.'),
          '422': error('Rejected (`mail_rejected`), saying why.'),
          '429': error('Too many wrong secrets from this address; see Retry-After.'),
        },
      },
    },
  };
}
