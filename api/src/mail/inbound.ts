/**
 * POST /api/mail/inbound: a raw MIME message, as mail providers' inbound webhooks post it,
 * protected by the shared secret HELPWAY_INBOUND_SECRET in the X-Helpway-Inbound-Secret header
 * (never the URL: URLs are logged). Only failed attempts count, per client address; once an
 * address has spent them it waits (429), right secret or not, so guessing gains nothing. Parsed
 * with postal-mime.
 *
 * - A reply naming a ticket (HW-1234 in the subject, or our Message-ID in In-Reply-To /
 *   References) from that ticket's requester becomes a message on it.
 * - Anything else from an address whose domain belongs to a registered site (by the registered
 *   domain of its origins) becomes a new ticket for that site.
 * - Otherwise 422 mail_rejected, saying why.
 */
import { timingSafeEqual, createHash } from 'node:crypto';
import { Hono } from 'hono';
import PostalMime from 'postal-mime';
import { ApiError } from '../http/errors.ts';
import type { AppEnv, Services } from '../http/env.ts';
import { cleanJson } from '../http/clean-text.ts';
import { limitBody } from '../http/json-body.ts';
import { clientIp, TokenBuckets } from '../http/rate-limit.ts';
import { listSites } from '../sites/sites.ts';
import { createTicket, referenceFor } from '../tickets/service.ts';
import { ticketSchemas, type CreateTicketInput } from '../tickets/schema.ts';
import { afterRequesterMessage } from '../inbox/runtime.ts';
import { idFromReference } from '../inbox/tickets.ts';

const MAX_MIME_BYTES = 15 * 1024 * 1024;

/** Wrong or missing secrets per client address: 10 at once, then one a minute. */
const FAILED_SECRET_BUCKET = { burst: 10, windowSeconds: 600 };

