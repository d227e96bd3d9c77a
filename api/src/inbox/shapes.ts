/**
 * What the agents' inbox API (/api/inbox) answers: a page of the queue, the whole ticket, the
 * mail log, and the result of each thing an agent does to a ticket. The inbox UI imports their
 * types; the OpenAPI document is generated from them.
 */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';
import { STATUSES } from '../tickets/agent-actions.ts';
import { Journey, TicketContext } from '../tickets/shapes.ts';
import { TargetSchema } from '#content/policy-schema.ts';
import { SLA_TARGETS } from '../sla/records.ts';
import { SLA_STATES } from '../sla/state.ts';
import { APPROVAL_STATES } from '../portal/work-shapes.ts';
import { MessageArticle } from '../tickets/message-articles.ts';

const Requester = z.object({ name: z.string(), email: z.string(), verified: z.boolean().describe('Identity verified by the host LMS.') });
const Assignee = z.object({ id: z.number().int(), name: z.string() }).nullable();
/** The queue reads the name by a subquery, which the store types as nullable. */
const QueueAssignee = z.object({ id: z.number().int(), name: z.string().nullable() }).nullable();

export const NextDue = z
  .object({
    kind: z.enum(SLA_TARGETS),
    at: Instant,
    businessMinutesLeft: z.number().describe('Negative once overdue.'),
    overdue: z.boolean(),
  })
  .nullable()
  .describe('The due time that matters next: first response until answered, then resolution; null once solved.');

export const SlaStateShape = z
  .enum(SLA_STATES)
  .describe(
    "Against the next due time, in business time on the ticket's own terms: at_risk once escalation.warnAtPercent of the target has elapsed, breached once it is overdue; ok while the clock is paused.",
  );

/** An `sla` event of the inbox's live stream (GET /api/inbox/events): a ticket warned, missed or escalated. */
export const SlaNotice = z.object({
  reference: z.string(),
  subject: z.string(),
  kind: z.enum(['warned', 'missed', 'escalated']),
  target: z.enum(SLA_TARGETS).nullable(),
  level: z.number().int().nullable(),
  role: z.string().nullable(),
  trigger: z.string().nullable(),
  at: Instant,
});
export type SlaNotice = z.infer<typeof SlaNotice>;

const ClientSide = {
  clientPriority: z.number().int().min(1).nullable().describe("The site's key contacts' order: 1 = work on it first; null = not ranked."),
  approval: z
    .object({ state: z.enum(APPROVAL_STATES), by: z.string().nullable(), at: Instant.nullable() })
    .nullable()
    .describe(
      "Billable work from a member while the budget is low: waiting for a key contact's approval, approved or declined; null = none needed.",
    ),
};

export const QueueItem = z.object({
  reference: z.string(),
  site: z.string(),
  subject: z.string(),
  requester: Requester,
  type: z.string(),
  severity: z.string(),
  status: z.string(),
  channel: z.string(),
  chatState: z.string().nullable(),
  assignee: QueueAssignee,
  nextDue: NextDue,
  sla: SlaStateShape,
  paused: z.boolean().describe('Pending: the SLA clock is paused.'),
  ...ClientSide,
  createdAt: Instant,
  updatedAt: Instant,
});
export type QueueItem = z.infer<typeof QueueItem>;

export const QueuePage = z.object({
  tickets: z.array(QueueItem),
  total: z.number().int().describe('Every ticket matching the filters, on all pages.'),
  totalCapped: z
    .boolean()
    .describe('A search (`q`) shows the 1,000 newest matches, ranked: true when more tickets match (add a word or a filter).'),
  nextCursor: z.string().nullable().describe('Pass it as `cursor` for the next page (null on the last).'),
});
export type QueuePage = z.infer<typeof QueuePage>;

export const MailEntry = z.object({
  id: z.number().int(),
  kind: z.string(),
  ticketId: z.number().int().nullable(),
  to: z.string(),
  subject: z.string(),
  status: z.string().describe('queued, sent or failed.'),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: Instant.nullable(),
  createdAt: Instant,
  nextAttemptAt: Instant.nullable(),
  text: z.string().describe('The plain-text body, single-use links hidden.'),
});
export type MailEntry = z.infer<typeof MailEntry>;

export const MailLog = z.object({ mail: z.array(MailEntry), smtpConfigured: z.boolean() });
export type MailLog = z.infer<typeof MailLog>;

export const Budget = z.object({
  budgetHours: z.number(),
  usedHours: z.number(),
  remainingHours: z.number(),
  cost: z.number(),
  currency: z.string(),
  low: z.boolean().describe("Below the policy's low-balance share."),
});
export type Budget = z.infer<typeof Budget>;

export const InboxMessage = z.object({
  id: z.number().int(),
  author: z.string().describe('requester, agent or system.'),
  agentName: z.string().nullable(),
  body: z.string(),
  internal: z.boolean(),
  unverifiedSender: z.boolean().describe('Came by mail without a passing SPF/DKIM/DMARC verdict: the From address may be forged.'),
  articles: z.array(MessageArticle).describe('Knowledge-base articles an agent inserted, shown to the requester as cards.'),
  createdAt: Instant,
});
export type InboxMessage = z.infer<typeof InboxMessage>;

