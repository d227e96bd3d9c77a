/**
 * POST /api/mail/inbound: a raw MIME message, as mail providers' inbound webhooks post it,
 * protected by the shared secret HELPWAY_INBOUND_SECRET in the X-Helpway-Inbound-Secret header
 * (never the URL: URLs are logged). Only failed attempts count, per client address; once an
 * address has spent them it waits (429), right secret or not, so guessing gains nothing. Parsed
 * with postal-mime.
 *
 * - A reply joins a ticket only when it answers a mail we sent to that ticket's requester: our
 *   Message-IDs (<hw-1042.<72 random bits>@helpway.invalid>, kept in the outbox) are the ticket's
 *   reply secret, and mail clients send them back in In-Reply-To / References. The From address
 *   must be the requester's too. A reference in the subject, or a From alone, proves nothing.
 *   (Chosen over a per-ticket reply address: no new secret to store, no change to outgoing mail,
 *   no reliance on the provider's plus-addressing, and the secret is not shown in any address a
 *   person copies.)
 * - Anything else from an address whose domain belongs to a registered site (by the registered
 *   domain of its origins) becomes a new ticket for that site, once per Message-ID.
 * - The provider's Authentication-Results verdict (sender-auth.ts): a fail for the From domain is
 *   refused; without a pass, the message or ticket is stored marked unverified for the agent.
 * - Otherwise 422 mail_rejected, saying why.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Hono } from 'hono';
import PostalMime from 'postal-mime';
import { ApiError } from '../http/errors.ts';
import type { AppEnv, Services } from '../http/env.ts';
import { cleanJson } from '../http/clean-text.ts';
import { limitBody } from '../http/json-body.ts';
import { clientIp, TokenBuckets } from '../http/rate-limit.ts';
import { listSites } from '../sites/sites.ts';
import type { Database } from '../store/schema.ts';
import { addRequesterMessage } from '../tickets/messages.ts';
import { referenceFor, referenceIn } from '../tickets/reference.ts';
import { createTicket } from '../tickets/service.ts';
import { ticketSchemas, type CreateTicketInput } from '../tickets/schema.ts';
import { registeredDomain } from './domains.ts';
import { senderVerdict } from './sender-auth.ts';
import type { InboundResult } from './shapes.ts';

const MAX_MIME_BYTES = 15 * 1024 * 1024;

/** Wrong or missing secrets per client address: 10 at once, then one a minute. */
const FAILED_SECRET_BUCKET = { burst: 10, windowSeconds: 600 };

function secretMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Drops the quoted history below "On … wrote:" or a leading ">" block. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (/^On .+wrote:\s*$/.test(line) || /^-{2,}\s*Original Message\s*-{2,}/i.test(line)) break;
    if (/^>/.test(line)) continue;
    out.push(line);
  }
  return out.join('\n').trim() || text.trim();
}

/** A ticket the message mentions (subject or a Message-ID shaped like ours), for the refusal's wording only. */
function mentionedReference(subject: string, headers: string[]): string | null {
  // Our Message-IDs (<hw-1042.…@helpway.invalid>) name their ticket the same way.
  for (const source of [subject, ...headers]) {
    const reference = referenceIn(source);
    if (reference) return reference;
  }
  return null;
}

const OUR_MESSAGE_ID = /^<hw-\d{4,12}\.[0-9a-f]{6,64}@helpway\.invalid>$/;

/** Our Message-IDs the message answers: In-Reply-To first, then References from the newest. */
function answeredMessageIds(inReplyTo: string, references: string): string[] {
  const ids = (value: string) => (value.match(/<[^<>\s]{1,250}>/g) ?? []).map((id) => id.toLowerCase());
  return [...new Set([...ids(inReplyTo), ...ids(references).reverse()])].filter((id) => OUR_MESSAGE_ID.test(id)).slice(0, 50);
}

/** The ticket whose requester we sent one of `messageIds` to, if any. */
async function ticketAnswered(db: Kysely<Database>, messageIds: string[]) {
  if (!messageIds.length) return undefined;
  const rows = await db
    .selectFrom('outbox')
    .innerJoin('tickets', 'tickets.id', 'outbox.ticket_id')
    .select(['outbox.message_id', 'outbox.to_address', 'tickets.id', 'tickets.site_key', 'tickets.requester_email'])
    .where('outbox.message_id', 'in', messageIds)
    .execute();
  // Mails to the requester only: a notification to the support team proves nothing about the sender.
  const toRequester = rows.filter((r) => r.to_address.toLowerCase() === r.requester_email.toLowerCase());
  for (const id of messageIds) {
    const row = toRequester.find((r) => r.message_id === id);
    if (row) return { id: Number(row.id), site_key: row.site_key, requesterEmail: row.requester_email };
  }
  return undefined;
}

