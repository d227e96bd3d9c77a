/**
 * Policy facts inside articles are written as `{{policy:NAME}}` and generated from policy.yaml,
 * never copied by hand. Block names produce Markdown (tables, lists); inline names a few words.
 */
import type { Policy, PolicyCalendar, Target } from './policy-schema.ts';
import { WEEKDAYS } from './policy-schema.ts';

const DAY_NAMES: Record<string, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Length of the calendar's working day in hours (the longest open day), used for "working day" targets. */
export function workingDayHours(calendar: PolicyCalendar): number {
  let longest = 0;
  for (const day of WEEKDAYS) {
    const total = (calendar.hours[day] ?? []).reduce((sum, [a, b]) => sum + minutesOf(b) - minutesOf(a), 0);
    longest = Math.max(longest, total);
  }
  return longest / 60;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function describeResponse(target: Target): string {
  return target.responseHours === null ? 'No target' : plural(target.responseHours, 'working hour', 'working hours');
}
export function describeResolution(target: Target): string {
  return target.resolutionDays === null ? 'No target' : plural(target.resolutionDays, 'working day', 'working days');
}

/** "Monday to Friday, 09:00–17:00" style summary of a calendar's weekly hours. */
export function describeHours(calendar: PolicyCalendar): string {
  const groups: Array<{ days: string[]; windows: string }> = [];
  for (const day of WEEKDAYS) {
    const windows = (calendar.hours[day] ?? []).map(([a, b]) => `${a}–${b}`).join(', ');
    if (!windows) continue;
    const last = groups.at(-1);
    const prevDay = WEEKDAYS[WEEKDAYS.indexOf(day) - 1];
    if (last && last.windows === windows && last.days.at(-1) === prevDay) last.days.push(day);
    else groups.push({ days: [day], windows });
  }
  const zone = calendar.label ? `${calendar.label} (${calendar.timezone})` : calendar.timezone;
  if (groups.length === 1 && groups[0].days.length === 7 && groups[0].windows === '00:00–24:00') {
    return `24 hours a day, 7 days a week`;
  }
  const parts = groups.map(({ days, windows }) => {
    const span = days.length > 2 ? `${DAY_NAMES[days[0]]} to ${DAY_NAMES[days.at(-1)!]}` : days.map((d) => DAY_NAMES[d]).join(' and ');
    return `${span}, ${windows}`;
  });
  return `${parts.join('; ')} ${zone}`;
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const table = (head: string[], rows: string[][]): string =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(escapeCell).join(' | ')} |`),
  ].join('\n');

const articleLink = (slug: string, text: string): string => `[${text}](/articles/${slug}/)`;

function describeHolidays(calendar: PolicyCalendar): string {
  if (calendar.holidays.length === 0) return 'No holidays are set.';
  const fmt = (h: string) => {
    const [y, m, d] = h.split('-');
    const date = new Date(Date.UTC(2001, Number(m) - 1, Number(d)));
    const label = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
    return y === '*' ? `${label} (every year)` : `${label} ${y}`;
  };
  return calendar.holidays.map((h) => `- ${fmt(h)}`).join('\n');
}

type Renderer = (policy: Policy) => string;

const BLOCKS: Record<string, Renderer> = {
  'vendor-name': (p) => p.vendor.name,
  'product-name': (p) => p.vendor.product,
  'support-email': (p) => p.vendor.supportEmail,
  'support-phone': (p) => p.vendor.supportPhone,
  hours: (p) => describeHours(p.calendar),
  timezone: (p) => p.calendar.timezone,
  holidays: (p) => describeHolidays(p.calendar),
  'working-day-hours': (p) => String(workingDayHours(p.calendar)),
  'sla-table': (p) =>
    table(
      ['Severity', 'What it means', 'First response', 'Resolution'],
      p.severities.map((s) => [`**${s.id} ${s.name}**`, s.definition, describeResponse(s.target), describeResolution(s.target)]),
    ) +
    '\n\n' +
    `Targets are counted in working time: ${describeHours(p.calendar)}, holidays excluded. ` +
    `A working day is ${workingDayHours(p.calendar)} working hours. ` +
    `Resolution targets do not apply to ${p.ticketTypes.filter((t) => !t.resolutionTarget).map((t) => t.name.toLowerCase()).join(', ') || 'any ticket type'}, nor to configuration issues on your side.`,
  'severity-list': (p) =>
    p.severities.map((s) => `- **${s.id} ${s.name}**: ${s.definition}${s.examples.length ? ` Examples: ${s.examples.join('; ')}.` : ''}`).join('\n'),
  'ticket-types': (p) =>
    table(
      ['Type', 'Use it for', 'Resolution target'],
      p.ticketTypes.map((t) => [`**${t.name}**`, t.description, t.resolutionTarget ? 'Applies' : 'Does not apply']),
    ),
  'channels-table': (p) =>
    table(
      ['Channel', 'When to use it', 'Availability'],
      p.channels.map((c) => [
        c.article ? articleLink(c.article, c.name) : c.name,
        c.whenToUse.join(' '),
        { 'business-hours': `Working hours (${describeHours(p.calendar)})`, always: 'Any time', 'by-arrangement': 'By appointment', plan: 'With the plan that includes it' }[c.availability] +
          (c.contact ? ` — ${c.contact}` : ''),
      ]),
    ),
  'scope-table': (p) =>
    table(
      ['What you need', 'Who does it', 'Read'],
      p.scope.map((r) => [r.topic, r.who, articleLink(r.article, 'Article')]),
    ),
  'plans-table': (p) =>
    table(
      ['Plan', 'What it is', 'Hours', 'Includes'],
      p.plans.map((plan) => {
        const inc = plan.includes;
        const list = [
          inc.accountManager && 'dedicated account manager',
          inc.directLine && 'direct phone line',
          inc.monthlyCheckIns && 'monthly check-ins',
          inc.endUserSupport && 'end-user support through one named client contact',
          inc.administrationServices && 'administration services',
          inc.uptimeGuarantee && `${inc.uptimeGuarantee} uptime guarantee for hosted sites`,
          ...plan.features,
        ].filter(Boolean);
        return [`**${plan.name}**`, plan.description, describeHours(plan.calendar ?? p.calendar), list.join('; ') || '—'];
      }),
    ),
  'plan-targets': (p) =>
    p.plans
      .filter((plan) => Object.keys(plan.targets).length > 0)
      .map((plan) =>
        `**${plan.name}** targets:\n\n` +
        table(
          ['Severity', 'First response', 'Resolution'],
          p.severities.map((s) => {
            const t = plan.targets[s.id] ?? s.target;
            return [`${s.id} ${s.name}`, describeResponse(t), describeResolution(t)];
          }),
        ),
      )
      .join('\n\n'),
  rates: (p) =>
    table(
      ['Rate', 'Per hour', 'Used for'],
      p.rates.list.map((r) => [r.name, `${r.hourly.toFixed(2)} ${p.rates.currency}`, r.description]),
    ) + `\n\nTime is logged in blocks of ${p.rates.incrementMinutes} minutes.`,
  'escalation-levels': (p) =>
    p.escalation.levels.map((l) => `${l.level}. **${l.role}** — ${l.when} (${l.contact})`).join('\n'),
  'file-types': (p) => p.attachments.allowedTypes.map((t) => `\`${t}\``).join(', '),
  'max-attachment-size': (p) => `${Math.round(p.attachments.maxBytes / 1024 / 1024)} MB`,
  'max-attachments': (p) => String(p.attachments.maxFiles),
};

export const POLICY_BLOCK_NAMES = Object.keys(BLOCKS);

/** Replace every `{{policy:NAME}}` in Markdown; unknown names are returned for a clear build error. */
export function expandPolicyBlocks(markdown: string, policy: Policy): { markdown: string; unknown: string[] } {
  const unknown: string[] = [];
  const out = markdown.replace(/\{\{\s*policy:([a-z0-9-]+)\s*\}\}/g, (whole, name: string) => {
    const render = BLOCKS[name];
    if (!render) {
      unknown.push(name);
      return whole;
    }
    return render(policy);
  });
  return { markdown: out, unknown };
}
