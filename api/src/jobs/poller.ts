/**
 * The loop behind every background worker (the mail outbox, webhook deliveries, the SLA
 * sweeper): one round at a time per process, the next one `delayMs()` after the last ended, at
 * once when kicked (new work was queued) or when a round says there is more (`again()`). A kick
 * during a round runs another right after it, so nothing queued meanwhile waits a whole interval.
 * Timers are unref'd: a poller never keeps the process alive.
 */
export interface PollerOptions<T> {
  /** For the log line when a round throws. */
  name: string;
  round: () => Promise<T>;
  /** The pause after a round that left nothing to do now. */
  delayMs: () => number;
  log: (entry: Record<string, unknown>) => void;
}

export class Poller<T> {
  readonly #o: PollerOptions<T>;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #started = false;
  #stopped = false;

  constructor(options: PollerOptions<T>) {
    this.#o = options;
  }

  /** Set once stop() was called: a long round checks it between items and ends early. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Polls from now on, the first round after `firstDelayMs` (at once by default). */
  start(firstDelayMs = 0): void {
    this.#started = true;
    this.#schedule(firstDelayMs);
  }

  /** Work was queued: a round now, or right after the one running. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#round().catch(() => {}); // logged by #round
  }

  /** Called by a round that stopped with work left (a batch limit): the next round follows at once. */
  again(): void {
    this.#again = true;
  }

  /** One round now, after the one running if any (tests, and callers that need its result or error). */
  async runOnce(): Promise<T | undefined> {
    while (this.#running) await this.#running;
    if (this.#stopped) return undefined;
    return this.#round();
  }

  /** No more rounds; resolves once the one running ended. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    while (this.#running) await this.#running;
  }

  #schedule(ms: number): void {
    if (this.#stopped || !this.#started) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.kick(), ms);
    this.#timer.unref();
  }

  #round(): Promise<T> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const work = this.#o.round();
    const running: Promise<void> = work
      .then(
        () => {},
        (error) => this.#o.log({ level: 'error', msg: `${this.#o.name} failed`, error: (error as Error).message }),
      )
      .finally(() => {
        if (this.#running === running) this.#running = null;
        if (this.#again && !this.#stopped) {
          this.#again = false;
          this.kick();
        } else this.#schedule(this.#o.delayMs());
      });
    this.#running = running;
    return work;
  }
}
