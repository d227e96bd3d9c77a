/**
 * A Server-Sent Events stream fed by a shared feed (feed.ts): events in order, each once, and a
 * client resuming with Last-Event-ID gets exactly what it missed, while a change is read from the
 * store once per process however many streams show it.
 *
 * Before its first byte a stream takes a place under each of its caps (stream-limits.ts), or is
 * refused with 429; closing gives the places back. A stream with no event for the idle time is
 * closed: heartbeats keep proxies from cutting it but are not activity, and EventSource reconnects
 * by itself (resuming with Last-Event-ID) when the page is still open.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Services } from '../http/env.ts';
import { feedFor, type FeedEvent, type FeedSink, type LiveEvent } from './feed.ts';
import { streamCountsFor, type StreamCap } from './stream-limits.ts';
import { MAX_ID } from '../store/ids.ts';

export type { LiveEvent } from './feed.ts';

/** Why a stream ended: `idle` (silent too long: a page still open reconnects at once), the client left, or the server ended it. */
export type CloseReason = 'idle' | 'client' | 'server';

export interface LiveStreamOptions {
  services: Services;
  /** What the stream shows, e.g. `chat:42`: streams with the same key share one feed (and `read`). */
  feed: string;
  topics: string[];
  /** The last id the client has (Last-Event-ID), or -1 for everything. */
  lastId: number;
  /** What is new after `after`; `topics` fired since the last read (all of them for a stream joining). */
  read(after: number, topics: ReadonlySet<string>): Promise<LiveEvent[]>;
  /**
   * State sent whole on the same stream, each from a feed of its own (shared by every stream with
   * its key): read when the stream opens and whenever its topics fire, as events without an id
   * (who is on which ticket). The main feed's topics do not make them read, nor theirs the main one.
   */
  side?: Array<{ feed: string; topics: string[]; read(): Promise<LiveEvent[]> }>;
  /** Places the stream needs (per ticket, address, session); refused with 429 when one is full. */
  caps: StreamCap[];
  heartbeatMs?: number;
  onOpen?(): void | Promise<void>;
  onHeartbeat?(): void | Promise<void>;
  onClose?(reason: CloseReason): void | Promise<void>;
}

/**
 * Events waiting for a client that does not read: past this it is dropped rather than held in
 * memory (it reconnects and resumes from its Last-Event-ID).
 */
const MAX_BACKLOG = 500;

/** Parses Last-Event-ID (header, or `lastEventId` in the query for a fresh EventSource). */
export function lastEventId(c: Context): number {
  const raw = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? '';
  // An id past the store's range is past every message: resume after the newest, not from the start.
  return /^\d{1,15}$/.test(raw.trim()) ? Math.min(Number(raw.trim()), MAX_ID) : -1;
}

export async function liveStream(c: Context, options: LiveStreamOptions): Promise<Response> {
  const { services } = options;
  const hub = services.hub;
  const release = streamCountsFor(services.store).acquire(options.caps);
  try {
    // Before the first byte: once the client sees the stream open, its effects (presence) hold.
    await options.onOpen?.();
  } catch (error) {
    release();
    throw error;
  }
  c.header('Cache-Control', 'no-store');
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (stream) => {
    const backlog: FeedEvent[] = [];
    let reason: CloseReason | null = null;
    let wake: (() => void) | null = null;
    const poke = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    let closing!: () => void;
    const closed = new Promise<false>((resolve) => (closing = () => resolve(false)));
    const close = (why: CloseReason) => {
      reason ??= why;
      poke();
      closing();
    };
    // A write waits while the client does not read (TCP back-pressure); closing must not.
    let stuck = false;
    const sink: FeedSink = {
      last: options.lastId,
      deliver(events) {
        if (reason) return;
        if (backlog.length >= MAX_BACKLOG) return close('server');
        for (const e of events) backlog.push(e);
        poke();
      },
      fail: () => close('server'),
    };
    const untrack = hub.onClose(() => close('server'));
    stream.onAbort(() => close('client'));
    const feeds = [
      feedFor(hub, { key: options.feed, topics: options.topics, read: options.read, log: services.log }),
      ...(options.side ?? []).map((side) =>
        feedFor(hub, { key: side.feed, topics: side.topics, read: () => side.read(), log: services.log }),
      ),
    ];
    // One sink in every feed: side events carry no id, so they never move its cursor.
    for (const feed of feeds) feed.join(sink);
    const heartbeat = setInterval(() => {
      void stream.write(': keep-alive\n\n');
      Promise.resolve(options.onHeartbeat?.()).catch(() => {});
    }, options.heartbeatMs ?? 15_000);
    const idle = setTimeout(() => close('idle'), services.config.streams.idleSeconds * 1000);
    try {
      await stream.write('retry: 1000\n\n');
      while (!reason) {
        const next = backlog.shift();
        if (!next) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        if (!(await Promise.race([stream.write(next.frame).then(() => true), closed]))) {
          stuck = true;
          break;
        }
        idle.refresh();
      }
    } finally {
      for (const feed of feeds) feed.leave(sink);
      clearInterval(heartbeat);
      clearTimeout(idle);
      untrack();
      release();
      await Promise.resolve(options.onClose?.(reason ?? 'server')).catch(() => {});
      // The client went away mid-response, or stopped reading: drop the socket, or it lingers
      // as "in flight" (holding up a graceful shutdown) until TCP gives up.
      const destroy = () => (c.env as { outgoing?: { destroy?(): void } } | undefined)?.outgoing?.destroy?.();
      if (stuck) destroy();
      else {
        await stream.close().catch(() => {});
        if (reason === 'client') destroy();
      }
    }
  });
}
