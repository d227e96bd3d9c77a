/**
 * Policy facts inside articles are written as `{{policy:NAME}}` and generated from policy.yaml,
 * never copied by hand. Block names produce Markdown (tables, lists); inline names a few words.
 */
import { workingDayHours, type Calendar } from './calendar.ts';
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
  lowerFirst,
  planIncludes,
  pluralNoun,
} from './policy-prose.ts';
import { SITE_CRM, type Policy } from './policy-schema.ts';

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: string[][]): string =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`)].join(
    '\n',
  );

const articleLink = (slug: string, text: string): string => `[${text}](/articles/${slug}/)`;

function describeHolidays(calendar: Calendar): string {
  if (calendar.holidays.length === 0) return 'No holidays are set: support is open on every listed day.';
  const yearly: string[] = [];
  const byYear = new Map<string, string[]>();
  for (const h of holidays(calendar)) {
    if (h.year === null) yearly.push(h.day);
    else byYear.set(h.year, [...(byYear.get(h.year) ?? []), h.day]);
  }
  const lines: string[] = [];
  if (yearly.length) lines.push(`- **Every year**: ${joinAnd(yearly)}`);
  for (const [year, days] of byYear) lines.push(`- **${year}**: ${joinAnd(days)}`);
  return lines.join('\n');
}

const hoursCell = (calendar: Calendar): string => describeHours(calendar, { withZoneId: false });

const contactLink = (contact: string): string => (/^[^\s@]+@[^\s@]+$/.test(contact) ? `[${contact}](mailto:${contact})` : contact);

const noResolutionTypes = (p: Policy): string[] => p.ticketTypes.filter((t) => !t.resolutionTarget).map((t) => pluralNoun(t.name));

type Renderer = (policy: Policy) => string;
/** Blocks with an argument, written `{{policy:NAME:ARG}}`; they return null for an unknown ARG. */
type ArgRenderer = (policy: Policy, arg: string) => string | null;

const BLOCKS: Record<string, Renderer> = {
  'vendor-name': (p) => p.vendor.name,
  'product-name': (p) => p.vendor.product,
  'support-email': (p) => p.vendor.supportEmail,
  'support-phone': (p) => p.vendor.supportPhone,
  website: (p) => p.vendor.website,
  hours: (p) => describeHours(p.calendar),
  timezone: (p) => p.calendar.timezone,
  holidays: (p) => describeHolidays(p.calendar),
  'working-day-hours': (p) => String(workingDayHours(p.calendar)),
  'sla-table': (p) => {
    const excluded = noResolutionTypes(p);
    return (
      table(
        ['Severity', 'What it means', 'First response', 'Resolution'],
        p.severities.map((s) => [`**${s.id} ${s.name}**`, s.definition, describeResponse(s.target), describeResolution(s.target)]),
      ) +
      '\n\n' +
      `Targets are counted in working time: ${describeHours(p.calendar)}, holidays excluded. ` +
      `A working day is ${workingDayHours(p.calendar)} working hours. ` +
      (excluded.length
        ? `Resolution targets do not apply to ${joinAnd(excluded)}, nor to configuration issues on your side (response targets still do).`
        : 'Resolution targets do not apply to configuration issues on your side (response targets still do).')
    );
  },
  'no-resolution-target-types': (p) => joinAnd(noResolutionTypes(p)) || 'no ticket type',
  'severity-list': (p) =>
    p.severities
      .map((s) => `- **${s.id} ${s.name}**: ${s.definition}${s.examples.length ? ` Examples: ${s.examples.join('; ')}.` : ''}`)
      .join('\n'),
  'ticket-types': (p) =>
    table(
      ['Type', 'Use it for', 'Resolution target', 'Billed from your budget'],
      p.ticketTypes.map((t) => [
        `**${t.name}**`,
        t.description,
        t.resolutionTarget ? 'Applies' : 'Does not apply',
        t.billable ? 'Yes' : 'No',
      ]),
    ),
  'ticket-fields': (p) =>
    p.ticketTypes
      .map((t) => {
        const fields = t.fields.map((f) => `  - ${f.label}${f.required ? ' (required)' : ' (optional)'}${f.help ? `: ${f.help}` : ''}`);
        return [`- **${t.name}**: ${t.prompt}`, ...fields].join('\n');
      })
      .join('\n'),
  'billable-ticket-types': (p) => joinAnd(p.ticketTypes.filter((t) => t.billable).map((t) => pluralNoun(t.name))) || 'no ticket type',
  'channels-table': (p) =>
    table(
      ['Channel', 'When to use it', 'Availability'],
      p.channels.map((c) => [
        c.article ? articleLink(c.article, c.name) : c.name,
        c.whenToUse.join(' '),
        channelAvailability(p, c) + (c.contact ? ` — ${contactLink(c.contact)}` : ''),
      ]),
    ),
  'scope-table': (p) =>
    table(
      ['What you need', 'Who does it', 'Read'],
      p.scope.map((r) => [r.topic, r.who, articleLink(r.article, 'Article')]),
    ),
  'scope-in': (p) => scopeList(p, ['in', 'paid']),
  'scope-out': (p) => scopeList(p, ['client', 'end-user', 'third-party', 'out']),
  'plans-table': (p) =>
    table(
      ['Plan', 'What it is', 'Hours', 'Includes'],
      p.plans.map((plan) => [
        `**${plan.name}**`,
        plan.description,
        hoursCell(plan.calendar ?? p.calendar),
        joinAnd(planIncludes(plan)) || '—',
      ]),
    ),
  'plan-targets': (p) => {
    const base = p.plans.find((pl) => pl.id === p.defaultPlan);
    return p.plans
      .filter((plan) => plan.id !== p.defaultPlan && Object.keys(plan.targets).length > 0)
      .map(
        (plan) =>
          `**${plan.name}** targets, counted over ${describeHours(plan.calendar ?? p.calendar)}:\n\n` +
          table(
            ['Severity', 'First response', 'Resolution', `${base?.name ?? 'Standard'} (for comparison)`],
            p.severities.map((s) => {
              const t = plan.targets[s.id] ?? s.target;
              return [
                `**${s.id} ${s.name}**`,
                describeResponse(t),
                describeResolution(t),
                `${describeResponse(s.target)}; ${describeResolution(s.target).replace('No target', 'no resolution target')}`,
              ];
            }),
          ),
      )
      .join('\n\n');
  },
  'end-user-support-plans': (p) =>
    joinAnd(
      p.plans.filter((pl) => pl.includes.endUserSupport).map((pl) => pl.name),
      'or',
    ) || 'none of our plans',
  rates: (p) =>
    table(
      ['Rate', 'Per hour', 'Used for'],
      p.rates.list.map((r) => [r.name, formatMoney(r.hourly, p.rates.currency), r.description]),
    ) + `\n\nTime is logged in blocks of ${p.rates.incrementMinutes} minutes.`,
  'time-increment': (p) => `${p.rates.incrementMinutes} minutes`,
  'budget-description': (p) => p.budget.description,
  'low-balance-percent': (p) => `${p.budget.lowBalancePercent}%`,
  'escalation-description': (p) => p.escalation.description,
  maintenance: (p) => describeMaintenance(p.maintenance),
  'escalation-levels': (p) =>
    p.escalation.levels
      .map(
        (l) =>
          `${l.level}. **${l.role}** (${l.contact === SITE_CRM ? escalationContactLabel(l.contact) : contactLink(l.contact)}): when ${lowerFirst(l.when)}` +
          ` Escalated here automatically when ${joinAnd(escalationTriggers(l, p.escalation.levels), 'or')}.`,
      )
      .join('\n'),
  'file-types': (p) => p.attachments.allowedTypes.map((t) => `\`${t}\``).join(', '),
  'file-types-count': (p) => String(p.attachments.allowedTypes.length),
  'max-attachment-size': (p) => `${Math.round(p.attachments.maxBytes / 1024 / 1024)} MB`,
  'max-attachments': (p) => String(p.attachments.maxFiles),
  attachments: (p) =>
    `Attach up to ${p.attachments.maxFiles} files of up to ${Math.round(p.attachments.maxBytes / 1024 / 1024)} MB each. ` +
    `Accepted types: ${p.attachments.allowedTypes.join(', ')}.`,
};

