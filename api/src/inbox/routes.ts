/**
 * /api/inbox: the agents' API. Every route needs an agent session (401 otherwise); every write
 * also needs the X-CSRF-Token header (403 otherwise).
 *
 *   GET  /tickets?site&type&severity&status&assignee&channel&limit&cursor
 *                                                              a page of the queue, next due first
 *   GET  /tickets/{ref}                                        the whole ticket
 *   GET  /tickets/{ref}/attachments/{id}                       download (images may show inline)
 *   POST /tickets/{ref}/replies   {body, basedOn?, savedReplyId?, savedReplyFiles?, articles?}
 *                                                              mailed to the requester (or in the chat);
 *                                                              409 when the ticket moved past basedOn
 *   POST /tickets/{ref}/notes     {body, savedReplyId?, savedReplyFiles?, articles?}  internal
 *   POST /tickets/{ref}/status    {status, note?, basedOn?}    pending pauses the SLA clock
 *   POST /tickets/{ref}/assignee  {agentId|null}
 *   POST /tickets/{ref}/severity  {severity}                   due times recomputed
 *   POST /tickets/{ref}/time      {minutes, rate, note?}       against the site's budget
 *   POST /tickets/{ref}/called    {outcome}                    phone callbacks
 *   POST /tickets/{ref}/chat/typing {typing}                   the agent is typing in the live chat (shown to the requester)
 *   GET  /mail                                                 the outbox: queued and sent mail
 *   GET  /events?tab                                           SSE: `changed` whenever a ticket changes;
 *                                                              `sla` (with an id) for each warning, miss, escalation;
 *                                                              `typing` {references}: the chats whose requester is typing;
 *                                                              `presence`: who is on which ticket (presence.ts)
 */
import { Hono } from 'hono';
import type { z } from 'zod';
import { ApiError, validationError } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody, queryParams } from '../http/json-body.ts';
import { requireAgent, type AgentEnv } from '../agents/auth.ts';
import { touchPresence, clearPresence } from '../agents/accounts.ts';
import { INBOX_TOPIC, INBOX_TYPING_TOPIC } from '../chat/hub.ts';
import { inboxTypingEvents, reportTyping, TypingInput } from '../chat/typing.ts';
import type { TypingReported } from '../chat/shapes.ts';
import { ticketByReference } from '../tickets/access.ts';
import { lastEventId, liveStream } from '../chat/stream.ts';
import { addressCap, sessionCap } from '../chat/stream-limits.ts';
import { clientIp } from '../http/rate-limit.ts';
import { mailLog } from '../mail/outbox.ts';
import { hideAccountSecrets } from '../mail/agent-mails.ts';
import { RANGE, rowIdFromPath } from '../store/ids.ts';
import { assign, changeSeverity, changeStatus, logTime, markCalled } from '../tickets/agent-actions.ts';
import {
  AssigneeInput,
  attachmentFile,
  CallInput,
  NoteInput,
  queue,
  QueueFilters,
  ReplyInput,
  SeverityInput,
  StatusInput,
  ticketView,
  TimeInput,
} from './tickets.ts';
import { displayFileName } from '../uploads/file-name.ts';
import { latestSlaRecordId, slaNoticesAfter } from './sla-notices.ts';
import { sendAgentMessage } from './agent-message.ts';
import { clearTab, PRESENCE_TOPIC, presenceEvents, pruneStalePresence, refreshTab } from './presence.ts';
import { TabId } from './presence-shapes.ts';
import type { AgentMessage, Assigned, Called, MailLog, SeverityChanged, StatusChanged, TimeLogged } from './shapes.ts';

const INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const body = <T>(c: { var: unknown }) => (c.var as { body: T }).body;

/** Connections per agent in this process, so presence ends when the last inbox tab closes. */
const connections = new Map<string, number>();

