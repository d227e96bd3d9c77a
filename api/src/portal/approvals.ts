/**
 * Billable work's approval: a member's Request or Site refresh does not start while the site's
 * budget is low (below `budget.lowBalancePercent` of the hours bought) or smaller than the work's
 * estimate; it waits until a key contact approves or declines it. Also the key contacts' mail when
 * logged time takes the budget below that line. Mails are queued with the change (outbox).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Policy } from '#content/policy-schema.ts';
import { ApiError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { budgetFrom, minutesByRate } from '../sites/budget.ts';
import { readSite } from '../sites/sites.ts';
import type { Database } from '../store/schema.ts';
import { ticketByReference } from '../tickets/access.ts';
import type { EventOf } from '../tickets/events.ts';
import { referenceFor } from '../tickets/reference.ts';
import { canSeeTicket, getContact, listContacts, type Contact } from './contacts.ts';
import { approvalDecidedMail, approvalRequestMail, lowBudgetMail } from './work-mails.ts';

/** A ticket type's field holding the work's estimate in hours, when the policy declares one. */
export const ESTIMATE_FIELD = 'estimateHours';

export const ApprovalInput = z.strictObject({
  decision: z.enum(['approve', 'decline'], "must be 'approve' or 'decline'"),
  note: z.string().trim().max(2000).optional(),
});
export type ApprovalInput = z.output<typeof ApprovalInput>;

export interface BudgetStanding {
  budgetHours: number;
  remainingHours: number;
  /** Below the policy's low-balance share (budget.ts). */
  low: boolean;
}

/**
 * Whether this ticket must wait for a key contact: billable work (the type is `billable` in the
 * policy) filed by a member contact, while the budget is low or the estimate is more than is left.
 * Key contacts approve their own work by filing it; tickets from people who are no contact follow
 * the contract as before.
 */
export function needsApproval(
  ticket: { type: string; fields: Record<string, unknown> },
  contact: Pick<Contact, 'role'> | null,
  budget: BudgetStanding,
  policy: Pick<Policy, 'ticketTypes'>,
): boolean {
  if (contact?.role !== 'member') return false;
  const type = policy.ticketTypes.find((t) => t.id === ticket.type);
  if (!type?.billable) return false;
  if (budget.low) return true;
  if (!type.fields?.some((f) => f.name === ESTIMATE_FIELD)) return false;
  const estimate = Number(ticket.fields[ESTIMATE_FIELD]);
  return Number.isFinite(estimate) && estimate > budget.remainingHours;
}

/** Read through `db`, the change's transaction: never through the SiteDirectory (see readSite). */
async function siteBudget(services: Services, db: Kysely<Database>, siteKey: string) {
  const site = await readSite(db, siteKey);
  return { site, budget: budgetFrom(services.policy, site?.budgetHours ?? 0, await minutesByRate(db, siteKey)) };
}

/** Where a key contact approves or declines: the ticket's page in the portal. */
export const portalTicketUrl = (services: Services, reference: string, decision?: 'approve' | 'decline'): string =>
  `${services.links.base}/portal/tickets/${reference}${decision ? `?decision=${decision}` : ''}`;

const keyContacts = async (db: Kysely<Database>, siteKey: string) => (await listContacts(db, siteKey)).filter((c) => c.role === 'key');

/** On a new ticket: when it needs approval, it waits, and each key contact of the site is asked by mail. */
export async function requestApprovalIfNeeded(services: Services, trx: Kysely<Database>, event: EventOf<'ticket.created'>): Promise<void> {
  const row = await trx.selectFrom('tickets').selectAll().where('id', '=', event.ticketId).executeTakeFirstOrThrow();
  const contact = row.contact_id === null ? null : await getContact(trx, Number(row.contact_id));
  const { site, budget } = await siteBudget(services, trx, row.site_key);
  if (!needsApproval({ type: row.type, fields: JSON.parse(row.fields || '{}') }, contact, budget, services.policy)) return;
  const at = services.clock.now().toISOString();
  await trx.updateTable('tickets').set({ approval: 'waiting' }).where('id', '=', row.id).execute();
  await trx
    .insertInto('ticket_status_history')
    .values({ ticket_id: row.id, status: row.status, note: 'Waiting for client approval: billable work while the budget is low', at })
    .execute();
  const reference = referenceFor(row.id);
  const typeName = services.policy.ticketTypes.find((t) => t.id === row.type)?.name ?? row.type;
  const content = approvalRequestMail({
    reference,
    subject: row.subject,
    requesterName: row.requester_name,
    typeName,
    remainingHours: budget.remainingHours,
    budgetHours: site?.budgetHours ?? 0,
    approveUrl: portalTicketUrl(services, reference, 'approve'),
    declineUrl: portalTicketUrl(services, reference, 'decline'),
  });
  const keys = await keyContacts(trx, row.site_key);
  await enqueueMail(
    trx,
    keys.map((k) => ({ kind: 'approval_request' as const, to: k.email, ticketId: row.id, reference, ...content })),
  );
}

