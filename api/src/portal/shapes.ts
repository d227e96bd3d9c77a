/**
 * The portal's ticket, budget and SLA answers and queries as zod schemas: the routes validate
 * with them and type their answers by them, and the OpenAPI document is generated from them.
 */
import { z } from 'zod';
import { MessageArticle } from '../tickets/message-articles.ts';
import type { Policy } from '#content/policy-schema.ts';
import { RowId } from '../store/ids.ts';
import { ticketSchemas } from '../tickets/schema.ts';
import { StatementQuery } from '../reports/shapes.ts';
import { RATINGS } from '../satisfaction/ratings.ts';
import { AttachmentInfo } from '../uploads/shapes.ts';

const at = z.string().describe('ISO 8601 instant.');
const when = at.nullable();

export const PORTAL_STATUS_FILTERS = ['open', 'solved', 'all'] as const;

/** Where the next page of the portal's list starts: the last ticket's id (newest first). */
export const PortalCursor = z
  .string()
  .max(40)
  .transform((text, ctx): number => {
    const id = Number(Buffer.from(text, 'base64url').toString('utf8'));
    const parsed = RowId.safeParse(id);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: 'is not a cursor from this list: start again from the first page' });
    return z.NEVER;
  });
export const encodePortalCursor = (id: number): string => Buffer.from(String(id)).toString('base64url');

export const PortalTicketQuery = z.strictObject({
  status: z
    .enum(PORTAL_STATUS_FILTERS, 'must be open, solved or all')
    .default('open')
    .describe('open: not yet solved (new, open, pending); solved: solved or closed; all.'),
  q: z.string().trim().max(200).optional().describe('Words of the subject, or a reference (HW-1042).'),
  mine: z
    .enum(['true', 'false'], 'must be true or false')
    .optional()
    .describe("true: only the tickets filed as this contact (a key contact otherwise sees all the site's)."),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: PortalCursor.optional().describe('`nextCursor` from the previous page.'),
});
export type PortalTicketQuery = z.output<typeof PortalTicketQuery>;

export const NextDue = z
  .object({
    target: z.enum(['response', 'reply', 'resolution']).describe('The running SLA target due first.'),
    at,
  })
  .nullable()
  .describe('The earliest due time of the SLA targets still running; null when none runs (solved, closed, no target).');

export const PortalTicketSummary = z.object({
  reference: z.string(),
  subject: z.string(),
  status: z.string(),
  severity: z.string(),
  type: z.string(),
  requester: z.object({ name: z.string(), email: z.string() }),
  mine: z.boolean().describe('Filed as this contact.'),
  createdAt: at,
  updatedAt: at,
  nextDue: NextDue,
  priority: z.number().int().nullable().describe("The key contacts' order of the site's open tickets (1 first); null when unranked."),
  approval: z
    .enum(['waiting', 'approved', 'declined'])
    .nullable()
    .describe('Billable work waiting for, or given, approval; null: none needed.'),
});

export const PortalTicketList = z.object({
  tickets: z.array(PortalTicketSummary),
  nextCursor: z.string().nullable().describe('Pass it as `cursor` for the next page (null on the last).'),
});
export type PortalTicketList = z.infer<typeof PortalTicketList>;

export const PortalAttachment = z.object({
  id: z.number().int(),
  filename: z.string(),
  size: z.number().int(),
  url: z.string().describe("Download address (the portal session's cookie authorises it)."),
});

export const PortalMessage = z.object({
  id: z.number().int(),
  from: z
    .enum(['you', 'requester', 'support'])
    .describe("you: this contact is the ticket's requester; requester: another contact; support: the team."),
  name: z.string().describe("The requester's name, or the agent's display name (never their login)."),
  initials: z.string().describe('One or two letters of `name`, for the avatar.'),
  body: z.string(),
  createdAt: at,
  attachments: z.array(PortalAttachment),
  articles: z.array(MessageArticle).describe('Knowledge-base articles the support team linked in this message (title, summary, link).'),
});

