/**
 * Policy data in words, for people: targets, hours, holidays, plans, channels, verdicts. The KB
 * pages (kb-site/src/pages/support/) and the article blocks (policy-blocks.ts) say the same
 * thing the same way because both take their words from here; values always come from the policy.
 */
import { WEEKDAYS, type Calendar, type Weekday } from './calendar.ts';
import {
  SITE_CRM,
  type Channel,
  type EscalationLevel,
  type EscalationTrigger,
  type Plan,
  type Policy,
  type ScopeRule,
  type Target,
} from './policy-schema.ts';

export const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "1 working hour", "30 working minutes" (fractions of an hour read better as minutes). */
export function describeResponse(target: Target): string {
  const h = target.responseHours;
  if (h === null) return 'No target';
  return h < 1 ? plural(Math.round(h * 60), 'working minute', 'working minutes') : plural(h, 'working hour', 'working hours');
}

/** The next-reply target: "4 working hours", "30 working minutes", or "No target". */
export function describeReply(target: Target): string {
  const h = target.replyHours ?? null;
  if (h === null) return 'No target';
  return h < 1 ? plural(Math.round(h * 60), 'working minute', 'working minutes') : plural(h, 'working hour', 'working hours');
}

/** "2 working days", "half a working day". */
export function describeResolution(target: Target): string {
  const d = target.resolutionDays;
  if (d === null) return 'No target';
  return d === 0.5 ? 'half a working day' : plural(d, 'working day', 'working days');
}

