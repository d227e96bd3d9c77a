/**
 * The SLA warning and missed-target mails (sla/sweeper.ts emits `sla.warning` and `sla.missed`):
 * to the ticket's assignee, or to the vendor's support address when nobody (or a disabled agent)
 * has it. Queued in the sweep's transaction, so a mail goes out exactly when its record is new.
 */
import type { Kysely } from 'kysely';
import type { Services } from '../http/env.ts';
import { formatDueTime } from '../sla/targets.ts';
import type { Database } from '../store/schema.ts';
import { ticketTerms } from '../tickets/dues.ts';
import type { EventOf } from '../tickets/events.ts';
import { referenceFor } from '../tickets/reference.ts';
import { enqueueMail } from './outbox.ts';
import { slaMail } from './templates.ts';

export async function queueSlaMail(
  services: Services,
  trx: Kysely<Database>,
  event: EventOf<'sla.warning'> | EventOf<'sla.missed'>,
): Promise<void> {
  const row = await trx
    .selectFrom('tickets')
    .leftJoin('agents', (j) => j.onRef('agents.id', '=', 'tickets.assignee_id').on('agents.disabled_at', 'is', null))
    .select([
      'tickets.id',
      'tickets.subject',
      'tickets.severity',
      'tickets.plan',
      'tickets.sla_version',
      'agents.email as assigneeEmail',
      'agents.name as assigneeName',
    ])
    .where('tickets.id', '=', event.ticketId)
    .executeTakeFirstOrThrow();
  const terms = await ticketTerms(trx, services.policy, row);
  const reference = referenceFor(row.id);
  const mail = slaMail({
    kind: event.type === 'sla.warning' ? 'warning' : 'missed',
    reference,
    subject: row.subject,
    severity: row.severity,
    target: event.target,
    due: formatDueTime(new Date(event.dueAt), terms.calendar, 'en-GB', services.clock.now()),
    percent: event.type === 'sla.warning' ? event.percent : undefined,
    assignee: row.assigneeName,
    inboxUrl: services.links.inboxTicket(reference),
  });
  const kind = event.type === 'sla.warning' ? 'sla_warning' : 'sla_missed';
  await enqueueMail(trx, [{ kind, to: row.assigneeEmail ?? services.policy.vendor.supportEmail, ticketId: row.id, reference, ...mail }]);
}