/** A key contact's decision on work waiting for approval: recorded, noted in the history, and told to the agents. */
export async function decideApproval(services: Services, contact: Contact, reference: string, input: ApprovalInput) {
  const { db } = services.store;
  const row = await ticketByReference(db, reference).catch(() => null);
  if (!row || !canSeeTicket(contact, row)) throw new ApiError(404, 'not_found', `There is no ticket ${reference}.`);
  if (row.approval !== 'waiting')
    throw new ApiError(409, 'conflict', `${reference} is not waiting for approval (${row.approval ?? 'none needed'}).`);
  const decision = input.decision === 'approve' ? 'approved' : 'declined';
  const at = services.clock.now().toISOString();
  const note = input.note || null;
  await services.events.transaction(db, async (trx, emit) => {
    // Only from waiting: two key contacts deciding at once, the first one counts.
    const changed = await trx
      .updateTable('tickets')
      .set({ approval: decision, approval_by: contact.email, approval_at: at, updated_at: at })
      .where('id', '=', row.id)
      .where('approval', '=', 'waiting')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new ApiError(409, 'conflict', `${reference} was decided meanwhile.`);
    const said = `${decision === 'approved' ? 'Approved' : 'Declined'} by ${contact.name} (${contact.email})${note ? `: ${note}` : ''}`;
    await trx.insertInto('ticket_status_history').values({ ticket_id: row.id, status: row.status, note: said, at }).execute();
    await emit({ type: 'ticket.approval_decided', ticketId: row.id, decision, by: contact.email, note });
  });
  return { reference, approval: decision, approvalBy: contact.email, approvalAt: at };
}

/** To the ticket's assignee, or the support address when nobody has it. */
export async function queueApprovalDecidedMail(services: Services, trx: Kysely<Database>, event: EventOf<'ticket.approval_decided'>) {
  const row = await trx
    .selectFrom('tickets')
    .leftJoin('agents', (j) => j.onRef('agents.id', '=', 'tickets.assignee_id').on('agents.disabled_at', 'is', null))
    .select(['tickets.id', 'tickets.subject', 'agents.email as assigneeEmail'])
    .where('tickets.id', '=', event.ticketId)
    .executeTakeFirstOrThrow();
  const reference = referenceFor(row.id);
  const content = approvalDecidedMail({
    reference,
    subject: row.subject,
    decision: event.decision,
    by: event.by,
    note: event.note,
    inboxUrl: services.links.inboxTicket(reference),
  });
  await enqueueMail(trx, [
    { kind: 'approval_decided', to: row.assigneeEmail ?? services.policy.vendor.supportEmail, ticketId: row.id, reference, ...content },
  ]);
}

/**
 * Time just logged: when it took the site's remaining hours from at or above the low line to
 * below it, the key contacts are told, once for that crossing (a top-up and a later fall mail again).
 */
export async function mailIfBudgetCrossedLow(services: Services, trx: Kysely<Database>, event: EventOf<'ticket.time_logged'>) {
  const ticket = await trx.selectFrom('tickets').select('site_key').where('id', '=', event.ticketId).executeTakeFirstOrThrow();
  const { site, budget } = await siteBudget(services, trx, ticket.site_key);
  if (!site || site.budgetHours <= 0) return;
  const percent = services.policy.budget.lowBalancePercent;
  const line = (site.budgetHours * percent) / 100;
  const before = budget.remainingHours + event.minutes / 60;
  if (!(before >= line && budget.remainingHours < line)) return;
  const content = lowBudgetMail({
    siteName: site.name,
    remainingHours: budget.remainingHours,
    budgetHours: site.budgetHours,
    percent,
    portalUrl: `${services.links.base}/portal`,
  });
  const keys = await keyContacts(trx, site.key);
  await enqueueMail(
    trx,
    keys.map((k) => ({ kind: 'low_budget' as const, to: k.email, ticketId: null, ...content })),
  );
}