export const InboxTicket = z.object({
  reference: z.string(),
  site: z.string(),
  plan: z.string(),
  type: z.string(),
  severity: z.string(),
  status: z.string(),
  subject: z.string(),
  description: z.string(),
  requester: Requester,
  ...ClientSide,
  channel: z.string(),
  unverifiedSender: z.boolean().describe('Opened by mail without a passing SPF/DKIM/DMARC verdict.'),
  chatState: z.string().nullable(),
  phone: z.object({ number: z.string(), preferredTime: z.string().nullable(), calledAt: Instant.nullable() }).nullable(),
  context: TicketContext,
  journey: Journey,
  fields: z.record(z.string(), z.unknown()),
  typeFields: z
    .array(z.object({ name: z.string(), label: z.string(), kind: z.string(), value: z.unknown() }))
    .describe("The ticket type's fields the requester filled in, labelled as the form asked them, in the policy's order."),
  assignee: Assignee,
  sla: z.object({
    firstResponseDue: Instant.nullable(),
    resolutionDue: Instant.nullable(),
    firstRespondedAt: Instant.nullable(),
    resolvedAt: Instant.nullable(),
    paused: z.boolean(),
    nextDue: NextDue,
    state: SlaStateShape,
    version: z
      .object({
        id: z.string().nullable().describe('null: filed before SLA versions were kept; runs on the policy in force.'),
        current: z.boolean().describe("Whether new tickets of the ticket's site get the same terms."),
        target: TargetSchema.nullable(),
        calendar: z.string(),
        workingDayHours: z.number(),
      })
      .describe('The SLA terms the ticket was filed under.'),
  }),
  satisfaction: z
    .object({ rating: z.enum(['good', 'bad']), comment: z.string().nullable(), createdAt: Instant, updatedAt: Instant })
    .nullable()
    .describe('The requester\'s "How did we do?" answer once solved (the latest; null before any).'),
  messages: z.array(InboxMessage).describe('Internal notes included.'),
  attachments: z.array(
    z.object({
      id: z.number().int(),
      messageId: z.number().int().nullable(),
      filename: z.string(),
      contentType: z.string(),
      size: z.number().int(),
    }),
  ),
  history: z.array(z.object({ status: z.string(), note: z.string().nullable(), at: Instant })),
  slaTimeline: z
    .array(
      z.object({
        kind: z.enum(['warned', 'missed', 'escalated']),
        target: z.enum(SLA_TARGETS).nullable(),
        dueAt: Instant.nullable(),
        level: z.number().int().nullable(),
        role: z.string().nullable(),
        contact: z.string().nullable(),
        trigger: z
          .string()
          .nullable()
          .describe('What sent it to that level: response_missed, resolution_missed, reply_missed, requested, complaint.'),
        reason: z.string().nullable().describe("The requester's words, when they asked for the escalation."),
        actor: z.string().describe('"sweeper", "requester", or an agent.'),
        at: Instant,
      }),
    )
    .describe('Warnings, missed targets and escalations, oldest first.'),
  time: z.array(
    z.object({
      id: z.number().int(),
      minutes: z.number().int(),
      rate: z.string(),
      note: z.string().nullable(),
      agentName: z.string().nullable(),
      cost: z.number(),
      createdAt: Instant,
    }),
  ),
  budget: Budget,
  mail: z.array(MailEntry),
  version: z
    .string()
    .describe(
      'Changes with every new message and status change. Send it back as `basedOn` with a reply or a status change to be asked (409 `ticket_changed`) when the ticket moved since.',
    ),
  createdAt: Instant,
  updatedAt: Instant,
});
export type InboxTicket = z.infer<typeof InboxTicket>;

/** 409 `ticket_changed` (a reply or status change with a `basedOn` the ticket moved past): what changed since. */
export const TicketChangedBody = z.object({
  error: z.object({
    code: z.literal('ticket_changed'),
    message: z.string(),
    changes: z.object({
      version: z.string().describe('The version now: send it as `basedOn` to act on the ticket as it is ("send anyway").'),
      status: z.enum(STATUSES),
      messages: z
        .array(
          z.object({
            id: z.number().int(),
            author: z.string(),
            agentName: z.string().nullable(),
            body: z.string(),
            internal: z.boolean(),
            createdAt: Instant,
          }),
        )
        .describe('Messages and notes written since, oldest first.'),
      statusChanges: z.array(z.object({ status: z.string(), note: z.string().nullable(), at: Instant })),
    }),
  }),
});
export type TicketChangedBody = z.infer<typeof TicketChangedBody>;

/** POST …/replies and …/notes. */
export const AgentMessage = z.object({
  id: z.number().int(),
  author: z.literal('agent'),
  agentName: z.string(),
  body: z.string(),
  internal: z.boolean(),
  createdAt: Instant,
  mailed: z.boolean().describe('Queued as a mail to the requester (not internal, not in a live chat).'),
  articles: z.array(MessageArticle).describe('Knowledge-base articles the message links to, shown to the requester as cards.'),
  attachments: z.number().int().describe('Files attached (from saved replies); the reply mail carries them.'),
});
export type AgentMessage = z.infer<typeof AgentMessage>;

const Status = z.enum(STATUSES);
/** POST …/status: unchanged, or changed with the due times recomputed. */
export const StatusChanged = z.union([
  z.object({ status: Status, changed: z.literal(false) }),
  z.object({ status: Status, changed: z.literal(true), firstResponseDue: Instant.nullable(), resolutionDue: Instant.nullable() }),
]);
export type StatusChanged = z.infer<typeof StatusChanged>;

export const Assigned = z.object({ assignee: z.number().int().nullable() });
export type Assigned = z.infer<typeof Assigned>;

export const SeverityChanged = z.object({ severity: z.string(), firstResponseDue: Instant.nullable(), resolutionDue: Instant.nullable() });
export type SeverityChanged = z.infer<typeof SeverityChanged>;

export const TimeLogged = z.object({
  minutes: z.number().int().describe("Rounded up to the policy's blocks."),
  rate: z.string(),
  budget: Budget,
});
export type TimeLogged = z.infer<typeof TimeLogged>;

export const Called = z.object({ calledAt: Instant, outcome: z.string() });
export type Called = z.infer<typeof Called>;
