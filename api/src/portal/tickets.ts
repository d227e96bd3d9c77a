/**
 * The portal's view of tickets: which a contact may see (contacts.ts `canSeeTicket`, the one rule),
 * listed and read as the requester sees them (never an internal note), with each ticket's next
 * SLA due time read as the inbox reads it (sla/state.ts). A ticket the contact may not see is the
 * same 404 as one that does not exist. Plain functions; routes.ts does the HTTP.
 */
import { sql } from 'kysely';
import type { Services } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { slaStanding } from '../sla/state.ts';
import type { SlaTerms } from '../sla/terms.ts';
import type { TicketRow } from '../store/schema.ts';
import { satisfactionOf } from '../satisfaction/ratings.ts';
import { displayFileName } from '../uploads/file-name.ts';
import { ticketTerms } from '../tickets/dues.ts';
import { canEscalate } from '../tickets/escalate.ts';
import { idFromReference, referenceFor } from '../tickets/reference.ts';
import { canSeeTicket, type Contact } from './contacts.ts';
import { encodePortalCursor, type PortalTicket, type PortalTicketList, type PortalTicketQuery } from './shapes.ts';
import { requesterConversation, speaker } from '../tickets/conversation.ts';
import { messageArticles } from '../tickets/message-articles.ts';

const ENDED = ['solved', 'closed'];
const NOT_FOUND = 'No ticket with this reference in your portal.';

/** The ticket if the contact may see it; the same 404 whether it is another's, another site's or absent. */
export async function contactTicket(services: Services, contact: Contact, reference: string): Promise<TicketRow> {
  const id = idFromReference(reference);
  const row = id === null ? undefined : await services.store.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !canSeeTicket(contact, row)) throw new ApiError(404, 'not_found', NOT_FOUND);
  return row;
}

/** Terms per stored version: a page of tickets shares a few. */
function termsReader(services: Services) {
  const cache = new Map<string, Promise<SlaTerms>>();
  return (row: TicketRow) => {
    const key = `${row.sla_version ?? ''}|${row.plan}`;
    if (!cache.has(key)) cache.set(key, ticketTerms(services.store.db, services.policy, row));
    return cache.get(key)!;
  };
}

async function summary(services: Services, contact: Contact, row: TicketRow, terms: SlaTerms) {
  const { nextDue } = slaStanding(row, terms, services.clock.now());
  return {
    reference: referenceFor(row.id),
    subject: row.subject,
    status: row.status,
    severity: row.severity,
    type: row.type,
    requester: { name: row.requester_name, email: row.requester_email },
    mine: row.contact_id !== null && Number(row.contact_id) === contact.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    nextDue: nextDue ? { target: nextDue.kind, at: nextDue.at } : null,
    priority: row.priority_rank === null ? null : Number(row.priority_rank),
    approval: row.approval as 'waiting' | 'approved' | 'declined' | null,
  };
}

/** `%` and `_` in what the contact typed match themselves. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** One page of the contact's tickets, newest first (keyset pages on the id). */
export async function listTickets(services: Services, contact: Contact, query: PortalTicketQuery): Promise<PortalTicketList> {
  let q = services.store.db.selectFrom('tickets').selectAll().where('site_key', '=', contact.siteKey);
  // The SQL twin of canSeeTicket: members see only their own.
  if (contact.role !== 'key' || query.mine === 'true') q = q.where('contact_id', '=', contact.id);
  if (query.status === 'open') q = q.where('status', 'not in', ENDED);
  else if (query.status === 'solved') q = q.where('status', 'in', ENDED);
  if (query.q) {
    const id = idFromReference(query.q);
    const text = sql<boolean>`LOWER(subject) LIKE ${likePattern(query.q)} ESCAPE '\\'`;
    q = q.where((eb) => (id === null ? text : eb.or([text, eb('id', '=', id)])));
  }
  if (query.cursor) q = q.where('id', '<', query.cursor);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const terms = termsReader(services);
  return {
    tickets: await Promise.all(page.map(async (row) => summary(services, contact, row, await terms(row)))),
    nextCursor: rows.length > query.limit ? encodePortalCursor(Number(page.at(-1)!.id)) : null,
  };
}

const attachmentUrl = (reference: string, id: number) => `/api/portal/tickets/${reference}/attachments/${id}`;

/** The ticket as the contact reads it: the conversation without internal notes, its files, dues, rating. */
export async function readTicket(services: Services, contact: Contact, row: TicketRow): Promise<PortalTicket> {
  const { db } = services.store;
  const reference = referenceFor(row.id);
  const [messages, files, rating, escalate, terms, articles] = await Promise.all([
    requesterConversation(db, row.id),
    db.selectFrom('attachments').select(['id', 'message_id', 'filename', 'size']).where('ticket_id', '=', row.id).orderBy('id').execute(),
    satisfactionOf(db, row.id),
    canEscalate(services, row),
    ticketTerms(db, services.policy, row),
    messageArticles(db, row.id),
  ]);
  const filesOf = (messageId: number | null) =>
    files
      .filter((f) => (f.message_id === null ? null : Number(f.message_id)) === messageId)
      .map((f) => ({
        id: Number(f.id),
        filename: displayFileName(f.filename),
        size: Number(f.size),
        url: attachmentUrl(reference, Number(f.id)),
      }));
  const mine = row.contact_id !== null && Number(row.contact_id) === contact.id;
  return {
    ticket: {
      ...(await summary(services, contact, row, terms)),
      description: row.description,
      channel: row.channel,
      attachments: filesOf(null),
      messages: messages.map((m) => ({
        id: Number(m.id),
        from: m.author === 'requester' ? (mine ? 'you' : 'requester') : 'support',
        name: speaker(m, row.requester_name).name,
        initials: speaker(m, row.requester_name).initials,
        body: m.body,
        createdAt: m.created_at,
        attachments: filesOf(Number(m.id)),
        articles: articles.get(Number(m.id)) ?? [],
      })),
      sla: {
        firstResponseDue: row.first_response_due,
        resolutionDue: row.resolution_due,
        replyDue: row.reply_due,
        firstRespondedAt: row.first_responded_at,
        resolvedAt: row.resolved_at,
      },
      satisfaction: rating ? { rating: rating.rating, comment: rating.comment } : null,
      canEscalate: escalate,
    },
  };
}
