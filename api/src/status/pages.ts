/**
 * The public status pages, server-rendered from page-data.ts: `/status` (every site's incidents,
 * maintenance and 90 days of history) and `/status/{site}` (its state in words, 90 daily uptime
 * bars with a table of the same figures for screen readers, its incidents and maintenance), each
 * with the subscription form. No script; one style element, allowed by its hash (STATUS_CSP);
 * light and dark by prefers-color-scheme; every value from the data escaped.
 */
import { createHash } from 'node:crypto';
import { escapeHtml as e } from '../mail/templates.ts';
import type { PublicIncident, PublicMaintenance, SiteState, SiteStatus, StatusOverview, UptimeDay } from './page-data.ts';
import { HISTORY_DAYS } from './page-data.ts';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d2733;background:#f6f7f9}
main{max-width:820px;margin:0 auto;padding:1.5rem 1rem 3rem}
a{color:#1b5fc1}
h1{font-size:1.6rem;margin:.2rem 0 .6rem}h2{font-size:1.25rem;margin:2rem 0 .6rem}h3{font-size:1.05rem;margin:0 0 .3rem}
.meta{color:#4b5563;font-size:.875rem;margin:.1rem 0}
.card{background:#fff;border:1px solid #d8dde3;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
.card.open{border-left:4px solid #a40e26}.card.maint{border-left:4px solid #1b5fc1}
.state{display:inline-block;padding:.35rem .8rem;border-radius:4px;font-weight:600;border:2px solid currentColor}
.state-up{color:#0f6b2f}.state-down{color:#a40e26}.state-maintenance{color:#1b4f9c}.state-unknown{color:#4b5563}
.updates{list-style:none;padding:0;margin:.5rem 0 0}.updates li{border-top:1px solid #e3e7ec;padding:.4rem 0}
.body{white-space:pre-wrap;overflow-wrap:anywhere;margin:.2rem 0}
.bars{display:flex;gap:2px;height:40px;align-items:stretch;margin:.5rem 0 .25rem}
.bar{flex:1 1 0;min-width:2px;border-radius:1px;background:#b8c0cc}
.bar.full{background:#1f8f4a}.bar.part{background:#c98a00}.bar.low{background:#c2253e;}
.axis{display:flex;justify-content:space-between;color:#4b5563;font-size:.8rem}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.8rem;color:#4b5563}
.key{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-.1rem;border-radius:1px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}form p{margin:0}
label{display:block;font-weight:600}input[type=email]{font:inherit;padding:.45rem .6rem;min-width:16rem;max-width:100%;border:1px solid #6b7280;border-radius:4px;background:#fff;color:inherit}
button{font:inherit;padding:.5rem 1rem;background:#1b5fc1;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#a40e26;width:100%}.notice{border-left:4px solid #1b5fc1}
footer{margin-top:2.5rem;color:#4b5563;font-size:.875rem}
@media (max-width:520px){h1{font-size:1.35rem}.bars{gap:1px;height:32px}input[type=email]{min-width:0;width:100%}}
@media (prefers-color-scheme:dark){
body{background:#14181d;color:#e8ecf0}a{color:#8ab4f8}.meta,.axis,.legend,footer{color:#b8c2cc}
.card{background:#1d232b;border-color:#3a4350}.updates li{border-color:#3a4350}
.state-up{color:#6fdc8c}.state-down{color:#ff8d9c}.state-maintenance{color:#8ab4f8}.state-unknown{color:#b8c2cc}
.card.open{border-left-color:#ff8d9c}.card.maint{border-left-color:#8ab4f8}
input[type=email]{background:#1d232b;border-color:#8b96a5}button{background:#8ab4f8;color:#0b1220}.error{color:#ff8d9c}
.bar{background:#4b5563}.bar.full{background:#3fb96b}.bar.part{background:#e0a526}.bar.low{background:#ff6b81}
}
`;

/** The pages' CSP: no script, nothing fetched, the one style element by hash, forms to this origin only. */
export const STATUS_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

export interface StatusPage {
  title: string;
  main: string;
  /** The page's Atom feed, announced in the head. */
  feed?: string;
}

export function statusDocument(page: StatusPage): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light dark"><title>${e(page.title)}</title>
${page.feed ? `<link rel="alternate" type="application/atom+xml" title="${e(page.title)}" href="${e(page.feed)}">` : ''}
<style>${STYLE}</style></head>
<body><main>${page.main}</main></body></html>`;
}

const STATUS_WORDS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Cause identified',
  monitoring: 'Fixed, monitoring',
  resolved: 'Resolved',
};
export const statusWord = (status: string): string => STATUS_WORDS[status] ?? status;

const STATE_WORDS: Record<SiteState, string> = {
  up: 'Up: working normally',
  down: 'Down: not reachable',
  maintenance: 'Under maintenance',
  unknown: 'Not monitored yet',
};

/** UTC, so every visitor reads the same times as the feed. */
export const when = (iso: string): string =>
  `${new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
const time = (iso: string) => `<time datetime="${e(iso)}">${e(when(iso))}</time>`;

function affected(incident: PublicIncident, linkSites: boolean): string {
  if (incident.scope === 'all') return 'All sites';
  return incident.sites
    .map((s) => (linkSites ? `<a href="/status/${e(encodeURIComponent(s.key))}">${e(s.name)}</a>` : e(s.name)))
    .join(', ');
}

function incidentCard(incident: PublicIncident, linkSites: boolean, heading: 'h3' | 'h4' = 'h3'): string {
  const updates = incident.updates.length
    ? `<ul class="updates">${incident.updates
        .map(
          (u) =>
            `<li><strong>${e(statusWord(u.status))}</strong> · <span class="meta">${time(u.createdAt)}</span><p class="body">${e(u.body)}</p></li>`,
        )
        .join('')}</ul>`
    : '';
  return `<article class="card${incident.status === 'resolved' ? '' : ' open'}" id="incident-${incident.id}">
<${heading}>${e(incident.title)}</${heading}>
<p class="meta"><strong>${e(statusWord(incident.status))}</strong> · Affects: ${affected(incident, linkSites)} · Started ${time(incident.startedAt)}${
    incident.resolvedAt ? ` · Resolved ${time(incident.resolvedAt)}` : ''
  }</p>${updates}</article>`;
}

function maintenanceCard(m: PublicMaintenance, linkSites: boolean): string {
  const site = m.site
    ? linkSites
      ? `<a href="/status/${e(encodeURIComponent(m.site.key))}">${e(m.site.name)}</a>`
      : e(m.site.name)
    : 'All sites';
  return `<article class="card maint" id="maintenance-${m.id}">
<h3>${e(m.title)}</h3>
<p class="meta"><strong>${m.active ? 'In progress' : 'Scheduled'}</strong> · Affects: ${site} · ${time(m.startsAt)} to ${time(m.endsAt)}</p>
${m.body ? `<p class="body">${e(m.body)}</p>` : ''}</article>`;
}

export interface SubscribeDraft {
  email?: string;
  error?: string;
  notice?: string;
}

function subscribeForm(siteKey: string | null, draft: SubscribeDraft): string {
  return `<h2 id="subscribe">Get updates by email</h2>
${draft.notice ? `<p class="card notice" role="status">${e(draft.notice)}</p>` : ''}
<form method="post" action="/status/subscribe">
${siteKey ? `<input type="hidden" name="site" value="${e(siteKey)}">` : ''}
${draft.error ? `<p class="error" id="subscribe-error" role="alert">${e(draft.error)}</p>` : ''}
<p><label for="subscribe-email">Email address</label>
<input type="email" id="subscribe-email" name="email" required maxlength="254" autocomplete="email" value="${e(draft.email ?? '')}"${draft.error ? ' aria-invalid="true" aria-describedby="subscribe-error"' : ''}></p>
<p><button type="submit">Subscribe</button></p>
</form>
<p class="meta">We send one email to confirm the address, then one per incident update or maintenance notice. Each has an unsubscribe link.</p>`;
}

function sections(data: StatusOverview, linkSites: boolean): string {
  const current = data.current.length ? data.current.map((i) => incidentCard(i, linkSites)).join('\n') : '<p>No current incidents.</p>';
  const maintenance = data.maintenance.length
    ? data.maintenance.map((m) => maintenanceCard(m, linkSites)).join('\n')
    : '<p>No maintenance scheduled.</p>';
  const history = data.history.length
    ? data.history.map((i) => incidentCard(i, linkSites)).join('\n')
    : `<p>No incidents in the last ${HISTORY_DAYS} days.</p>`;
  return `<h2>Current incidents</h2>
${current}
<h2>Scheduled maintenance</h2>
${maintenance}
<h2>Past incidents (last ${HISTORY_DAYS} days)</h2>
${history}`;
}

const footer = (feed: string, generatedAt: string) =>
  `<footer><p>Updated ${time(generatedAt)}. <a href="${e(feed)}">Atom feed</a> of incidents and maintenance.</p></footer>`;

export function overviewPage(vendor: string, data: StatusOverview, draft: SubscribeDraft = {}): StatusPage {
  const summary = data.current.length
    ? `<p class="state state-down">${data.current.length === 1 ? 'One incident is open' : `${data.current.length} incidents are open`}</p>`
    : data.maintenance.some((m) => m.active)
      ? '<p class="state state-maintenance">Maintenance in progress</p>'
      : '<p class="state state-up">No known problems</p>';
  return {
    title: `${vendor} status`,
    feed: '/status/feed.atom',
    main: `<h1>${e(vendor)} status</h1>
${summary}
${sections(data, true)}
${subscribeForm(null, draft)}
${footer('/status/feed.atom', data.generatedAt)}`,
  };
}

const dayText = (d: UptimeDay): string =>
  d.percent === null
    ? d.maintenanceMinutes
      ? `maintenance all day (${d.maintenanceMinutes} min)`
      : 'no data'
    : `${d.percent} % up${d.downMinutes ? `, down ${d.downMinutes} min` : ''}${d.maintenanceMinutes ? `, maintenance ${d.maintenanceMinutes} min` : ''}`;

const barClass = (d: UptimeDay): string => (d.percent === null ? '' : d.percent >= 100 ? ' full' : d.percent >= 99 ? ' part' : ' low');

function uptimeBars(data: SiteStatus): string {
  const days = data.days;
  const bars = days.map((d) => `<span class="bar${barClass(d)}"></span>`).join('');
  const rows = days.map((d) => `<tr><th scope="row">${e(d.date)}</th><td>${e(dayText(d))}</td></tr>`).join('');
  return `<h2 id="uptime">Uptime, last ${HISTORY_DAYS} days</h2>
<p>${data.percent === null ? 'No uptime measured yet.' : `<strong>${e(String(data.percent))} %</strong> up over the last ${HISTORY_DAYS} days, not counting announced maintenance.`}</p>
<div class="bars" aria-hidden="true">${bars}</div>
<div class="axis" aria-hidden="true"><span>${e(days[0].date)}</span><span>Today</span></div>
<ul class="legend" aria-hidden="true"><li><span class="key bar full"></span>100 %</li><li><span class="key bar part"></span>99 % or more</li><li><span class="key bar low"></span>under 99 %</li><li><span class="key bar"></span>no data</li></ul>
<div class="sr-only"><table><caption>Uptime per day (UTC), oldest first</caption><thead><tr><th scope="col">Day</th><th scope="col">Uptime</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function sitePage(vendor: string, data: SiteStatus, draft: SubscribeDraft = {}): StatusPage {
  const feed = `/status/${encodeURIComponent(data.site.key)}/feed.atom`;
  return {
    title: `${data.site.name}: ${vendor} status`,
    feed,
    main: `<p class="meta"><a href="/status">${e(vendor)} status</a></p>
<h1>${e(data.site.name)}</h1>
<p class="state state-${data.state}">${e(STATE_WORDS[data.state])}</p>
${uptimeBars(data)}
${sections(data, false)}
${subscribeForm(data.site.key, draft)}
${footer(feed, data.generatedAt)}`,
  };
}

export const siteNotFoundPage = (vendor: string): StatusPage => ({
  title: `Site not found: ${vendor} status`,
  main: `<h1>Site not found</h1><p>There is no site with this name on our status page. See <a href="/status">the status of all sites</a>.</p>`,
});

/** A small page: the answer to a form, or the confirm/unsubscribe step. */
export const messagePage = (title: string, body: string, role: 'status' | 'alert' = 'status'): StatusPage => ({
  title,
  main: `<h1>${e(title)}</h1><p class="card notice" role="${role}">${e(body)}</p><p><a href="/status">Back to the status page</a></p>`,
});

/** The GET of a mailed link: a button, since opening a link must change nothing. */
export const buttonPage = (title: string, text: string, action: string, token: string, button: string): StatusPage => ({
  title,
  main: `<h1>${e(title)}</h1><p>${e(text)}</p>
<form method="post" action="${e(action)}"><input type="hidden" name="token" value="${e(token)}"><p><button type="submit">${e(button)}</button></p></form>`,
});
