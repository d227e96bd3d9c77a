/**
 * A Server-Sent Events stream fed by a shared feed (feed.ts): events in order, each once, and a
 * client resuming with Last-Event-ID gets exactly what it missed, while a change is read from the
 * store once per process however many streams show it.
 *
 * Before its first byte a stream takes a place under each of its caps (stream-limits.ts), or is
 * refused with 429; closing gives the places back. A stream with no event for the idle time is
 * closed: heartbeats keep proxies from cutting it but are not activity, and EventSource reconnects
 * by itself (resuming with Last-Event-ID) when the page is still open.
 *
 * An open stream costs little: its cursor, a queue only while the client is behind, and its
 * socket (http/live-body.ts). Heartbeats and idle checks run on timers shared by every stream
 * (shared-interval.ts), and the server's stop reaches every stream through one hook per hub.
 */
import type { Context } from 'hono';
import type { Services } from '../http/env.ts';
import { LiveBody, type LiveSink, type LiveTransport } from '../http/live-body.ts';
import { feedFor, type Feed, type FeedSink, type LiveEvent } from './feed.ts';
import type { EventHub } from './hub.ts';
import { SharedInterval } from './shared-interval.ts';
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
 * Bytes waiting for a client that does not read (beyond what the socket holds): past this its
 * stream is ended rather than held in memory, whatever the size of the messages (it reconnects
 * and resumes from its Last-Event-ID).
 */
const MAX_BACKLOG_BYTES = 1024 * 1024;
const DEFAULT_HEARTBEAT_MS = 15_000;
/** A stream whose response never went out (a later middleware failed) gives its places back after this. */
const ATTACH_TIMEOUT_MS = 10_000;
const RETRY = Buffer.from('retry: 1000\n\n');
const KEEP_ALIVE = Buffer.from(': keep-alive\n\n');

/** How often idle streams are looked for: a stream closes at most this late. */
const idleTick = (idleMs: number) => Math.round(Math.max(50, Math.min(1000, idleMs / 20)));

const heartbeats = new SharedInterval<LiveConnection>((c) => c.heartbeat());
const idleChecks = new SharedInterval<LiveConnection>((c, now) => c.checkIdle(now));

/** The open streams of each hub, so the server's stop ends them all (one hook per hub, not per stream). */
const openOn = new WeakMap<EventHub, Set<LiveConnection>>();

function track(hub: EventHub, c: LiveConnection): void {
  let open = openOn.get(hub);
  if (!open) {
    const made = new Set<LiveConnection>();
    hub.onClose(() => {
      for (const s of [...made]) s.close('server');
    });
    openOn.set(hub, (open = made));
  }
  open.add(c);
}

/** Parses Last-Event-ID (header, or `lastEventId` in the query for a fresh EventSource). */
export function lastEventId(c: Context): number {
  const raw = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? '';
  // An id past the store's range is past every message: resume after the newest, not from the start.
  return /^\d{1,15}$/.test(raw.trim()) ? Math.min(Number(raw.trim()), MAX_ID) : -1;
}

/** One open stream: a sink of its feeds, written to its client's socket. */
class LiveConnection implements FeedSink, LiveSink {
  last: number;
  readonly #hub: EventHub;
  readonly #feeds: Feed[];
  readonly #release: () => void;
  readonly #heartbeatMs: number;
  readonly #idleMs: number;
  readonly #onHeartbeat: LiveStreamOptions['onHeartbeat'];
  readonly #onClose: LiveStreamOptions['onClose'];
  #out: LiveTransport | null = null;
  /** Chunks not yet written: before the response goes out, or while the client is behind. */
  #queue: Uint8Array[] | null = null;
  #queuedBytes = 0;
  #blocked = false;
  #idleAt: number;
  #reason: CloseReason | null = null;

