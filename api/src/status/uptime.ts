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

/** Disjoint islands of the windows `raw` (columns s, e and, with `by`, a partition column), as a CTE body. */
const islands = (raw: string, by: string | null) => {
  const part = by ? `partition by ${by} order by s, e` : 'order by s, e';
  const key = by ? `${by}, ` : '';
  return sql.raw(`select ${key}min(s) as s, max(e) as e from (
      select ${key}s, e, sum(case when prev_end is null or s > prev_end then 1 else 0 end) over (${part} rows unbounded preceding) as island
      from (select ${key}s, e, max(e) over (${part} rows between unbounded preceding and 1 preceding) as prev_end from ${raw}) p
    ) i group by ${key}island`);
};

/**
 * Down and maintenance seconds per site over [from, to): every site, or only `siteKey`.
 *
 * A site's maintenance is the union of the all-sites islands G and its own islands S; its down
 * periods D are disjoint. So, by inclusion–exclusion over sums of pairwise and triple overlaps
 * (exact, as each family is disjoint within itself):
 *   maintenance = |G| + |S| − |G∩S|,   down = |D| − |D∩G| − |D∩S| + |D∩G∩S|.
 * The all-sites windows are never copied per site, which keeps 5,000 sites to one pass.
 */
export async function downtimeBySite(db: Kysely<Database>, from: Date, to: Date, siteKey?: string): Promise<Map<string, Seconds>> {
  const { epoch, greatest, least } = dialectSql(db);
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  const F = sql`cast(${from.getTime() / 1000} as double precision)`;
  const T = sql`cast(${to.getTime() / 1000} as double precision)`;
  const clipped = (start: RawBuilder<unknown>, end: RawBuilder<unknown>) =>
    sql`${greatest}(${epoch(start)}, ${F}) as s, ${least}(coalesce(${epoch(end)}, ${T}), ${T}) as e`;
  const only = (column: string) => (siteKey === undefined ? sql`` : sql`and ${sql.ref(column)} = ${siteKey}`);
  const overlap = (...sides: string[]) =>
    sql`${least}(${sql.join(sides.map((x) => sql.ref(`${x}.e`)))}) - ${greatest}(${sql.join(sides.map((x) => sql.ref(`${x}.s`)))})`;
  const result = await sql<{ site_key: string; down_s: number | string | null; maint_s: number | string | null }>`
    with g_raw as (
      select ${clipped(sql.ref('starts_at'), sql.ref('ends_at'))} from maintenance_windows
      where scope = 'all' and cancelled_at is null and starts_at < ${toIso} and ends_at > ${fromIso}
    ),
    g as (${islands('g_raw', null)}),
    s_raw as (
      select site_key, ${clipped(sql.ref('starts_at'), sql.ref('ends_at'))} from maintenance_windows
      where scope = 'site' and cancelled_at is null and starts_at < ${toIso} and ends_at > ${fromIso} ${only('site_key')}
    ),
    si as (${islands('s_raw', 'site_key')}),
    dt as (
      select site_key, ${clipped(sql.ref('started_at'), sql.ref('ended_at'))} from site_downtime
      where started_at < ${toIso} and (ended_at is null or ended_at > ${fromIso}) ${only('site_key')}
    ),
    g_total as (select coalesce(sum(e - s), 0) as t from g),
    down as (select site_key, sum(e - s) as v from dt group by site_key),
    own as (select site_key, sum(e - s) as v from si group by site_key),
    own_g as (
      select si.site_key, sum(${overlap('si', 'g')}) as v from si join g on g.s < si.e and g.e > si.s group by si.site_key
    ),
    down_g as (
      select dt.site_key, sum(${overlap('dt', 'g')}) as v from dt join g on g.s < dt.e and g.e > dt.s group by dt.site_key
    ),
    down_own as (
      select dt.site_key, sum(${overlap('dt', 'si')}) as v
      from dt join si on si.site_key = dt.site_key and si.s < dt.e and si.e > dt.s group by dt.site_key
    ),
    down_both as (
      select dt.site_key, sum(${overlap('dt', 'si', 'g')}) as v
      from dt join si on si.site_key = dt.site_key and si.s < dt.e and si.e > dt.s
      join g on g.s < dt.e and g.e > dt.s and g.s < si.e and g.e > si.s
      group by dt.site_key
    )
    select sites.key as site_key,
           coalesce(down.v, 0) - coalesce(down_g.v, 0) - coalesce(down_own.v, 0) + coalesce(down_both.v, 0) as down_s,
           g_total.t + coalesce(own.v, 0) - coalesce(own_g.v, 0) as maint_s
    from sites cross join g_total
    left join down on down.site_key = sites.key
    left join own on own.site_key = sites.key
    left join own_g on own_g.site_key = sites.key
    left join down_g on down_g.site_key = sites.key
    left join down_own on down_own.site_key = sites.key
    left join down_both on down_both.site_key = sites.key
    where 1 = 1 ${only('sites.key')}
  `.execute(db);
  return new Map(
    result.rows.map((r) => [r.site_key, { downSeconds: Math.max(0, Number(r.down_s ?? 0)), maintenanceSeconds: Number(r.maint_s ?? 0) }]),
  );
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
