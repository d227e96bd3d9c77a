/**
 * A ticket's due times, recomputed whenever what they depend on changes (status, severity):
 * from creation, plan, severity and type, minus the time spent pending, read from the status
 * history (api/src/sla/targets.ts). Run inside the change's transaction, after its history row.
 */
import type { Kysely } from 'kysely';
import type { Policy } from '#content/policy-schema.ts';
import { planFor } from '../policy/sla-view.ts';
import { computeSla, pausesFromStatusHistory } from '../sla/targets.ts';
import type { Database, TicketRow } from '../store/schema.ts';

export interface DueColumns {
  first_response_due: string | null;
  resolution_due: string | null;
}

type DuesBasis = Pick<TicketRow, 'id' | 'plan' | 'type' | 'created_at'>;

/** The due times of `ticket` at `severity` (its own or the one it is changing to). */
export async function recomputeDues(
  db: Kysely<Database>,
  policy: Policy,
  ticket: DuesBasis,
  severity: string,
  now: Date,
): Promise<DueColumns> {
  const history = await db
    .selectFrom('ticket_status_history')
    .select(['status', 'at'])
    .where('ticket_id', '=', ticket.id)
    .orderBy('id')
    .execute();
  const pauses = pausesFromStatusHistory(history.map((h) => ({ status: h.status, at: new Date(h.at) })));
  const sla = computeSla({
    policy,
    planId: planFor(policy, ticket.plan).id,
    severityId: severity,
    ticketTypeId: ticket.type,
    createdAt: new Date(ticket.created_at),
    pauses,
    now,
  });
  return { first_response_due: sla.firstResponseDue?.toISOString() ?? null, resolution_due: sla.resolutionDue?.toISOString() ?? null };
}
