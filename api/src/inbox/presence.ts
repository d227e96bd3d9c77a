/**
 * Who is on which ticket. Each inbox tab says which ticket it shows and whether a reply is being
 * written there (POST /api/inbox/presence); every open inbox hears it over its live stream (a
 * `presence` event), so agents see "Sam is replying" before two of them answer the same ticket.
 *
 * The rows live in the store (`ticket_presence`), so with several API processes on PostgreSQL
 * every process knows every agent; a change is announced on the hub's `presence` topic (NOTIFY
 * reaches the other processes) and each process reads the whole, small, list once for all of its
 * inbox streams. A tab's row is kept fresh by the heartbeats of that tab's live stream and goes
 * when the tab leaves the ticket, when its stream closes (the tab was closed, or signed out), or
 * once older than HELPWAY_PRESENCE_SECONDS (a process that stopped without cleaning up).
 */
import { sql, type Kysely } from 'kysely';
import type { Services } from '../http/env.ts';
import type { LiveEvent } from '../chat/feed.ts';
import type { Database } from '../store/schema.ts';
import type { Store } from '../store/database.ts';
import { ticketByReference } from '../tickets/access.ts';
import { referenceFor } from '../tickets/reference.ts';
import type { PresenceInput, PresenceNotice, PresenceState, TicketPresence } from './presence-shapes.ts';

/** The hub topic of presence changes: inbox streams re-read who is where. */
export const PRESENCE_TOPIC = 'presence';

const cutoff = (services: Services): string =>
  new Date(services.clock.now().getTime() - services.config.escalation.presenceSeconds * 1000).toISOString();

/** Every agent on each ticket, fresh rows of active agents only; an agent is `replying` if any of their tabs is. */
async function presenceRows(services: Services, ticketId?: number): Promise<TicketPresence[]> {
  let q = services.store.db
    .selectFrom('ticket_presence')
    .innerJoin('agents', 'agents.id', 'ticket_presence.agent_id')
    .select(['ticket_presence.ticket_id', 'ticket_presence.agent_id', 'ticket_presence.state', 'agents.name'])
    .where('ticket_presence.seen_at', '>=', cutoff(services))
    .where('agents.disabled_at', 'is', null);
  if (ticketId !== undefined) q = q.where('ticket_presence.ticket_id', '=', ticketId);
  const rows = await q
    .orderBy('ticket_presence.ticket_id')
    .orderBy(sql`lower(agents.name)`)
    .orderBy('agents.id')
    .execute();
  const tickets = new Map<number, Map<number, TicketPresence['agents'][number]>>();
  for (const r of rows) {
    const ticket = Number(r.ticket_id);
    let agents = tickets.get(ticket);
    if (!agents) tickets.set(ticket, (agents = new Map()));
    const id = Number(r.agent_id);
    const seen = agents.get(id);
    const state = r.state as PresenceState;
    if (!seen) agents.set(id, { id, name: r.name, state });
    else if (state === 'replying') seen.state = 'replying';
  }
  return [...tickets].map(([id, agents]) => ({ reference: referenceFor(id), agents: [...agents.values()] }));
}

/** The `presence` event an inbox stream sends when it opens and after each change. */
export async function presenceEvents(services: Services): Promise<LiveEvent[]> {
  const notice: PresenceNotice = { tickets: await presenceRows(services) };
  return [{ event: 'presence', data: notice }];
}

/**
 * Where a tab is: on a ticket (viewing it, or writing a reply), or nowhere. Answers who is on that
 * ticket now (null when the tab left). 404 for a ticket that does not exist.
 */
export async function setPresence(services: Services, agentId: number, input: PresenceInput): Promise<TicketPresence | null> {
  const { db } = services.store;
  if (input.ticket === null) {
    await clearTab(services, agentId, input.tab);
    return null;
  }
  const ticket = await ticketByReference(db, input.ticket);
  const at = services.clock.now().toISOString();
  await db
    .insertInto('ticket_presence')
    .values({ agent_id: agentId, tab: input.tab, ticket_id: ticket.id, state: input.state, seen_at: at })
    .onConflict((oc) => oc.columns(['agent_id', 'tab']).doUpdateSet({ ticket_id: ticket.id, state: input.state, seen_at: at }))
    .execute();
  services.hub.publishSoon(PRESENCE_TOPIC);
  const [here] = await presenceRows(services, ticket.id);
  return here ?? { reference: referenceFor(ticket.id), agents: [] };
}

/** The tab is gone (its live stream closed): it is on no ticket any more. */
export async function clearTab(services: Services, agentId: number, tab: string): Promise<void> {
  const result = await services.store.db
    .deleteFrom('ticket_presence')
    .where('agent_id', '=', agentId)
    .where('tab', '=', tab)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) > 0) services.hub.publishSoon(PRESENCE_TOPIC);
}

/** The tab's live stream is still open: it is still where it said. */
export async function refreshTab(db: Kysely<Database>, agentId: number, tab: string, now: Date): Promise<void> {
  await db
    .updateTable('ticket_presence')
    .set({ seen_at: now.toISOString() })
    .where('agent_id', '=', agentId)
    .where('tab', '=', tab)
    .execute();
}

const lastPrune = new WeakMap<Store, number>();

/**
 * Drops rows nobody refreshed within the presence time (their tab's process stopped) and tells the
 * inboxes, at most once per `everyMs` per process however many streams ask.
 */
export async function pruneStalePresence(services: Services, everyMs: number): Promise<void> {
  const { store } = services;
  const now = Date.now();
  if (now - (lastPrune.get(store) ?? 0) < everyMs) return;
  lastPrune.set(store, now);
  const result = await store.db.deleteFrom('ticket_presence').where('seen_at', '<', cutoff(services)).executeTakeFirst();
  if (Number(result.numDeletedRows) > 0) services.hub.publishSoon(PRESENCE_TOPIC);
}
