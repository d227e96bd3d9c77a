/**
 * Which mails a ticket event queues, and to whom. Only the confirmation carries the status-page
 * link with the requester's token (the token is known only at creation: the store keeps its hash);
 * the outbox keeps it sealed (sealed-secret.ts). Anyone can file a ticket in anyone's name, so the
 * automatic mails to a requester (confirmation, missed chat) are limited per address and hour,
 * and the confirmation repeats nothing the requester wrote but the subject.
 */
import type { Services } from '../http/env.ts';
import type { Kysely } from 'kysely';
import type { Database, TicketRow } from '../store/schema.ts';
import type { Store } from '../store/database.ts';
import type { CreateTicketInput } from '../tickets/schema.ts';
import { referenceFor } from '../tickets/service.ts';
import { runtimeFor, kickOutbox } from '../inbox/runtime.ts';
import { enqueueMail, mailsToRecipientSince, type OutgoingMail } from './outbox.ts';
import { loadOutboxKeys, markSecret } from './sealed-secret.ts';
import { chatMissedMail, confirmationMail, notificationMail, replyMail, statusMail, type TicketFacts } from './templates.ts';

/** Mails sent on the requester's say-so alone, which count against HELPWAY_CONFIRMATIONS_PER_HOUR. */
const AUTOMATIC_KINDS = ['confirmation', 'chat_missed'];

/** The key new secrets are sealed with, read once per store (with `db`: inside a transaction another connection may wait). */
const sealKeys = new WeakMap<Store, Buffer>();
export async function sealKeyFor(services: Services, db: Kysely<Database>): Promise<Buffer> {
  let key = sealKeys.get(services.store);
  if (!key) {
    key = (await loadOutboxKeys(db, services.config.escalation.secretKey)).seal;
    sealKeys.set(services.store, key);
  }
  return key;
}

/** Why an automatic mail to `address` is not sent, or undefined when it may be. */
async function overRecipientLimit(services: Services, db: Kysely<Database>, address: string): Promise<string | undefined> {
  const limit = services.config.escalation.confirmationsPerHour;
  const recent = await mailsToRecipientSince(db, address, AUTOMATIC_KINDS, new Date(Date.now() - 3_600_000));
  return recent >= limit ? `Not sent: ${recent} automatic mails went to this address in the last hour (limit ${limit}, HELPWAY_CONFIRMATIONS_PER_HOUR).` : undefined;
}

async function ticketRow(db: Kysely<Database>, ticketId: number): Promise<TicketRow> {
  return db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
}

/** `options.encoded`: `token` is already URL-safe (a secret's mark, replaced at send time). */
export function statusPageUrl(services: Services, reference: string, token: string, options: { encoded?: boolean } = {}): string {
  return `${runtimeFor(services.store, services.config).baseUrl}/tickets/${reference}?token=${options.encoded ? token : encodeURIComponent(token)}`;
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
    statusUrl: '',
    vendor: services.policy.vendor.name,
  };
  const mails: OutgoingMail[] = [];
  let sealWith: Buffer | undefined;
  if (input.channel === 'chat') await trx.updateTable('tickets').set({ chat_state: 'waiting' }).where('id', '=', ticket.id).execute();
  else {
    const secret = markSecret(encodeURIComponent(token));
    const suppressed = await overRecipientLimit(services, trx, input.requester.email);
    if (!suppressed) sealWith = await sealKeyFor(services, trx);
    const mail = confirmationMail({ ...facts, statusUrl: statusPageUrl(services, reference, secret.mark, { encoded: true }) });
    mails.push({ kind: 'confirmation', to: input.requester.email, ticketId: ticket.id, reference, ...mail, secret, suppressed });
  }
  mails.push({ kind: 'notification', to: services.policy.vendor.supportEmail, ticketId: ticket.id, reference, ...notificationMail({ ...facts, inboxUrl: `${runtimeFor(services.store).baseUrl}/inbox/#/tickets/${reference}` }) });
  await enqueueMail(trx, mails, { sealWith });
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
  const suppressed = await overRecipientLimit(services, db, row.requester_email);
  await enqueueMail(db, [{ kind: 'chat_missed', to: row.requester_email, ticketId, reference, ...mail, suppressed }]);
  kickOutbox(services.store);
}

