/**
 * What GET /api/policy and GET /api/sla/preview answer, and the SLA view every ticket carries.
 * The policy's own parts (ticket types, severities, channels, calendar hours) are the policy
 * file's zod schemas, so the API shows the policy in the shape the policy file defines it.
 */
import { z } from 'zod';
import { CalendarSchema } from '#content/calendar.ts';
import { ChannelSchema, PolicySchema, SeveritySchema, TargetSchema, TicketTypeSchema } from '#content/policy-schema.ts';
import { LanguageSchema } from '#content/policy-translations.ts';
import { Instant } from '../http/shapes.ts';

export const SlaView = z.object({
  firstResponseDue: Instant.nullable(),
  resolutionDue: Instant.nullable().describe('null where the policy sets no resolution target.'),
  sentence: z.string().describe('Plain sentence in the support calendar\'s time zone, e.g. "We\'ll reply by Monday 11:30 UK time."'),
  resolutionSentence: z.string().describe('e.g. "We aim to resolve it by Wednesday 11:30 UK time."'),
  clockRunning: z.boolean().describe('Whether business time is elapsing now (the support calendar is open).'),
  clockMessage: z.string().describe('"The clock is running now." or "The clock starts Monday 09:00 UK time."'),
  timezone: z.string(),
  calendarLabel: z.string(),
  nextOpening: Instant.nullable().describe('When the clock next starts, if it is stopped now.'),
});
export type SlaView = z.infer<typeof SlaView>;

export const SlaPreview = SlaView.extend({
  site: z.string(),
  plan: z.string().describe("The site's plan."),
  severity: z.string(),
  type: z.string(),
  target: TargetSchema.describe("The severity's targets on this plan."),
});
export type SlaPreview = z.infer<typeof SlaPreview>;

export const Untranslated = z
  .array(z.string())
  .describe(
    'Ids of the texts served in English because `lang` has no current translation for them, e.g. "severities.S1.name" (empty for English).',
  );
export const PolicyView = z.object({
  lang: LanguageSchema,
  untranslated: Untranslated,
  vendor: PolicySchema.shape.vendor,
  plan: z.object({ id: z.string(), name: z.string(), description: z.string() }),
  calendar: z.object({
    timezone: z.string(),
    label: z.string(),
    hours: CalendarSchema.shape.hours,
    holidays: CalendarSchema.shape.holidays,
    openNow: z.boolean(),
    nextOpening: Instant.nullable(),
    nextOpeningText: z.string().nullable().describe('The next opening in words, in `lang`.'),
  }),
  calendarLabel: z.string(),
  ticketTypes: z.array(TicketTypeSchema),
  severities: z.array(SeveritySchema.extend({ target: TargetSchema.describe("On the site's plan.") })),
  channels: z.array(
    ChannelSchema.extend({
      availableNow: z.boolean(),
      agentsOnline: z.literal(false).optional().describe('Present (false) when live chat is in hours but no agent is online.'),
      nextOpening: Instant.nullable(),
      nextOpeningText: z.string().nullable(),
    }),
  ),
  attachments: PolicySchema.shape.attachments,
  limits: z.object({ subjectMax: z.number().int(), descriptionMax: z.number().int() }),
  generatedAt: Instant,
});
export type PolicyView = z.infer<typeof PolicyView>;
