/**
 * A site's budget statement for one calendar month (UTC): the hours bought, the hours used before
 * the month, the time used in it per rate with its cost, what remains at the month's end, and the
 * month's timesheet entries. One module builds the figures and renders them, as a printable HTML
 * page (A4, no app chrome, no script) and as CSV tables, so the agents' reports and, later, the
 * client portal's key contacts see the same statement.
 *
 * The money and rate rules are those of the budget (api/src/sites/budget.ts: budgetFrom over the
 * minutes per rate); the entries are listed as the budget report lists them (budget.ts).
 */
import { createHash } from 'node:crypto';
import type { Services } from '../http/env.ts';
import { escapeHtml as e } from '../mail/templates.ts';
import { budgetFrom, minutesByRate, type RateUse } from '../sites/budget.ts';
import { timeEntries } from './budget.ts';
import type { Table } from './csv.ts';

/** More entries than a month ever holds; `entries.total` says so if one did. */
export const STATEMENT_ENTRIES_CAP = 10_000;

export interface BudgetStatement {
  site: { key: string; name: string; plan: string };
  /** YYYY-MM. */
  month: string;
  /** First and last day of the month. */
  from: string;
  to: string;
  /** False while the month is still running: the figures are as at `generatedAt`. */
  complete: boolean;
  generatedAt: string;
  currency: string;
  hoursBought: number;
  usedBeforeHours: number;
  /** This month: every rate of the policy (and any other rate used), hours and cost. */
  used: { hours: number; cost: number; byRate: Array<{ rate: string; name: string; hourly: number; hours: number; cost: number }> };
  remainingHours: number;
  entries: {
    total: number;
    items: Array<{ date: string; reference: string; agent: string | null; minutes: number; rate: string; note: string | null }>;
  };
}

const monthStart = (month: string): string => `${month}-01T00:00:00.000Z`;
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

/** The statement of `siteKey` for `month` (YYYY-MM); null when there is no such site. */
export async function budgetStatement(services: Services, siteKey: string, month: string): Promise<BudgetStatement | null> {
  const { db } = services.store;
  const { policy } = services;
  const site = await db.selectFrom('sites').select(['key', 'name', 'plan', 'budget_hours']).where('key', '=', siteKey).executeTakeFirst();
  if (!site) return null;
  const start = monthStart(month);
  const end = monthStart(nextMonth(month));
  const now = services.clock.now();
  const bought = Number(site.budget_hours);

  const [before, during, toEnd, entries] = await Promise.all([
    minutesByRate(db, site.key, start),
    minutesByRate(db, site.key, end, start),
    minutesByRate(db, site.key, end),
    timeEntries(db, { start, end, site: site.key }, STATEMENT_ENTRIES_CAP),
  ]);
  // Every rate of the policy gets its line, used or not (a rate no longer in the policy still shows).
  const allRates: RateUse[] = [
    ...policy.rates.list.map((r) => ({ rate: r.id as string, minutes: during.find((u) => u.rate === r.id)?.minutes ?? 0 })),
    ...during.filter((u) => !policy.rates.list.some((r) => r.id === u.rate)),
  ];
  const thisMonth = budgetFrom(policy, 0, allRates);
  const last = new Date(Date.parse(end) - 1).toISOString().slice(0, 10);
  return {
    site: { key: site.key, name: site.name, plan: site.plan },
    month,
    from: start.slice(0, 10),
    to: last,
    complete: now.getTime() >= Date.parse(end),
    generatedAt: now.toISOString(),
    currency: policy.rates.currency,
    hoursBought: bought,
    usedBeforeHours: budgetFrom(policy, bought, before).usedHours,
    used: { hours: thisMonth.usedHours, cost: thisMonth.cost, byRate: thisMonth.byRate },
    remainingHours: budgetFrom(policy, bought, toEnd).remainingHours,
    entries: {
      total: entries.total,
      items: entries.items.map(({ site: _, ...entry }) => entry),
    },
  };
}

export function statementTables(s: BudgetStatement): Record<string, Table> {
  return {
    entries: {
      columns: ['date', 'reference', 'agent', 'minutes', 'rate', 'note'],
      rows: s.entries.items.map((x) => [x.date, x.reference, x.agent, x.minutes, x.rate, x.note]),
    },
    rates: {
      columns: ['rate', 'name', 'hourly', 'hours', 'cost', 'currency'],
      rows: s.used.byRate.map((r) => [r.rate, r.name, r.hourly, r.hours, r.cost, s.currency]),
    },
    summary: {
      columns: [
        'site',
        'name',
        'month',
        'hours_bought',
        'used_before_hours',
        'used_hours',
        'cost',
        'currency',
        'remaining_hours',
        'complete',
      ],
      rows: [
        [
          s.site.key,
          s.site.name,
          s.month,
          s.hoursBought,
          s.usedBeforeHours,
          s.used.hours,
          s.used.cost,
          s.currency,
          s.remainingHours,
          s.complete,
        ],
      ],
    },
  };
}

/**
 * Print-first: A4 with margins, black on white, tables that break between rows, no app chrome.
 * Shared by every monthly statement (the uptime one too), so they print alike under one CSP.
 */
