/**
 * Policy facts inside articles are written as `{{policy:NAME}}` and generated from policy.yaml,
 * never copied by hand. Block names produce Markdown (tables, lists); inline names a few words.
 */
import { workingDayHours, type Calendar } from './calendar.ts';
import type { Language } from './languages.ts';
import {
  describeMaintenance,
  channelAvailability,
  describeHours,
  describeResolution,
  describeResponse,
  escalationContactLabel,
  escalationTriggers,
  formatMoney,
  holidays,
  joinAnd,
  planIncludes,
  ticketTypeNames,
} from './policy-prose.ts';
import { SITE_CRM, type Policy } from './policy-schema.ts';
import { POLICY_WORDS, type PolicyWords } from './policy-words.ts';

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`)].join(
    '\n',
  );

// Links are written language-neutral; the KB site points them at the reader's language.
const articleLink = (slug: string, text: string): string => `[${text}](/articles/${slug}/)`;

function describeHolidays(calendar: Calendar, lang: Language, w: PolicyWords): string {
  if (calendar.holidays.length === 0) return w.noHolidays;
  const yearly: string[] = [];
  const byYear = new Map<string, string[]>();
  for (const h of holidays(calendar, lang)) {
    if (h.year === null) yearly.push(h.day);
    else byYear.set(h.year, [...(byYear.get(h.year) ?? []), h.day]);
  }
  const lines: string[] = [];
  if (yearly.length) lines.push(`- **${w.everyYearHeading}**: ${joinAnd(yearly, w.and)}`);
  for (const [year, days] of byYear) lines.push(`- **${year}**: ${joinAnd(days, w.and)}`);
  return lines.join('\n');
}

const contactLink = (contact: string): string => (/^[^\s@]+@[^\s@]+$/.test(contact) ? `[${contact}](mailto:${contact})` : contact);

const noResolutionTypes = (p: Policy): string[] => p.ticketTypes.filter((t) => !t.resolutionTarget).map((t) => t.name);

/** What a block is given: the policy (its texts in the article's language), the language and its words. */
interface BlockContext {
  p: Policy;
  lang: Language;
  w: PolicyWords;
}
type Renderer = (c: BlockContext) => string;
/** Blocks with an argument, written `{{policy:NAME:ARG}}`; they return null for an unknown ARG. */
type ArgRenderer = (c: BlockContext, arg: string) => string | null;

const megabytes = (p: Policy): number => Math.round(p.attachments.maxBytes / 1024 / 1024);

const BLOCKS: Record<string, Renderer> = {
  'vendor-name': ({ p }) => p.vendor.name,
  'product-name': ({ p }) => p.vendor.product,
  'support-email': ({ p }) => p.vendor.supportEmail,
  'support-phone': ({ p }) => p.vendor.supportPhone,
  website: ({ p }) => p.vendor.website,
  hours: ({ p, lang }) => describeHours(p.calendar, {}, lang),
  timezone: ({ p }) => p.calendar.timezone,
  holidays: ({ p, lang, w }) => describeHolidays(p.calendar, lang, w),
  'working-day-hours': ({ p }) => String(workingDayHours(p.calendar)),
  'sla-table': ({ p, lang, w }) => {
    const excluded = noResolutionTypes(p);
    return (
      table(
        w.slaHead,
        p.severities.map((s) => [
          `**${s.id} ${s.name}**`,
          s.definition,
          describeResponse(s.target, lang),
          describeResolution(s.target, lang),
        ]),
      ) +
      '\n\n' +
      `${w.countedIn(describeHours(p.calendar, {}, lang))} ` +
      `${w.workingDayIs(workingDayHours(p.calendar))} ` +
      (excluded.length ? w.resolutionExcludes(ticketTypeNames(excluded, lang)) : w.resolutionExcludesConfiguration)
    );
  },
  'no-resolution-target-types': ({ p, lang, w }) => ticketTypeNames(noResolutionTypes(p), lang) || w.noTicketType,
  'severity-list': ({ p, w }) =>
    p.severities
      .map((s) => `- **${s.id} ${s.name}**: ${s.definition}${s.examples.length ? ` ${w.examples} ${s.examples.join('; ')}.` : ''}`)
      .join('\n'),
  'ticket-types': ({ p, w }) =>
    table(
      w.ticketTypesHead,
      p.ticketTypes.map((t) => [
        `**${t.name}**`,
        t.description,
        t.resolutionTarget ? w.applies : w.doesNotApply,
        t.billable ? w.yes : w.no,
      ]),
    ),
  'ticket-fields': ({ p, w }) =>
    p.ticketTypes
      .map((t) => {
        const fields = t.fields.map((f) => `  - ${f.label} (${f.required ? w.required : w.optional})${f.help ? `: ${f.help}` : ''}`);
        return [`- **${t.name}**: ${t.prompt}`, ...fields].join('\n');
      })
      .join('\n'),
  'billable-ticket-types': ({ p, lang, w }) =>
    ticketTypeNames(
      p.ticketTypes.filter((t) => t.billable).map((t) => t.name),
      lang,
    ) || w.noTicketType,
  'channels-table': ({ p, lang, w }) =>
    table(
      w.channelsHead,
      p.channels.map((c) => [
        c.article ? articleLink(c.article, c.name) : c.name,
        c.whenToUse.join(' '),
        channelAvailability(p, c, {}, lang) + (c.contact ? ` — ${contactLink(c.contact)}` : ''),
      ]),
    ),
  'scope-table': ({ p, w }) =>
    table(
      w.scopeHead,
      p.scope.map((r) => [r.topic, r.who, articleLink(r.article, w.article)]),
    ),
  'scope-in': (c) => scopeList(c, ['in', 'paid']),
  'scope-out': (c) => scopeList(c, ['client', 'end-user', 'third-party', 'out']),
  'plans-table': ({ p, lang, w }) =>
    table(
      w.plansHead,
      p.plans.map((plan) => [
        `**${plan.name}**`,
        plan.description,
        describeHours(plan.calendar ?? p.calendar, { withZoneId: false }, lang),
        joinAnd(planIncludes(plan, lang), w.and) || '—',
      ]),
    ),
  'plan-targets': ({ p, lang, w }) => {
    const base = p.plans.find((pl) => pl.id === p.defaultPlan);
    return p.plans
      .filter((plan) => plan.id !== p.defaultPlan && Object.keys(plan.targets).length > 0)
      .map(
        (plan) =>
          `${w.planTargetsIntro(plan.name, describeHours(plan.calendar ?? p.calendar, {}, lang))}\n\n` +
          table(
            w.planTargetsHead(base?.name ?? 'Standard'),
            p.severities.map((s) => {
              const t = plan.targets[s.id] ?? s.target;
              const baseResolution = s.target.resolutionDays === null ? w.noResolutionTarget : describeResolution(s.target, lang);
              return [
                `**${s.id} ${s.name}**`,
                describeResponse(t, lang),
                describeResolution(t, lang),
                `${describeResponse(s.target, lang)}; ${baseResolution}`,
              ];
            }),
          ),
      )
      .join('\n\n');
  },
  'end-user-support-plans': ({ p, w }) =>
    joinAnd(
      p.plans.filter((pl) => pl.includes.endUserSupport).map((pl) => pl.name),
      w.or,
    ) || w.noPlan,
  rates: ({ p, lang, w }) =>
    table(
      w.ratesHead,
      p.rates.list.map((r) => [r.name, formatMoney(r.hourly, p.rates.currency, lang), r.description]),
    ) + `\n\n${w.timeBlocks(p.rates.incrementMinutes)}`,
  'time-increment': ({ p, w }) => w.minutes(p.rates.incrementMinutes),
  'budget-description': ({ p }) => p.budget.description,
  'low-balance-percent': ({ p, w }) => w.percent(p.budget.lowBalancePercent),
  'escalation-description': ({ p }) => p.escalation.description,
  maintenance: ({ p, lang }) => describeMaintenance(p.maintenance, lang),
  'escalation-levels': ({ p, lang, w }) =>
    p.escalation.levels
      .map(
        (l) =>
          `${l.level}. ` +
          w.escalationLevel(
            l.role,
            l.contact === SITE_CRM ? escalationContactLabel(l.contact, lang) : contactLink(l.contact),
            l.when,
            joinAnd(escalationTriggers(l, p.escalation.levels, lang), w.or),
          ),
      )
      .join('\n'),
  'file-types': ({ p }) => p.attachments.allowedTypes.map((t) => `\`${t}\``).join(', '),
  'file-types-count': ({ p }) => String(p.attachments.allowedTypes.length),
  'max-attachment-size': ({ p, w }) => w.megabytes(megabytes(p)),
  'max-attachments': ({ p }) => String(p.attachments.maxFiles),
  attachments: ({ p, w }) => w.attachments(p.attachments.maxFiles, w.megabytes(megabytes(p)), p.attachments.allowedTypes.join(', ')),
};

