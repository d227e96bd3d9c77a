/**
 * Uptime: the share of a period a site was not down, from its down periods (site_downtime, written
 * by the prober's state machine) with announced maintenance left out of both the down time and the
 * total — an announced window is neither an outage nor time the site owed us.
 *
 * The store only selects the rows overlapping the range; the interval arithmetic is one function
 * here (downtimeBySite), so both stores compute the same numbers.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

export interface Uptime {
  /** 0–100, two decimals, rounded down (any down time shows below 100). */
  percent: number;
  downMinutes: number;
  maintenanceMinutes: number;
  /** Down periods within the range (clipped to it), oldest first; `end` null = still down. */
  periods: Array<{ start: string; end: string | null }>;
}

interface Seconds {
  downSeconds: number;
  maintenanceSeconds: number;
}

/** Percent up of `total` seconds with `down` of them down, two decimals rounded down; 100 when nothing was owed. */
export function uptimePercent(totalSeconds: number, downSeconds: number): number {
  if (totalSeconds <= 0) return 100;
  const share = Math.max(0, totalSeconds - downSeconds) / totalSeconds;
  return Math.floor(share * 10_000 + 1e-6) / 100;
}

const minutes = (seconds: number): number => Math.round((seconds / 60) * 100) / 100;

/** A half-open interval [s, e) in epoch milliseconds. */
type Span = [number, number];

/** Rows overlapping [from, to), clipped to it; `end` null counts to `to`. */
function clip(rows: ReadonlyArray<{ start: string; end: string | null }>, from: number, to: number): Span[] {
  const spans: Span[] = [];
  for (const r of rows) {
    const s = Math.max(Date.parse(r.start), from);
    const e = Math.min(r.end === null ? to : Date.parse(r.end), to);
    if (e > s) spans.push([s, e]);
  }
  return spans;
}