  constructor(options: LiveStreamOptions, feeds: Feed[], release: () => void) {
    this.last = options.lastId;
    this.#hub = options.services.hub;
    this.#feeds = feeds;
    this.#release = release;
    this.#heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.#idleMs = options.services.config.streams.idleSeconds * 1000;
    this.#onHeartbeat = options.onHeartbeat;
    this.#onClose = options.onClose;
    this.#idleAt = performance.now() + Math.min(this.#idleMs, ATTACH_TIMEOUT_MS);
    idleChecks.add(idleTick(this.#idleMs), this);
    track(this.#hub, this);
    // One sink in every feed: side events carry no id, so they never move its cursor. What they
    // deliver before the response goes out waits in the queue.
    for (const feed of feeds) feed.join(this);
  }

  /** The response went out: write from now on. */
  attach(out: LiveTransport): void {
    if (this.#reason) return out.end(this.#reason === 'client');
    this.#out = out;
    this.#idleAt = performance.now() + this.#idleMs;
    heartbeats.add(this.#heartbeatMs, this);
    // The reconnect delay first: with the headers, it tells proxies and the client the stream is open.
    this.#blocked = !out.write(RETRY);
    if (!this.#blocked) this.drained();
  }

  deliver(chunk: Uint8Array): void {
    if (this.#reason) return;
    if (this.#out && !this.#blocked && !this.#queue) {
      this.#write(chunk);
      return;
    }
    const queue = (this.#queue ??= []);
    // Only a client that is behind is cut off: before the response goes out, what waits is what it
    // asked for (its history since Last-Event-ID, however long).
    if (this.#out && queue.length && this.#queuedBytes + chunk.byteLength > MAX_BACKLOG_BYTES) return this.close('server');
    queue.push(chunk);
    this.#queuedBytes += chunk.byteLength;
  }

  fail(): void {
    this.close('server');
  }

  drained(): void {
    this.#blocked = false;
    const queue = this.#queue;
    if (!queue || this.#reason) return;
    let i = 0;
    while (i < queue.length && !this.#blocked) {
      this.#queuedBytes -= queue[i].byteLength;
      this.#write(queue[i++]);
    }
    this.#queue = i < queue.length ? queue.slice(i) : null;
  }

  gone(): void {
    this.close('client');
  }

  heartbeat(): void {
    if (this.#reason || !this.#out) return;
    // A client that is behind has bytes coming: no heartbeat on top of them.
    if (!this.#blocked) this.#blocked = !this.#out.write(KEEP_ALIVE);
    const beat = this.#onHeartbeat;
    if (beat) Promise.resolve(beat()).catch(() => {});
  }

  checkIdle(now: number): void {
    if (now >= this.#idleAt) this.close(this.#out ? 'idle' : 'server');
  }

  /** An event written (not a heartbeat): the stream is active. False when the client is behind. */
  #write(chunk: Uint8Array): void {
    this.#idleAt = performance.now() + this.#idleMs;
    this.#blocked = !this.#out!.write(chunk);
  }

  close(why: CloseReason): void {
    if (this.#reason) return;
    this.#reason = why;
    this.#queue = null;
    for (const feed of this.#feeds) feed.leave(this);
    heartbeats.delete(this.#heartbeatMs, this);
    idleChecks.delete(idleTick(this.#idleMs), this);
    openOn.get(this.#hub)?.delete(this);
    this.#release();
    const out = this.#out;
    const closing = this.#onClose;
    void Promise.resolve(closing?.(why))
      .catch(() => {})
      // The client went away, or stopped reading: drop the socket, or it lingers as "in flight"
      // (holding up a graceful shutdown) until TCP gives up.
      .then(() => out?.end(why === 'client' || this.#blocked));
  }
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
  const feeds = [
    feedFor(hub, { key: options.feed, topics: options.topics, read: options.read, log: services.log }),
    ...(options.side ?? []).map((side) =>
      feedFor(hub, { key: side.feed, topics: side.topics, read: () => side.read(), log: services.log }),
    ),
  ];
  const connection = new LiveConnection(options, feeds, release);
  c.header('Content-Type', 'text/event-stream');
  c.header('Cache-Control', 'no-store');
  c.header('X-Accel-Buffering', 'no');
  return c.body(new LiveBody(connection));
}
