/**
 * A site's SLA this quarter, for its key contacts: the SLA report (reports/sla.ts) over the
 * quarter's days in the support time zone, for that site alone, in total.
 */
import type { Services } from '../http/env.ts';
import { periodOf, supportZone } from '../reports/range.ts';
import { slaReport } from '../reports/sla.ts';
import type { PortalSla } from './shapes.ts';

/** The quarter holding `date` (YYYY-MM-DD): its name and first and last days. */
export function quarterOf(date: string): { quarter: string; from: string; to: string } {
  const year = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3); // 0..3
  const from = new Date(Date.UTC(year, q * 3, 1));
  const to = new Date(Date.UTC(year, q * 3 + 3, 0)); // day 0 of the next quarter's month: the last day of this one
  return { quarter: `${year}-Q${q + 1}`, from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}

export async function siteSlaSummary(services: Services, siteKey: string): Promise<PortalSla> {
  const zone = supportZone(services.policy);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    services.clock.now(),
  );
  const { quarter, from, to } = quarterOf(today);
  const { total } = await slaReport(services, periodOf(from, to, zone), siteKey);
  return {
    quarter,
    from,
    to,
    tickets: total.tickets,
    firstResponse: total.firstResponse,
    resolution: total.resolution,
    nextReply: total.nextReply,
  };
}
