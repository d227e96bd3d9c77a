/** The reports' query string and answers (zod): what routes.ts validates and openapi.ts documents. */
import { z } from 'zod';

export const REPORT_NAMES = ['sla', 'volume', 'funnel', 'searches', 'articles', 'budget', 'csat'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** The longest period one report covers. */
export const MAX_RANGE_DAYS = 366;

const realDate = (value: unknown): boolean => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const at = Date.parse(`${value}T00:00:00.000Z`);
  return Number.isFinite(at) && new Date(at).toISOString().slice(0, 10) === value;
};
const date = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .refine(
      (v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || (v >= '2000-01-01' && v <= '2999-12-31' && realDate(v)),
      'is not a calendar date from 2000 to 2999',
    )
    .describe(what);

export const ReportQuery = z
  .object({
    from: date("First day of the period, inclusive; days are the support calendar's (the policy's time zone)."),
    to: date('Last day of the period, inclusive; at most 366 days after `from`.'),
    site: z.string().min(1).max(64).optional().describe('Only this site (its key); all sites without it.'),
    plan: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe(
        "Only this plan's tickets (`sla`, `volume`: the plan the ticket was filed under) or sites (`budget`: the site's plan now).",
      ),
    format: z.enum(['json', 'csv']).default('json').describe("`csv`: one of the report's tables as CSV (RFC 4180)."),
    table: z
      .string()
      .regex(/^[a-z][a-zA-Z]*$/, 'must be a table name')
      .optional()
      .describe("With format=csv: which table (see each report's `tables`); its first table without it."),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!realDate(q.from) || !realDate(q.to)) return;
    if (q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before `from`' });
    else if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 > MAX_RANGE_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the period may cover at most ${MAX_RANGE_DAYS} days` });
  });
export type ReportQuery = z.output<typeof ReportQuery>;

const Period = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string().describe('The support time zone the days and weeks are in.'),
  site: z.string().nullable(),
  plan: z.string().nullable(),
  generatedAt: z.string(),
});
const count = z.number().int().min(0);
const Outcome = z
  .object({ met: count, missed: count, pending: count })
  .describe('Met before the due time, missed (late, or unanswered past due), still pending.');

const SlaFigures = z.object({
  tickets: count,
  firstResponse: Outcome,
  resolution: Outcome,
  nextReply: z
    .object({ met: count, missed: count })
    .describe('Next replies to the requester sent before their due time, and those sent late or still owed past due.'),
  firstResponseHours: z
    .object({ median: z.number().nullable(), p90: z.number().nullable(), answered: count })
    .describe('Business hours from filing to first response (nearest-rank percentiles) over the answered tickets.'),
});

export const SlaReport = z.object({
  report: z.literal('sla'),
  period: Period,
  tables: z.array(z.string()),
  weeks: z.array(SlaFigures.extend({ week: z.string().describe('ISO week, e.g. 2026-W10.'), severity: z.string() })),
  bySeverity: z.array(SlaFigures.extend({ severity: z.string() })),
  total: SlaFigures,
  breached: z.object({
    total: count,
    tickets: z.array(
      z.object({
        reference: z.string(),
        subject: z.string(),
        severity: z.string(),
        target: z.enum(['first_response', 'resolution']),
        due: z.string(),
        metAt: z.string().nullable().describe('When the target was reached late; null while still open.'),
      }),
    ),
  }),
});
export type SlaReport = z.infer<typeof SlaReport>;

const Counts = z.record(z.string(), count);
export const VolumeReport = z.object({
  report: z.literal('volume'),
  period: Period,
  tables: z.array(z.string()),
  total: count,
  days: z.array(
    z.object({
      date: z.string(),
      tickets: count,
      backlog: count.describe("Tickets filed by the day's end and not solved or closed then."),
      byType: Counts,
      bySeverity: Counts,
      byChannel: Counts,
      bySite: Counts,
    }),
  ),
});
export type VolumeReport = z.infer<typeof VolumeReport>;

const RateLine = z.object({ rate: z.string(), name: z.string(), hourly: z.number(), hours: z.number(), cost: z.number() });
export const BudgetReport = z.object({
  report: z.literal('budget'),
  period: Period,
  tables: z.array(z.string()),
  currency: z.string(),
  sites: z.array(
    z.object({
      site: z.string(),
      name: z.string(),
      plan: z.string(),
      budgetHours: z.number(),
      usedHours: z.number(),
      remainingHours: z.number(),
      cost: z.number(),
      low: z.boolean(),
      byRate: z.array(RateLine).describe('Used up to the end of the period, per rate.'),
      months: z
        .array(z.object({ month: z.string(), hours: z.number(), cost: z.number() }))
        .describe('Burn per month, up to the end of the period.'),
      averageMonthlyHours: z.number().describe('Average burn of the last three months of the period.'),
      runsOutOn: z.string().nullable().describe('Projected date the budget runs out at that burn; null without burn.'),
    }),
  ),
  entries: z.object({
    total: count,
    items: z.array(
      z.object({
        date: z.string(),
        site: z.string(),
        reference: z.string(),
        agent: z.string().nullable(),
        minutes: count,
        rate: z.string(),
        note: z.string().nullable(),
      }),
    ),
  }),
});
export type BudgetReport = z.infer<typeof BudgetReport>;

const FunnelCounts = z.object({ sessions: count, engaged: count, read: count, escalated: count, ticket: count });
export const FunnelReport = z.object({
  report: z.literal('funnel'),
  period: Period,
  tables: z.array(z.string()),
  steps: z
    .array(z.object({ step: z.enum(['sessions', 'engaged', 'read', 'escalated', 'ticket']), sessions: count }))
    .describe('Widget sessions started in the period that reached each step (engaged: clicked a suggestion or searched).'),
  selfService: z.object({
    sessions: count,
    read: count,
    selfServed: count.describe('Read an article and filed no ticket within 24 h of it.'),
    rate: z.number().min(0).max(1).nullable().describe('selfServed / sessions, 4 decimals; null without sessions.'),
  }),
  days: z.array(FunnelCounts.extend({ day: z.string() })),
  pages: z
    .array(z.object({ pattern: z.string(), tickets: count, sessions: count }))
    .describe('The LMS page patterns the most tickets of the period came from (20), with the widget sessions started there.'),
});
export type FunnelReport = z.infer<typeof FunnelReport>;

const QueryCount = z.object({ query: z.string(), searches: count });
export const SearchesReport = z.object({
  report: z.literal('searches'),
  period: Period,
  tables: z.array(z.string()),
  totals: z.object({
    searches: count,
    noResults: count,
    noClick: count.describe('Found results, none clicked or read.'),
    followedByTicket: count.describe('Followed by a ticket from the same widget session within 24 h.'),
  }),
  top: z.array(QueryCount.extend({ clicks: count, reads: count, tickets: count })).describe('The 50 most searched queries.'),
  noResults: z.array(QueryCount),
  noClick: z.array(QueryCount),
  followedByTicket: z.array(QueryCount.extend({ tickets: count })),
});
export type SearchesReport = z.infer<typeof SearchesReport>;

/** A site's budget statement for one calendar month (statement.ts). */
export const StatementQuery = z
  .object({
    site: z.string().min(1).max(64).describe("The site's key."),
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
      .refine((m) => !/^\d{4}-/.test(m) || (m >= '2000-01' && m <= '2999-12'), 'is not a month from 2000 to 2999')
      .describe('The calendar month (UTC), YYYY-MM; not after the current one.'),
    format: z.enum(['html', 'csv']).default('html').describe('`html`: the printable statement; `csv`: one of its tables.'),
    table: z.enum(['entries', 'rates', 'summary']).optional().describe('With format=csv: `entries` (the default), `rates` or `summary`.'),
  })
  .strict();
export type StatementQuery = z.output<typeof StatementQuery>;

const percent = z.number().min(0).max(100).nullable().describe('0..100, one decimal; null without answers.');
export const ArticlesReport = z.object({
  report: z.literal('articles'),
  period: Period,
  tables: z.array(z.string()),
  articles: z.array(
    z.object({
      slug: z.string(),
      title: z.string().nullable().describe('From the article sources; null for a slug no article has.'),
      views: count.describe('Reads in the widget (article_read events).'),
      helpful: count,
      notHelpful: count,
      helpfulPercent: percent,
    }),
  ),
  comments: z
    .array(
      z.object({
        id: z.number().int(),
        slug: z.string(),
        title: z.string().nullable(),
        owner: z.string().describe("The article's owner, else the content team's address."),
        comment: z.string(),
        site: z.string().nullable(),
        createdAt: z.string(),
        handledAt: z.string().nullable(),
        handledBy: z.string().nullable(),
      }),
    )
    .describe('"Not helpful" answers with a comment, newest first (500 listed).'),
  answeredWithArticle: z
    .object({
      tickets: count.describe('Tickets with a reply in the period that carried a knowledge-base article (inserted from the reply box).'),
      answered: count.describe('Tickets an agent replied to in the period (internal notes do not count).'),
      percent: z.number().min(0).max(100).nullable().describe('tickets of answered, 0..100 with one decimal; null when none was answered.'),
      articles: z
        .array(
          z.object({
            slug: z.string(),
            title: z.string().nullable(),
            replies: count.describe('Replies that carried it.'),
            tickets: count.describe('Tickets those replies were on.'),
          }),
        )
        .describe('Each article sent in replies, in the most tickets first.'),
    })
    .describe('Tickets answered with an article: the share of answered tickets that got one, and which articles went out.'),
  staleTranslations: z
    .array(
      z.object({
        slug: z.string(),
        lang: z.string().describe('The translation\'s language, e.g. "fr".'),
        file: z.string().describe('The translation\'s file in the content tree, e.g. "translations/fr/bulk-upload-users.md".'),
        sourceRevision: z.string().describe('The English revision it was translated from (its frontmatter).'),
        currentRevision: z
          .string()
          .describe("The English article's revision now: write it as sourceRevision once the translation is updated."),
      }),
    )
    .describe(
      'Translated articles whose English article changed since they were translated, as now (not of the period): readers see them marked as possibly outdated until they are updated.',
    ),
});
export type ArticlesReport = z.infer<typeof ArticlesReport>;

const CsatFigures = z.object({ responses: count, good: count, bad: count, goodPercent: percent });
export const CsatReport = z.object({
  report: z.literal('csat'),
  period: Period,
  tables: z.array(z.string()),
  total: CsatFigures,
  weeks: z.array(CsatFigures.extend({ week: z.string().describe('ISO week, e.g. 2026-W10.') })),
  comments: z
    .array(
      z.object({
        reference: z.string(),
        subject: z.string(),
        site: z.string(),
        rating: z.enum(['good', 'bad']),
        comment: z.string(),
        createdAt: z.string(),
      }),
    )
    .describe('Answers with a comment, newest first (500 listed).'),
});
export type CsatReport = z.infer<typeof CsatReport>;