function secretMatches(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Naive registered domain: the last two labels (three for e.g. ac.uk / co.uk style suffixes). */
export function registeredDomain(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  const twoLevel = labels.length >= 3 && /^(ac|co|com|edu|gov|net|org|sch)$/.test(labels[labels.length - 2]) && labels[labels.length - 1].length === 2;
  return labels.slice(twoLevel ? -3 : -2).join('.');
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

function findReference(subject: string, headers: string[]): number | null {
  for (const source of [subject, ...headers]) {
    const fromSubject = /\bHW-(\d{4,12})\b/i.exec(source);
    if (fromSubject) return idFromReference(`HW-${fromSubject[1]}`);
    const fromId = /<hw-(\d{4,12})\.[a-z0-9]+@helpway\.invalid>/i.exec(source);
    if (fromId) return idFromReference(`HW-${fromId[1]}`);
  }
  return null;
}

export async function receiveMail(services: Services, raw: ArrayBuffer) {
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw);
  } catch (error) {
    throw new ApiError(422, 'mail_rejected', `The message could not be read as MIME: ${(error as Error).message}`.slice(0, 300));
  }
  const from = email.from?.address?.toLowerCase();
  if (!from || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(from)) throw new ApiError(422, 'mail_rejected', 'The message has no usable From address.', { from: 'is missing' });
  const subject = (email.subject ?? '').trim();
  const text = cleanJson(email.text ?? (email.html ? email.html.replace(/<[^>]*>/g, ' ') : '')) as string;
  const body = stripQuoted(text).slice(0, 20_000);
  const { db } = services.store;

  const ticketId = findReference(subject, [email.inReplyTo ?? '', email.references ?? '']);
  if (ticketId !== null) {
    const row = await db.selectFrom('tickets').select(['id', 'requester_email']).where('id', '=', ticketId).executeTakeFirst();
    if (row) {
      if (row.requester_email.toLowerCase() !== from) {
        throw new ApiError(422, 'mail_rejected', `${referenceFor(row.id)} belongs to another requester: only its requester's address can reply to it by email.`, { from: 'is not the requester of the ticket' });
      }
      if (!body) throw new ApiError(422, 'mail_rejected', 'The reply is empty.', { text: 'is empty' });
      const at = services.clock.now().toISOString();
      const { id } = await db.insertInto('ticket_messages').values({ ticket_id: row.id, author: 'requester', body, created_at: at, internal: 0, agent_id: null }).returning('id').executeTakeFirstOrThrow();
      await db.updateTable('tickets').set({ updated_at: at }).where('id', '=', row.id).execute();
      await afterRequesterMessage(services, row.id);
      return { action: 'message' as const, reference: referenceFor(row.id), messageId: Number(id) };
    }
  }

  const domain = registeredDomain(from.split('@')[1]);
  const sites = await listSites(db);
  const site = sites.find((s) => s.origins.some((o) => {
    try {
      return registeredDomain(new URL(o).hostname) === domain;
    } catch {
      return false;
    }
  }));
  if (!site) throw new ApiError(422, 'mail_rejected', `No registered site uses the domain ${domain}, and the message names no ticket: it was not accepted.`, { from: 'domain is not registered for any site' });

  const schemas = ticketSchemas(services.policy);
  const parsed = schemas.CreateTicket.safeParse(cleanJson({
    site: site.key,
    type: 'query',
    severity: 'S3',
    subject: subject.slice(0, 200) || '(no subject)',
    description: body || '(empty message)',
    requester: { name: (email.from?.name || from.split('@')[0]).slice(0, 100), email: from },
    channel: 'email',
  }));
  if (!parsed.success) throw new ApiError(422, 'mail_rejected', 'The message could not become a ticket: ' + parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; '));
  // The Message-ID as idempotency key: a webhook delivered twice makes one ticket.
  const key = email.messageId ? `mail:${email.messageId}`.replace(/[^\x21-\x7e]/g, '').slice(0, 255) : undefined;
  const { ticket, created } = await createTicket(services, parsed.data as unknown as CreateTicketInput, key);
  return { action: 'ticket' as const, reference: ticket.reference, created };
}

export function inboundMailRoutes() {
  const failures = new TokenBuckets(FAILED_SECRET_BUCKET);
  return new Hono<AppEnv>().post('/inbound', async (c, next) => {
    const { config } = c.var.services;
    const expected = config.escalation.inboundSecret;
    if (!expected) throw new ApiError(403, 'forbidden', 'Inbound mail is not enabled: set HELPWAY_INBOUND_SECRET on the server and in your mail provider\'s webhook.');
    const ip = clientIp(c, config.trustProxy);
    // Checked before the secret: an address that keeps guessing learns nothing more for a while.
    const wait = failures.peek(ip, performance.now());
    if (wait) throw new ApiError(429, 'rate_limited', `Too many wrong inbound secrets from this address: try again in ${wait} second${wait === 1 ? '' : 's'}.`, undefined, { 'Retry-After': String(wait) });
    const failed = (error: ApiError) => {
      failures.take(ip, performance.now());
      return error;
    };
    const presented = c.req.header('x-helpway-inbound-secret');
    if (!presented) {
      throw failed(new ApiError(401, 'unauthorized', c.req.query('secret') !== undefined
        ? 'Send the inbound secret in the X-Helpway-Inbound-Secret header: ?secret= in the URL is no longer accepted (URLs end up in logs).'
        : 'Send the inbound secret in the X-Helpway-Inbound-Secret header.'));
    }
    if (!secretMatches(presented, expected)) throw failed(new ApiError(403, 'forbidden', 'The inbound secret is not right.'));
    await next();
  }, limitBody(MAX_MIME_BYTES), async (c) => {
    const raw = await c.req.arrayBuffer();
    if (!raw.byteLength) throw new ApiError(400, 'invalid_json', 'The request body is empty: send the raw MIME message.');
    const result = await receiveMail(c.var.services, raw);
    return c.json(result, result.action === 'ticket' && !result.created ? 200 : 201);
  });
}
