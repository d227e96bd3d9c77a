/**
 * Which mails a ticket event queues, and to whom (wired to the events in subscribers.ts). Only
 * the confirmation carries the status-page link with the requester's token (the token is known
 * only at creation: the store keeps its hash); the outbox keeps it sealed (sealed-secret.ts).
 * Anyone can file a ticket in anyone's name, so the automatic mails to a requester
 * (confirmation, missed chat) are limited per address and hour, and the confirmation repeats
 * nothing the requester wrote but the subject. Each is queued with the change's transaction.
 */
import type { Kysely } from 'kysely';
import type { Services } from '../http/env.ts';
import type { Database, TicketRow } from '../store/schema.ts';
import type { EventOf } from '../tickets/events.ts';
import { referenceFor } from '../tickets/reference.ts';
import { displayFileName } from '../uploads/file-name.ts';
import { requesterConversation, speaker } from '../tickets/conversation.ts';
import { shownAgent } from '../agents/display-name.ts';
import { enqueueMail, mailsToRecipientSince, type OutgoingMail } from './outbox.ts';
import { escalationConfirmationMail, escalationMail } from './escalation-mails.ts';
import { markSecret, type MarkedSecret } from './sealed-secret.ts';
import { satisfactionToken } from '../satisfaction/link-token.ts';
import { ratingPath, type Rating } from '../satisfaction/ratings.ts';
import { chatMissedMail, confirmationMail, notificationMail, replyMail, statusMail, type TicketFacts } from './templates.ts';

/** Mails sent on the requester's say-so alone, which count against HELPWAY_CONFIRMATIONS_PER_HOUR. */
const AUTOMATIC_KINDS = ['confirmation', 'chat_missed', 'escalation_confirmation'];

/** Why an automatic mail to `address` is not sent, or undefined when it may be. */
async function overRecipientLimit(services: Services, db: Kysely<Database>, address: string): Promise<string | undefined> {
  const limit = services.config.escalation.confirmationsPerHour;
  const recent = await mailsToRecipientSince(db, address, AUTOMATIC_KINDS, new Date(Date.now() - 3_600_000));
  return recent >= limit
    ? `Not sent: ${recent} automatic mails went to this address in the last hour (limit ${limit}, HELPWAY_CONFIRMATIONS_PER_HOUR).`
    : undefined;
}

async function ticketRow(db: Kysely<Database>, ticketId: number): Promise<TicketRow> {
  return db.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
}

/**
 * The confirmation (with the status-page link and token) and the support notification: a ticket
 * never exists without its mails. A chat waits for an agent instead of getting a confirmation.
 */
export async function queueTicketCreatedMails(services: Services, trx: Kysely<Database>, event: EventOf<'ticket.created'>): Promise<void> {
  const { input, reference, ticketId } = event;
  const facts: TicketFacts = {
    reference,
    subject: input.subject,
    requesterName: input.requester.name,
    site: input.site,
    severity: input.severity,
    type: input.type,
    channel: input.channel,
    description: input.description,
    dueSentence: event.dueSentence,
    statusUrl: '',
    vendor: services.policy.vendor.name,
  };
  const mails: OutgoingMail[] = [];
  let sealWith: Buffer | undefined;
  if (input.channel !== 'chat') {
    const secret = markSecret(encodeURIComponent(event.requesterToken));
    const suppressed = await overRecipientLimit(services, trx, input.requester.email);
    if (!suppressed) sealWith = await services.outbox.sealKey(trx);
    const mail = confirmationMail({ ...facts, statusUrl: services.links.statusPage(reference, secret.mark, { encoded: true }) });
    mails.push({ kind: 'confirmation', to: input.requester.email, ticketId, reference, ...mail, secret, suppressed });
  }
  mails.push({
    kind: 'notification',
    to: services.policy.vendor.supportEmail,
    ticketId,
    reference,
    ...notificationMail({ ...facts, inboxUrl: services.links.inboxTicket(reference) }),
  });
  await enqueueMail(trx, mails, { sealWith });
}

