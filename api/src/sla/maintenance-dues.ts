/**
 * A maintenance window announced or cancelled moves the due times of the tickets of the sites it
 * covers (when their terms pause for maintenance: sla/maintenance-pauses.ts). Recomputed with the
 * change, in its transaction, so a due time never disagrees with the windows stored; each
 * recomputation also asks the sweeper to look at the ticket again (tickets/dues.ts).
 */
import type { Kysely } from 'kysely';
import type { Services } from '../http/env.ts';
import type { MaintenanceChange } from '../status/incident-events.ts';
import type { Database } from '../store/schema.ts';
import { recomputeDues } from '../tickets/dues.ts';

/** Statuses whose due times still matter: the clocks run, or will when the requester answers. */
const OPEN_STATUSES = ['new', 'open', 'pending'];

/** Rows read per round: an all-sites window on a large install does not hold every ticket at once. */
const BATCH = 200;

export async function recomputeMaintenanceDues(
  services: Pick<Services, 'policy' | 'clock'>,
  db: Kysely<Database>,
  change: Pick<MaintenanceChange, 'siteKey'>,
): Promise<number> {
  const now = services.clock.now();
  let after = 0;
  let changed = 0;
  for (;;) {
    let query = db
      .selectFrom('tickets')
      .select(['id', 'site_key', 'plan', 'type', 'severity', 'created_at', 'sla_version', 'reply_from'])
      .where('status', 'in', OPEN_STATUSES)
      .where('id', '>', after)
      .orderBy('id')
      .limit(BATCH);
    if (change.siteKey !== null) query = query.where('site_key', '=', change.siteKey);
    const rows = await query.execute();
    for (const row of rows) {
      const dues = await recomputeDues(db, services.policy, row, row.severity, now);
      await db.updateTable('tickets').set(dues).where('id', '=', row.id).execute();
      changed++;
    }
    if (rows.length < BATCH) return changed;
    after = Number(rows.at(-1)!.id);
  }
}

export function maintenanceDueSubscribers(services: Services): void {
  services.incidents.inTransaction(async (event, trx) => {
    if (event.type === 'maintenance.changed') await recomputeMaintenanceDues(services, trx, event);
  });
}
