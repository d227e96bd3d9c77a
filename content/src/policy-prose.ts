/**
 * Policy data in words, for people: targets, hours, holidays, plans, channels, verdicts. The KB
 * pages (kb-site/src/pages/support/) and the article blocks (policy-blocks.ts) say the same
 * thing the same way because both take their words from here; values always come from the policy.
 * Every function speaks English unless given a language: the words are in policy-words.ts, and
 * the policy's own texts come in that language when the caller passes the translated policy.
 */
import { WEEKDAYS, type Calendar, type Weekday } from './calendar.ts';
import { LOCALES, type Language } from './languages.ts';
import { SITE_CRM, type Channel, type EscalationLevel, type Plan, type Policy, type ScopeRule, type Target } from './policy-schema.ts';
import { POLICY_WORDS } from './policy-words.ts';

export const DAY_NAMES: Record<Weekday, string> = POLICY_WORDS.en.days;

/** "1 working hour", "30 working minutes" (fractions of an hour read better as minutes). */
export function describeResponse(target: Target, lang: Language = 'en'): string {
  return describeHoursTarget(target.responseHours, lang);
}

/** The next-reply target: "4 working hours", "30 working minutes", or "No target". */
export function describeReply(target: Target, lang: Language = 'en'): string {
  return describeHoursTarget(target.replyHours ?? null, lang);
}

function describeHoursTarget(h: number | null, lang: Language): string {
  const w = POLICY_WORDS[lang];
  if (h === null) return w.noTarget;
  return h < 1 ? w.workingMinutes(Math.round(h * 60)) : w.workingHours(h);
}

/** "2 working days", "half a working day". */
export function describeResolution(target: Target, lang: Language = 'en'): string {
  const w = POLICY_WORDS[lang];
  const d = target.resolutionDays;
  if (d === null) return w.noTarget;
  return d === 0.5 ? w.halfWorkingDay : w.workingDays(d);
}

