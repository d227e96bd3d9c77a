/**
 * Tickets: create (idempotently), read and add messages with the requester's token, list a
 * requester's tickets by their tokens. Plain functions over the store; nothing here knows HTTP.
 */
import type { Kysely } from 'kysely';
import { ApiError, validationError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import { isUniqueViolation } from '../store/database.ts';
import type { Database, TicketRow } from '../store/schema.ts';
import { rowIdFromPath } from '../store/ids.ts';
import { slaView, type Dues } from '../policy/sla-view.ts';
import type { SlaView } from '../policy/shapes.ts';
import { currentAmendment } from '../sites/sla-amendments.ts';
import { maintenancePauses } from '../sla/maintenance-pauses.ts';
import { computeSlaFromTerms, slaTermsFor } from '../sla/terms.ts';
import { ensureSlaVersion } from '../sla/versions.ts';
import { claimUploads, pendingUploads } from '../uploads/service.ts';
import { displayFileName } from '../uploads/file-name.ts';
import type { CreateTicketInput, MessageInput } from './schema.ts';
import { requesterTicket } from './access.ts';
import type { MessageAdded, Ticket, TicketCreated, TicketSummary } from './shapes.ts';
import { storedDetails } from './details.ts';
import { addRequesterMessage } from './messages.ts';
import { referenceFor } from './reference.ts';
import { verifyIdentity } from '../sites/identity.ts';
import { pagePattern } from '../reports/page-pattern.ts';
import { ticketContactId } from '../portal/contacts.ts';
import { hashIdempotencyKey, hashRequest, hashToken, newToken, openToken, sealToken, type IdempotencyScope } from './secrets.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Who creates a ticket. Each has its own idempotency namespace (a mail's Message-ID, which anyone
 * on the thread has seen, can never replay through the public API). Inbound mail keeps no sealed
 * token and gets none back: it never hands a token out. `unverifiedSender`: the provider did not
 * vouch for the From address (api/src/mail/sender-auth.ts).
 */
export type TicketSource = PublicSource | MailSource | PortalSource;
/** The public API (the widget, integrations): a token is handed out. */
export interface PublicSource {
  channel: 'public';
}
export interface MailSource {
  channel: 'mail';
  unverifiedSender: boolean;
}
/**
 * A signed-in portal contact: the requester is who the portal session says (verified), and the
 * ticket is theirs (`contact_id`); no token is handed out, the session is what lets them back in.
 */
export interface PortalSource {
  channel: 'portal';
  contactId: number;
}
const PUBLIC: TicketSource = { channel: 'public' };

/** A ticket as an internal channel sees it: without the requester's token. */
export type TicketRecorded = Omit<TicketCreated, 'token'>;

function withoutToken(ticket: TicketCreated): TicketRecorded {
  const recorded: Partial<TicketCreated> = { ...ticket };
  delete recorded.token;
  return recorded as TicketRecorded;
}

async function replay(
  db: Kysely<Database>,
  scope: IdempotencyScope,
  site: string,
  key: string,
  requestHash: string,
): Promise<TicketCreated | TicketRecorded | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'sealed_token', 'response'])
    .where('site_key', '=', site)
    .where('key_hash', '=', hashIdempotencyKey(scope, site, key))
    .where('scope', '=', scope)
    .executeTakeFirst();
  if (!row) return null;
  if (row.request_hash !== requestHash) {
    throw new ApiError(
      422,
      'idempotency_key_reused',
      'This Idempotency-Key was already used for a different ticket: use a new key for a new ticket.',
      { 'Idempotency-Key': 'was used with a different request body' },
    );
  }
  const response = JSON.parse(row.response) as TicketRecorded;
  if (scope !== 'public') return response;
  const token = openToken(site, key, row.sealed_token);
  if (!token) throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key cannot be replayed.');
  return { ...response, token };
}