/** Disjoint, sorted islands of `spans` (overlapping or touching ones merged). */
export function mergeSpans(spans: ReadonlyArray<Span>): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Span[] = [];
  for (const [s, e] of sorted) {
    const last = out.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

const length = (spans: ReadonlyArray<Span>): number => spans.reduce((sum, [s, e]) => sum + (e - s), 0);

/** How much of the disjoint sorted `a` lies inside the disjoint sorted `b`: one merge-like pass. */
function overlapOf(a: ReadonlyArray<Span>, b: ReadonlyArray<Span>): number {
  let total = 0;
  let j = 0;
  for (const [s, e] of a) {
    while (j < b.length && b[j][1] <= s) j++;
    for (let k = j; k < b.length && b[k][0] < e; k++) total += Math.min(e, b[k][1]) - Math.max(s, b[k][0]);
  }
  return total;
}

/**
 * Down and maintenance seconds per site over [from, to): every site, or only `siteKey`.
 *
 * The rows that overlap the range are read with plain indexed selects (a few per site over 90
 * days) and the interval arithmetic is done here, once for both stores: a site's maintenance is
 * the union of the all-sites windows (merged once, never copied per site) and its own; its down
 * time is the union of its down periods minus what of it lies inside that maintenance.
 */
export async function downtimeBySite(db: Kysely<Database>, from: Date, to: Date, siteKey?: string): Promise<Map<string, Seconds>> {
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const F = from.getTime();
  const T = to.getTime();
  let sites = db.selectFrom('sites').select('key');
  let windows = db
    .selectFrom('maintenance_windows')
    .select(['scope', 'site_key', 'starts_at as start', 'ends_at as end'])
    .where('cancelled_at', 'is', null)
    .where('starts_at', '<', toIso)
    .where('ends_at', '>', fromIso);
  let downtime = db
    .selectFrom('site_downtime')
    .select(['site_key', 'started_at as start', 'ended_at as end'])
    .where('started_at', '<', toIso)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', fromIso)]));
  if (siteKey !== undefined) {
    sites = sites.where('key', '=', siteKey);
    windows = windows.where((eb) => eb.or([eb('scope', '=', 'all'), eb('site_key', '=', siteKey)]));
    downtime = downtime.where('site_key', '=', siteKey);
  }
  const [siteRows, windowRows, downRows] = await Promise.all([sites.execute(), windows.execute(), downtime.execute()]);

  const everywhere = mergeSpans(
    clip(
      windowRows.filter((w) => w.scope === 'all'),
      F,
      T,
    ),
  );
  const own = groupBySite(
    windowRows.filter((w) => w.scope !== 'all' && w.site_key !== null) as Array<{ site_key: string; start: string; end: string }>,
  );
  const down = groupBySite(downRows);
  const result = new Map<string, Seconds>();
  for (const { key } of siteRows) {
    const ownSpans = own.get(key);
    const maintenance = ownSpans ? mergeSpans([...everywhere, ...clip(ownSpans, F, T)]) : everywhere;
    const downSpans = mergeSpans(clip(down.get(key) ?? [], F, T));
    result.set(key, {
      downSeconds: (length(downSpans) - overlapOf(downSpans, maintenance)) / 1000,
      maintenanceSeconds: length(maintenance) / 1000,
    });
  }
  return result;
}

function groupBySite<R extends { site_key: string }>(rows: ReadonlyArray<R>): Map<string, R[]> {
  const bySite = new Map<string, R[]>();
  for (const row of rows) {
    const list = bySite.get(row.site_key);
    if (list) list.push(row);
    else bySite.set(row.site_key, [row]);
  }
  return bySite;
}

/** Uptime of every site over [from, to), as percentages: what the status page and the bench read. */
export async function uptimeOfAll(db: Kysely<Database>, from: Date, to: Date): Promise<Map<string, number>> {
  const total = (to.getTime() - from.getTime()) / 1000;
  const seconds = await downtimeBySite(db, from, to);
  return new Map([...seconds].map(([key, s]) => [key, uptimePercent(total - s.maintenanceSeconds, s.downSeconds)]));
}

/** Uptime of one site over [from, to), with its down periods. */
export async function uptimeOf(db: Kysely<Database>, siteKey: string, from: Date, to: Date): Promise<Uptime> {
  const total = (to.getTime() - from.getTime()) / 1000;
  const [seconds, rows] = await Promise.all([
    downtimeBySite(db, from, to, siteKey),
    sql<{ started_at: string; ended_at: string | null }>`
      select started_at, ended_at from site_downtime
      where site_key = ${siteKey} and started_at < ${to.toISOString()} and (ended_at is null or ended_at > ${from.toISOString()})
      order by started_at`.execute(db),
  ]);
  const s = seconds.get(siteKey) ?? { downSeconds: 0, maintenanceSeconds: 0 };
  const clip = (iso: string) => new Date(Math.min(Math.max(Date.parse(iso), from.getTime()), to.getTime())).toISOString();
  return {
    percent: uptimePercent(total - s.maintenanceSeconds, s.downSeconds),
    downMinutes: minutes(s.downSeconds),
    maintenanceMinutes: minutes(s.maintenanceSeconds),
    periods: rows.rows.map((r) => ({ start: clip(r.started_at), end: r.ended_at === null ? null : clip(r.ended_at) })),
  };
}

const DAY = 86_400_000;

/** The status page's two figures: the last 24 hours and the last 30 days up to `now`. */
export async function recentUptime(db: Kysely<Database>, siteKey: string, now: Date) {
  const [day, month] = await Promise.all([
    uptimeOf(db, siteKey, new Date(now.getTime() - DAY), now),
    uptimeOf(db, siteKey, new Date(now.getTime() - 30 * DAY), now),
  ]);
  return { last24h: day.percent, last30d: month.percent };
}

/** A calendar month (UTC, YYYY-MM) up to `now` when it is still running. */
export function monthRange(month: string, now: Date): { from: Date; to: Date; complete: boolean } {
  const [y, m] = month.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1));
  const end = new Date(Date.UTC(y, m, 1));
  const complete = now.getTime() >= end.getTime();
  return { from, to: complete ? end : new Date(Math.max(now.getTime(), from.getTime())), complete };
}
