/** /api/chat in the OpenAPI route table (openapi/operations.ts). */
import { bodyErrors, error, jsonSchema, referenceParam, type Operation } from '../openapi/operations.ts';
import { AvailabilityQuery, ChatMessage } from './routes.ts';
import { TypingInput } from './typing.ts';
import {
  ChatAvailability,
  ChatEnded,
  ChatMessageSent,
  ChatStreamMessage,
  ChatStreamState,
  ChatStreamTyping,
  TypingReported,
} from './shapes.ts';

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
      'The chat as an event stream: `message` events (id = message id; 0 = the opening message), `state` and `typing` events; resume with Last-Event-ID (or ?lastEventId=)',
    description:
      "Each event's `data` is JSON: `message` as in x-event-data.message (agents by display name and initials, never their login), `state` (status, chat state, the agent answering) after every change, `typing` (the agent typing now, or null) after every change and every agent typing report.",
    parameters: [
      referenceParam,
      { name: 'token', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } },
    ],
    responses: {
      '200': {
        description: 'An event stream (closed after HELPWAY_STREAM_IDLE_SECONDS without an event; EventSource reconnects and resumes).',
        content: {
          'text/event-stream': {
            schema: {
              type: 'string',
              'x-event-data': {
                message: jsonSchema(ChatStreamMessage, 'output'),
                state: jsonSchema(ChatStreamState, 'output'),
                typing: jsonSchema(ChatStreamTyping, 'output'),
              },
            },
          },
        },
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
    path: '/api/chat/{reference}/typing',
    operationId: 'chatTyping',
    summary: 'The requester is typing (true) or stopped (false): shown in the inbox; report at most every few seconds',
    auth: 'ticketToken',
    parameters: [referenceParam],
    body: TypingInput,
    responses: {
      '200': {
        description: 'Whether the agents are told (a report within 2 s of the last that changes nothing is not).',
        json: TypingReported,
      },
      '401': error('No token.'),
      '404': error('No such ticket for this token.'),
      ...bodyErrors,
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
