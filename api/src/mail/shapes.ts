/** What POST /api/mail/inbound answers: the message added to a ticket, or the ticket the mail opened. */
import { z } from 'zod';

export const InboundResult = z.union([
  z.object({ action: z.literal('message'), reference: z.string(), messageId: z.number().int() }),
  z.object({ action: z.literal('ticket'), reference: z.string(), created: z.boolean().describe('false: the same Message-ID again.') }),
]);
export type InboundResult = z.infer<typeof InboundResult>;
