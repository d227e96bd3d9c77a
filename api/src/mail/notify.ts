/**
 * Which mails a ticket event queues, and to whom. Only the confirmation carries the status-page
 * link with the requester's token (the token is known only at creation: the store keeps its hash).
 */
import type { Services } from '../http/env.ts';
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../store/schema.ts';
import type { CreateTicketInput } from '../tickets/schema.ts';
import { referenceFor } from '../tickets/service.ts';
import { runtimeFor, kickOutbox } from '../inbox/runtime.ts';
import { enqueueMail, type OutgoingMail } from './outbox.ts';
import { chatMissedMail, confirmationMail, notificationMail, replyMail, statusMail, type TicketFacts } from './templates.ts';

async function ticketRow(db: Kysely<Database>, ticketId: number): Promise<TicketRow> {
  return db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
}

export function statusPageUrl(services: Services, reference: string, token: string): string {
  return `${runtimeFor(services.store, services.config).baseUrl}/tickets/${reference}?token=${encodeURIComponent(token)}`;
}

export interface CreatedTicketFacts {
  id: number;
  site: string;
  input: CreateTicketInput;
  /** The first-response sentence the requester was shown. */
  sentence: string;
}

/**
 * The confirmation (with the status-page link and token) and the support notification, queued
 * inside the ticket's own transaction: a ticket never exists without its mails. A chat starts
 * out waiting for an agent instead of getting a confirmation.
 */
export async function queueTicketCreatedMails(trx: Kysely<Database>, services: Services, ticket: CreatedTicketFacts, token: string): Promise<void> {
  const { input } = ticket;
  const reference = referenceFor(ticket.id);
  const facts: TicketFacts = {
    reference,
    subject: input.subject,
    requesterName: input.requester.name,
    site: ticket.site,
    severity: input.severity,
    type: input.type,
    channel: input.channel,
    description: input.description,
    dueSentence: ticket.sentence,
    statusUrl: statusPageUrl(services, reference, token),
    vendor: services.policy.vendor.name,
  };
  const mails: OutgoingMail[] = [];
  if (input.channel === 'chat') await trx.updateTable('tickets').set({ chat_state: 'waiting' }).where('id', '=', ticket.id).execute();
  else mails.push({ kind: 'confirmation', to: input.requester.email, ticketId: ticket.id, reference, ...confirmationMail(facts) });
  mails.push({ kind: 'notification', to: services.policy.vendor.supportEmail, ticketId: ticket.id, reference, ...notificationMail({ ...facts, inboxUrl: `${runtimeFor(services.store).baseUrl}/inbox/#/tickets/${reference}` }) });
  await enqueueMail(trx, mails);
}

/** Queued with `db` (pass the transaction that changes the ticket, so both commit or neither). */
export async function queueReplyMail(services: Services, ticketId: number, agentName: string, body: string, db: Kysely<Database> = services.store.db): Promise<void> {
  const row = await ticketRow(db, ticketId);
  const reference = referenceFor(row.id);
  const mail = replyMail({ reference, subject: row.subject, requesterName: row.requester_name, agentName, body, statusUrl: '', vendor: services.policy.vendor.name });
  await enqueueMail(db, [{ kind: 'reply', to: row.requester_email, ticketId, reference, ...mail }]);
  kickOutbox(services.store);
}

/** Queued with `db` (pass the transaction that changes the ticket, so both commit or neither). */
export async function queueStatusMail(services: Services, ticketId: number, status: string, note: string | undefined, db: Kysely<Database> = services.store.db): Promise<void> {
  const row = await ticketRow(db, ticketId);
  const reference = referenceFor(row.id);
  const mail = statusMail({ reference, subject: row.subject, requesterName: row.requester_name, status, note, statusUrl: '', vendor: services.policy.vendor.name });
  await enqueueMail(db, [{ kind: 'status', to: row.requester_email, ticketId, reference, ...mail }]);
  kickOutbox(services.store);
}

/** Queued with `db` (pass the transaction that changes the ticket, so both commit or neither). */
export async function queueChatMissedMail(services: Services, ticketId: number, transcript: string, db: Kysely<Database> = services.store.db): Promise<void> {
  const row = await ticketRow(db, ticketId);
  const reference = referenceFor(row.id);
  const mail = chatMissedMail({ reference, subject: row.subject, requesterName: row.requester_name, statusUrl: '', vendor: services.policy.vendor.name, transcript });
  await enqueueMail(db, [{ kind: 'chat_missed', to: row.requester_email, ticketId, reference, ...mail }]);
  kickOutbox(services.store);
}