/** "a, b and c" */
export const joinAnd = (items: string[], last = 'and'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;

/** "Request" → "requests", "Site refresh" → "site refreshes" (ticket type names are simple nouns). */
export const pluralNoun = (name: string): string => {
  const lower = name.toLowerCase();
  return /(s|sh|ch|x|z)$/.test(lower) ? `${lower}es` : `${lower}s`;
};
export const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
export const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

const windowsOf = (calendar: Calendar, day: Weekday): string => (calendar.hours[day] ?? []).map(([a, b]) => `${a}–${b}`).join(', ');

/**
 * "Monday to Friday, 09:00–17:00 UK time (Europe/London)" style summary of a calendar's weekly hours.
 * `withZoneId: false` drops the IANA name when a label is set ("… UK time"), for table cells.
 */
export function describeHours(calendar: Calendar, options: { withZoneId?: boolean } = {}): string {
  const withZoneId = options.withZoneId ?? true;
  const groups: Array<{ days: Weekday[]; windows: string }> = [];
  for (const day of WEEKDAYS) {
    const windows = windowsOf(calendar, day);
    if (!windows) continue;
    const last = groups.at(-1);
    const prevDay = WEEKDAYS[WEEKDAYS.indexOf(day) - 1];
    if (last && last.windows === windows && last.days.at(-1) === prevDay) last.days.push(day);
    else groups.push({ days: [day], windows });
  }
  const zone = calendar.label ? (withZoneId ? `${calendar.label} (${calendar.timezone})` : calendar.label) : calendar.timezone;
  if (groups.length === 1 && groups[0].days.length === 7 && groups[0].windows === '00:00–24:00') {
    return `24 hours a day, 7 days a week`;
  }
  const parts = groups.map(({ days, windows }) => {
    const span = days.length > 2 ? `${DAY_NAMES[days[0]]} to ${DAY_NAMES[days.at(-1)!]}` : days.map((d) => DAY_NAMES[d]).join(' and ');
    return `${span}, ${windows}`;
  });
  return `${parts.join('; ')} ${zone}`;
}

/** One row per weekday: "09:00–17:00" or "Closed". */
export function weeklyHours(calendar: Calendar): Array<{ day: string; hours: string }> {
  return WEEKDAYS.map((d) => ({ day: DAY_NAMES[d], hours: windowsOf(calendar, d) || 'Closed' }));
}

export interface Holiday {
  /** The date for `<time datetime>`; null for a yearly holiday. */
  iso: string | null;
  /** "Friday 3 April" for "2026-04-03", "25 December" for "*-12-25". */
  day: string;
  /** "2026", or null every year. */
  year: string | null;
}

/** The calendar's holidays in date order, yearly ones first. */
export function holidays(calendar: Calendar): Holiday[] {
  // "*" sorts before digits: yearly holidays come first, each group in date order.
  return [...calendar.holidays].sort().map((h) => {
    const [y, m, d] = h.split('-');
    const yearly = y === '*';
    // 2001 for yearly dates: any year would do, they show no weekday.
    const date = new Date(Date.UTC(yearly ? 2001 : Number(y), Number(m) - 1, Number(d)));
    const dayMonth = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
    if (yearly) return { iso: null, day: dayMonth, year: null };
    return { iso: h, day: `${date.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' })} ${dayMonth}`, year: y };
  });
}

/** A holiday on its own: "25 December (every year)", "Friday 3 April 2026". */
export const holidayLabel = (h: Holiday): string => (h.year === null ? `${h.day} (every year)` : `${h.day} ${h.year}`);

/** What a plan includes, as phrases for running text ("a dedicated account manager", …). */
export function planIncludes(plan: Plan): string[] {
  const inc = plan.includes;
  return [
    inc.accountManager && 'a dedicated account manager',
    inc.directLine && 'a direct phone line',
    inc.monthlyCheckIns && 'monthly check-ins',
    inc.endUserSupport && 'end-user support through one named client contact',
    inc.administrationServices && 'administration services',
    inc.uptimeGuarantee && `a ${inc.uptimeGuarantee} uptime guarantee for hosted sites`,
    ...plan.features,
  ].filter((x): x is string => typeof x === 'string' && x.length > 0);
}

/** "£140.00" (the amount alone where the currency is unknown to Intl). */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** When a channel is staffed: "Working hours: Monday to Friday, 09:00–17:00 UK time", "By appointment", … */
export function channelAvailability(policy: Policy, channel: Channel, options: { withZoneId?: boolean } = {}): string {
  switch (channel.availability) {
    case 'business-hours':
      return `Working hours: ${describeHours(policy.calendar, { withZoneId: options.withZoneId ?? false })}`;
    case 'always':
      // Someone answers a contact channel; the knowledge base needs nobody.
      return channel.contact ? 'Send any time; answered in working hours' : 'Any time';
    case 'by-arrangement':
      return 'By appointment';
    case 'plan':
      return `With ${
        joinAnd(
          policy.plans.filter((pl) => pl.id !== policy.defaultPlan).map((pl) => pl.name),
          'or',
        ) || 'the plan that includes it'
      }`;
  }
}

/** Who acts on a scope rule's verdict, as a table cell says it. */
export const VERDICTS: Record<ScopeRule['verdict'], string> = {
  in: 'Support helps',
  client: 'You do it; we explain how',
  'end-user': 'Your own site administrator',
  'third-party': 'The third party',
  paid: 'Paid add-on',
  roadmap: 'Feature request',
  out: 'Not covered',
};

/** What sends a ticket to an escalation level, as a clause after "when". */
export const ESCALATION_TRIGGER_WORDS: Record<EscalationTrigger, string> = {
  response_missed: 'a first-response target is missed',
  resolution_missed: 'a resolution target is missed',
  reply_missed: 'a next-reply target is missed',
  requested: 'you ask for escalation on the ticket',
  complaint: 'you make a formal complaint',
};

/** An escalation contact for people: the address, or "your client relationship manager" for `site-crm`. */
export const escalationContactLabel = (contact: string): string =>
  contact === SITE_CRM ? 'the relationship manager named for your site' : contact;

/**
 * The triggers of one escalation level as clauses: its `on` events, then the wait after the
 * previous level ("the ticket has not moved for 8 working hours after escalation to level 1, Support team lead").
 */
export function escalationTriggers(level: EscalationLevel, levels: readonly EscalationLevel[]): string[] {
  const clauses = level.on.map((t) => ESCALATION_TRIGGER_WORDS[t]);
  const previous = levels.find((l) => l.level === level.level - 1);
  if (level.afterWorkingHours !== undefined && previous) {
    const wait = plural(level.afterWorkingHours, 'working hour', 'working hours');
    clauses.push(`the ticket has not moved for ${wait} after escalation to level ${previous.level} (${previous.role})`);
  }
  return clauses;
}

/** The maintenance rule for requesters: the policy's words, then what the SLA clocks and uptime do. */
export function describeMaintenance(maintenance: Policy['maintenance']): string {
  const clock =
    maintenance.slaClock === 'paused'
      ? "While an announced window runs, the SLA clocks of your site's tickets stop; they resume when it ends."
      : 'The SLA clocks keep running during maintenance windows.';
  return [maintenance.description, clock, 'Announced maintenance does not count against uptime.'].filter(Boolean).join(' ');
}