export const PortalTicket = z.object({
  ticket: PortalTicketSummary.extend({
    description: z.string(),
    channel: z.string(),
    attachments: z.array(PortalAttachment).describe('The files filed with the ticket (those of a message are on the message).'),
    messages: z.array(PortalMessage).describe('The conversation, oldest first; internal notes are never shown.'),
    sla: z.object({
      firstResponseDue: when,
      resolutionDue: when,
      replyDue: when,
      firstRespondedAt: when,
      resolvedAt: when,
    }),
    satisfaction: z.object({ rating: z.enum(RATINGS), comment: z.string().nullable() }).nullable(),
    canEscalate: z.boolean().describe('Whether POST …/escalate would be accepted now (not finished, not yet escalated this working day).'),
  }),
});
export type PortalTicket = z.infer<typeof PortalTicket>;

export const PortalCreated = z.object({ reference: z.string() });

/**
 * A new ticket from the portal: the public ticket's own variants (type, severity, subject,
 * description, the type's fields, upload ids) without what the portal knows itself (site,
 * requester, channel, page and journey).
 */
export function portalNewTicket(policy: Policy) {
  const { CreateTicket } = ticketSchemas(policy);
  const variants = (CreateTicket as unknown as { options: z.ZodObject[] }).options.map((variant) =>
    variant.pick({ type: true, severity: true, subject: true, description: true, fields: true, attachments: true }).strict(),
  );
  return z.discriminatedUnion('type', variants as unknown as [z.ZodObject, ...z.ZodObject[]], {
    error: () => `must be one of ${policy.ticketTypes.map((t) => t.id).join(', ')}`,
  });
}

export const PortalReplied = z.object({
  id: z.number().int(),
  createdAt: at,
  attachments: z.array(AttachmentInfo),
  reopenedFrom: z.string().nullable().describe('The status the ticket opened again from, if it did.'),
});

export const PortalRated = z.object({ rating: z.enum(RATINGS), comment: z.string().nullable(), createdAt: at, updatedAt: at });

export const PortalMonthQuery = z.strictObject({
  month: StatementQuery.shape.month.optional().describe('The calendar month (UTC), YYYY-MM; the current one when absent.'),
});
export type PortalMonthQuery = z.output<typeof PortalMonthQuery>;

const hours = z.number();
/** reports/statement.ts BudgetStatement, as JSON. */
export const PortalBudget = z.object({
  site: z.object({ key: z.string(), name: z.string(), plan: z.string() }),
  month: z.string(),
  from: z.string(),
  to: z.string(),
  complete: z.boolean().describe('False while the month is still running: the figures are as at generatedAt.'),
  generatedAt: at,
  currency: z.string(),
  hoursBought: hours,
  usedBeforeHours: hours,
  used: z.object({
    hours,
    cost: z.number(),
    byRate: z.array(z.object({ rate: z.string(), name: z.string(), hourly: z.number(), hours, cost: z.number() })),
  }),
  remainingHours: hours,
  entries: z.object({
    total: z.number().int(),
    items: z.array(
      z.object({
        date: z.string(),
        reference: z.string(),
        agent: z.string().nullable(),
        minutes: z.number(),
        rate: z.string(),
        note: z.string().nullable(),
      }),
    ),
  }),
});

const outcome = z.object({ met: z.number().int(), missed: z.number().int(), pending: z.number().int() });
export const PortalSla = z.object({
  quarter: z.string().describe('YYYY-Qn, in the support time zone.'),
  from: z.string().describe("The quarter's first day."),
  to: z.string().describe("The quarter's last day."),
  tickets: z.number().int().describe('Tickets of the site filed in the quarter.'),
  firstResponse: outcome,
  resolution: outcome,
  nextReply: z.object({ met: z.number().int(), missed: z.number().int() }),
});
export type PortalSla = z.infer<typeof PortalSla>;
