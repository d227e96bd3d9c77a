/**
 * What /api/tickets answers (the ticket wire format, docs/architecture.md contract 6): the ticket
 * just created, the ticket as its requester reads it, a message added, a requester's tickets.
 * The service builds its answers typed by these, the OpenAPI document is generated from them and
 * the widget imports their types.
 */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';
import { SlaView } from '../policy/shapes.ts';
import { AttachmentInfo } from '../uploads/shapes.ts';

const Channel = z.enum(['email', 'chat', 'phone']);

export const TicketContext = z
  .object({ url: z.string().optional(), title: z.string().optional(), userAgent: z.string().optional() })
  .describe('The LMS page the requester was on.');
export type TicketContext = z.infer<typeof TicketContext>;
export const Journey = z
  .object({ searches: z.array(z.string()), articlesRead: z.array(z.string()) })
  .describe('What the requester searched and read before escalating.');

export const TicketCreated = z.object({
  reference: z.string().describe('Human reference, e.g. HW-1042.'),
  token: z.string().describe('Secret requester token: send it as "Authorization: Bearer <token>" to read the ticket. Shown once.'),
  status: z.string(),
  site: z.string(),
  type: z.string(),
  severity: z.string(),
  subject: z.string(),
  channel: Channel,
  createdAt: Instant,
  attachments: z.array(AttachmentInfo),
  sla: SlaView,
});
export type TicketCreated = z.infer<typeof TicketCreated>;

export const Ticket = z.object({
  reference: z.string(),
  site: z.string(),
  type: z.string(),
  severity: z.string(),
  status: z.string(),
  subject: z.string(),
  description: z.string(),
  requester: z.object({ name: z.string(), email: z.string() }),
  channel: z.string(),
  phone: z.object({ number: z.string(), preferredTime: z.string().nullable() }).optional().describe('For a phone callback.'),
  context: TicketContext,
  journey: Journey,
  fields: z.record(z.string(), z.unknown()).describe("The ticket type's own fields."),
  attachments: z.array(
    AttachmentInfo.extend({
      id: z.number().int(),
      messageId: z.number().int().nullable(),
      url: z.string().describe('Download it with the same Authorization header.'),
    }),
  ),
  messages: z
    .array(
      z.object({
        id: z.number().int(),
        author: z.string(),
        name: z.string().describe("The requester's name, or the agent's display name (never their login)."),
        initials: z.string().describe("The agent's initials for an avatar; the requester's for theirs."),
        body: z.string(),
        createdAt: Instant,
      }),
    )
    .describe('The conversation, without agents’ internal notes.'),
  createdAt: Instant,
  updatedAt: Instant,
  sla: SlaView,
});
export type Ticket = z.infer<typeof Ticket>;

export const MessageAdded = z.object({
  id: z.number().int(),
  reference: z.string(),
  author: z.literal('requester'),
  body: z.string(),
  createdAt: Instant,
  attachments: z.array(AttachmentInfo),
});
export type MessageAdded = z.infer<typeof MessageAdded>;

export const TicketSummary = z.object({
  reference: z.string(),
  subject: z.string(),
  status: z.string(),
  severity: z.string(),
  type: z.string(),
  createdAt: Instant,
  updatedAt: Instant,
  firstResponseDue: Instant.nullable(),
  resolutionDue: Instant.nullable(),
  sentence: z.string(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const MyTickets = z.object({ tickets: z.array(TicketSummary).describe('Newest first.') });
export type MyTickets = z.infer<typeof MyTickets>;

export const Escalated = z.object({
  reference: z.string(),
  level: z.number().int().describe('The escalation level the ticket went to.'),
  role: z.string().describe('Who owns the ticket now, e.g. "Support team lead" (their address stays internal).'),
  trigger: z.enum(['requested', 'complaint']),
  escalatedAt: Instant,
  workingDay: z.string().describe('The working day (YYYY-MM-DD, support calendar) this request counts toward: one per working day.'),
  nextAllowedAt: Instant.describe('From when the requester may ask again.'),
});
export type Escalated = z.infer<typeof Escalated>;
