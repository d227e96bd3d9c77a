/**
 * What the public status pages and their feeds show, read from the status tables: open incidents
 * with their public updates, 90 days of incident history, maintenance announced or under way, a
 * site's state, and its uptime per UTC day for 90 days (down periods minus announced maintenance).
 *
 * The incident, maintenance, health and downtime tables belong to other modules (the prober and
 * the incidents' migrations); this module only reads them, through the narrow row types below.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/** The columns of the other status tables read here (their migrations own them). */
interface StatusReadTables {
  incidents: {
    id: number;
    title: string;
    status: string;
    scope: string;
    started_at: string;
    resolved_at: string | null;
    updated_at: string;
  };
  incident_sites: { incident_id: number; site_key: string };
  incident_updates: { id: number; incident_id: number; status: string; body: string; created_at: string };
  maintenance_windows: {
    id: number;
    scope: string;
    site_key: string | null;
    title: string;
    body: string;
    starts_at: string;
    ends_at: string;
    created_at: string;
    cancelled_at: string | null;
  };
  site_health: { site_key: string; state: string };
  site_downtime: { id: number; site_key: string; started_at: string; ended_at: string | null };
  sites: Database['sites'];
}

export const HISTORY_DAYS = 90;
const DAY_MS = 86_400_000;

export type IncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type SiteState = 'up' | 'down' | 'maintenance' | 'unknown';

export interface IncidentUpdate {
  id: number;
  status: string;
  body: string;
  createdAt: string;
}

export interface PublicIncident {
  id: number;
  title: string;
  status: string;
  /** 'all' = every site; else the sites in `sites`. */
  scope: string;
  sites: Array<{ key: string; name: string }>;
  startedAt: string;
  resolvedAt: string | null;
  updatedAt: string;
  /** Newest first. */
  updates: IncidentUpdate[];
}

export interface PublicMaintenance {
  id: number;
  title: string;
  body: string;
  /** null = every site. */
  site: { key: string; name: string } | null;
  startsAt: string;
  endsAt: string;
  createdAt: string;
  active: boolean;
}

export interface UptimeDay {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** null: nothing measured (before the site existed, or the whole day was maintenance). */
  percent: number | null;
  downMinutes: number;
  maintenanceMinutes: number;
}

export interface StatusOverview {
  generatedAt: string;
  current: PublicIncident[];
  /** Resolved incidents started in the last HISTORY_DAYS days, newest first. */
  history: PublicIncident[];
  maintenance: PublicMaintenance[];
}

export interface SiteStatus extends StatusOverview {
  site: { key: string; name: string };
  state: SiteState;
  /** Oldest first, HISTORY_DAYS days ending today. */
  days: UptimeDay[];
  /** Over the days with a measurement, weighted by their measured minutes. */
  percent: number | null;
}

const reader = (db: Kysely<Database>) => db as unknown as Kysely<StatusReadTables>;

/** Two decimals, rounded down: 99.999 % of a day is not shown as 100 %. */
export const uptimePercent = (measuredMs: number, downMs: number): number =>
  Math.floor(((measuredMs - downMs) / measuredMs) * 10_000) / 100;

interface Span {
  start: number;
  end: number;
}

