/** /api/chat in the OpenAPI route table (openapi/operations.ts). */
import { error, referenceParam, type Operation } from '../openapi/operations.ts';
import { AvailabilityQuery, ChatMessage } from './routes.ts';
import { ChatAvailability, ChatEnded, ChatMessageSent } from './shapes.ts';

export const chatOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/chat/availability',
    operationId: 'chatAvailability',
    summary: 'Whether live chat is available (calendar open and an agent online)',
    query: AvailabilityQuery,
    responses: { '200': { description: 'Availability now.', json: ChatAvailability }, '422': error('Unknown site.') },
  },
  {
    method: 'get',
    path: '/api/chat/{reference}/events',
    operationId: 'chatEvents',
    summary:
      'The chat as an event stream: `message` events (id = message id; 0 = the opening message) and `state` events; resume with Last-Event-ID (or ?lastEventId=)',
    parameters: [
      referenceParam,
      { name: 'token', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: 'An event stream (closed after HELPWAY_STREAM_IDLE_SECONDS without an event; EventSource reconnects and resumes).',
        content: { 'text/event-stream': { schema: { type: 'string' } } },
      },
      '401': error('No token.'),
      '404': error('No such ticket for this token.'),
      '429': error('Too many open streams for this ticket or from this address; see Retry-After.'),
    },
  },
  {
    method: 'post',
    path: '/api/chat/{reference}/messages',
    operationId: 'chatMessage',
    summary: 'Send a chat message (requester token as Bearer)',
    auth: 'ticketToken',
    parameters: [referenceParam],
    body: ChatMessage,
    responses: {
      '201': { description: 'The message.', json: ChatMessageSent },
      '401': error('No token.'),
      '404': error('No such ticket for this token.'),
      '422': error('Empty message.'),
    },
  },
  {
    method: 'post',
    path: '/api/chat/{reference}/end',
    operationId: 'chatEnd',
    summary: 'End the chat; further answers go by email',
    auth: 'ticketToken',
    parameters: [referenceParam],
    responses: { '200': { description: 'The chat state now.', json: ChatEnded }, '404': error('No such ticket for this token.') },
  },
];
