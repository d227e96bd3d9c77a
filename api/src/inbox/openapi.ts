/** /api/inbox, the agents' API, in the OpenAPI route table (openapi/operations.ts). */
import type { z } from 'zod';
import { csrfHeader, error, idParam, referenceParam, type Operation, type ResponseSpec } from '../openapi/operations.ts';
import { AssigneeInput, CallInput, NoteInput, QueueFilters, ReplyInput, SeverityInput, StatusInput, TimeInput } from './tickets.ts';
import { TypingInput } from '../chat/typing.ts';
import { TypingReported } from '../chat/shapes.ts';
import { AgentMessage, Assigned, Called, InboxTicket, MailLog, QueuePage, SeverityChanged, StatusChanged, TimeLogged } from './shapes.ts';

export const agentSessionScheme = {
  type: 'apiKey',
  in: 'cookie',
  name: 'helpway_session',
  description: 'Agent session from POST /api/agents/login (HttpOnly, SameSite=Strict). Writes also need X-CSRF-Token.',
};

export const agentErrors = {
  '401': error('No agent session (`unauthorized`).'),
  '403': error('Missing or wrong X-CSRF-Token (`csrf_token_invalid`), or not an admin (`forbidden`).'),
  '422': error('Validation failed, with `fields`.'),
};

/** A POST on one ticket: answers 201 when it adds a row (a message, a time entry), 200 otherwise. */
function action(
  path: string,
  operationId: string,
  summary: string,
  input: z.ZodType,
  answer: { status: '200' | '201'; json: z.ZodType },
  extra: Record<string, ResponseSpec> = {},
): Operation {
  const done: ResponseSpec = { description: answer.status === '201' ? 'Created.' : 'Done.', json: answer.json };
  return {
    method: 'post',
    path: `/api/inbox/tickets/{reference}/${path}`,
    operationId,
    summary,
    auth: 'agentSession',
    parameters: [referenceParam, csrfHeader],
    body: input,
    responses: { [answer.status]: done, '404': error('No such ticket.'), ...extra, ...agentErrors },
  };
}

/** A change sent with `basedOn` to a ticket that moved since: nothing done, and what changed. */
const stale: Record<string, ResponseSpec> = {
  '409': error(
    '`ticket_changed`: the ticket has new messages or a status change since `basedOn`; nothing was done. `error.changes` says what changed: `version` (send it as `basedOn` to go ahead), `status`, `messages` and `statusChanges` since, oldest first.',
  ),
};

export const inboxOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/inbox/tickets',
    operationId: 'inboxQueue',
    summary: 'A page of the queue: next SLA due first (none last), then severity, then oldest',
    auth: 'agentSession',
    query: QueueFilters,
    responses: {
      '200': {
        description:
          'Tickets with nextDue (business minutes left, overdue); total = every ticket matching the filters; pass nextCursor as `cursor` for the next page (null on the last).',
        json: QueuePage,
      },
      ...agentErrors,
    },
  },
  {
    method: 'get',
    path: '/api/inbox/tickets/{reference}',
    operationId: 'inboxTicket',
    summary: 'A ticket with conversation, notes, context, attachments, history, time, budget and mail',
    auth: 'agentSession',
    parameters: [referenceParam],
    responses: { '200': { description: 'The ticket.', json: InboxTicket }, '404': error('No such ticket.'), '401': agentErrors['401'] },
  },
  {
    method: 'get',
    path: '/api/inbox/tickets/{reference}/attachments/{id}',
    operationId: 'inboxAttachment',
    summary: 'Download an attachment (`?inline=1` shows PNG/JPEG/GIF/WebP inline)',
    auth: 'agentSession',
    parameters: [referenceParam, idParam],
    responses: { '200': { description: 'The file.' }, '404': error('No such attachment.'), '401': agentErrors['401'] },
  },
  action(
    'replies',
    'inboxReply',
    'Reply to the requester (mailed, or in the live chat)',
    ReplyInput,
    { status: '201', json: AgentMessage },
    stale,
  ),
  action('notes', 'inboxNote', 'Add an internal note', NoteInput, { status: '201', json: AgentMessage }),
  action(
    'status',
    'inboxStatus',
    'Change the status (pending pauses the SLA clock; due times recomputed)',
    StatusInput,
    { status: '200', json: StatusChanged },
    stale,
  ),
  action('assignee', 'inboxAssign', 'Assign to an agent (or null)', AssigneeInput, { status: '200', json: Assigned }),
  action('severity', 'inboxSeverity', 'Change the severity (due times recomputed)', SeverityInput, {
    status: '200',
    json: SeverityChanged,
  }),
  action('time', 'inboxTime', 'Log time against the site budget', TimeInput, { status: '201', json: TimeLogged }),
  action('called', 'inboxCalled', 'Mark a callback request called, with the outcome', CallInput, { status: '200', json: Called }),
  action(
    'chat/typing',
    'inboxChatTyping',
    'The agent is typing in the live chat (true) or stopped (false): the requester sees "… is typing"; report at most every few seconds',
    TypingInput,
    { status: '200', json: TypingReported },
  ),
  {
    method: 'get',
    path: '/api/inbox/mail',
    operationId: 'inboxMail',
    summary: 'Mail log: the outbox, queued and sent',
    auth: 'agentSession',
    responses: { '200': { description: 'Newest first.', json: MailLog }, '401': agentErrors['401'] },
  },
  {
    method: 'get',
    path: '/api/inbox/events',
    operationId: 'inboxEvents',
    summary: 'Live updates (text/event-stream): a `changed` event whenever a ticket changes; keeps the agent online for chat',
    description:
      "Also an `sla` event (data: SlaNotice — reference, subject, kind warned|missed|escalated, target, level, role, trigger, at) for each SLA warning, miss or escalation recorded after the stream opened; its `id` lets a reconnecting EventSource (Last-Event-ID) get the ones it missed. And a `typing` event (data: {references}: the live chats whose requester is typing now) when there is news: someone is typing, or the list changed. With `tab` (an inbox tab), also a `presence` event (who is on which ticket, whole: see POST /api/inbox/presence) when the stream opens and after each change, and the tab's own place on a ticket is kept while the stream is open and dropped when it closes.",
    auth: 'agentSession',
    parameters: [
      {
        name: 'tab',
        in: 'query',
        required: false,
        schema: { type: 'string', pattern: '^[A-Za-z0-9-]{8,64}$' },
        description: 'The id this tab uses with POST /api/inbox/presence.',
      },
    ],
    responses: {
      '200': {
        description: 'An event stream (closed after HELPWAY_STREAM_IDLE_SECONDS without an event; EventSource reconnects).',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
      '401': agentErrors['401'],
      '422': error('`tab` is not a tab id.'),
      '429': error('Too many open streams from this address or this sign-in; see Retry-After.'),
    },
  },
];
