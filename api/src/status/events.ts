/**
 * A site's health changed: `site.down` once it failed enough probes in a row, `site.up` once it
 * answered enough in a row again (status/probe-store.ts). The ticket bus (tickets/events.ts) is
 * typed to ticket events, so site events have this small bus of their own. Emitted after the
 * change committed, once per transition; a subscriber's failure is logged, never the prober's.
 */
export type SiteEvent =
  /** `at`: when the first of the failed probes ran (the down period's start). */
  | { type: 'site.down'; siteKey: string; at: string; error: string }
  /** `at`: when the first of the good probes ran (the down period's end). */
  | { type: 'site.up'; siteKey: string; at: string };

export type SiteEventType = SiteEvent['type'];
type Handler<K extends SiteEventType> = (event: Extract<SiteEvent, { type: K }>) => void | Promise<void>;
type AnyHandler = (event: SiteEvent) => void | Promise<void>;

export class SiteEvents {
  readonly #handlers: Array<{ type: SiteEventType; handler: AnyHandler }> = [];
  readonly #running = new Set<Promise<void>>();
  readonly #log: (entry: Record<string, unknown>) => void;

  constructor(log: (entry: Record<string, unknown>) => void) {
    this.#log = log;
  }

  /** Calls `handler` for each event of `type`, in registration order. Returns the unsubscribe. */
  subscribe<K extends SiteEventType>(type: K, handler: Handler<K>): () => void {
    const entry = { type, handler: handler as AnyHandler };
    this.#handlers.push(entry);
    return () => {
      const at = this.#handlers.indexOf(entry);
      if (at >= 0) this.#handlers.splice(at, 1);
    };
  }

  /** Hands `event` to its subscribers (call it only after the change committed). */
  emit(event: SiteEvent): void {
    for (const { type, handler } of [...this.#handlers]) {
      if (type !== event.type) continue;
      try {
        const result = handler(event);
        if (result instanceof Promise) {
          const running: Promise<void> = result.catch((error) => this.#failed(event, error)).finally(() => this.#running.delete(running));
          this.#running.add(running);
        }
      } catch (error) {
        this.#failed(event, error);
      }
    }
  }

  /** Resolves once every subscriber started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#running.size) await Promise.all([...this.#running]);
  }

  #failed(event: SiteEvent, error: unknown): void {
    this.#log({
      level: 'error',
      msg: 'a site event subscriber failed; the change itself was committed',
      event: event.type,
      siteKey: event.siteKey,
      error: (error as Error)?.message ?? String(error),
    });
  }
}
