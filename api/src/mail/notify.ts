/**
 * Which mails a ticket event queues, and to whom. Only the confirmation carries the status-page
 * link with the requester's token (the token is known only at creation: the store keeps its hash).
 */
import type { Services } from '../http/env.ts';
import { slaView } from '../policy/sla-view.ts';
import type { TicketRow } from '../store/schema.ts';
import { referenceFor } from '../tickets/service.ts';
import { runtimeFor, kickOutbox } from '../inbox/runtime.ts';
import { enqueueMail, type OutgoingMail } from './outbox.ts';
import { chatMissedMail, confirmationMail, notificationMail, replyMail, statusMail, type TicketFacts } from './templates.ts';

async function ticketRow(services: Services, ticketId: number): Promise<TicketRow> {
  return services.store.db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
}

export function statusPageUrl(services: Services, reference: string, token: string): string {
  return `${runtimeFor(services.store, services.config).baseUrl}/tickets/${reference}?token=${encodeURIComponent(token)}`;
}

export async function queueTicketCreatedMails(services: Services, row: TicketRow, token: string): Promise<void> {
  const ticketId = row.id;
  const reference = referenceFor(row.id);
  const sla = slaView(services.policy, row.plan, { firstResponseDue: row.first_response_due ? new Date(row.first_response_due) : null, resolutionDue: row.resolution_due ? new Date(row.resolution_due) : null }, services.clock.now());
  const facts: TicketFacts = {
    reference,
    subject: row.subject,
    requesterName: row.requester_name,
    site: row.site_key,
    severity: row.severity,
    type: row.type,
    channel: row.channel,
    description: row.description,
    dueSentence: sla.sentence,
    statusUrl: statusPageUrl(services, reference, token),
    vendor: services.policy.vendor.name,
  };
  const mails: OutgoingMail[] = [];
  // A chat's requester is talking to us live; they get mail if the chat is missed.
  if (row.channel !== 'chat') mails.push({ kind: 'confirmation', to: row.requester_email, ticketId, reference, ...confirmationMail(facts) });
  mails.push({ kind: 'notification', to: services.policy.vendor.supportEmail, ticketId, reference, ...notificationMail({ ...facts, inboxUrl: `${runtimeFor(services.store).baseUrl}/inbox/#/tickets/${reference}` }) });
  await enqueueMail(services.store.db, mails);
}

export async function queueReplyMail(services: Services, ticketId: number, agentName: string, body: string): Promise<void> {
  const row = await ticketRow(services, ticketId);
  const reference = referenceFor(row.id);
  const mail = replyMail({ reference, subject: row.subject, requesterName: row.requester_name, agentName, body, statusUrl: '', vendor: services.policy.vendor.name });
  await enqueueMail(services.store.db, [{ kind: 'reply', to: row.requester_email, ticketId, reference, ...mail }]);
  kickOutbox(services.store);
}

export async function queueStatusMail(services: Services, ticketId: number, status: string, note?: string): Promise<void> {
  const row = await ticketRow(services, ticketId);
  const reference = referenceFor(row.id);
  const mail = statusMail({ reference, subject: row.subject, requesterName: row.requester_name, status, note, statusUrl: '', vendor: services.policy.vendor.name });
  await enqueueMail(services.store.db, [{ kind: 'status', to: row.requester_email, ticketId, reference, ...mail }]);
  kickOutbox(services.store);
}

export async function queueChatMissedMail(services: Services, ticketId: number, transcript: string): Promise<void> {
  const row = await ticketRow(services, ticketId);
  const reference = referenceFor(row.id);
  const mail = chatMissedMail({ reference, subject: row.subject, requesterName: row.requester_name, statusUrl: '', vendor: services.policy.vendor.name, transcript });
  await enqueueMail(services.store.db, [{ kind: 'chat_missed', to: row.requester_email, ticketId, reference, ...mail }]);
  kickOutbox(services.store);
}

