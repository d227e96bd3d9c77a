/**
 * Read once, fan out: every live stream showing the same thing (a ticket's chat, the inbox) shares
 * one feed per process. When its topic fires the feed reads what is new ONCE and hands the events
 * to each stream from memory, so a message costs one read per process however many streams are
 * open. Reads run one at a time per feed, so every stream sees events in order; each stream keeps
 * its own cursor (the last event id it has), so none gets an event twice and a stream resuming
 * with Last-Event-ID gets exactly what it missed.
 *
 * A stream joining is read for on its own (from its cursor) without disturbing the others; a read
 * that serves a fire goes to every stream, after the lowest cursor among them.
 */
import type { EventHub } from './hub.ts';

export interface LiveEvent {
  /** Numeric id for resumable events; absent for transient ones (state, presence). */
  id?: number;
  event: string;
  data: unknown;
}

/** An event as it goes on the wire: encoded once. */
interface FeedEvent {
  id?: number;
  frame: Uint8Array;
}

export interface FeedSink {
  /** The last resumable id this stream has, or -1; the feed moves it forward as it delivers. */
  last: number;
  /**
   * The SSE frames of what is new for this stream, one or more events in one chunk: every stream
   * that gets the same events gets the same chunk (one write each, not one per event).
   */
  deliver(chunk: Uint8Array): void;
  /** The feed could not read: the stream should close (the client resumes from its cursor). */
  fail(error: Error): void;
}

export interface FeedOptions {
  /** What the streams show, e.g. `chat:42`: streams with the same key share the feed. */
  key: string;
  /** Hub topics that mean "something new". */
  topics: string[];
  /**
   * What is new after `after` (-1: everything). `topics` are those that fired since the last read;
   * a read that serves a stream joining gets all of the feed's topics (it needs the whole picture).
   */
  read(after: number, topics: ReadonlySet<string>): Promise<LiveEvent[]>;
  log(entry: Record<string, unknown>): void;
}

const encoder = new TextEncoder();

/** One SSE frame. JSON has no raw line breaks; event names and ids are ours. */
function frame(e: LiveEvent): FeedEvent {
  const text = `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n${e.id !== undefined ? `id: ${e.id}\n` : ''}\n`;
  return { id: e.id, frame: encoder.encode(text) };
}

function join(events: FeedEvent[]): Uint8Array {
  if (events.length === 1) return events[0].frame;
  const chunk = new Uint8Array(events.reduce((n, e) => n + e.frame.length, 0));
  let at = 0;
  for (const e of events) {
    chunk.set(e.frame, at);
    at += e.frame.length;
  }
  return chunk;
}

export class Feed {
  readonly #sinks = new Set<FeedSink>();
  #joining: FeedSink[] = [];
  #fired = new Set<string>();
  #running = false;
  readonly #unsubscribe: Array<() => void>;

  readonly options: FeedOptions;
  readonly #onEmpty: () => void;

  constructor(hub: EventHub, options: FeedOptions, onEmpty: () => void) {
    this.options = options;
    this.#onEmpty = onEmpty;
    this.#unsubscribe = options.topics.map((topic) => hub.subscribe(topic, () => this.#fire(topic)));
  }

  join(sink: FeedSink): void {
    this.#joining.push(sink);
    void this.#run();
  }

  leave(sink: FeedSink): void {
    this.#sinks.delete(sink);
    this.#joining = this.#joining.filter((s) => s !== sink);
    if (!this.#sinks.size && !this.#joining.length) {
      for (const u of this.#unsubscribe) u();
      this.#onEmpty();
    }
  }

  #fire(topic: string): void {
    this.#fired.add(topic);
    void this.#run();
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#fired.size || this.#joining.length) {
        const joiners = this.#joining;
        this.#joining = [];
        // A fire is for everyone; joiners alone only need their own catch-up.
        const audience = this.#fired.size ? [...this.#sinks, ...joiners] : joiners;
        const topics = joiners.length ? new Set(this.options.topics) : this.#fired;
        this.#fired = new Set();
        // Members before the read: a fire during it is served by the next round.
        for (const s of joiners) this.#sinks.add(s);
        if (!audience.length) continue; // everyone left
        let after = Infinity;
        for (const s of audience) after = Math.min(after, s.last);
        let events: FeedEvent[];
        try {
          events = (await this.options.read(after, topics)).map(frame);
        } catch (error) {
          const open = audience.filter((s) => this.#sinks.has(s));
          if (open.length)
            this.options.log({
              level: 'error',
              msg: 'live stream read failed; its streams close and resume',
              feed: this.options.key,
              error: (error as Error).message,
            });
          for (const s of open) s.fail(error as Error);
          continue;
        }
        let whole: Uint8Array | null = null;
        for (const s of audience) {
          if (!this.#sinks.has(s)) continue; // left while the read ran
          const fresh = events.filter((e) => e.id === undefined || e.id > s.last);
          if (!fresh.length) continue;
          for (const e of fresh) if (e.id !== undefined) s.last = e.id;
          s.deliver(fresh.length === events.length ? (whole ??= join(events)) : join(fresh));
        }
      }
    } finally {
      this.#running = false;
    }
  }
}

const feeds = new WeakMap<EventHub, Map<string, Feed>>();

/**
 * The feed for `options.key` on this hub, made on first use and dropped when its last stream
 * leaves. Streams with the same key show the same thing: the first one's topics and read serve all.
 */
export function feedFor(hub: EventHub, options: FeedOptions): Feed {
  let byKey = feeds.get(hub);
  if (!byKey) feeds.set(hub, (byKey = new Map()));
  const map = byKey;
  let feed = map.get(options.key);
  if (!feed) {
    const made: Feed = new Feed(hub, options, () => {
      if (map.get(options.key) === made) map.delete(options.key);
    });
    map.set(options.key, (feed = made));
  }
  return feed;
}
