/**
 * Uptime: the share of a period a site was not down, from its down periods (site_downtime, written
 * by the prober's state machine) with announced maintenance left out of both the down time and the
 * total — an announced window is neither an outage nor time the site owed us.
 *
 * One SQL statement for any number of sites: maintenance windows (the site's and the all-sites
 * ones) are merged into disjoint islands per site (gaps and islands over a running maximum), so
 * the down time inside maintenance is a plain sum of overlaps. Instants are seconds since the
 * epoch inside the query; both stores compute the same numbers.
 */
import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
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

function dialectSql(db: Kysely<Database>) {
  // Only date arithmetic differs between the stores.
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return {
    epoch: (column: RawBuilder<unknown>) =>
      pg ? sql`extract(epoch from cast(${column} as timestamptz))` : sql`((julianday(${column}) - 2440587.5) * 86400.0)`,
    greatest: pg ? sql.raw('greatest') : sql.raw('max'),
    least: pg ? sql.raw('least') : sql.raw('min'),
  };
}

/**
 * Down and maintenance seconds per site over [from, to): every site, or only `siteKey`. A site
 * with neither is absent from the map (0 and 0).
 */
export async function downtimeBySite(db: Kysely<Database>, from: Date, to: Date, siteKey?: string): Promise<Map<string, Seconds>> {
  const { epoch, greatest, least } = dialectSql(db);
  const f = from.getTime() / 1000;
  const t = to.getTime() / 1000;
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const F = sql`cast(${f} as double precision)`;
  const T = sql`cast(${t} as double precision)`;
  const onlyWindowSite = siteKey === undefined ? sql`` : sql`and s.key = ${siteKey}`;
  const onlyDownSite = siteKey === undefined ? sql`` : sql`and site_key = ${siteKey}`;
  const result = await sql<{ site_key: string; down_s: number | string | null; maint_s: number | string | null }>`
    with mw as (
      select s.key as site_key,
             ${greatest}(${epoch(sql.ref('w.starts_at'))}, ${F}) as s,
             ${least}(${epoch(sql.ref('w.ends_at'))}, ${T}) as e
      from maintenance_windows w join sites s on (w.scope = 'all' or w.site_key = s.key)
      where w.cancelled_at is null and w.starts_at < ${toIso} and w.ends_at > ${fromIso} ${onlyWindowSite}
    ),
    mw_prev as (
      select site_key, s, e,
             max(e) over (partition by site_key order by s, e rows between unbounded preceding and 1 preceding) as prev_end
      from mw
    ),
    mw_island as (
      select site_key, s, e,
             sum(case when prev_end is null or s > prev_end then 1 else 0 end)
               over (partition by site_key order by s, e rows unbounded preceding) as island
      from mw_prev
    ),
    islands as (select site_key, min(s) as s, max(e) as e from mw_island group by site_key, island),
    dt as (
      select site_key,
             ${greatest}(${epoch(sql.ref('started_at'))}, ${F}) as s,
             ${least}(coalesce(${epoch(sql.ref('ended_at'))}, ${T}), ${T}) as e
      from site_downtime
      where started_at < ${toIso} and (ended_at is null or ended_at > ${fromIso}) ${onlyDownSite}
    ),
    down as (select site_key, sum(e - s) as d from dt group by site_key),
    maint as (select site_key, sum(e - s) as m from islands group by site_key),
    overlap as (
      select dt.site_key, sum(${least}(dt.e, i.e) - ${greatest}(dt.s, i.s)) as o
      from dt join islands i on i.site_key = dt.site_key and i.s < dt.e and i.e > dt.s
      group by dt.site_key
    ),
    keys as (select site_key from down union select site_key from maint)
    select keys.site_key,
           coalesce(down.d, 0) - coalesce(overlap.o, 0) as down_s,
           coalesce(maint.m, 0) as maint_s
    from keys
    left join down on down.site_key = keys.site_key
    left join maint on maint.site_key = keys.site_key
    left join overlap on overlap.site_key = keys.site_key
  `.execute(db);
  return new Map(
    result.rows.map((r) => [r.site_key, { downSeconds: Math.max(0, Number(r.down_s ?? 0)), maintenanceSeconds: Number(r.maint_s ?? 0) }]),
  );
}

/** Uptime of every site over [from, to), as percentages: what the status page and the bench read. */
export async function uptimeOfAll(db: Kysely<Database>, from: Date, to: Date): Promise<Map<string, number>> {
  const total = (to.getTime() - from.getTime()) / 1000;
  const sites = await db.selectFrom('sites').select('key').execute();
  const seconds = await downtimeBySite(db, from, to);
  return new Map(
    sites.map(({ key }) => {
      const s = seconds.get(key);
      return [key, uptimePercent(total - (s?.maintenanceSeconds ?? 0), s?.downSeconds ?? 0)];
    }),
  );
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
