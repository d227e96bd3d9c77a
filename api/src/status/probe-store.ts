/**
 * What the prober keeps (migration 0017_probes): each site's state machine in `site_health`, its
 * down periods in `site_downtime` (uptime is computed from them), probe counts per hour in
 * `probe_rollups` folded into days after 48 h, and the `leases` row that makes one process the
 * prober. Instants are ISO strings, like everywhere in the store.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, SiteHealthTable } from '../store/schema.ts';
import type { SiteEvent } from './events.ts';

/** Failed probes in a row that make a site down, and good ones that make it up again. */
export const DOWN_AFTER = 3;
export const UP_AFTER = 2;

export interface ProbeResult {
  siteKey: string;
  /** When the probe started. */
  at: Date;
  ok: boolean;
  ms: number;
  error: string | null;
}

type Machine = Pick<SiteHealthTable, 'state' | 'failures' | 'first_failure_at' | 'successes' | 'first_success_at' | 'changed_at'>;

/**
 * The next state after one probe. From unknown the first good probe is enough (nothing to
 * recover from); from down it takes UP_AFTER, from anything else DOWN_AFTER failures. A
 * transition is dated by the first probe of its run: a site down since 10:00 (failed at 10:00,
 * 10:01, 10:02) was down from 10:00, not from when we became sure.
 */
export function nextState(
  current: Machine,
  probe: { at: string; ok: boolean },
): { next: Machine; transition: 'down' | 'up' | null; since: string | null } {
  if (probe.ok) {
    const successes = current.successes + 1;
    const first = current.successes === 0 ? probe.at : (current.first_success_at ?? probe.at);
    const turnsUp = current.state === 'unknown' || (current.state === 'down' && successes >= UP_AFTER);
    const state = turnsUp ? 'up' : current.state;
    return {
      next: {
        state,
        failures: 0,
        first_failure_at: null,
        successes,
        first_success_at: first,
        changed_at: turnsUp ? first : current.changed_at,
      },
      transition: turnsUp && current.state === 'down' ? 'up' : null,
      since: turnsUp ? first : null,
    };
  }
  const failures = current.failures + 1;
  const first = current.failures === 0 ? probe.at : (current.first_failure_at ?? probe.at);
  const turnsDown = current.state !== 'down' && failures >= DOWN_AFTER;
  return {
    next: {
      state: turnsDown ? 'down' : current.state,
      failures,
      first_failure_at: first,
      successes: 0,
      first_success_at: null,
      changed_at: turnsDown ? first : current.changed_at,
    },
    transition: turnsDown ? 'down' : null,
    since: turnsDown ? first : null,
  };
}

export const hourOf = (at: Date): string => new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString();

/** Gives every site with a health URL its state row, due at once (a new URL is probed in the next round). */
export async function ensureHealthRows(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .insertInto('site_health')
    .columns(['site_key', 'state', 'failures', 'successes', 'next_probe_at'])
    .expression((eb) =>
      eb
        .selectFrom('sites')
        .select((s) => [
          'key',
          sql<string>`'unknown'`.as('state'),
          sql<number>`0`.as('failures'),
          sql<number>`0`.as('successes'),
          s.val(now.toISOString()).as('next_probe_at'),
        ])
        .where('health_url', 'is not', null)
        .where('key', 'not in', (q) => q.selectFrom('site_health').select('site_key')),
    )
    .onConflict((oc) => oc.column('site_key').doNothing())
    .execute();
}

/**
 * Takes the sites due at `now` and moves their next probe an interval on, in one statement: a
 * site another process took a moment before is no longer due, so nothing is probed twice.
 */
export async function claimDue(db: Kysely<Database>, now: Date, intervalMs: number): Promise<Array<{ siteKey: string; url: string }>> {
  const at = now.toISOString();
  const claimed = await db
    .updateTable('site_health')
    .set({ next_probe_at: new Date(now.getTime() + intervalMs).toISOString() })
    .where('next_probe_at', '<=', at)
    .where('site_key', 'in', (q) => q.selectFrom('sites').select('key').where('health_url', 'is not', null))
    .returning('site_key')
    .execute();
  if (!claimed.length) return [];
  const urls = new Map(
    (await db.selectFrom('sites').select(['key', 'health_url']).where('health_url', 'is not', null).execute()).map((s) => [
      s.key,
      s.health_url!,
    ]),
  );
  return claimed.flatMap(({ site_key }) => (urls.has(site_key) ? [{ siteKey: site_key, url: urls.get(site_key)! }] : []));
}

