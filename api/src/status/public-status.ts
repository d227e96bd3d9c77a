/**
 * GET /api/status: what a site's widget and the status pages show. A site is `maintenance` while
 * one of its windows runs, else `down` when the prober last found it down (site_health), else
 * `up`; its uptime over the last 24 hours and 30 days; the incidents open or resolved in the last
 * 7 days; the maintenance to come or running. Without a site: the vendor-wide view.
 */
import { sql } from 'kysely';
import type { Services } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { currentMaintenance } from './maintenance.ts';
import { recentIncidents } from './incidents.ts';
import type { PublicStatus } from './shapes.ts';
import { recentUptime } from './uptime.ts';

const WEEK = 7 * 86_400_000;

export async function publicStatus(services: Services, siteKey: string | undefined): Promise<PublicStatus> {
  const db = services.store.db;
  const now = services.clock.now();
  const site = siteKey ? await services.sites.get(siteKey) : undefined;
  if (siteKey && !site) throw new ApiError(404, 'not_found', `There is no site "${siteKey}".`);
  const [incidents, windows] = await Promise.all([
    recentIncidents(db, new Date(now.getTime() - WEEK).toISOString(), siteKey),
    currentMaintenance(db, now, siteKey),
  ]);
  const maintenance = windows.flatMap(({ cancelledAt: _, state, ...w }) =>
    state === 'upcoming' || state === 'active' ? [{ ...w, state }] : [],
  );
  let status: PublicStatus['site'] = null;
  if (site) {
    const health = await sql<{ state: string }>`select state from site_health where site_key = ${site.key}`.execute(db);
    const state = maintenance.some((m) => m.state === 'active') ? 'maintenance' : health.rows[0]?.state === 'down' ? 'down' : 'up';
    status = { key: site.key, name: site.name, state, uptime: await recentUptime(db, site.key, now) };
  }
  return {
    site: status,
    incidents: incidents.map(({ auto: _a, hold: _h, updates, ...incident }) => ({
      ...incident,
      updates: updates.map(({ author: _, ...u }) => u),
    })),
    maintenance,
  };
}