const ARG_BLOCKS: Record<string, ArgRenderer> = {
  /** {{policy:plan-name:priority}} */
  'plan-name': (p, id) => p.plans.find((pl) => pl.id === id)?.name ?? null,
  /** {{policy:plan-hours:priority}} */
  'plan-hours': (p, id) => {
    const plan = p.plans.find((pl) => pl.id === id);
    return plan ? describeHours(plan.calendar ?? p.calendar) : null;
  },
  /** {{policy:plan-includes:priority}}: "a dedicated account manager, … and …" */
  'plan-includes': (p, id) => {
    const plan = p.plans.find((pl) => pl.id === id);
    return plan ? joinAnd(planIncludes(plan)) || 'nothing beyond standard support' : null;
  },
  /** {{policy:rate:consultancy}}: "140.00 GBP an hour" */
  rate: (p, id) => {
    const rate = p.rates.list.find((r) => r.id === id);
    return rate ? `${formatMoney(rate.hourly, p.rates.currency)} an hour` : null;
  },
  /** {{policy:severity-target:S1}}: "first response within 1 working hour, resolution within 1 working day" */
  'severity-target': (p, id) => {
    const s = p.severities.find((x) => x.id === id);
    if (!s) return null;
    const res = s.target.resolutionDays === null ? 'no resolution target' : `resolution within ${describeResolution(s.target)}`;
    return s.target.responseHours === null ? res : `first response within ${describeResponse(s.target)}, ${res}`;
  },
  /** {{policy:channel-availability:chat}} */
  'channel-availability': (p, id) => {
    const c = p.channels.find((x) => x.id === id);
    return c ? channelAvailability(p, c) : null;
  },
  /** {{policy:channel-contact:email}} */
  'channel-contact': (p, id) => p.channels.find((x) => x.id === id)?.contact ?? null,
  /** {{policy:ticket-prompt:bug}} */
  'ticket-prompt': (p, id) => p.ticketTypes.find((t) => t.id === id)?.prompt ?? null,
  /** {{policy:ticket-fields:site_refresh}}: the fields of one ticket type, as a list */
  'ticket-fields': (p, id) => {
    const t = p.ticketTypes.find((x) => x.id === id);
    if (!t) return null;
    if (!t.fields.length) return `- ${t.prompt}`;
    return t.fields.map((f) => `- **${f.label}**${f.required ? ' (required)' : ' (optional)'}${f.help ? `: ${f.help}` : ''}`).join('\n');
  },
};

