/**
 * Sending a ticket safely, without the page: the draft kept on this device, one
 * Idempotency-Key per draft, retries with backoff, and a retry when the device comes back online.
 *
 * The first Send freezes the body (`draft.pending`); every retry — after a network failure, a
 * reload, or the device coming back online — resends exactly that body with that key, so the
 * API can never make two tickets of it. Storage, timers and the sending itself are passed in,
 * so this is tested in Node (test/widget/submission.test.ts).
 */
import { ApiError, newIdempotencyKey, type TicketCreated } from '../api-client.ts';
import type { Draft, DraftFields } from '../storage.ts';

export type Phase = 'editing' | 'sending' | 'waiting';

/** Where the draft lives across reloads (WidgetStorage in the page). */
export interface DraftStore {
  loadDraft(): Draft | null;
  saveDraft(draft: Draft): void;
  clearDraft(): void;
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(id: unknown): void;
}

export interface SubmissionOptions {
  store: DraftStore;
  /** Sends the frozen body of `draft` with its key (uploading its files first); rejects with an ApiError. */
  send(draft: Draft): Promise<TicketCreated>;
  /** Something shown changed: the phase, the countdown. */
  changed(): void;
  /** The ticket exists; the draft is already gone. */
  sent(created: TicketCreated, draft: Draft): void | Promise<void>;
  /** The API refused the body: the draft is editable again, to correct what `error.fields` names. */
  refused(error: ApiError): void;
  timers?: Timers;
  newKey?: () => string;
}

const MAX_BACKOFF_S = 60;

/** Seconds before retry number `attempt` (1, 2, …): doubling from 2 s up to a minute, never sooner than the server's Retry-After. */
export function backoffSeconds(attempt: number, retryAfter = 0): number {
  return Math.min(MAX_BACKOFF_S, Math.max(retryAfter, 2 ** Math.min(attempt, 6)));
}

export class Submission {
  phase: Phase = 'editing';
  /** Seconds until the next automatic retry, counting down while waiting. */
  retryIn = 0;
  /** The draft, once the user has typed (or restored from an earlier visit). */
  draft: Draft | null = null;
  #options: SubmissionOptions;
  #timers: Timers;
  #attempt = 0;
  #retry: unknown;
  #countdown: unknown;

  constructor(options: SubmissionOptions) {
    this.#options = options;
    this.#timers = options.timers ?? globalThis;
  }

  /**
   * The draft saved by an earlier visit, now this submission's, if there was no draft yet. One
   * left pending (sent but not confirmed before a reload) puts this in 'waiting': the caller
   * gets its files back, then calls `send()` (or `giveBack()`).
   */
  restore(): Draft | null {
    if (this.draft) return null;
    const saved = this.#options.store.loadDraft();
    if (saved) {
      this.draft = saved;
      if (saved.pending) this.phase = 'waiting';
    }
    return saved;
  }

  /** The user typed or chose something: from now on the draft is kept on this device. */
  keep(fields: DraftFields): void {
    if (this.phase !== 'editing') return;
    const draft = (this.draft ??= this.#newDraft(fields));
    draft.fields = fields;
    this.save(draft);
  }

  save(draft: Draft): void {
    this.#options.store.saveDraft(draft);
  }

  /** Freezes `body` (and the files' names and ids) as the draft's submission and sends it. */
  submit(fields: DraftFields, body: unknown, files: Draft['files']): Promise<void> {
    const draft = (this.draft ??= this.#newDraft(fields));
    draft.fields = fields;
    draft.pending = body;
    draft.files = files;
    this.save(draft);
    this.#attempt = 0;
    return this.send();
  }

  /** Sends the pending body now (the user's "Retry now", a retry timer, the device back online). */
  async send(): Promise<void> {
    const draft = this.draft;
    if (!draft?.pending) return;
    this.stop();
    this.phase = 'sending';
    this.#options.changed();
    let created: TicketCreated;
    try {
      created = await this.#options.send(draft);
    } catch (error) {
      const err = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
      if (err.transient) this.#retryLater(err.retryAfter);
      else {
        this.giveBack();
        this.#options.refused(err);
      }
      return;
    }
    this.#options.store.clearDraft();
    this.draft = null;
    this.phase = 'editing';
    await this.#options.sent(created, draft);
  }

  /** The device is back online: a submission waiting for its retry goes now. */
  online(): void {
    if (this.phase === 'waiting') void this.send();
  }

  /** The pending submission is dropped and the draft is editable again (refused, or its files lost with a reload). */
  giveBack(): void {
    if (this.draft) {
      this.draft.pending = undefined;
      this.save(this.draft);
    }
    this.phase = 'editing';
    this.#options.changed();
  }

  /** Forgets the draft, a submission under way included. */
  discard(): void {
    this.stop();
    this.#options.store.clearDraft();
    this.draft = null;
    this.phase = 'editing';
  }

  /** Stops the retry timer and the countdown. */
  stop(): void {
    this.#timers.clearTimeout(this.#retry);
    this.#timers.clearInterval(this.#countdown);
  }

  #newDraft(fields: DraftFields): Draft {
    return { idempotencyKey: (this.#options.newKey ?? newIdempotencyKey)(), fields, savedAt: '' };
  }

  #retryLater(retryAfter: number): void {
    const seconds = backoffSeconds(++this.#attempt, retryAfter);
    this.phase = 'waiting';
    this.retryIn = seconds;
    this.#countdown = this.#timers.setInterval(() => {
      this.retryIn = Math.max(0, this.retryIn - 1);
      this.#options.changed();
    }, 1000);
    this.#retry = this.#timers.setTimeout(() => void this.send(), seconds * 1000);
    this.#options.changed();
  }
}