export const STATEMENT_STYLE = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { margin: 0; font: 11pt/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #111; background: #fff; }
main { max-width: 180mm; margin: 0 auto; padding: 1.5rem 1rem; }
h1 { font-size: 18pt; margin: 0 0 .2rem; } h2 { font-size: 13pt; margin: 1.4rem 0 .5rem; }
.meta { color: #444; margin: 0 0 .2rem; }
.note { border-left: 3px solid #8a5a00; padding-left: .6rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid #bbb; vertical-align: top; }
thead th { border-bottom: 2px solid #111; }
tfoot th, tfoot td { border-top: 2px solid #111; border-bottom: 0; font-weight: 700; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { overflow-wrap: anywhere; white-space: pre-wrap; }
.summary { width: auto; min-width: 60%; }
footer { margin-top: 1.5rem; color: #444; font-size: 9pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@media print { main { padding: 0; max-width: none; } .screen { display: none; } a { color: inherit; text-decoration: none; } }
@media screen and (prefers-color-scheme: dark) {
  body { background: #14181d; color: #e8ecf0; } .meta, footer { color: #b8c2cc; }
  th, td { border-color: #4b5563; } thead th, tfoot th, tfoot td { border-color: #e8ecf0; }
}
`;

/** The page's CSP: no script, nothing fetched, its one style element by hash. */
export const STATEMENT_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STATEMENT_STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export const monthName = (month: string): string =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(monthStart(month)));
const dayName = (date: string): string =>
  new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00.000Z`),
  );
const hoursText = (h: number): string => `${h.toFixed(2)} h`;

/** The statement as a whole HTML document; every value from the data escaped. */
export function statementHtml(s: BudgetStatement): string {
  const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: s.currency });
  const title = `Budget statement: ${s.site.name}, ${monthName(s.month)}`;
  const rateName = new Map(s.used.byRate.map((r) => [r.rate, r.name]));
  const row = (label: string, value: string) => `<tr><th scope="row">${e(label)}</th><td class="num">${e(value)}</td></tr>`;
  const rates = s.used.byRate
    .map(
      (r) =>
        `<tr><td>${e(r.name)}</td><td class="num">${e(money.format(r.hourly))}</td><td class="num">${e(r.hours.toFixed(2))}</td><td class="num">${e(money.format(r.cost))}</td></tr>`,
    )
    .join('');
  const entries = s.entries.items
    .map(
      (x) =>
        `<tr><td>${e(dayName(x.date))}</td><td>${e(x.reference)}</td><td>${e(x.agent ?? '—')}</td><td class="num">${x.minutes}</td><td>${e(rateName.get(x.rate) ?? x.rate)}</td><td class="text">${e(x.note ?? '')}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${e(title)}</title><style>${STATEMENT_STYLE}</style></head>
<body><main>
<header>
<h1>Budget statement</h1>
<p class="meta">${e(s.site.name)} (${e(s.site.key)}) · ${e(monthName(s.month))}: ${e(dayName(s.from))} to ${e(dayName(s.to))}</p>
${s.complete ? '' : `<p class="meta note">The month is not over: figures as at ${e(new Date(s.generatedAt).toISOString().slice(0, 16).replace('T', ' '))} UTC.</p>`}
<p class="meta screen">To keep a copy, print this page or save it as PDF.</p>
</header>
<h2 id="summary">Summary</h2>
<table class="summary" aria-labelledby="summary"><tbody>
${row('Hours bought', hoursText(s.hoursBought))}
${row('Used before this month', hoursText(s.usedBeforeHours))}
${row('Used this month', `${hoursText(s.used.hours)} (${money.format(s.used.cost)})`)}
${row(s.complete ? 'Remaining at month end' : 'Remaining so far', hoursText(s.remainingHours))}
</tbody></table>
<h2 id="rates">Time used this month by rate</h2>
<table aria-labelledby="rates"><thead><tr><th scope="col">Rate</th><th scope="col" class="num">Hourly</th><th scope="col" class="num">Hours</th><th scope="col" class="num">Cost</th></tr></thead>
<tbody>${rates}</tbody>
<tfoot><tr><th scope="row">Total</th><td></td><td class="num">${e(s.used.hours.toFixed(2))}</td><td class="num">${e(money.format(s.used.cost))}</td></tr></tfoot></table>
<h2 id="entries">Entries</h2>
${
  s.entries.items.length
    ? `<table aria-labelledby="entries"><thead><tr><th scope="col">Date</th><th scope="col">Ticket</th><th scope="col">Agent</th><th scope="col" class="num">Minutes</th><th scope="col">Rate</th><th scope="col">Note</th></tr></thead>
<tbody>${entries}</tbody></table>${s.entries.total > s.entries.items.length ? `<p class="meta">${s.entries.items.length} of ${s.entries.total} entries listed.</p>` : ''}`
    : '<p>No time was logged this month.</p>'
}
<footer>Hours bought: the support hours in the contract. Costs at the hourly rates in force; amounts in ${e(s.currency)}. Generated ${e(s.generatedAt.slice(0, 10))}.</footer>
</main></body></html>`;
}
