/**
 * A Server-Sent Events stream driven by hub topics: whenever a topic fires, `read(lastId)` is
 * asked for what is new since the last event sent, so events go out in order, each once, and a
 * client resuming with Last-Event-ID gets exactly what it missed.
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { runtimeFor } from '../inbox/runtime.ts';
import type { Services } from '../http/env.ts';
import { MAX_ID } from '../store/ids.ts';

export interface LiveEvent {
  /** Numeric id for resumable events; absent for transient ones (state, presence). */
  id?: number;
  event: string;
  data: unknown;
}

export interface LiveStreamOptions {
  services: Services;
  topics: string[];
  /** The last id the client has (Last-Event-ID), or -1 for everything. */
  lastId: number;
  /** What is new after `lastId`. */
  read(lastId: number): Promise<LiveEvent[]>;
  heartbeatMs?: number;
  onOpen?(): void | Promise<void>;
  onHeartbeat?(): void | Promise<void>;
  onClose?(): void | Promise<void>;
}

/** Parses Last-Event-ID (header, or `lastEventId` in the query for a fresh EventSource). */
export function lastEventId(c: Context): number {
  const raw = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? '';
  // An id past the store's range is past every message: resume after the newest, not from the start.
  return /^\d{1,15}$/.test(raw.trim()) ? Math.min(Number(raw.trim()), MAX_ID) : -1;
}

export async function liveStream(c: Context, options: LiveStreamOptions): Promise<Response> {
  const { services } = options;
  const runtime = runtimeFor(services.store);
  c.header('Cache-Control', 'no-store');
  c.header('X-Accel-Buffering', 'no');
  // Before the first byte: once the client sees the stream open, its effects (presence) hold.
  await options.onOpen?.();
  return streamSSE(c, async (stream) => {
    let last = options.lastId;
    let pending = true;
    let closed = false;
    let wake: (() => void) | null = null;
    const poke = () => {
      pending = true;
      const w = wake;
      wake = null;
      w?.();
    };
    let aborted = false;
    const close = () => {
      closed = true;
      poke();
    };
    const unsubscribe = options.topics.map((topic) => runtime.hub.subscribe(topic, poke));
    runtime.streams.add(close);
    stream.onAbort(() => {
      aborted = true;
      close();
    });
    const heartbeat = setInterval(() => {
      stream.write(': keep-alive\n\n').catch(close);
      Promise.resolve(options.onHeartbeat?.()).catch(() => {});
    }, options.heartbeatMs ?? 15_000);
    try {
      await stream.write('retry: 1000\n\n');
      while (!closed) {
        if (!pending) await new Promise<void>((resolve) => (wake = resolve));
        if (closed) break;
        pending = false;
        const events = await options.read(last);
        for (const e of events) {
          await stream.writeSSE({ event: e.event, data: JSON.stringify(e.data), ...(e.id !== undefined ? { id: String(e.id) } : {}) });
          if (e.id !== undefined && e.id > last) last = e.id;
        }
      }
    } finally {
      clearInterval(heartbeat);
      for (const u of unsubscribe) u();
      runtime.streams.delete(close);
      await Promise.resolve(options.onClose?.()).catch(() => {});
      await stream.close().catch(() => {});
      // The client went away mid-response: drop the socket, or it lingers as "in flight" and
      // holds up a graceful shutdown until the client's keep-alive gives up.
      if (aborted) (c.env as { outgoing?: { destroy?(): void } } | undefined)?.outgoing?.destroy?.();
    }
  });
}