const ARG_BLOCKS: Record<string, ArgRenderer> = {
  /** {{policy:plan-name:priority}} */
  'plan-name': ({ p }, id) => p.plans.find((pl) => pl.id === id)?.name ?? null,
  /** {{policy:plan-hours:priority}} */
  'plan-hours': ({ p, lang }, id) => {
    const plan = p.plans.find((pl) => pl.id === id);
    return plan ? describeHours(plan.calendar ?? p.calendar, {}, lang) : null;
  },
  /** {{policy:plan-includes:priority}}: "a dedicated account manager, … and …" */
  'plan-includes': ({ p, lang, w }, id) => {
    const plan = p.plans.find((pl) => pl.id === id);
    return plan ? joinAnd(planIncludes(plan, lang), w.and) || w.nothingBeyondStandard : null;
  },
  /** {{policy:rate:consultancy}}: "140.00 GBP an hour" */
  rate: ({ p, lang, w }, id) => {
    const rate = p.rates.list.find((r) => r.id === id);
    return rate ? w.perHour(formatMoney(rate.hourly, p.rates.currency, lang)) : null;
  },
  /** {{policy:severity-target:S1}}: "first response within 1 working hour, resolution within 1 working day" */
  'severity-target': ({ p, lang, w }, id) => {
    const s = p.severities.find((x) => x.id === id);
    if (!s) return null;
    return w.severityTarget(
      s.target.responseHours === null ? null : describeResponse(s.target, lang),
      s.target.resolutionDays === null ? null : describeResolution(s.target, lang),
    );
  },
  /** {{policy:channel-availability:chat}} */
  'channel-availability': ({ p, lang }, id) => {
    const c = p.channels.find((x) => x.id === id);
    return c ? channelAvailability(p, c, {}, lang) : null;
  },
  /** {{policy:channel-contact:email}} */
  'channel-contact': ({ p }, id) => p.channels.find((x) => x.id === id)?.contact ?? null,
  /** {{policy:ticket-prompt:bug}} */
  'ticket-prompt': ({ p }, id) => p.ticketTypes.find((t) => t.id === id)?.prompt ?? null,
  /** {{policy:ticket-fields:site_refresh}}: the fields of one ticket type, as a list */
  'ticket-fields': ({ p, w }, id) => {
    const t = p.ticketTypes.find((x) => x.id === id);
    if (!t) return null;
    if (!t.fields.length) return `- ${t.prompt}`;
    return t.fields.map((f) => `- **${f.label}** (${f.required ? w.required : w.optional})${f.help ? `: ${f.help}` : ''}`).join('\n');
  },
};