export function inboxRoutes() {
  const app = new Hono<AgentEnv>()
    .use('*', requireAgent())
    .use('*', limitBody(256 * 1024))
    .get('/tickets', queryParams(QueueFilters), async (c) => {
      const filters = (c.var as unknown as { query: QueueFilters }).query;
      return c.json(await queue(c.var.services, filters, c.var.agent));
    })
    .get('/tickets/:reference', async (c) => c.json(await ticketView(c.var.services, c.req.param('reference'))))
    .get('/tickets/:reference/attachments/:id', async (c) => {
      const id = rowIdFromPath(c.req.param('id'));
      if (id === null) throw new ApiError(404, 'not_found', 'No such attachment on this ticket.', { id: RANGE });
      const file = await attachmentFile(c.var.services, c.req.param('reference'), id);
      const inline = INLINE_IMAGES.has(file.content_type) && c.req.query('inline') === '1';
      const shown = displayFileName(file.filename); // names stored before bidi characters were refused
      const name = shown.replace(/[^\w.\- ]+/g, '_');
      return new Response(Buffer.from(file.data), {
        headers: {
          'Content-Type': inline ? file.content_type : 'application/octet-stream',
          'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${name}"; filename*=UTF-8''${encodeURIComponent(shown)}`,
          'Content-Security-Policy': "default-src 'none'; sandbox",
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'private, no-store',
        },
      });
    })
    .post('/tickets/:reference/replies', jsonBody(ReplyInput), async (c) => {
      const { services, agent } = c.var;
      const input = body<z.output<typeof ReplyInput>>(c);
      return c.json<AgentMessage>(await sendAgentMessage(services, c.req.param('reference'), agent, input, false), 201);
    })
    .post('/tickets/:reference/notes', jsonBody(NoteInput), async (c) => {
      const { services, agent } = c.var;
      return c.json<AgentMessage>(
        await sendAgentMessage(services, c.req.param('reference'), agent, body<z.output<typeof NoteInput>>(c), true),
        201,
      );
    })
    .post('/tickets/:reference/status', jsonBody(StatusInput), async (c) => {
      const input = body<z.output<typeof StatusInput>>(c);
      return c.json<StatusChanged>(
        await changeStatus(c.var.services, c.req.param('reference'), c.var.agent, input.status, input.note, { basedOn: input.basedOn }),
      );
    })
    .post('/tickets/:reference/assignee', jsonBody(AssigneeInput), async (c) =>
      c.json<Assigned>(await assign(c.var.services, c.req.param('reference'), body<z.output<typeof AssigneeInput>>(c).agentId)),
    )
    .post('/tickets/:reference/severity', jsonBody(SeverityInput), async (c) =>
      c.json<SeverityChanged>(
        await changeSeverity(c.var.services, c.req.param('reference'), c.var.agent, body<z.output<typeof SeverityInput>>(c).severity),
      ),
    )
    .post('/tickets/:reference/time', jsonBody(TimeInput), async (c) =>
      c.json<TimeLogged>(await logTime(c.var.services, c.req.param('reference'), c.var.agent, body<z.output<typeof TimeInput>>(c)), 201),
    )
    .post('/tickets/:reference/chat/typing', jsonBody(TypingInput, { maxBytes: 1024 }), async (c) => {
      const { services, agent } = c.var;
      const row = await ticketByReference(services.store.db, c.req.param('reference'));
      const { typing } = body<z.output<typeof TypingInput>>(c);
      return c.json<TypingReported>({ shown: await reportTyping(services, row, 'agent', typing, agent.id) });
    })
    .post('/tickets/:reference/called', jsonBody(CallInput), async (c) =>
      c.json<Called>(await markCalled(c.var.services, c.req.param('reference'), c.var.agent, body<z.output<typeof CallInput>>(c).outcome)),
    )
    .get('/mail', async (c) =>
      c.json<MailLog>({
        mail: (await mailLog(c.var.services.store.db)).map(hideAccountSecrets),
        smtpConfigured: Boolean(c.var.services.config.smtpUrl),
      }),
    )
    .get('/events', async (c) => {
      const { services, agent } = c.var;
      const key = `${services.store.location}|${agent.id}`;
      const db = services.store.db;
      const limits = services.config.streams;
      let counter = 0;
      // The tab on the other end, when it says which (presence.ts): its ticket presence lives as long as this stream.
      const tabParam = c.req.query('tab');
      const tab = tabParam === undefined ? null : TabId.safeParse(tabParam);
      if (tab && !tab.success) throw validationError({ tab: tab.error.issues[0].message });
      const tabId = tab?.data ?? null;
      const heartbeatMs = Math.max(1000, (services.config.escalation.presenceSeconds * 1000) / 3);
      // Resuming: the notices after the last one it had; opening: none from before.
      const resumeFrom = lastEventId(c);
      return liveStream(c, {
        services,
        feed: 'inbox',
        topics: [INBOX_TOPIC, INBOX_TYPING_TOPIC],
        lastId: resumeFrom >= 0 ? resumeFrom : await latestSlaRecordId(db),
        caps: [addressCap(clientIp(c, services.config.trustProxy), limits), sessionCap(c.var.sessionCookie, limits)],
        // Presence goes to the inbox's tabs, which say who they are; other readers of the stream keep what they had.
        side: tabId ? [{ feed: 'inbox-presence', topics: [PRESENCE_TOPIC], read: () => presenceEvents(services) }] : [],
        heartbeatMs,
        onOpen: async () => {
          connections.set(key, (connections.get(key) ?? 0) + 1);
          await touchPresence(db, agent.id, services.clock.now());
        },
        onHeartbeat: async () => {
          const now = services.clock.now();
          await touchPresence(db, agent.id, now);
          if (tabId) await refreshTab(db, agent.id, tabId, now);
          await pruneStalePresence(services, heartbeatMs);
        },
        onClose: async (reason) => {
          // The tab closed or signed out: off its ticket at once. An idle close reconnects at once.
          if (tabId && reason === 'client') await clearTab(services, agent.id, tabId);
          const left = (connections.get(key) ?? 1) - 1;
          if (left > 0) connections.set(key, left);
          else {
            connections.delete(key);
            // An idle close is followed by the tab reconnecting: let presence lapse on its own
            // (HELPWAY_PRESENCE_SECONDS) rather than show the agent offline for that second.
            if (reason !== 'idle') await clearPresence(db, agent.id);
          }
        },
        // Each change is one `changed` event for every inbox stream (the inbox then re-reads what it
        // shows), after the SLA notices it brought; then, when there is news, which chats have their
        // requester typing (alone when only that changed: typing does not make inboxes re-read their queue).
        read: async (after, topics) => [
          ...(topics.has(INBOX_TOPIC) ? [...(await slaNoticesAfter(db, after)), { event: 'changed', data: { n: ++counter } }] : []),
          ...(await inboxTypingEvents(services)),
        ],
      });
    });
  return app as unknown as Hono<AppEnv>;
}
