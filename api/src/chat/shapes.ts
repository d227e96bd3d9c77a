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
