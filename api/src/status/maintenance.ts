/**
 * Announced maintenance windows, for one site or all: shown ahead of time on the status pages and
 * left out of uptime (uptime.ts); announcing or cancelling one is a `maintenance.changed` event
 * (the SLA clocks of its sites' tickets follow: sla/maintenance-dues.ts). Cancelling keeps the row (the history shows it was announced)
 * but it no longer counts.
 */
import type { Kysely, Selectable } from 'kysely';
import { INBOX_TOPIC } from '../chat/hub.ts';
import type { Services } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import type { Database, MaintenanceWindowsTable } from '../store/schema.ts';
import type { MaintenanceInput, MaintenanceWindow } from './shapes.ts';

function view(row: Selectable<MaintenanceWindowsTable>, now: string): MaintenanceWindow {
  const state = row.cancelled_at ? 'cancelled' : now < row.starts_at ? 'upcoming' : now < row.ends_at ? 'active' : 'past';
  return {
    id: Number(row.id),
    scope: row.scope as 'site' | 'all',
    siteKey: row.site_key,
    title: row.title,
    body: row.body,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    cancelledAt: row.cancelled_at,
    state,
  };
}

export async function scheduleMaintenance(services: Services, input: MaintenanceInput, author: string): Promise<MaintenanceWindow> {
  const db = services.store.db;
  const site = input.siteKeys === 'all' ? null : input.siteKeys;
  if (site && !(await services.sites.get(site)))
    throw new ApiError(422, 'unknown_site', `There is no site "${site}".`, { siteKeys: 'is not a known site key' });
  const now = services.clock.now().toISOString();
  const row = await services.incidents.transaction(db, async (trx, emit) => {
    const row = await trx
      .insertInto('maintenance_windows')
      .values({
        scope: site ? 'site' : 'all',
        site_key: site,
        title: input.title,
        body: input.body,
        starts_at: new Date(input.startsAt).toISOString(),
        ends_at: new Date(input.endsAt).toISOString(),
        created_by: author,
        created_at: now,
        cancelled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await emit({ type: 'maintenance.changed', windowId: Number(row.id), siteKey: row.site_key });
    return row;
  });
  services.hub.publishSoon(INBOX_TOPIC);
  return view(row, now);
}

export async function cancelMaintenance(services: Services, id: number): Promise<MaintenanceWindow> {
  const db = services.store.db;
  const now = services.clock.now().toISOString();
  const row = await services.incidents.transaction(db, async (trx, emit) => {
    const row = await trx
      .updateTable('maintenance_windows')
      .set((eb) => ({ cancelled_at: eb.fn.coalesce('cancelled_at', eb.val(now)) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (row) await emit({ type: 'maintenance.changed', windowId: Number(row.id), siteKey: row.site_key });
    return row;
  });
  if (!row) throw new ApiError(404, 'not_found', `There is no maintenance window ${id}.`);
  return view(row, now);
}

/** The inbox's list: every window not ended more than 90 days ago, soonest first. */
export async function listMaintenance(db: Kysely<Database>, now: Date): Promise<MaintenanceWindow[]> {
  const since = new Date(now.getTime() - 90 * 86_400_000).toISOString();
  const rows = await db
    .selectFrom('maintenance_windows')
    .selectAll()
    .where('ends_at', '>', since)
    .orderBy('starts_at')
    .limit(500)
    .execute();
  return rows.map((r) => view(r, now.toISOString()));
}

/** Windows not cancelled and not over, for one site (its own and the all-sites ones) or every one. */
export async function currentMaintenance(db: Kysely<Database>, now: Date, siteKey?: string): Promise<MaintenanceWindow[]> {
  const at = now.toISOString();
  let query = db.selectFrom('maintenance_windows').selectAll().where('cancelled_at', 'is', null).where('ends_at', '>', at);
  if (siteKey) query = query.where((eb) => eb.or([eb('scope', '=', 'all'), eb('site_key', '=', siteKey)]));
  const rows = await query.orderBy('starts_at').limit(50).execute();
  return rows.map((r) => view(r, at));
}