/** Creates a ticket, or with an Idempotency-Key this caller already used for this site, returns that ticket again. */
export function createTicket(
  services: Services,
  input: CreateTicketInput,
  idempotencyKey: string | undefined,
  source?: PublicSource,
): Promise<{ created: boolean; ticket: TicketCreated }>;
export function createTicket(
  services: Services,
  input: CreateTicketInput,
  idempotencyKey: string | undefined,
  source: MailSource | PortalSource,
): Promise<{ created: boolean; ticket: TicketRecorded }>;
export async function createTicket(
  services: Services,
  input: CreateTicketInput,
  idempotencyKey: string | undefined,
  source: TicketSource = PUBLIC,
): Promise<{ created: boolean; ticket: TicketCreated | TicketRecorded }> {
  const { store, policy, sites, clock } = services;
  const db = store.db;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw validationError({ 'Idempotency-Key': 'must be 1-255 visible ASCII characters, e.g. a UUID' });
  }
  const site = await sites.get(input.site);
  if (!site)
    throw new ApiError(422, 'unknown_site', `No site is registered with the key "${input.site}".`, {
      site: 'is not a registered site key',
    });

  const requestHash = idempotencyKey ? hashRequest(input) : '';
  if (idempotencyKey) {
    const earlier = await replay(db, source.channel, site.key, idempotencyKey, requestHash);
    if (earlier) return { created: false, ticket: earlier };
  }

  const now = clock.now();
  const files = await pendingUploads(db, site.key, input.attachments, now);
  const at = now.toISOString();
  // The terms this ticket is filed under, kept with it: later policy edits change new tickets only.
  const terms = slaTermsFor(policy, site.plan, await currentAmendment(db, site.key));
  // Announced maintenance of the site stops the clocks from the start when the terms say so.
  const sla = computeSlaFromTerms(terms, input.severity, input.type, now, await maintenancePauses(db, terms, site.key, now), now);
  const dues: Dues = { firstResponseDue: sla.firstResponseDue, resolutionDue: sla.resolutionDue };
  const token = newToken();
  const verified = source.channel === 'portal' || verifyIdentity(site.identitySecret, input.requester.email, input.requester.hash);
  if (input.requester.hash && !verified) {
    services.log({ level: 'warn', msg: 'requester identity hash does not match; ticket accepted as unverified', site: site.key });
  }
  // Whose ticket it is in the portal: one rule, in portal/contacts.ts.
  const contactId = await ticketContactId(db, site.key, input.requester.email, {
    portalContactId: source.channel === 'portal' ? source.contactId : undefined,
    identityVerified: verified,
    mailSenderVerified: source.channel === 'mail' && !source.unverifiedSender,
  });

  try {
    const ticket = await services.events.transaction(db, async (trx, emit) => {
      const slaVersion = await ensureSlaVersion(trx, terms, now);
      const { id } = await trx
        .insertInto('tickets')
        .values({
          site_key: site.key,
          plan: site.plan,
          sla_version: slaVersion,
          type: input.type,
          severity: input.severity,
          status: 'open',
          subject: input.subject,
          description: input.description,
          requester_name: input.requester.name,
          requester_email: input.requester.email,
          requester_verified: verified ? 1 : 0,
          unverified_sender: source.channel === 'mail' && source.unverifiedSender ? 1 : 0,
          contact_id: contactId,
          channel: input.channel,
          // A chat starts out waiting for an agent (chat/timeouts.ts turns it into mail if none comes).
          ...(input.channel === 'chat' ? { chat_state: 'waiting' } : {}),
          phone_number: input.phone?.number ?? null,
          phone_preferred_time: input.phone?.preferredTime ?? null,
          context: JSON.stringify(input.context ?? {}),
          // Every channel's ticket, in the one rule the funnel report groups pages by.
          page_pattern: pagePattern(input.context?.url),
          widget_session: input.widgetSession ?? null,
          journey: JSON.stringify(input.journey ?? { searches: [], articlesRead: [] }),
          fields: JSON.stringify(input.fields ?? {}),
          token_hash: hashToken(token),
          first_response_due: dues.firstResponseDue?.toISOString() ?? null,
          resolution_due: dues.resolutionDue?.toISOString() ?? null,
          first_responded_at: null,
          resolved_at: null,
          created_at: at,
          updated_at: at,
          // The SLA sweeper (api/src/sla/sweeper.ts) schedules it on its next round.
          sla_check_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('ticket_status_history').values({ ticket_id: id, status: 'open', note: 'created', at }).execute();
      const body: Omit<TicketCreated, 'token'> = {
        reference: referenceFor(id),
        status: 'open',
        site: site.key,
        type: input.type,
        severity: input.severity,
        subject: input.subject,
        channel: input.channel,
        createdAt: at,
        attachments: files.map((f) => ({ filename: f.filename, contentType: f.contentType, size: f.size })),
        sla: slaView(policy, site.plan, dues, now),
      };
      if (idempotencyKey) {
        await trx
          .insertInto('idempotency_keys')
          .values({
            site_key: site.key,
            scope: source.channel,
            key_hash: hashIdempotencyKey(source.channel, site.key, idempotencyKey),
            request_hash: requestHash,
            ticket_id: id,
            sealed_token: source.channel === 'public' ? sealToken(site.key, idempotencyKey, token) : '',
            response: JSON.stringify(body),
            created_at: at,
          })
          .execute();
      }
      // After the key: a concurrent retry with the same key waits on it and replays, rather than find its files taken.
      await claimUploads(trx, site.key, input.attachments, { ticketId: id, messageId: null }, now);
      // The ticket complete: its confirmation and notification mails join the outbox in this transaction.
      await emit({
        type: 'ticket.created',
        ticketId: id,
        reference: body.reference,
        input,
        dueSentence: body.sla.sentence,
        requesterToken: token,
      });
      return { ...body, token };
    });
    return { created: true, ticket: source.channel === 'public' ? ticket : withoutToken(ticket) };
  } catch (error) {
    // A concurrent request with the same key won the race: answer with its ticket.
    if (idempotencyKey && isUniqueViolation(error)) {
      const earlier = await replay(db, source.channel, site.key, idempotencyKey, requestHash);
      if (earlier) return { created: false, ticket: earlier };
    }
    throw error;
  }
}

export async function getTicket(services: Services, reference: string, token: string): Promise<Ticket> {
  const { db } = services.store;
  const row = await requesterTicket(db, reference, token);
  const [messages, attachments] = await Promise.all([
    db
      .selectFrom('ticket_messages')
      .select(['id', 'author', 'body', 'created_at'])
      .where('ticket_id', '=', row.id)
      .where('internal', '=', 0)
      .orderBy('id')
      .execute(), // agents' internal notes stay internal
    db
      .selectFrom('attachments')
      .select(['id', 'message_id', 'filename', 'content_type', 'size'])
      .where('ticket_id', '=', row.id)
      .orderBy('id')
      .execute(),
  ]);
  return {
    reference: referenceFor(row.id),
    site: row.site_key,
    type: row.type,
    severity: row.severity,
    status: row.status,
    subject: row.subject,
    description: row.description,
    requester: { name: row.requester_name, email: row.requester_email },
    channel: row.channel,
    ...(row.phone_number ? { phone: { number: row.phone_number, preferredTime: row.phone_preferred_time } } : {}),
    ...storedDetails(row),
    attachments: attachments.map((a) => ({
      id: Number(a.id),
      messageId: a.message_id === null ? null : Number(a.message_id),
      filename: displayFileName(a.filename),
      contentType: a.content_type,
      size: Number(a.size),
      url: `/api/tickets/${referenceFor(row.id)}/attachments/${Number(a.id)}`,
    })),
    messages: messages.map((m) => ({ id: Number(m.id), author: m.author, body: m.body, createdAt: m.created_at })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    sla: ticketSla(services, row),
  };
}

function ticketSla(services: Services, row: TicketRow): SlaView {
  return slaView(
    services.policy,
    row.plan,
    {
      firstResponseDue: row.first_response_due ? new Date(row.first_response_due) : null,
      resolutionDue: row.resolution_due ? new Date(row.resolution_due) : null,
    },
    services.clock.now(),
  );
}

/** One attachment of the ticket, for its requester. */
export async function getAttachment(services: Services, reference: string, token: string, attachmentId: string) {
  return attachmentOf(services.store.db, await requesterTicket(services.store.db, reference, token), attachmentId);
}

/** One attachment of a ticket already authorised, by its id as the path carries it; 404 when the ticket has none such. */
export async function attachmentOf(db: Kysely<Database>, row: Pick<TicketRow, 'id'>, attachmentId: string) {
  const id = rowIdFromPath(attachmentId);
  const file =
    id === null
      ? undefined
      : await db
          .selectFrom('attachments')
          .select(['filename', 'content_type', 'data'])
          .where('id', '=', id)
          .where('ticket_id', '=', row.id)
          .executeTakeFirst();
  if (!file) throw new ApiError(404, 'not_found', 'This ticket has no attachment with that id.');
  return { filename: displayFileName(file.filename), contentType: file.content_type, data: Buffer.from(file.data) };
}

/** A requester's message through the API, on a ticket already authorised (`requesterTicket`, before its body was read). */
export async function addMessage(services: Services, row: TicketRow, input: MessageInput): Promise<MessageAdded> {
  const added = await addRequesterMessage(services, row, { body: input.body, attachments: input.attachments, via: 'api' });
  return {
    id: added.id,
    reference: referenceFor(row.id),
    author: 'requester' as const,
    body: input.body,
    createdAt: added.createdAt,
    attachments: added.attachments,
  };
}

/** How long an Idempotency-Key is remembered: long enough for any client retry. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/** Forgets keys older than the TTL (and with them the sealed tokens); returns how many. */
export async function pruneIdempotencyKeys(db: Kysely<Database>, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_TTL_MS).toISOString();
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}

export const MAX_TOKENS = 50;

/** A requester's recent tickets, found by the tokens their browser kept. */
export async function myTickets(services: Services, tokens: string[]): Promise<TicketSummary[]> {
  const wanted = [...new Set(tokens.map((t) => t.trim()).filter((t) => /^[A-Za-z0-9_-]{20,100}$/.test(t)))].slice(0, MAX_TOKENS);
  if (!wanted.length) return [];
  const rows = await services.store.db
    .selectFrom('tickets')
    .selectAll()
    .where('token_hash', 'in', wanted.map(hashToken))
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => {
    const sla = ticketSla(services, row);
    return {
      reference: referenceFor(row.id),
      subject: row.subject,
      status: row.status,
      severity: row.severity,
      type: row.type,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      firstResponseDue: sla.firstResponseDue,
      resolutionDue: sla.resolutionDue,
      sentence: sla.sentence,
    };
  });
}
