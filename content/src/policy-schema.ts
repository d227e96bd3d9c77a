/**
 * The support policy: ONE zod schema for `content/policy.yaml`.
 * The API computes with it, the KB site renders it, the widget shows what the API says.
 * General on purpose: another vendor's calendar, plans, severities and rates fit it too.
 */
import { z } from 'zod';
import { CalendarSchema } from './calendar.ts';

export const SEVERITY_IDS = ['S1', 'S2', 'S3', 'S4'] as const;
export type SeverityId = (typeof SEVERITY_IDS)[number];
export const TICKET_TYPE_IDS = ['query', 'request', 'bug', 'site_refresh'] as const;
export type TicketTypeId = (typeof TICKET_TYPE_IDS)[number];
export const CHANNEL_IDS = ['email', 'chat', 'phone', 'training', 'docs', 'priority'] as const;

/**
 * A target: working hours to first response, working days to resolution (null = no target), and
 * optionally working hours within which every requester message after the first response is
 * answered (the next-reply target). Hours may be fractions (0.5 = 30 working minutes).
 */
export const TargetSchema = z.object({
  responseHours: z.number().positive().nullable(),
  resolutionDays: z.number().positive().nullable(),
  replyHours: z.number().positive('use a positive number of working hours, e.g. 4 or 0.5').nullable().optional(),
});
export type Target = z.infer<typeof TargetSchema>;

/** An escalation contact that means "the site's client relationship manager" (set per site, else `escalation.defaultCrm`). */
export const SITE_CRM = 'site-crm';

const EscalationContact = z.string().refine((v) => v === SITE_CRM || z.email().safeParse(v).success, {
  message: `use an email address, or "${SITE_CRM}" for the site's client relationship manager`,
});

export const SeveritySchema = z.object({
  id: z.enum(SEVERITY_IDS),
  name: z.string(),
  /** One sentence the requester picks by. */
  definition: z.string(),
  examples: z.array(z.string()).default([]),
  target: TargetSchema,
});

export const TicketFieldSchema = z.object({
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/),
  label: z.string(),
  kind: z.enum(['text', 'textarea', 'url', 'checkbox', 'date']),
  required: z.boolean().default(false),
  help: z.string().optional(),
});

export const TicketTypeSchema = z.object({
  id: z.enum(TICKET_TYPE_IDS),
  name: z.string(),
  description: z.string(),
  /** Prompt shown above the description box. */
  prompt: z.string(),
  fields: z.array(TicketFieldSchema).default([]),
  /** Bugs and change requests are outside resolution targets (response targets still apply). */
  resolutionTarget: z.boolean().default(true),
  /** Ticket types billed against the support budget by default. */
  billable: z.boolean().default(false),
});

export const PlanSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string(),
  description: z.string(),
  /** Plan's own support calendar (e.g. 24x7); absent = the policy calendar. */
  calendar: CalendarSchema.optional(),
  /** Per-severity overrides of the policy targets. */
  targets: z.partialRecord(z.enum(SEVERITY_IDS), TargetSchema).default({}),
  /** Per-level overrides of the escalation contacts, keyed by level number ("2": …). */
  escalationContacts: z.record(z.string().regex(/^[1-9]\d*$/, 'key by the level number, e.g. "2"'), EscalationContact).default({}),
  includes: z
    .object({
      accountManager: z.boolean().default(false),
      directLine: z.boolean().default(false),
      monthlyCheckIns: z.boolean().default(false),
      endUserSupport: z.boolean().default(false),
      administrationServices: z.boolean().default(false),
      uptimeGuarantee: z.string().nullable().default(null),
    })
    .default({
      accountManager: false,
      directLine: false,
      monthlyCheckIns: false,
      endUserSupport: false,
      administrationServices: false,
      uptimeGuarantee: null,
    }),
  /** Extra features listed on the plans page. */
  features: z.array(z.string()).default([]),
});
export type Plan = z.infer<typeof PlanSchema>;

export const ChannelSchema = z.object({
  id: z.enum(CHANNEL_IDS),
  name: z.string(),
  /** Situations this channel fits, one sentence each. */
  whenToUse: z.array(z.string()).min(1),
  /** When the channel is staffed: the support calendar, always, or by arrangement. */
  availability: z.enum(['business-hours', 'always', 'by-arrangement', 'plan']),
  contact: z.string().optional(),
  article: z.string().optional(),
});

export const ScopeRuleSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** What is asked, as an admin would put it. */
  topic: z.string(),
  /** in: support does it or helps; client: the client does it, support explains how;
   *  end-user: learners go to their own admin; third-party: the other vendor; paid: a paid add-on;
   *  roadmap: taken as a feature request. */
  verdict: z.enum(['in', 'client', 'end-user', 'third-party', 'paid', 'roadmap', 'out']),
  /** Who acts, in one short sentence. */
  who: z.string(),
  /** Article slug to show. */
  article: z.string(),
  /** Words and phrases that suggest this rule in free text (scope check). */
  match: z.array(z.string()).min(1),
});

export const RateSchema = z.object({
  id: z.enum(['standard', 'consultancy']),
  name: z.string(),
  hourly: z.number().positive(),
  description: z.string(),
});

/** What sends a ticket to an escalation level. */
export const ESCALATION_TRIGGERS = ['response_missed', 'resolution_missed', 'reply_missed', 'requested', 'complaint'] as const;
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number];

