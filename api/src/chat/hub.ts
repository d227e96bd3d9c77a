/**
 * Live updates: a topic is "ticket:<id>" (a ticket's conversation changed) or "inbox" (the queue
 * changed). A notification carries no data: the listener (a stream feed, feed.ts) re-reads what
 * is new from the store once per process, so a notification seen twice, or late, never shows a
 * message twice or out of order.
 *
 * One hub per app (Services.hub). With PostgreSQL, publishes also go out through NOTIFY and every process
 * LISTENs, so two API processes on one database share chats (the channel name carries the
 * schema, so test schemas on one database do not hear each other).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

type Listener = (topic: string) => void;

export class EventHub {
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #soon = new Set<string>();
  readonly #onClose = new Set<() => void>();
  readonly #instance = randomBytes(6).toString('hex');
  #client: pg.Client | null = null;
  #notify: ((channel: string, payload: string) => Promise<unknown>) | null = null;
  #channel = '';

  subscribe(topic: string, listener: Listener): () => void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.#listeners.delete(topic);
    };
  }

  #fire(topic: string): void {
    for (const listener of [...(this.#listeners.get(topic) ?? [])]) {
      try {
        listener(topic);
      } catch {
        // a listener's failure (a closed stream) must not stop the others
      }
    }
  }

  /** Tells this process's listeners now, and other processes through NOTIFY. */
  publish(...topics: string[]): void {
    for (const topic of topics) this.#fire(topic);
    const notify = this.#notify;
    if (notify) {
      for (const topic of topics) notify(this.#channel, `${this.#instance}|${topic}`).catch(() => {});
    }
  }

  /**
   * Publishes `topics` once at the end of this turn, however often they are asked for until then:
   * one change that emits several events (a reply that reopens a ticket) is one notification.
   */
  publishSoon(...topics: string[]): void {
    if (!this.#soon.size) {
      queueMicrotask(() => {
        const due = [...this.#soon];
        this.#soon.clear();
        this.publish(...due);
      });
    }
    for (const topic of topics) this.#soon.add(topic);
  }

  /** `listener` runs when the hub closes (server stop): open live streams end, so shutdown does not wait for them. */
  onClose(listener: () => void): () => void {
    this.#onClose.add(listener);
    return () => this.#onClose.delete(listener);
  }

  /**
   * Joins the fan-out on PostgreSQL: LISTEN on the schema's channel with a dedicated connection;
   * `notify` sends through the store's pool, so publishing never queues behind the listener.
   */
  async listen(
    databaseUrl: string,
    schema: string | undefined,
    notify: (channel: string, payload: string) => Promise<unknown>,
  ): Promise<void> {
    this.#channel = `helpway_events_${schema ?? 'public'}`.slice(0, 63);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    client.on('notification', (msg) => {
      if (msg.channel !== this.#channel || !msg.payload) return;
      const bar = msg.payload.indexOf('|');
      if (msg.payload.slice(0, bar) === this.#instance) return;
      this.#fire(msg.payload.slice(bar + 1));
    });
    client.on('error', () => {});
    await client.query(`LISTEN "${this.#channel}"`);
    this.#client = client;
    this.#notify = notify;
  }

  async close(): Promise<void> {
    for (const listener of [...this.#onClose]) listener();
    const client = this.#client;
    this.#client = null;
    this.#notify = null;
    if (client) await client.end().catch(() => {});
  }
}

export const ticketTopic = (ticketId: number): string => `ticket:${ticketId}`;
export const INBOX_TOPIC = 'inbox';
/** A requester typing in some chat (chat/typing.ts): the inbox streams say so without re-reading the queue. */
export const INBOX_TYPING_TOPIC = 'inbox:typing';
