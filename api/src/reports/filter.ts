/** The reports' site and plan filters, as SQL on the tickets aliased `t`. */
import { sql } from 'kysely';

/** `AND …` for the site and the plan the ticket was filed under; empty without them. */
export const ticketFilter = (site: string | null, plan: string | null = null) =>
  sql`${site ? sql`AND t.site_key = ${site}` : sql``} ${plan ? sql`AND t.plan = ${plan}` : sql``}`;

/** `AND …` for rows of a site (`column` holds its key): that site, or the sites now on `plan`. */
export const siteScope = (column: string, site: string | null, plan: string | null = null) =>
  sql`${site ? sql`AND ${sql.ref(column)} = ${site}` : sql``} ${
    plan ? sql`AND ${sql.ref(column)} IN (SELECT p.key FROM sites p WHERE p.plan = ${plan})` : sql``
  }`;