export const EscalationLevelSchema = z.object({
  level: z.number().int().positive(),
  role: z.string(),
  contact: EscalationContact,
  /** Events that send a ticket straight to this level. */
  on: z.array(z.enum(ESCALATION_TRIGGERS, { error: `use any of ${ESCALATION_TRIGGERS.join(', ')}` })).default([]),
  /**
   * Escalate here when the previous level's escalation has not moved the ticket for this many
   * working hours (ignored on level 1, which has no previous level). A level with neither this nor
   * `on` is reached by hand only.
   */
  afterWorkingHours: z.number().positive('use a positive number of working hours, e.g. 8').optional(),
  /** The rule in words, for people (KB pages, mails). */
  when: z.string().default(''),
});
export type EscalationLevel = z.infer<typeof EscalationLevelSchema>;

export const EscalationSchema = z
  .object({
    description: z.string().default(''),
    /** Warn when this share of a target's business time has elapsed. */
    warnAtPercent: z.number().min(1, 'use 1 to 99').max(99, 'use 1 to 99'),
    /**
     * The relationship manager for a site that has none of its own (`npm run admin -- sites set … --crm`);
     * without it, the vendor's support address (`defaultCrmOf`).
     */
    defaultCrm: z.email('use the email address escalations go to for a site with no relationship manager of its own').optional(),
    levels: z.array(EscalationLevelSchema).min(1),
  })
  .superRefine((escalation, ctx) => {
    escalation.levels.forEach((level, i) => {
      if (level.level !== i + 1)
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'level'],
          message: `number the levels 1, 2, 3… in order: this one should be ${i + 1}`,
        });
    });
    for (const trigger of ESCALATION_TRIGGERS) {
      const at = escalation.levels.map((l, i) => (l.on.includes(trigger) ? i : -1)).filter((i) => i >= 0);
      for (const i of at.slice(1))
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'on'],
          message: `"${trigger}" is already on level ${escalation.levels[at[0]].level}: a trigger goes to one level only`,
        });
    }
  });
export type Escalation = z.infer<typeof EscalationSchema>;

/** Where `site-crm` escalations go for a site with no relationship manager of its own. */
export const defaultCrmOf = (policy: { vendor: { supportEmail: string }; escalation: { defaultCrm?: string } }): string =>
  policy.escalation.defaultCrm ?? policy.vendor.supportEmail;

/** How the SLA clocks treat an announced maintenance window on a ticket's site. */
export const MAINTENANCE_CLOCKS = ['paused', 'running'] as const;
export type MaintenanceClock = (typeof MAINTENANCE_CLOCKS)[number];

/**
 * Announced maintenance windows (scheduled in the inbox, shown on the status pages and in the
 * widget ahead of time): what requesters are told, and whether a window stops the SLA clocks of
 * the tickets of the sites it covers while it runs (`paused`) or not (`running`). Uptime always
 * leaves announced windows out.
 */
export const MaintenanceSchema = z
  .object({
    description: z.string().default(''),
    slaClock: z
      .enum(MAINTENANCE_CLOCKS, {
        error: 'use "paused" (a window stops the SLA clocks of its sites\' tickets while it runs) or "running"',
      })
      .default('running'),
  })
  // A policy that says nothing about maintenance promises nothing: the clocks run.
  .default({ description: '', slaClock: 'running' });

export const PolicySchema = z
  .object({
    vendor: z.object({
      name: z.string(),
      product: z.string(),
      supportEmail: z.email(),
      supportPhone: z.string(),
      website: z.url(),
    }),
    calendar: CalendarSchema,
    severities: z
      .array(SeveritySchema)
      .length(4)
      .refine((list) => SEVERITY_IDS.every((id) => list.some((s) => s.id === id)), {
        message: 'list each of S1, S2, S3 and S4 exactly once',
      }),
    ticketTypes: z.array(TicketTypeSchema).min(1),
    plans: z
      .array(PlanSchema)
      .min(1)
      .refine((list) => new Set(list.map((p) => p.id)).size === list.length, { message: 'plan ids must be unique' }),
    /** Plan given to a site that names none. */
    defaultPlan: z.string(),
    channels: z.array(ChannelSchema).min(1),
    scope: z.array(ScopeRuleSchema).min(1),
    rates: z.object({
      currency: z.string().length(3),
      /** Time is logged in blocks of this many minutes. */
      incrementMinutes: z.number().int().positive(),
      list: z.array(RateSchema).min(1),
    }),
    budget: z.object({
      description: z.string(),
      /** Warn the client when the remaining budget falls below this share. */
      lowBalancePercent: z.number().min(0).max(100),
    }),
    escalation: EscalationSchema,
    maintenance: MaintenanceSchema,
    attachments: z.object({
      allowedTypes: z.array(z.string().regex(/^[a-z0-9]+$/)).min(1),
      maxBytes: z.number().int().positive(),
      maxFiles: z.number().int().positive(),
    }),
  })
  .superRefine((policy, ctx) => {
    for (const plan of policy.plans)
      for (const level of Object.keys(plan.escalationContacts))
        if (!policy.escalation.levels.some((l) => String(l.level) === level))
          ctx.addIssue({
            code: 'custom',
            path: ['plans', policy.plans.indexOf(plan), 'escalationContacts', level],
            message: `no escalation level ${level}: use one of ${policy.escalation.levels.map((l) => l.level).join(', ')}`,
          });
    if (!policy.plans.some((p) => p.id === policy.defaultPlan)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultPlan'],
        message: `no plan has id "${policy.defaultPlan}"; use one of: ${policy.plans.map((p) => p.id).join(', ')}`,
      });
    }
  });

export type Policy = z.infer<typeof PolicySchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type TicketType = z.infer<typeof TicketTypeSchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type ScopeRule = z.infer<typeof ScopeRuleSchema>;