/** "a, b and c" (`last`: the word before the last item, "and" unless given). */
export const joinAnd = (items: string[], last = 'and'): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items.at(-1)}`;

/** "Request" → "requests", "Site refresh" → "site refreshes" (ticket type names are simple nouns). */
export const pluralNoun = (name: string): string => {
  const lower = name.toLowerCase();
  return /(s|sh|ch|x|z)$/.test(lower) ? `${lower}es` : `${lower}s`;
};
export const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
export const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Ticket type names as running text: "requests and bugs", « tickets de type « Demande » et « Bogue » ». */
export const ticketTypeNames = (names: string[], lang: Language = 'en'): string =>
  names.length ? POLICY_WORDS[lang].ticketTypes(names) : '';

const windowsOf = (calendar: Calendar, day: Weekday): string => (calendar.hours[day] ?? []).map(([a, b]) => `${a}–${b}`).join(', ');

/**
 * "Monday to Friday, 09:00–17:00 UK time (Europe/London)" style summary of a calendar's weekly hours.
 * `withZoneId: false` drops the IANA name when a label is set ("… UK time"), for table cells.
 */
export function describeHours(calendar: Calendar, options: { withZoneId?: boolean } = {}, lang: Language = 'en'): string {
  const w = POLICY_WORDS[lang];
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
  if (groups.length === 1 && groups[0].days.length === 7 && groups[0].windows === '00:00–24:00') return w.allDayEveryDay;
  const parts = groups.map(({ days, windows }) => {
    const span =
      days.length > 2
        ? w.dayRange(w.days[days[0]], w.days[days.at(-1)!])
        : joinAnd(
            days.map((d) => w.days[d]),
            w.and,
          );
    return w.dayWindows(span, windows);
  });
  return w.hoursIn(parts.join('; '), zone);
}

/** One row per weekday: "09:00–17:00" or "Closed". */
export function weeklyHours(calendar: Calendar, lang: Language = 'en'): Array<{ day: string; hours: string }> {
  const w = POLICY_WORDS[lang];
  return WEEKDAYS.map((d) => ({ day: upperFirst(w.days[d]), hours: windowsOf(calendar, d) || w.closed }));
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
export function holidays(calendar: Calendar, lang: Language = 'en'): Holiday[] {
  const locale = LOCALES[lang];
  // "*" sorts before digits: yearly holidays come first, each group in date order.
  return [...calendar.holidays].sort().map((h) => {
    const [y, m, d] = h.split('-');
    const yearly = y === '*';
    // 2001 for yearly dates: any year would do, they show no weekday.
    const date = new Date(Date.UTC(yearly ? 2001 : Number(y), Number(m) - 1, Number(d)));
    const dayMonth = date.toLocaleDateString(locale, { day: 'numeric', month: 'long', timeZone: 'UTC' });
    if (yearly) return { iso: null, day: dayMonth, year: null };
    const weekday = date.toLocaleDateString(locale, { weekday: 'long', timeZone: 'UTC' });
    return { iso: h, day: POLICY_WORDS[lang].weekdayDate(weekday, dayMonth), year: y };
  });
}

/** A holiday on its own: "25 December (every year)", "Friday 3 April 2026". */
export const holidayLabel = (h: Holiday, lang: Language = 'en'): string =>
  h.year === null ? `${h.day} (${POLICY_WORDS[lang].everyYear})` : `${h.day} ${h.year}`;

/** What a plan includes, as phrases for running text ("a dedicated account manager", …). */
export function planIncludes(plan: Plan, lang: Language = 'en'): string[] {
  const inc = plan.includes;
  const w = POLICY_WORDS[lang].planIncludes;
  return [
    inc.accountManager && w.accountManager,
    inc.directLine && w.directLine,
    inc.monthlyCheckIns && w.monthlyCheckIns,
    inc.endUserSupport && w.endUserSupport,
    inc.administrationServices && w.administrationServices,
    inc.uptimeGuarantee && w.uptimeGuarantee(inc.uptimeGuarantee),
    ...plan.features,
  ].filter((x): x is string => typeof x === 'string' && x.length > 0);
}

/** "£140.00" (the amount alone where the currency is unknown to Intl). */
export function formatMoney(amount: number, currency: string, lang: Language = 'en'): string {
  try {
    return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** When a channel is staffed: "Working hours: Monday to Friday, 09:00–17:00 UK time", "By appointment", … */
export function channelAvailability(
  policy: Policy,
  channel: Channel,
  options: { withZoneId?: boolean } = {},
  lang: Language = 'en',
): string {
  const w = POLICY_WORDS[lang];
  switch (channel.availability) {
    case 'business-hours':
      return w.workingHoursAvailability(describeHours(policy.calendar, { withZoneId: options.withZoneId ?? false }, lang));
    case 'always':
      return channel.contact ? w.anyTimeAnsweredInHours : w.anyTime;
    case 'by-arrangement':
      return w.byAppointment;
    case 'plan':
      return w.withPlans(policy.plans.filter((pl) => pl.id !== policy.defaultPlan).map((pl) => pl.name));
  }
}

/** Who acts on a scope rule's verdict, as a table cell says it. */
export const VERDICTS: Record<ScopeRule['verdict'], string> = POLICY_WORDS.en.verdicts;
export const verdicts = (lang: Language = 'en'): Record<ScopeRule['verdict'], string> => POLICY_WORDS[lang].verdicts;

/** What sends a ticket to an escalation level, as a clause after "when". */
export const ESCALATION_TRIGGER_WORDS = POLICY_WORDS.en.triggers;

/** An escalation contact for people: the address, or "your client relationship manager" for `site-crm`. */
export const escalationContactLabel = (contact: string, lang: Language = 'en'): string =>
  contact === SITE_CRM ? POLICY_WORDS[lang].siteCrm : contact;

/**
 * The triggers of one escalation level as clauses: its `on` events, then the wait after the
 * previous level ("the ticket has not moved for 8 working hours after escalation to level 1, Support team lead").
 */
export function escalationTriggers(level: EscalationLevel, levels: readonly EscalationLevel[], lang: Language = 'en'): string[] {
  const w = POLICY_WORDS[lang];
  const clauses = level.on.map((t) => w.triggers[t]);
  const previous = levels.find((l) => l.level === level.level - 1);
  if (level.afterWorkingHours !== undefined && previous) {
    clauses.push(w.notMovedAfter(w.workingHours(level.afterWorkingHours), previous.level, previous.role));
  }
  return clauses;
}

/** The maintenance rule for requesters: the policy's words, then what the SLA clocks and uptime do. */
export function describeMaintenance(maintenance: Policy['maintenance'], lang: Language = 'en'): string {
  const w = POLICY_WORDS[lang];
  const clock = maintenance.slaClock === 'paused' ? w.maintenanceClockPaused : w.maintenanceClockRunning;
  return [maintenance.description, clock, w.maintenanceUptime].filter(Boolean).join(' ');
}
