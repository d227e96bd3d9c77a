/**
 * The ticket wire format (contract 6 of docs/architecture.md) as zod schemas, built from the policy: ticket types and
 * their fields, severities, how many attachments (uploaded apart, referenced by upload id). The
 * validator and the OpenAPI document both use these, so they cannot disagree.
 */
import { z } from 'zod';
import type { Policy, TicketType } from '#content/policy-schema.ts';
import { UploadIds } from '../uploads/schema.ts';
import { SessionId } from '../analytics/sessions.ts';

export const SUBJECT_MAX = 200;
export const ESCALATION_REASON_MAX = 2000;

/**
 * A requester's request for escalation (POST /api/tickets/{reference}/escalate): why, and whether
 * it is a formal complaint (then it goes to the policy's `complaint` level instead of `requested`).
 */
export const EscalateInput = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1, 'must not be empty: say why the ticket needs escalating')
    .max(ESCALATION_REASON_MAX, `must be at most ${ESCALATION_REASON_MAX} characters`),
  complaint: z.boolean().optional().describe('A formal complaint: goes to the escalation level for complaints.'),
});
export type EscalateInput = z.infer<typeof EscalateInput>;
export const DESCRIPTION_MAX = 20_000;

export const HttpUrl = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const u = new URL(value);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL')
  .meta({ format: 'uri' });

export const Reference = z.string().regex(/^HW-\d{4,12}$/, 'a reference looks like HW-1042');

const Name = z.string().trim().min(1, 'must not be empty').max(200);
const Email = z.email('must be an email address like name@example.org').max(254);
const PhoneNumber = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9][0-9 ().-]{5,38}$/, 'must be a phone number, e.g. "+44 20 7946 0321"');

function fieldSchema(field: TicketType['fields'][number]): z.ZodType {
  const base = (() => {
    switch (field.kind) {
      case 'checkbox':
        return field.required ? z.literal(true, `must be ticked: ${field.label}`) : z.boolean();
      case 'url':
        return HttpUrl;
      case 'date':
        return z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
      case 'textarea':
        return z.string().trim().min(1, 'must not be empty').max(DESCRIPTION_MAX);
      default:
        return z.string().trim().min(1, 'must not be empty').max(2000);
    }
  })().describe(field.label);
  return field.required ? base : base.optional();
}

/** `fields` for one ticket type: its policy fields, required ones enforced, unknown ones refused. */
export function fieldsSchema(type: TicketType) {
  const shape: Record<string, z.ZodType> = {};
  for (const field of type.fields) shape[field.name] = fieldSchema(field);
  const schema = z.strictObject(shape);
  return type.fields.some((f) => f.required) ? schema : schema.optional();
}

export function ticketSchemas(policy: Policy) {
  const severity = z
    .enum(policy.severities.map((s) => s.id) as [string, ...string[]])
    .describe('S1 (critical) … S4 (low), as the policy defines them.');
  const common = {
    site: z.string().min(1).max(63).describe('The site key the widget was embedded with.'),
    severity,
    subject: z.string().trim().min(1, 'must not be empty').max(SUBJECT_MAX, `must be at most ${SUBJECT_MAX} characters`),
    description: z.string().trim().min(1, 'must not be empty').max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`),
    requester: z.object({
      name: Name,
      email: Email,
      hash: z
        .string()
        .trim()
        .max(128)
        .optional()
        .describe("Identity verification: hex HMAC-SHA256 of the email with the site's identity secret, computed by the host LMS."),
    }),
    channel: z.enum(['email', 'chat', 'phone']).default('email'),
    phone: z
      .object({
        number: PhoneNumber,
        preferredTime: z.string().trim().min(1, 'must not be empty').max(200).describe("When to call, in the requester's words."),
      })
      .optional()
      .describe('Required when channel is "phone": the callback number and a preferred time.'),
    context: z
      .object({
        url: HttpUrl.optional(),
        title: z.string().max(500).optional(),
        userAgent: z.string().max(1000).optional(),
      })
      .default({})
      .describe('The LMS page the requester was on.'),
    journey: z
      .object({
        searches: z.array(z.string().max(500)).max(50).default([]),
        articlesRead: z.array(z.string().max(200)).max(50).default([]),
      })
      .default({ searches: [], articlesRead: [] })
      .describe('What the requester searched and read before escalating.'),
    attachments: UploadIds(policy.attachments.maxFiles),
    widgetSession: SessionId.optional().describe(
      "The widget's anonymous session id (random per browser session, nothing personal): ties the ticket to the session's searches and reads in the reports.",
    ),
  };
  const variants = policy.ticketTypes.map((type) =>
    z
      .object({ type: z.literal(type.id).describe(type.name), ...common, fields: fieldsSchema(type) })
      .describe(`${type.name}: ${type.description}`),
  );
  const CreateTicket = z
    .discriminatedUnion('type', variants as unknown as [z.ZodObject, ...z.ZodObject[]], {
      error: () => `must be one of ${policy.ticketTypes.map((t) => t.id).join(', ')}`,
    })
    .superRefine((ticket, ctx) => {
      const t = ticket as { channel: string; phone?: unknown };
      if (t.channel === 'phone' && !t.phone)
        ctx.addIssue({ code: 'custom', path: ['phone'], message: 'is required for a phone callback: give a number and a preferred time' });
    });

  const Message = z.object({
    body: z.string().trim().min(1, 'must not be empty').max(DESCRIPTION_MAX),
    attachments: UploadIds(policy.attachments.maxFiles),
  });

  const SlaQuery = z.object({
    site: z.string().min(1).max(63),
    severity,
    type: z.enum(policy.ticketTypes.map((t) => t.id) as [string, ...string[]]).optional(),
  });

  return { CreateTicket, Message, SlaQuery };
}

export type TicketSchemas = ReturnType<typeof ticketSchemas>;

/** The validated ticket as the service receives it. */
export interface CreateTicketInput {
  site: string;
  type: string;
  severity: string;
  subject: string;
  description: string;
  requester: { name: string; email: string; hash?: string };
  channel: 'email' | 'chat' | 'phone';
  phone?: { number: string; preferredTime: string };
  context: { url?: string; title?: string; userAgent?: string };
  journey: { searches: string[]; articlesRead: string[] };
  fields?: Record<string, string | boolean>;
  /** Upload ids (POST /api/uploads), claimed by the ticket. */
  attachments: string[];
  /** The widget session it was filed from (analytics/sessions.ts). */
  widgetSession?: string;
}

export interface MessageInput {
  body: string;
  attachments: string[];
}