function scopeList({ p, w }: BlockContext, verdicts: string[]): string {
  const rules = p.scope.filter((r) => verdicts.includes(r.verdict));
  return rules.map((r) => `- **${r.topic}**: ${r.who} ${w.seeArticle(`/articles/${r.article}/`)}`).join('\n') || `- ${w.none}`;
}

export const POLICY_BLOCK_NAMES = [...Object.keys(BLOCKS), ...Object.keys(ARG_BLOCKS).map((n) => `${n}:ARG`)];

/**
 * Replace every `{{policy:NAME}}` / `{{policy:NAME:ARG}}` in Markdown; unknown names are returned for
 * a clear build error. For a translated article, pass its language and the policy translated into it
 * (policy-translations.ts): the facts are the same, the words the reader's.
 */
export function expandPolicyBlocks(markdown: string, policy: Policy, lang: Language = 'en'): { markdown: string; unknown: string[] } {
  const unknown: string[] = [];
  const context: BlockContext = { p: policy, lang, w: POLICY_WORDS[lang] };
  const out = markdown.replace(
    /\{\{\s*policy:([a-z0-9-]+)(?::([A-Za-z0-9_-]+))?\s*\}\}/g,
    (whole, name: string, arg: string | undefined) => {
      const rendered = arg === undefined ? BLOCKS[name]?.(context) : ARG_BLOCKS[name]?.(context, arg);
      if (rendered == null) {
        unknown.push(arg === undefined ? name : `${name}:${arg}`);
        return whole;
      }
      return rendered;
    },
  );
  return { markdown: out, unknown };
}
