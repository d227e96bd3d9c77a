/**
 * /api/chat: live chat for requesters. A chat is a ticket with channel "chat" (POST /api/tickets);
 * its transcript is the ticket's conversation.
 *
 *   GET  /api/chat/availability?site=…        calendar open AND an agent online
 *   GET  /api/chat/{reference}/events?token=… SSE: `message` events (id = message id, the ticket's
 *                                             description is id 0), `state` and `typing` events; resumable with
 *                                             Last-Event-ID (or ?lastEventId= after a reload)
 *   POST /api/chat/{reference}/messages       {"body"} with Authorization: Bearer <token>
 *   POST /api/chat/{reference}/typing         {"typing"}: the requester is typing (or stopped), shown in the inbox
 *   POST /api/chat/{reference}/end            the requester leaves; later answers go by email
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { AppEnv, Services } from '../http/env.ts';
import { jsonBody, limitBody, queryParams } from '../http/json-body.ts';
import { clientIp, limitsFor } from '../http/rate-limit.ts';
import { planFor } from '../policy/sla-view.ts';
import { isOpen, nextOpening } from '../sla/business-time.ts';
import { calendarFor, formatDueTime } from '../sla/targets.ts';
import type { TicketRow } from '../store/schema.ts';
import { requesterTicket } from '../tickets/access.ts';
import { addRequesterMessage } from '../tickets/messages.ts';
import { agentsOnline, presenceVersion } from '../agents/accounts.ts';
import { ticketTopic } from './hub.ts';
import { lastEventId, liveStream, type LiveEvent } from './stream.ts';
import { addressCap, ticketCap } from './stream-limits.ts';
import type { ChatAvailability, ChatEnded, ChatMessageSent, TypingReported } from './shapes.ts';
import { answeringAgentName, requesterConversation, speaker } from '../tickets/conversation.ts';
import { messageArticles } from '../tickets/message-articles.ts';
import { shownAgent } from '../agents/display-name.ts';
import { agentTypingName, chatIsOpen, reportTyping, TypingInput } from './typing.ts';

export const ChatMessage = z.strictObject({ body: z.string().trim().min(1, 'write a message').max(5000) });
export const AvailabilityQuery = z.strictObject({ site: z.string().min(1).max(63) });

/**
 * Whether live chat is available for a plan at `now`: the plan's calendar is open AND at
 * least one agent is online. The one rule behind both GET /api/chat/availability and the chat
 * channel in GET /api/policy; with no agent online (or no agent account at all) chat is not offered.
 */
const onlineCache = new WeakMap<object, { at: number; epoch: number; online: number }>();

/**
 * Agents online, reused for up to 1 s per store unless presence changed in this process (a new
 * inbox stream, a heartbeat, the last tab closing): GET /api/policy is read on every widget
 * open, and this spares it a query most of the time. Another process's change shows within 1 s.
 */
async function onlineCount(services: Services, since: Date): Promise<number> {
  const t = performance.now();
  const epoch = presenceVersion();
  const cached = onlineCache.get(services.store);
  if (cached && cached.epoch === epoch && t - cached.at < 1000) return cached.online;
  const online = await agentsOnline(services.store.db, since);
  onlineCache.set(services.store, { at: t, epoch, online });
  return online;
}

export async function chatStatus(services: Services, planId: string, now: Date) {
  const calendar = calendarFor(services.policy, planFor(services.policy, planId).id);
  const open = isOpen(calendar, now);
  const since = new Date(now.getTime() - services.config.escalation.presenceSeconds * 1000);
  const online = open ? await onlineCount(services, since) : 0;
  const next = open ? null : nextOpening(calendar, now);
  const nextText = next ? formatDueTime(next, calendar, 'en-GB', now) : null;
  return {
    available: open && online > 0,
    calendarOpen: open,
    agentsOnline: online,
    nextOpening: next?.toISOString() ?? null,
    nextOpeningText: nextText,
    message: open
      ? online > 0
        ? 'An agent is available to chat now.'
        : 'No agent is free to chat right now: send a ticket and we will reply by email.'
      : `Chat is closed — back ${nextText ?? 'later'}.`,
  };
}
export type ChatStatus = Awaited<ReturnType<typeof chatStatus>>;

export async function chatAvailability(services: Services, siteKey: string): Promise<ChatAvailability> {
  const site = await services.sites.get(siteKey);
  if (!site)
    throw new ApiError(422, 'unknown_site', `No site is registered with the key "${siteKey}".`, { site: 'is not a registered site key' });
  const { nextOpeningText: _, ...status } = await chatStatus(services, site.plan, services.clock.now());
  return status;
}

function tokenFrom(c: Context): string {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  const token = m?.[1] ?? c.req.query('token');
  if (!token)
    throw new ApiError(401, 'unauthorized', 'Send the ticket token: "Authorization: Bearer <token>" (or ?token= for the event stream).');
  return token;
}

/**
 * The chat as the requester sees it: the messages after `after` (no internal notes; each agent by
 * display name and initials), then the transient events: `state` (the ticket's status and chat
 * state, and the agent answering, once one has) and `typing` (the agent typing now, or null).
 */