function scopeList(p: Policy, verdicts: string[]): string {
  const rules = p.scope.filter((r) => verdicts.includes(r.verdict));
  return rules.map((r) => `- **${r.topic}**: ${r.who} See ${articleLink(r.article, 'the article')}.`).join('\n') || '- (none)';
}

export const POLICY_BLOCK_NAMES = [...Object.keys(BLOCKS), ...Object.keys(ARG_BLOCKS).map((n) => `${n}:ARG`)];

/** Replace every `{{policy:NAME}}` / `{{policy:NAME:ARG}}` in Markdown; unknown names are returned for a clear build error. */
export function expandPolicyBlocks(markdown: string, policy: Policy): { markdown: string; unknown: string[] } {
  const unknown: string[] = [];
  const out = markdown.replace(
    /\{\{\s*policy:([a-z0-9-]+)(?::([A-Za-z0-9_-]+))?\s*\}\}/g,
    (whole, name: string, arg: string | undefined) => {
      const rendered = arg === undefined ? BLOCKS[name]?.(policy) : ARG_BLOCKS[name]?.(policy, arg);
      if (rendered == null) {
        unknown.push(arg === undefined ? name : `${name}:${arg}`);
        return whole;
      }
      return rendered;
    },
  );
  return { markdown: out, unknown };
}
