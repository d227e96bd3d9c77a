/**
 * Shapes every part of the API answers with: the error body (docs/architecture.md, contract 4) and
 * the health check. The OpenAPI document is generated from these zod schemas, and the handlers and
 * browser clients take their TypeScript types from them, so the three cannot drift apart.
 */
import { z } from 'zod';

/** An ISO 8601 instant in UTC, as every timestamp on the wire. */
export const Instant = z.iso.datetime();

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. validation_failed, invalid_json, rate_limited.'),
    message: z.string().describe('A sentence a person can act on.'),
    fields: z.record(z.string(), z.string()).optional().describe('Per field (dotted path, e.g. "requester.email"): what is wrong.'),
    changes: z
      .unknown()
      .optional()
      .describe('Only with `ticket_changed` (409): what changed on the ticket since the version the change was based on.'),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Health = z.object({ status: z.literal('ok'), store: z.enum(['sqlite', 'postgres']), uptimeSeconds: z.number() });
export type Health = z.infer<typeof Health>;
