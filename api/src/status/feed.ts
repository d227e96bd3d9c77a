/**
 * The status pages as Atom feeds (RFC 4287): one entry per incident (its updates in the content,
 * newest first) and per announced maintenance window. A new update changes the entry's `updated`,
 * so feed readers show it again. Every text is XML-escaped; ids are stable tag URIs.
 */
import type { PublicIncident, PublicMaintenance, StatusOverview } from './page-data.ts';
import { statusWord, when } from './pages.ts';

const xml = (value: string): string =>
  value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

interface Entry {
  id: string;
  title: string;
  updated: string;
  published: string;
  link: string;
  /** Plain text. */
  content: string;
}

export interface FeedOptions {
  /** HELPWAY_PUBLIC_URL (or the server's own URL). */
  base: string;
  vendor: string;
  title: string;
  /** The page's path: /status or /status/{site}. */
  page: string;
}

const tagBase = (base: string) => `tag:${new URL(base).hostname},2026:status`;

function incidentEntry(o: FeedOptions, i: PublicIncident): Entry {
  const affects = i.scope === 'all' ? 'All sites' : i.sites.map((s) => s.name).join(', ');
  const lines = [
    `${statusWord(i.status)}. Affects: ${affects}. Started ${when(i.startedAt)}${i.resolvedAt ? `, resolved ${when(i.resolvedAt)}` : ''}.`,
    ...i.updates.map((u) => `${when(u.createdAt)}, ${statusWord(u.status)}: ${u.body}`),
  ];
  return {
    id: `${tagBase(o.base)}:incident:${i.id}`,
    title: `${i.status === 'resolved' ? 'Resolved' : 'Incident'}: ${i.title}`,
    updated: [i.updatedAt, ...i.updates.map((u) => u.createdAt)].sort().at(-1)!,
    published: i.startedAt,
    link: `${o.base}${o.page}#incident-${i.id}`,
    content: lines.join('\n\n'),
  };
}

function maintenanceEntry(o: FeedOptions, m: PublicMaintenance): Entry {
  return {
    id: `${tagBase(o.base)}:maintenance:${m.id}`,
    title: `Maintenance: ${m.title}`,
    updated: m.createdAt,
    published: m.createdAt,
    link: `${o.base}${o.page}#maintenance-${m.id}`,
    content: `Affects: ${m.site ? m.site.name : 'All sites'}. From ${when(m.startsAt)} to ${when(m.endsAt)}.${m.body ? `\n\n${m.body}` : ''}`,
  };
}

export function statusFeed(o: FeedOptions, data: StatusOverview): string {
  const entries = [
    ...[...data.current, ...data.history].map((i) => incidentEntry(o, i)),
    ...data.maintenance.map((m) => maintenanceEntry(o, m)),
  ].sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0));
  const updated = entries[0]?.updated ?? data.generatedAt;
  const self = `${o.base}${o.page === '/status' ? '/status' : o.page}/feed.atom`;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${xml(`${tagBase(o.base)}:${o.page}`)}</id>
<title>${xml(o.title)}</title>
<updated>${xml(updated)}</updated>
<author><name>${xml(o.vendor)}</name></author>
<link rel="self" type="application/atom+xml" href="${xml(self)}"/>
<link rel="alternate" type="text/html" href="${xml(`${o.base}${o.page}`)}"/>
${entries
  .map(
    (x) => `<entry>
<id>${xml(x.id)}</id>
<title>${xml(x.title)}</title>
<updated>${xml(x.updated)}</updated>
<published>${xml(x.published)}</published>
<link rel="alternate" type="text/html" href="${xml(x.link)}"/>
<content type="text">${xml(x.content)}</content>
</entry>`,
  )
  .join('\n')}
</feed>
`;
}