/**
 * Stores one probe: the state machine, the down period it opens or closes, its hour's counts.
 * One transaction; returns the event to emit once it committed (null when the state held).
 */
export async function recordProbe(db: Kysely<Database>, result: ProbeResult): Promise<SiteEvent | null> {
  const at = result.at.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('site_health').selectAll().where('site_key', '=', result.siteKey).executeTakeFirst();
    if (!row) return null; // the site lost its health URL and row meanwhile
    const { next, transition, since } = nextState(row, { at, ok: result.ok });
    await trx
      .updateTable('site_health')
      .set({
        ...next,
        last_probe_at: at,
        ...(result.ok ? { last_ok_at: at, last_error: null } : { last_error: result.error }),
      })
      .where('site_key', '=', result.siteKey)
      .execute();
    await trx
      .insertInto('probe_rollups')
      .values({
        site_key: result.siteKey,
        bucket: 'hour',
        start: hourOf(result.at),
        probes: 1,
        failures: result.ok ? 0 : 1,
        total_ms: Math.round(result.ms),
      })
      .onConflict((oc) =>
        oc.columns(['site_key', 'bucket', 'start']).doUpdateSet((eb) => ({
          probes: eb(eb.ref('probe_rollups.probes'), '+', 1),
          failures: eb(eb.ref('probe_rollups.failures'), '+', eb.ref('excluded.failures')),
          total_ms: eb(eb.ref('probe_rollups.total_ms'), '+', eb.ref('excluded.total_ms')),
        })),
      )
      .execute();
    if (transition === 'down') {
      await trx.insertInto('site_downtime').values({ site_key: result.siteKey, started_at: since!, ended_at: null }).execute();
      return { type: 'site.down', siteKey: result.siteKey, at: since!, error: result.error ?? 'probe failed' };
    }
    if (transition === 'up') {
      await trx
        .updateTable('site_downtime')
        .set({ ended_at: since! })
        .where('site_key', '=', result.siteKey)
        .where('ended_at', 'is', null)
        .execute();
      return { type: 'site.up', siteKey: result.siteKey, at: since! };
    }
    return null;
  });
}

/**
 * Folds the hours that ended more than 48 h before `now` into their days (added to what the day
 * already holds: a day is folded an hour at a time) and deletes them. Returns the hours folded.
 */
export async function foldRollups(db: Kysely<Database>, now: Date): Promise<number> {
  const cutoff = new Date(new Date(hourOf(now)).getTime() - 48 * 3_600_000).toISOString();
  return db.transaction().execute(async (trx) => {
    await sql`
      INSERT INTO probe_rollups (site_key, bucket, start, probes, failures, total_ms)
      SELECT site_key, 'day', substr(start, 1, 10) || 'T00:00:00.000Z', sum(probes), sum(failures), sum(total_ms)
      FROM probe_rollups
      WHERE bucket = 'hour' AND start < ${cutoff}
      GROUP BY site_key, substr(start, 1, 10)
      ON CONFLICT (site_key, bucket, start) DO UPDATE SET
        probes = probe_rollups.probes + excluded.probes,
        failures = probe_rollups.failures + excluded.failures,
        total_ms = probe_rollups.total_ms + excluded.total_ms
    `.execute(trx);
    const deleted = await trx.deleteFrom('probe_rollups').where('bucket', '=', 'hour').where('start', '<', cutoff).executeTakeFirst();
    return Number(deleted.numDeletedRows);
  });
}

/**
 * Takes or renews the lease `name` for `holder` until `until`: one upsert that succeeds only
 * when the lease is free, expired, or already this holder's. True when `holder` holds it now.
 */
export async function acquireLease(db: Kysely<Database>, name: string, holder: string, now: Date, until: Date): Promise<boolean> {
  const won = await db
    .insertInto('leases')
    .values({ name, holder, expires_at: until.toISOString() })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ holder, expires_at: until.toISOString() })
        .where((eb) => eb.or([eb('leases.expires_at', '<', now.toISOString()), eb('leases.holder', '=', holder)])),
    )
    .returning('holder')
    .executeTakeFirst();
  return won?.holder === holder;
}

/** Gives the lease up (a stopping process), so another takes over at its next round. */
export async function releaseLease(db: Kysely<Database>, name: string, holder: string): Promise<void> {
  await db.updateTable('leases').set({ expires_at: '' }).where('name', '=', name).where('holder', '=', holder).execute();
}