export async function receiveMail(services: Services, raw: ArrayBuffer): Promise<InboundResult> {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw);
  } catch (error) {
    throw new ApiError(422, 'mail_rejected', `The message could not be read as MIME: ${(error as Error).message}`.slice(0, 300));
  }
  const from = email.from?.address?.toLowerCase();
  if (!from || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(from))
    throw new ApiError(422, 'mail_rejected', 'The message has no usable From address.', { from: 'is missing' });
  const subject = (email.subject ?? '').trim();
  const text = cleanJson(email.text ?? (email.html ? email.html.replace(/<[^>]*>/g, ' ') : '')) as string;
  const body = stripQuoted(text).slice(0, 20_000);
  const { db } = services.store;
  const fromDomain = from.split('@')[1];

  const verdict = senderVerdict(email.headers, from, services.config.escalation.inboundAuthservId);
  if (verdict === 'fail') {
    throw new ApiError(
      422,
      'mail_rejected',
      `The provider's Authentication-Results say SPF, DKIM or DMARC failed for ${fromDomain}: the From address is forged or its domain misconfigured, so the message was not accepted.`,
      { from: 'failed sender authentication (SPF/DKIM/DMARC)' },
    );
  }
  const unverifiedSender = verdict !== 'pass';

  const answered = await ticketAnswered(db, answeredMessageIds(email.inReplyTo ?? '', email.references ?? ''));
  if (answered) {
    if (answered.requesterEmail.toLowerCase() !== from) {
      throw new ApiError(
        422,
        'mail_rejected',
        `${referenceFor(answered.id)} belongs to another requester: only its requester's address can reply to it by email.`,
        { from: 'is not the requester of the ticket' },
      );
    }
    if (!body) throw new ApiError(422, 'mail_rejected', 'The reply is empty.', { text: 'is empty' });
    const added = await addRequesterMessage(services, answered, { body, via: 'mail', unverifiedSender });
    return { action: 'message' as const, reference: referenceFor(answered.id), messageId: added.id };
  }

  const domain = registeredDomain(fromDomain);
  const sites = await listSites(db);
  const site = sites.find((s) =>
    s.origins.some((o) => {
      try {
        return registeredDomain(new URL(o).hostname) === domain;
      } catch {
        return false;
      }
    }),
  );
  if (!site) {
    const mentioned = mentionedReference(subject, [email.inReplyTo ?? '', email.references ?? '']);
    const why = mentioned
      ? `The message names ${mentioned} but is not a reply to a mail we sent about it (In-Reply-To/References), so it cannot join that ticket; and no registered site uses the domain ${domain}, so it cannot open a new one.`
      : `No registered site uses the domain ${domain}, and the message answers no mail of ours: it was not accepted.`;
    throw new ApiError(422, 'mail_rejected', why, { from: 'domain is not registered for any site' });
  }

  const schemas = ticketSchemas(services.policy);
  const parsed = schemas.CreateTicket.safeParse(
    cleanJson({
      site: site.key,
      type: 'query',
      severity: 'S3',
      subject: subject.slice(0, 200) || '(no subject)',
      description: body || '(empty message)',
      requester: { name: (email.from?.name || from.split('@')[0]).slice(0, 100), email: from },
      channel: 'email',
    }),
  );
  if (!parsed.success)
    throw new ApiError(
      422,
      'mail_rejected',
      'The message could not become a ticket: ' + parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '),
    );
  // The Message-ID as idempotency key, in mail's own namespace: a webhook delivered twice makes
  // one ticket, and nobody else who saw the Message-ID can replay it.
  const key = email.messageId ? email.messageId.replace(/[^\x21-\x7e]/g, '').slice(0, 255) || undefined : undefined;
  const { ticket, created } = await createTicket(services, parsed.data as unknown as CreateTicketInput, key, {
    channel: 'mail',
    unverifiedSender,
  });
  return { action: 'ticket' as const, reference: ticket.reference, created };
}

export function inboundMailRoutes() {
  const failures = new TokenBuckets(FAILED_SECRET_BUCKET);
  return new Hono<AppEnv>().post(
    '/inbound',
    async (c, next) => {
      const { config } = c.var.services;
      const expected = config.escalation.inboundSecret;
      if (!expected)
        throw new ApiError(
          403,
          'forbidden',
          "Inbound mail is not enabled: set HELPWAY_INBOUND_SECRET on the server and in your mail provider's webhook.",
        );
      const ip = clientIp(c, config.trustProxy);
      // Checked before the secret: an address that keeps guessing learns nothing more for a while.
      const wait = failures.peek(ip, performance.now());
      if (wait)
        throw new ApiError(
          429,
          'rate_limited',
          `Too many wrong inbound secrets from this address: try again in ${wait} second${wait === 1 ? '' : 's'}.`,
          undefined,
          { 'Retry-After': String(wait) },
        );
      const failed = (error: ApiError) => {
        failures.take(ip, performance.now());
        return error;
      };
      const presented = c.req.header('x-helpway-inbound-secret');
      if (!presented) {
        throw failed(
          new ApiError(
            401,
            'unauthorized',
            c.req.query('secret') !== undefined
              ? 'Send the inbound secret in the X-Helpway-Inbound-Secret header: ?secret= in the URL is no longer accepted (URLs end up in logs).'
              : 'Send the inbound secret in the X-Helpway-Inbound-Secret header.',
          ),
        );
      }
      if (!secretMatches(presented, expected)) throw failed(new ApiError(403, 'forbidden', 'The inbound secret is not right.'));
      await next();
    },
    limitBody(MAX_MIME_BYTES),
    async (c) => {
      const raw = await c.req.arrayBuffer();
      if (!raw.byteLength) throw new ApiError(400, 'invalid_json', 'The request body is empty: send the raw MIME message.');
      const result = await receiveMail(c.var.services, raw);
      return c.json(result, result.action === 'ticket' && !result.created ? 200 : 201);
    },
  );
}
