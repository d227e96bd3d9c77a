/**
 * A site's uptime statement for one calendar month (UTC), beside its budget statement: uptime with
 * maintenance left out, compared with the plan's guarantee (content/policy.yaml,
 * `includes.uptimeGuarantee`), the down periods and the maintenance windows of the month. The
 * same printable page (styles and CSP of reports/statement.ts) and CSV tables.
 */
import type { Services } from '../http/env.ts';
import { escapeHtml as e } from '../mail/templates.ts';
import type { Table } from '../reports/csv.ts';
import { monthName, STATEMENT_STYLE } from '../reports/statement.ts';
import { monthRange, uptimeOf } from './uptime.ts';

export interface UptimeStatement {
  site: { key: string; name: string; plan: string };
  month: string;
  complete: boolean;
  generatedAt: string;
  percent: number;
  downMinutes: number;
  maintenanceMinutes: number;
  /** The plan's guarantee as a number (99.9), null when the plan has none. */
  guarantee: number | null;
  /** null without a guarantee. */
  met: boolean | null;
  downtime: Array<{ start: string; end: string | null; minutes: number }>;
  maintenance: Array<{ title: string; startsAt: string; endsAt: string }>;
}

export async function uptimeStatement(services: Services, siteKey: string, month: string): Promise<UptimeStatement | null> {
  const db = services.store.db;
  const site = await services.sites.get(siteKey);
  if (!site) return null;
  const now = services.clock.now();
  const { from, to, complete } = monthRange(month, now);
  const [uptime, windows] = await Promise.all([
    uptimeOf(db, site.key, from, to),
    db
      .selectFrom('maintenance_windows')
      .select(['title', 'starts_at', 'ends_at'])
      .where('cancelled_at', 'is', null)
      .where((eb) => eb.or([eb('scope', '=', 'all'), eb('site_key', '=', site.key)]))
      .where('starts_at', '<', to.toISOString())
      .where('ends_at', '>', from.toISOString())
      .orderBy('starts_at')
      .execute(),
  ]);
  const plan = services.policy.plans.find((p) => p.id === site.plan);
  const raw = plan?.includes.uptimeGuarantee ?? null;
  const guarantee = raw === null ? null : Number.parseFloat(raw);
  const until = (end: string | null) => (end === null ? to.getTime() : Date.parse(end));
  return {
    site: { key: site.key, name: site.name, plan: site.plan },
    month,
    complete,
    generatedAt: now.toISOString(),
    percent: uptime.percent,
    downMinutes: uptime.downMinutes,
    maintenanceMinutes: uptime.maintenanceMinutes,
    guarantee: guarantee !== null && Number.isFinite(guarantee) ? guarantee : null,
    met: guarantee !== null && Number.isFinite(guarantee) ? uptime.percent >= guarantee : null,
    downtime: uptime.periods.map((p) => ({ ...p, minutes: Math.round((until(p.end) - Date.parse(p.start)) / 600) / 100 })),
    maintenance: windows.map((w) => ({ title: w.title, startsAt: w.starts_at, endsAt: w.ends_at })),
  };
}

export function uptimeStatementTables(s: UptimeStatement): Record<string, Table> {
  return {
    downtime: { columns: ['start', 'end', 'minutes'], rows: s.downtime.map((d) => [d.start, d.end, d.minutes]) },
    summary: {
      columns: ['site', 'name', 'month', 'uptime_percent', 'down_minutes', 'maintenance_minutes', 'guarantee_percent', 'met', 'complete'],
      rows: [[s.site.key, s.site.name, s.month, s.percent, s.downMinutes, s.maintenanceMinutes, s.guarantee, s.met, s.complete]],
    },
  };
}

const when = (iso: string | null): string => (iso === null ? 'still down' : `${iso.slice(0, 16).replace('T', ' ')} UTC`);

/** The statement as a whole HTML document; every value from the data escaped. */
export function uptimeStatementHtml(s: UptimeStatement): string {
  const title = `Uptime statement: ${s.site.name}, ${monthName(s.month)}`;
  const row = (label: string, value: string) => `<tr><th scope="row">${e(label)}</th><td class="num">${e(value)}</td></tr>`;
  const verdict = s.guarantee === null ? 'No uptime guarantee on this plan' : s.met ? 'Met' : 'Not met';
  const downtime = s.downtime
    .map((d) => `<tr><td>${e(when(d.start))}</td><td>${e(when(d.end))}</td><td class="num">${e(d.minutes.toFixed(2))}</td></tr>`)
    .join('');
  const windows = s.maintenance
    .map((m) => `<tr><td class="text">${e(m.title)}</td><td>${e(when(m.startsAt))}</td><td>${e(when(m.endsAt))}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${e(title)}</title><style>${STATEMENT_STYLE}</style></head>
<body><main>
<header>
<h1>Uptime statement</h1>
<p class="meta">${e(s.site.name)} (${e(s.site.key)}) · ${e(monthName(s.month))}</p>
${s.complete ? '' : `<p class="meta note">The month is not over: figures as at ${e(when(s.generatedAt))}.</p>`}
<p class="meta screen">To keep a copy, print this page or save it as PDF.</p>
</header>
<h2 id="summary">Summary</h2>
<table class="summary" aria-labelledby="summary"><tbody>
${row('Uptime', `${s.percent.toFixed(2)} %`)}
${row('Guarantee', s.guarantee === null ? 'none' : `${s.guarantee} %`)}
${row('Guarantee met', verdict)}
${row('Down time', `${s.downMinutes.toFixed(2)} min`)}
${row('Announced maintenance (not counted)', `${s.maintenanceMinutes.toFixed(2)} min`)}
</tbody></table>
<h2 id="downtime">Down periods</h2>
${
  s.downtime.length
    ? `<table aria-labelledby="downtime"><thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col" class="num">Minutes</th></tr></thead><tbody>${downtime}</tbody></table>`
    : '<p>The site was not down this month.</p>'
}
<h2 id="maintenance">Announced maintenance</h2>
${
  s.maintenance.length
    ? `<table aria-labelledby="maintenance"><thead><tr><th scope="col">Title</th><th scope="col">From</th><th scope="col">To</th></tr></thead><tbody>${windows}</tbody></table>`
    : '<p>No maintenance this month.</p>'
}
<footer>Uptime: the share of the month the site answered its health check, announced maintenance left out of both the down time and the month. Down periods: from the first of three failed checks to the first of two good ones (clipped to the month; the minutes include any maintenance inside them). Generated ${e(s.generatedAt.slice(0, 10))}.</footer>
</main></body></html>`;
}
