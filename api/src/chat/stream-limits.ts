/**
 * How many live event streams may be open at once, and for how long a silent one stays open.
 * Counts are per process (like the rate limits): with two API processes a client can hold
 * twice the caps, which still bounds what one client costs.
 *
 * - `HELPWAY_STREAMS_PER_TICKET` (10): a ticket's chat streams, whoever opens them.
 * - `HELPWAY_STREAMS_PER_ADDRESS` (100): every stream (chat and inbox) from one client address;
 *   generous, because a school network puts many admins, each with a chat and an inbox tab,
 *   behind one address.
 * - `HELPWAY_STREAMS_PER_SESSION` (10): an agent session's inbox streams (its tabs).
 * - `HELPWAY_STREAM_IDLE_SECONDS` (1800): a stream with no event for this long is closed;
 *   heartbeats do not count. A page still open reconnects by itself (EventSource) and resumes
 *   with Last-Event-ID.
 */
import { ApiError } from '../http/errors.ts';
import type { Store } from '../store/database.ts';

export interface StreamLimits {
  perTicket: number;
  perAddress: number;
  perSession: number;
  idleSeconds: number;
}

/** Seconds a refused client is told to wait: a place frees as soon as any stream closes. */
const RETRY_AFTER_SECONDS = 10;

function count(env: NodeJS.ProcessEnv, name: string, fallback: number, whole: boolean): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (whole && !Number.isInteger(n))) {
    throw new Error(`${name} "${raw}" must be a positive ${whole ? 'whole number' : 'number'}`);
  }
  return n;
}

export function readStreamLimits(env: NodeJS.ProcessEnv): StreamLimits {
  return {
    perTicket: count(env, 'HELPWAY_STREAMS_PER_TICKET', 10, true),
    perAddress: count(env, 'HELPWAY_STREAMS_PER_ADDRESS', 100, true),
    perSession: count(env, 'HELPWAY_STREAMS_PER_SESSION', 10, true),
    idleSeconds: count(env, 'HELPWAY_STREAM_IDLE_SECONDS', 1800, false),
  };
}

/** One limit a new stream must fit under: at most `max` open streams share `key`. */
export interface StreamCap {
  key: string;
  max: number;
  /** Why the stream is refused, for the 429 message. */
  refusal: string;
}

export const ticketCap = (ticketId: number, limits: StreamLimits): StreamCap => ({
  key: `ticket:${ticketId}`,
  max: limits.perTicket,
  refusal: `This chat already has ${limits.perTicket} live connection${limits.perTicket === 1 ? '' : 's'} open: close it in another tab or window`,
});

export const addressCap = (address: string, limits: StreamLimits): StreamCap => ({
  key: `address:${address}`,
  max: limits.perAddress,
  refusal: `Too many live connections (${limits.perAddress}) are open from this address: close some chat or inbox tabs`,
});

export const sessionCap = (session: string, limits: StreamLimits): StreamCap => ({
  key: `session:${session}`,
  max: limits.perSession,
  refusal: `This sign-in already has ${limits.perSession} inbox tabs receiving live updates: close one`,
});

/** Open streams per cap key, for one store. */
export class StreamCounts {
  readonly #open = new Map<string, number>();

  /** Takes a place under every cap, or none and throws 429; the returned release is idempotent. */
  acquire(caps: StreamCap[]): () => void {
    for (const cap of caps) {
      if ((this.#open.get(cap.key) ?? 0) >= cap.max) {
        throw new ApiError(429, 'rate_limited', `${cap.refusal}, then try again in ${RETRY_AFTER_SECONDS} seconds.`, undefined, {
          'Retry-After': String(RETRY_AFTER_SECONDS),
        });
      }
    }
    for (const cap of caps) this.#open.set(cap.key, (this.#open.get(cap.key) ?? 0) + 1);
    // Held as long as the stream is open: the keys only, not the caps' messages.
    let keys: string[] | null = caps.map((cap) => cap.key);
    return () => {
      if (!keys) return;
      for (const key of keys) {
        const left = (this.#open.get(key) ?? 1) - 1;
        if (left > 0) this.#open.set(key, left);
        else this.#open.delete(key);
      }
      keys = null;
    };
  }
}

const counts = new WeakMap<Store, StreamCounts>();

export function streamCountsFor(store: Store): StreamCounts {
  let c = counts.get(store);
  if (!c) counts.set(store, (c = new StreamCounts()));
  return c;
}
