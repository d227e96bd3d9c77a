/**
 * Announced maintenance as SLA pauses. When a ticket's terms say so (`maintenance.slaClock:
 * paused` in the policy, kept in the terms it was filed under), every window covering its site —
 * the site's own or an all-sites one, not cancelled, ending after the ticket was filed — stops its
 * clocks while it runs. Windows still ahead count too: a due time already shows the announced
 * work. The filing, each recomputation of the dues (tickets/dues.ts) and the sweeper read them
 * here, so they all count the same windows.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { PauseInterval } from './targets.ts';
import type { SlaTerms } from './terms.ts';

export async function maintenancePauses(
  db: Kysely<Database>,
  terms: Pick<SlaTerms, 'maintenance'>,
  siteKey: string,
  filedAt: Date,
): Promise<PauseInterval[]> {
  if (terms.maintenance !== 'paused') return [];
  const windows = await db
    .selectFrom('maintenance_windows')
    .select(['starts_at', 'ends_at'])
    .where('cancelled_at', 'is', null)
    .where('ends_at', '>', filedAt.toISOString())
    .where((eb) => eb.or([eb('scope', '=', 'all'), eb('site_key', '=', siteKey)]))
    .orderBy('starts_at')
    .execute();
  return windows.map((w): PauseInterval => [new Date(w.starts_at), new Date(w.ends_at)]);
}
