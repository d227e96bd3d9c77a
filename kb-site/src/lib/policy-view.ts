/** Formatting helpers for the pages generated from policy.yaml (values always come from the policy). */
import type { Policy } from '#content/policy-schema.ts';
import { WEEKDAYS, type Calendar as PolicyCalendar } from '#content/calendar.ts';

export { workingDayHours } from '#content/calendar.ts';
export { describeHours, describeResponse, describeResolution } from '#content/policy-blocks.ts';

export const DAY_NAMES: Record<(typeof WEEKDAYS)[number], string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};

/** One row per weekday: "09:00–17:00" or "Closed". */
export function weeklyHours(calendar: PolicyCalendar): Array<{ day: string; hours: string }> {
  return WEEKDAYS.map((d) => ({
    day: DAY_NAMES[d],
    hours: (calendar.hours[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ') || 'Closed',
  }));
}

/** Holidays as readable dates, yearly ones first; "*-12-25" reads "25 December (every year)". */
export function holidayList(calendar: PolicyCalendar): Array<{ iso: string | null; label: string }> {
  const items = calendar.holidays.map((h) => {
    const [y, m, d] = h.split('-');
    const label = new Date(Date.UTC(2001, Number(m) - 1, Number(d))).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
    if (y === '*') return { iso: null, label: `${label} (every year)`, sort: `0-${m}-${d}` };
    const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
    const weekday = date.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
    return { iso: h, label: `${weekday} ${label} ${y}`, sort: `1-${h}` };
  });
  return items.sort((a, b) => a.sort.localeCompare(b.sort)).map(({ iso, label }) => ({ iso, label }));
}

export const AVAILABILITY: Record<Policy['channels'][number]['availability'], string> = {
  'business-hours': 'During support hours',
  always: 'Any time',
  'by-arrangement': 'By appointment',
  plan: 'With the plan that includes it',
};

export const VERDICTS: Record<Policy['scope'][number]['verdict'], string> = {
  in: 'Support helps',
  client: 'You do it; we explain how',
  'end-user': 'Your own site administrator',
  'third-party': 'The third party',
  paid: 'Paid add-on',
  roadmap: 'Feature request',
  out: 'Not covered',
};

export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount);
}

/** What a plan includes, as short phrases. */
export function planIncludes(plan: Policy['plans'][number]): string[] {
  const inc = plan.includes;
  return [
    inc.accountManager && 'A dedicated account manager',
    inc.directLine && 'A direct phone line',
    inc.monthlyCheckIns && 'Monthly check-ins',
    inc.endUserSupport && 'End-user support through one named client contact',
    inc.administrationServices && 'Administration services',
    inc.uptimeGuarantee && `${inc.uptimeGuarantee} uptime guarantee for hosted sites`,
    ...plan.features.map((f) => f.charAt(0).toUpperCase() + f.slice(1)),
  ].filter((x): x is string => Boolean(x));
}
