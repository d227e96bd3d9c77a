/** The reports' site and plan filters, as SQL on the tickets aliased `t`. */
import { sql } from 'kysely';

/** `AND …` for the site and the plan the ticket was filed under; empty without them. */
export const ticketFilter = (site: string | null, plan: string | null = null) =>
  sql`${site ? sql`AND t.site_key = ${site}` : sql``} ${plan ? sql`AND t.plan = ${plan}` : sql``}`;