/** The reply, signed by the agent as requesters see them (the conversation's reader: display name, never the login). */
export async function queueReplyMail(services: Services, trx: Kysely<Database>, event: EventOf<'ticket.agent_replied'>): Promise<void> {
  const row = await ticketRow(trx, event.ticketId);
  const reference = referenceFor(row.id);
  // The files a saved reply attached go with the mail, read from the message when it is sent.
  const files = event.attachments
    ? await trx.selectFrom('attachments').select('filename').where('message_id', '=', event.messageId).orderBy('id').execute()
    : [];
  const message = (await requesterConversation(trx, row.id, event.messageId - 1)).find((m) => m.id === event.messageId);
  const mail = replyMail({
    reference,
    subject: row.subject,
    requesterName: row.requester_name,
    agentName: speaker(message ?? { agent: shownAgent(null) }, row.requester_name).name,
    body: event.body,
    statusUrl: '',
    vendor: services.policy.vendor.name,
    articles: event.articles,
    files: files.map((f) => displayFileName(f.filename)),
  });
  await enqueueMail(trx, [
    {
      kind: 'reply',
      to: row.requester_email,
      ticketId: row.id,
      reference,
      ...mail,
      attachmentsOf: files.length ? event.messageId : undefined,
    },
  ]);
}

/**
 * A status the requester is told about. The solved mail asks "How did we do?" with two links
 * carrying the rating token (satisfaction/link-token.ts), sealed in the outbox like the
 * confirmation's status-page token.
 */
export async function queueStatusMail(services: Services, trx: Kysely<Database>, event: EventOf<'ticket.status_changed'>): Promise<void> {
  const row = await ticketRow(trx, event.ticketId);
  const reference = referenceFor(row.id);
  let secret: MarkedSecret | undefined;
  let sealWith: Buffer | undefined;
  if (event.to === 'solved') {
    secret = markSecret(await satisfactionToken(trx, services.config.escalation.secretKey, row.id));
    sealWith = await services.outbox.sealKey(trx);
  }
  const ratingLink = (rating: Rating) => services.links.base + ratingPath(reference, rating, secret!.mark);
  const mail = statusMail({
    reference,
    subject: row.subject,
    requesterName: row.requester_name,
    status: event.to,
    note: event.note,
    statusUrl: '',
    vendor: services.policy.vendor.name,
    rating: secret ? { good: ratingLink('good'), bad: ratingLink('bad') } : undefined,
  });
  await enqueueMail(trx, [{ kind: 'status', to: row.requester_email, ticketId: row.id, reference, ...mail, secret }], { sealWith });
}

export async function queueChatMissedMail(services: Services, trx: Kysely<Database>, event: EventOf<'chat.missed'>): Promise<void> {
  const row = await ticketRow(trx, event.ticketId);
  const reference = referenceFor(row.id);
  const mail = chatMissedMail({
    reference,
    subject: row.subject,
    requesterName: row.requester_name,
    statusUrl: '',
    vendor: services.policy.vendor.name,
    transcript: event.transcript,
  });
  const suppressed = await overRecipientLimit(services, trx, row.requester_email);
  await enqueueMail(trx, [{ kind: 'chat_missed', to: row.requester_email, ticketId: row.id, reference, ...mail, suppressed }]);
}

/**
 * An escalation, whoever made it: the level's contact is mailed; a requester who asked gets a
 * confirmation naming the new owner's role (never the contact's address), limited per address
 * and hour like the other mails sent on a requester's say-so.
 */
export async function queueEscalationMails(services: Services, trx: Kysely<Database>, event: EventOf<'ticket.escalated'>): Promise<void> {
  const row = await ticketRow(trx, event.ticketId);
  const reference = referenceFor(row.id);
  const facts = {
    reference,
    subject: row.subject,
    status: row.status,
    severity: row.severity,
    type: row.type,
    site: row.site_key,
    requesterName: row.requester_name,
    requesterEmail: row.requester_email,
    level: event.level,
    role: event.role,
    trigger: event.trigger,
    reason: event.reason,
    by: event.by,
    inboxUrl: services.links.inboxTicket(reference),
  };
  const mails: OutgoingMail[] = [{ kind: 'escalation', to: event.contact, ticketId: row.id, reference, ...escalationMail(facts) }];
  if (event.by === 'requester')
    mails.push({
      kind: 'escalation_confirmation',
      to: row.requester_email,
      ticketId: row.id,
      reference,
      ...escalationConfirmationMail({ ...facts, vendor: services.policy.vendor.name }),
      suppressed: await overRecipientLimit(services, trx, row.requester_email),
    });
  await enqueueMail(trx, mails);
}
