/**
 * Shared by the status tests: two sites, and the prober's tables written by hand. The prober's
 * migration (site_health, site_downtime) is built on another branch; until it is merged these
 * tests create the two tables with exactly the shared contract's columns when they are missing.
 */
import { sql } from 'kysely';
import { addSite } from '../../api/src/sites/sites.ts';
import type { TestServer } from '../support/api-server.ts';

export const ACME_ORIGIN = 'https://lms.acme.example';

export async function addStatusSites(server: TestServer): Promise<void> {
  const { store, policy, services } = server.running;
  const now = new Date('2026-01-01T00:00:00.000Z');
  await addSite(store.db, policy, { key: 'acme', name: 'Acme <LMS> & co', plan: 'priority', origins: [ACME_ORIGIN] }, now);
  await addSite(store.db, policy, { key: 'beta', name: 'Beta LMS', plan: 'standard', origins: ['https://beta.example'] }, now);
  services.sites.invalidate();
}

export async function addDowntime(server: TestServer, siteKey: string, start: string, end: string | null): Promise<void> {
  await sql`insert into site_downtime (site_key, started_at, ended_at) values (${siteKey}, ${start}, ${end})`.execute(
    server.running.store.db,
  );
}

export async function setHealth(server: TestServer, siteKey: string, state: string): Promise<void> {
  const db = server.running.store.db;
  await sql`delete from site_health where site_key = ${siteKey}`.execute(db);
  await sql`insert into site_health (site_key, state, next_probe_at) values (${siteKey}, ${state}, '2026-01-01T00:00:00.000Z')`.execute(db);
}

export async function mailsOf(server: TestServer, kind: string) {
  return server.running.store.db
    .selectFrom('outbox')
    .select(['to_address', 'subject', 'text_body', 'html_body', 'ticket_id'])
    .where('kind', '=', kind)
    .orderBy('id')
    .execute();
}
