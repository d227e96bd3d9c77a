/**
 * A ticket's due times, recomputed whenever what they depend on changes (status, severity, a
 * requester's message after the first response): from creation, severity and type on the SLA
 * terms the ticket was filed under (its `sla_version`, api/src/sla/terms.ts), minus the time spent
 * pending, read from the status history (api/src/sla/targets.ts), and minus announced maintenance
 * of its site when its terms say so (api/src/sla/maintenance-pauses.ts). The next-reply due runs the
 * same way from `reply_from`. Run inside the change's transaction, after its history row.
 *
 * Each recomputation also asks the SLA sweeper (api/src/sla/sweeper.ts) to look at the ticket on
 * its next round (`sla_check_at`), or tells it not to while the clocks stop: the sweeper works out
 * warnings and misses from the due times current then, so a warning for a due time that changed
 * is never sent.
 */
import type { Kysely } from 'kysely';
import type { Policy } from '#content/policy-schema.ts';
import { planFor } from '../policy/sla-view.ts';
import { addBusinessMinutes } from '../sla/business-time.ts';
import { maintenancePauses } from '../sla/maintenance-pauses.ts';
import { pausesFromStatusHistory, type PauseInterval } from '../sla/targets.ts';
import { computeSlaFromTerms, slaTermsFor, type SlaTerms } from '../sla/terms.ts';
import { slaTermsOf } from '../sla/versions.ts';
import type { Database, TicketRow } from '../store/schema.ts';

export interface DueColumns {
  first_response_due: string | null;
  resolution_due: string | null;
  reply_due: string | null;
  sla_check_at: string | null;
}

export type DuesBasis = Pick<TicketRow, 'id' | 'site_key' | 'plan' | 'type' | 'created_at' | 'sla_version' | 'reply_from'>;

/** Statuses whose SLA clocks run: pending waits on the requester, solved and closed are done. */
export const RUNNING_STATUSES = ['new', 'open'] as const;

/**
 * The terms a ticket's clocks run on: its stored version; for a ticket filed before versions
 * were kept (or whose version row is gone), its plan in the policy in force.
 */
export async function ticketTerms(
  db: Kysely<Database>,
  policy: Policy,
  ticket: Pick<TicketRow, 'plan' | 'sla_version'>,
): Promise<SlaTerms> {
  const stored = ticket.sla_version ? await slaTermsOf(db, ticket.sla_version) : undefined;
  return stored ?? slaTermsFor(policy, planFor(policy, ticket.plan).id, null);
}

/** What a ticket's clocks run on: its terms, its pauses (pending spells, maintenance) and the status it has (or is changing to) now. */
export interface TicketClocks {
  terms: SlaTerms;
  pauses: PauseInterval[];
  status: string;
}

/** Reads a ticket's clocks from its terms, status history and site's maintenance (run after the change's history row). */
export async function ticketClocks(
  db: Kysely<Database>,
  policy: Policy,
  ticket: Pick<TicketRow, 'id' | 'site_key' | 'plan' | 'sla_version' | 'created_at'>,
): Promise<TicketClocks> {
  const history = await db
    .selectFrom('ticket_status_history')
    .select(['status', 'at'])
    .where('ticket_id', '=', ticket.id)
    .orderBy('id')
    .execute();
  const terms = await ticketTerms(db, policy, ticket);
  return {
    terms,
    pauses: [
      ...pausesFromStatusHistory(history.map((h) => ({ status: h.status, at: new Date(h.at) }))),
      ...(await maintenancePauses(db, terms, ticket.site_key, new Date(ticket.created_at))),
    ],
    // The history's last row is the status the ticket has (or is changing to) now.
    status: history.at(-1)?.status ?? 'open',
  };
}

/** The pauses with an open one counted up to `now`: the clocks as if the ticket resumed now. */
export const pausesUntil = (pauses: ReadonlyArray<PauseInterval>, now: Date): Array<[Date, Date]> =>
  pauses.map(([from, to]): [Date, Date] => [from, to ?? now]);

/** The due times of `ticket` at `severity` on clocks already read. */
export function duesOn(clocks: TicketClocks, ticket: DuesBasis, severity: string, now: Date): DueColumns {
  const { terms, pauses, status } = clocks;
  const sla = computeSlaFromTerms(terms, severity, ticket.type, new Date(ticket.created_at), pauses, now);
  const replyHours = terms.targets[severity]?.replyHours ?? null;
  let replyDue: Date | null = null;
  if (ticket.reply_from && replyHours !== null) {
    // An open pause counts up to now, as for the other targets: the due if the ticket resumed now.
    replyDue = addBusinessMinutes(terms.calendar, new Date(ticket.reply_from), replyHours * 60, pausesUntil(pauses, now));
  }
  return {
    first_response_due: sla.firstResponseDue?.toISOString() ?? null,
    resolution_due: sla.resolutionDue?.toISOString() ?? null,
    reply_due: replyDue?.toISOString() ?? null,
    sla_check_at: (RUNNING_STATUSES as readonly string[]).includes(status) ? now.toISOString() : null,
  };
}

/** The due times of `ticket` at `severity` (its own or the one it is changing to). */
export async function recomputeDues(
  db: Kysely<Database>,
  policy: Policy,
  ticket: DuesBasis,
  severity: string,
  now: Date,
): Promise<DueColumns> {
  return duesOn(await ticketClocks(db, policy, ticket), ticket, severity, now);
}