export async function requesterEvents(services: Services, ticketId: number, after: number): Promise<LiveEvent[]> {
  const { db } = services.store;
  const row = await db
    .selectFrom('tickets')
    .select((eb) => [
      'description',
      'created_at',
      'requester_name',
      'status',
      'chat_state',
      answeringAgentName(eb).as('answering'),
      agentTypingName(eb, services.clock.now()).as('typing'),
    ])
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  const [messages, articles] = await Promise.all([requesterConversation(db, ticketId, after), messageArticles(db, ticketId)]);
  const agent = row.answering === null ? null : shownAgent(row.answering);
  const typing = row.typing === null || !chatIsOpen({ channel: 'chat', chat_state: row.chat_state }) ? null : shownAgent(row.typing);
  const events: LiveEvent[] = [];
  if (after < 0)
    events.push({
      id: 0,
      event: 'message',
      data: { id: 0, author: 'requester', name: row.requester_name, initials: '', body: row.description, createdAt: row.created_at },
    });
  for (const m of messages) {
    const from = speaker(m, row.requester_name);
    events.push({
      id: m.id,
      event: 'message',
      data: {
        id: m.id,
        author: m.author,
        name: from.name,
        initials: m.agent ? from.initials : '',
        body: m.body,
        createdAt: m.created_at,
        articles: articles.get(Number(m.id)) ?? [],
      },
    });
  }
  events.push({ event: 'state', data: { status: row.status, chatState: row.chat_state, agent } });
  events.push({ event: 'typing', data: { agent: typing } });
  return events;
}

export function chatRoutes(config: { rateLimits: import('../config.ts').RateLimits | null; trustProxy: number }) {
  const writes = limitsFor('events', config);
  // A chat message is a ticket message: the same limits as the API's and the status page's.
  const messages = limitsFor('tickets', config);
  const reads = limitsFor('reads', config);
  return new Hono<AppEnv & { Variables: { chatTicket?: TicketRow } }>()
    .get('/availability', reads.byIp, queryParams(AvailabilityQuery), async (c) => {
      const { site } = (c.var as unknown as { query: z.output<typeof AvailabilityQuery> }).query;
      return c.json(await chatAvailability(c.var.services, site));
    })
    .get('/:reference/events', reads.byIp, async (c) => {
      const services = c.var.services;
      const { id } = await requesterTicket(services.store.db, c.req.param('reference'), tokenFrom(c));
      const limits = services.config.streams;
      return liveStream(c, {
        services,
        feed: `chat:${id}`,
        topics: [ticketTopic(id)],
        lastId: lastEventId(c),
        // The feed keeps this while the chat has streams: it holds the ticket's id, not its row.
        read: (after) => requesterEvents(services, id, after),
        caps: [ticketCap(id, limits), addressCap(clientIp(c, services.config.trustProxy), limits)],
      });
    })
    .post(
      '/:reference/messages',
      messages.byIp,
      async (c, next) => {
        // The token is checked against the ticket before a byte of the body is read.
        c.set('chatTicket', await requesterTicket(c.var.services.store.db, c.req.param('reference'), tokenFrom(c)));
        await next();
      },
      messages.byTicket,
      jsonBody(ChatMessage, { maxBytes: 64 * 1024 }),
      async (c) => {
        const services = c.var.services;
        const row = c.var.chatTicket!;
        const { body } = (c.var as unknown as { body: z.output<typeof ChatMessage> }).body;
        const added = await addRequesterMessage(services, row, { body, via: 'chat' });
        return c.json<ChatMessageSent>({ id: added.id, author: 'requester', body, createdAt: added.createdAt }, 201);
      },
    )
    .post(
      '/:reference/typing',
      writes.byIp,
      async (c, next) => {
        c.set('chatTicket', await requesterTicket(c.var.services.store.db, c.req.param('reference'), tokenFrom(c)));
        await next();
      },
      jsonBody(TypingInput, { maxBytes: 1024 }),
      async (c) => {
        const { typing } = (c.var as unknown as { body: z.output<typeof TypingInput> }).body;
        return c.json<TypingReported>({ shown: await reportTyping(c.var.services, c.var.chatTicket!, 'requester', typing) });
      },
    )
    .post('/:reference/end', writes.byIp, limitBody(4096), async (c) => {
      const services = c.var.services;
      const row = await requesterTicket(services.store.db, c.req.param('reference'), tokenFrom(c));
      if (row.chat_state === 'waiting' || row.chat_state === 'live') {
        await services.events.transaction(services.store.db, async (trx, emit) => {
          await trx
            .updateTable('tickets')
            .set({ chat_state: 'ended', updated_at: services.clock.now().toISOString() })
            .where('id', '=', row.id)
            .execute();
          await emit({ type: 'chat.ended', ticketId: row.id, by: 'requester' });
        });
      }
      return c.json<ChatEnded>({ chatState: row.chat_state === 'waiting' || row.chat_state === 'live' ? 'ended' : row.chat_state });
    });
}