/** Total length of the union of `spans` clipped to [from, to). */
function coveredMs(spans: Span[], from: number, to: number): number {
  const clipped = spans
    .map((s) => ({ start: Math.max(s.start, from), end: Math.min(s.end, to) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let reach = from;
  for (const s of clipped) {
    const start = Math.max(s.start, reach);
    if (s.end > start) total += s.end - start;
    reach = Math.max(reach, s.end);
  }
  return total;
}

/** Down time outside maintenance within [from, to): each down span minus the maintenance spans. */
function downOutsideMs(down: Span[], maintenance: Span[], from: number, to: number): number {
  return coveredMs(down, from, to) - coveredMs([...down.flatMap((d) => maintenance.map((m) => intersect(d, m)))], from, to);
}

const intersect = (a: Span, b: Span): Span => ({ start: Math.max(a.start, b.start), end: Math.min(a.end, b.end) });

/** Per-day uptime of HISTORY_DAYS UTC days ending with `now`'s day (today measured up to `now`). */
export function uptimeDays(down: Span[], maintenance: Span[], since: number, now: number): UptimeDay[] {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const days: UptimeDay[] = [];
  for (let i = HISTORY_DAYS - 1; i >= 0; i--) {
    const dayStart = today - i * DAY_MS;
    const from = Math.max(dayStart, since);
    const to = Math.min(dayStart + DAY_MS, now);
    const date = new Date(dayStart).toISOString().slice(0, 10);
    if (to <= from) {
      days.push({ date, percent: null, downMinutes: 0, maintenanceMinutes: 0 });
      continue;
    }
    const maintenanceMs = coveredMs(maintenance, from, to);
    const downMs = downOutsideMs(down, maintenance, from, to);
    const measured = to - from - maintenanceMs;
    days.push({
      date,
      percent: measured > 0 ? uptimePercent(measured, downMs) : null,
      downMinutes: Math.round(downMs / 60_000),
      maintenanceMinutes: Math.round(maintenanceMs / 60_000),
    });
  }
  return days;
}

const span = (start: string, end: string | null, now: number): Span => ({ start: Date.parse(start), end: end ? Date.parse(end) : now });

async function incidentsWhere(db: Kysely<Database>, now: Date, siteKey: string | null): Promise<PublicIncident[]> {
  const r = reader(db);
  const since = new Date(now.getTime() - HISTORY_DAYS * DAY_MS).toISOString();
  let q = r
    .selectFrom('incidents')
    .select(['id', 'title', 'status', 'scope', 'started_at', 'resolved_at', 'updated_at'])
    .where((eb) => eb.or([eb('status', '<>', 'resolved'), eb('started_at', '>=', since), eb('resolved_at', '>=', since)]));
  if (siteKey !== null) {
    q = q.where((eb) =>
      eb.or([
        eb('scope', '=', 'all'),
        eb('id', 'in', eb.selectFrom('incident_sites').select('incident_id').where('site_key', '=', siteKey)),
      ]),
    );
  }
  const rows = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').execute();
  if (!rows.length) return [];
  const ids = rows.map((row) => Number(row.id));
  const [updates, sites] = await Promise.all([
    r
      .selectFrom('incident_updates')
      .select(['id', 'incident_id', 'status', 'body', 'created_at'])
      .where('incident_id', 'in', ids)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    r
      .selectFrom('incident_sites')
      .innerJoin('sites', 'sites.key', 'incident_sites.site_key')
      .select(['incident_sites.incident_id', 'sites.key', 'sites.name'])
      .where('incident_sites.incident_id', 'in', ids)
      .orderBy('sites.name')
      .execute(),
  ]);
  return rows.map((row) => {
    const id = Number(row.id);
    return {
      id,
      title: row.title,
      status: row.status,
      scope: row.scope,
      sites: row.scope === 'all' ? [] : sites.filter((s) => Number(s.incident_id) === id).map((s) => ({ key: s.key, name: s.name })),
      startedAt: row.started_at,
      resolvedAt: row.resolved_at,
      updatedAt: row.updated_at,
      updates: updates
        .filter((u) => Number(u.incident_id) === id)
        .map((u) => ({ id: Number(u.id), status: u.status, body: u.body, createdAt: u.created_at })),
    };
  });
}

async function maintenanceWhere(db: Kysely<Database>, now: Date, siteKey: string | null): Promise<PublicMaintenance[]> {
  let q = reader(db)
    .selectFrom('maintenance_windows')
    .leftJoin('sites', 'sites.key', 'maintenance_windows.site_key')
    .select([
      'maintenance_windows.id',
      'maintenance_windows.scope',
      'maintenance_windows.title',
      'maintenance_windows.body',
      'maintenance_windows.starts_at',
      'maintenance_windows.ends_at',
      'maintenance_windows.created_at',
      'sites.key',
      'sites.name',
    ])
    .where('maintenance_windows.cancelled_at', 'is', null)
    .where('maintenance_windows.ends_at', '>', now.toISOString());
  if (siteKey !== null)
    q = q.where((eb) => eb.or([eb('maintenance_windows.scope', '=', 'all'), eb('maintenance_windows.site_key', '=', siteKey)]));
  const rows = await q.orderBy('maintenance_windows.starts_at').orderBy('maintenance_windows.id').execute();
  const at = now.toISOString();
  return rows.map((m) => ({
    id: Number(m.id),
    title: m.title,
    body: m.body,
    site: m.scope === 'all' || !m.key ? null : { key: m.key, name: m.name ?? m.key },
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    createdAt: m.created_at,
    active: m.starts_at <= at,
  }));
}

function overview(now: Date, incidents: PublicIncident[], maintenance: PublicMaintenance[]): StatusOverview {
  return {
    generatedAt: now.toISOString(),
    current: incidents.filter((i) => i.status !== 'resolved'),
    history: incidents.filter((i) => i.status === 'resolved'),
    maintenance,
  };
}

/** The vendor-wide status: every site's incidents and maintenance. */
export async function statusOverview(db: Kysely<Database>, now: Date): Promise<StatusOverview> {
  const [incidents, maintenance] = await Promise.all([incidentsWhere(db, now, null), maintenanceWhere(db, now, null)]);
  return overview(now, incidents, maintenance);
}

/** One site's status; null when there is no such site. */
export async function siteStatus(db: Kysely<Database>, siteKey: string, now: Date): Promise<SiteStatus | null> {
  const r = reader(db);
  const site = await r.selectFrom('sites').select(['key', 'name', 'created_at']).where('key', '=', siteKey).executeTakeFirst();
  if (!site) return null;
  const t = now.getTime();
  const since = new Date(Math.floor(t / DAY_MS) * DAY_MS - (HISTORY_DAYS - 1) * DAY_MS).toISOString();
  const [incidents, maintenance, health, downtime, windows] = await Promise.all([
    incidentsWhere(db, now, siteKey),
    maintenanceWhere(db, now, siteKey),
    r.selectFrom('site_health').select('state').where('site_key', '=', siteKey).executeTakeFirst(),
    r
      .selectFrom('site_downtime')
      .select(['started_at', 'ended_at'])
      .where('site_key', '=', siteKey)
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', since)]))
      .execute(),
    r
      .selectFrom('maintenance_windows')
      .select(['starts_at', 'ends_at'])
      .where('cancelled_at', 'is', null)
      .where('ends_at', '>', since)
      .where('starts_at', '<', now.toISOString())
      .where((eb) => eb.or([eb('scope', '=', 'all'), eb('site_key', '=', siteKey)]))
      .execute(),
  ]);
  const down = downtime.map((d) => span(d.started_at, d.ended_at, t));
  const windowSpans = windows.map((w) => span(w.starts_at, w.ends_at, t));
  const days = uptimeDays(down, windowSpans, Date.parse(site.created_at), t);
  const open = downtime.some((d) => d.ended_at === null);
  const state: SiteState = maintenance.some((m) => m.active)
    ? 'maintenance'
    : health?.state === 'down' || open
      ? 'down'
      : health?.state === 'up'
        ? 'up'
        : 'unknown';
  const from = Math.max(Date.parse(since), Date.parse(site.created_at));
  const maintenanceMs = coveredMs(windowSpans, from, t);
  const measuredMs = t - from - maintenanceMs;
  return {
    ...overview(now, incidents, maintenance),
    site: { key: site.key, name: site.name },
    state,
    days,
    percent: measuredMs > 0 ? uptimePercent(measuredMs, downOutsideMs(down, windowSpans, from, t)) : null,
  };
}
