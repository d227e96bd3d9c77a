/** What POST /api/inbox/tickets/bulk answers: per ticket, changed or why not. The inbox UI imports the types. */
import { z } from 'zod';

export const BulkResult = z.object({
  action: z.enum(['assign', 'status', 'severity', 'note']),
  succeeded: z.number().int(),
  failed: z.number().int(),
  results: z
    .array(
      z.union([
        z.object({ reference: z.string(), ok: z.literal(true) }),
        z.object({
          reference: z.string(),
          ok: z.literal(false),
          error: z.object({
            code: z.string(),
            message: z.string().describe('Why this ticket was not changed (e.g. there is no such ticket).'),
          }),
        }),
      ]),
    )
    .describe('One per ticket asked for, in the order given (duplicates once).'),
});
export type BulkResult = z.infer<typeof BulkResult>;
