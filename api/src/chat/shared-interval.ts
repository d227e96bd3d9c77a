/**
 * One timer per period for every open stream, instead of one (or two) per stream: with thousands
 * of streams open, per-stream timers cost memory and wake the process once per stream.
 *
 * Members with the same period are spread over a few slots, one slot run per tick, so each member
 * still runs once per period and the work is not one burst (thousands of heartbeat writes at once
 * would hold up the messages sent meanwhile).
 */
interface Group<T> {
  timer?: NodeJS.Timeout;
  slots: Array<Set<T>>;
  /** The slot the next tick runs. */
  next: number;
  size: number;
}

export class SharedInterval<T> {
  readonly #groups = new Map<number, Group<T>>();
  readonly #run: (member: T, now: number) => void;

  constructor(run: (member: T, now: number) => void) {
    this.#run = run;
  }

  /** Runs `member` about every `ms` from now on (the first time within `ms`). */
  add(ms: number, member: T): void {
    let group = this.#groups.get(ms);
    if (!group) {
      // A tick every 50 ms or so: 5,000 streams beating every 15 s are ~17 writes a tick, not 5,000 at once.
      const count = Math.max(1, Math.min(300, Math.floor(ms / 50)));
      const made: Group<T> = { slots: Array.from({ length: count }, () => new Set<T>()), next: 0, size: 0 };
      made.timer = setInterval(() => this.#tick(made), ms / count).unref();
      this.#groups.set(ms, (group = made));
    }
    // The slot that runs last from now: the first run is as close to a whole period away as slots allow.
    const slot = (group.next + group.slots.length - 1) % group.slots.length;
    if (!group.slots[slot].has(member)) group.size++;
    group.slots[slot].add(member);
  }

  delete(ms: number, member: T): void {
    const group = this.#groups.get(ms);
    if (!group) return;
    for (const slot of group.slots) if (slot.delete(member)) group.size--;
    if (!group.size) {
      clearInterval(group.timer);
      this.#groups.delete(ms);
    }
  }

  #tick(group: Group<T>): void {
    const slot = group.slots[group.next];
    group.next = (group.next + 1) % group.slots.length;
    const now = performance.now();
    for (const member of [...slot]) {
      try {
        this.#run(member, now);
      } catch {
        // one member's failure must not stop the others
      }
    }
  }
}
