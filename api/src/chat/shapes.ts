/** What /api/chat answers: whether chat is on, a message sent, the chat ended, and the events of its stream. */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';

export const ChatAvailability = z.object({
  available: z.boolean().describe('The calendar is open and an agent is online.'),
  calendarOpen: z.boolean(),
  agentsOnline: z.number().int(),
  nextOpening: Instant.nullable(),
  message: z.string(),
});
export type ChatAvailability = z.infer<typeof ChatAvailability>;

export const ChatMessageSent = z.object({ id: z.number().int(), author: z.literal('requester'), body: z.string(), createdAt: Instant });
export type ChatMessageSent = z.infer<typeof ChatMessageSent>;

export const ChatEnded = z.object({ chatState: z.string().nullable().describe('"ended" once the requester left a waiting or live chat.') });
export type ChatEnded = z.infer<typeof ChatEnded>;

export const TypingReported = z.object({
  shown: z
    .boolean()
    .describe(
      'Whether the other side is told: false when the chat is over, or for a report within 2 s of the previous one that changes nothing.',
    ),
});
export type TypingReported = z.infer<typeof TypingReported>;

const ShownAgent = z.object({ name: z.string().describe("The agent's display name."), initials: z.string() });

/** The events of GET /api/chat/{reference}/events, each as its `data` (documented in the OpenAPI document). */
export const ChatStreamMessage = z.object({
  id: z.number().int(),
  author: z.enum(['requester', 'agent', 'system']),
  name: z.string().describe("The requester's name, or the agent's display name (never their login)."),
  initials: z.string().describe("The agent's initials for the avatar; empty for the requester."),
  body: z.string(),
  createdAt: Instant,
});
export const ChatStreamState = z.object({
  status: z.string(),
  chatState: z.enum(['waiting', 'live', 'ended', 'missed']).nullable(),
  agent: ShownAgent.nullable().describe('Who is answering: the agent who last wrote; null while nobody has.'),
});
export const ChatStreamTyping = z.object({ agent: ShownAgent.nullable().describe('The agent typing now; null when nobody is.') });
