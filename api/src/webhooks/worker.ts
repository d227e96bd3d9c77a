/**
 * The webhook worker: delivers the deliveries queued in the webhook outbox (outbox.ts), like the
 * mail outbox worker (mail/outbox-worker.ts) delivers mail.
 *
 * - A due row is claimed first (status "sending" with a lease), so two workers — two processes on
 *   one database — never send it at the same time; a crash mid-send frees it when the lease ends.
 * - Each try POSTs the stored body, signed afresh (the signature's time is the try's), with the
 *   row's Helpway-Delivery id. A 2xx delivers it. 410 Gone says the receiver is gone for good:
 *   the hook is disabled and its queued deliveries cancelled. Anything else (another status, a
 *   refused connection, the timeout) is retried after `backoffMs`, doubling up to an hour, until
 *   `maxAttempts` tries or `maxAgeMs` of age, then the row is `failed` with the last reason.
 * - Delivery is at least once (a crash after the receiver answered and before the row says so
 *   sends it again): receivers drop duplicates by Helpway-Delivery.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookDeliveriesTable } from '../store/schema.ts';
import { loadOutboxKeys } from '../mail/sealed-secret.ts';
import { cancelQueued, webhookSecret } from './hooks.ts';
import { postJson } from './post.ts';
import { signatureHeader } from './signature.ts';
import { Poller } from '../jobs/poller.ts';

const MAX_BACKOFF_MS = 60 * 60_000;
const LANES = 4;
const BATCH = 50;
const MAX_BATCHES = 20;

export interface WebhookWorkerOptions {
  db: Kysely<Database>;
  pollMs: number;
  timeoutMs: number;
  backoffMs: number;
  maxAttempts: number;
  maxAgeMs: number;
  /** Demo mode lets deliveries reach loopback and private addresses (address-guard.ts). */
  demoMode: boolean;
  /** HELPWAY_SECRET_KEY, to open the sealed signing secrets (with the stored key). */
  secretKey?: string;
  log: (entry: Record<string, unknown>) => void;
}

type Row = Selectable<WebhookDeliveriesTable>;
type Outcome = 'delivered' | 'retry' | 'failed' | 'skipped';

export class WebhookWorker {
  readonly #o: WebhookWorkerOptions;
  readonly #poller: Poller<number>;
  #keys: Promise<Buffer[]> | null = null;
  /** Long enough for a try to finish (the timeout) with room to record it. */
  readonly #leaseMs: number;

  constructor(options: WebhookWorkerOptions) {
    this.#o = options;
    this.#leaseMs = options.timeoutMs * 2 + 30_000;
    this.#poller = new Poller({ name: 'webhook run', round: () => this.#deliverDue(), delayMs: () => options.pollMs, log: options.log });
  }

  start(): void {
    this.#poller.start();
  }

  /** Look for due deliveries now (after an enqueue). */
  kick(): void {
    this.#poller.kick();
  }

  /** One round now, or after the one running; resolves with how many were delivered. */
  async runOnce(): Promise<number> {
    return (await this.#poller.runOnce()) ?? 0;
  }

  async #deliverDue(): Promise<number> {
    let delivered = 0;
    for (let batch = 0; batch < MAX_BATCHES && !this.#poller.stopped; batch++) {
      const at = new Date().toISOString();
      const due = await this.#o.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', at)]),
            eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', at)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(BATCH)
        .execute();
      let next = 0;
      const lane = async () => {
        while (next < due.length && !this.#poller.stopped) if ((await this.#deliver(due[next++])) === 'delivered') delivered++;
      };
      await Promise.all(Array.from({ length: LANES }, lane));
      if (due.length < BATCH) break;
      if (batch === MAX_BATCHES - 1) this.#poller.again();
    }
    return delivered;
  }

  #delay(tries: number): number {
    return Math.min(MAX_BACKOFF_MS, this.#o.backoffMs * 2 ** Math.min(Math.max(tries, 1) - 1, 20));
  }

  async #deliver(row: Row): Promise<Outcome> {
    const { db } = this.#o;
    let claim = db
      .updateTable('webhook_deliveries')
      .set({ status: 'sending', locked_until: new Date(Date.now() + this.#leaseMs).toISOString() })
      .where('id', '=', row.id)
      .where('status', '=', row.status);
    claim = row.locked_until === null ? claim.where('locked_until', 'is', null) : claim.where('locked_until', '=', row.locked_until);
    if (Number((await claim.executeTakeFirst()).numUpdatedRows) !== 1) return 'skipped'; // another worker has it
    const attempts = Number(row.attempts) + 1;

    const hook = await db.selectFrom('webhooks').select(['url', 'disabled_at']).where('id', '=', row.webhook_id).executeTakeFirst();
    if (!hook || hook.disabled_at !== null) {
      await this.#finish(row, { status: 'cancelled', last_error: hook ? 'the webhook was disabled' : 'the webhook was removed' });
      return 'skipped';
    }
    this.#keys ??= loadOutboxKeys(db, this.#o.secretKey)
      .then((keys) => keys.open)
      .catch((error) => {
        this.#keys = null; // read again next time
        throw error;
      });
    const secret = await webhookSecret(db, Number(row.webhook_id), await this.#keys);
    if (!secret) {
      await this.#finish(row, {
        status: 'failed',
        attempts,
        last_error: 'The signing secret could not be unsealed (was HELPWAY_SECRET_KEY changed?); not sent.',
      });
      return 'failed';
    }

    const result = await postJson(
      hook.url,
      row.body,
      {
        'user-agent': 'Helpway-Webhooks/1',
        'helpway-event': row.event_type,
        'helpway-delivery': row.delivery_id,
        'helpway-signature': signatureHeader(secret, row.body, Math.floor(Date.now() / 1000)),
      },
      { timeoutMs: this.#o.timeoutMs, demoMode: this.#o.demoMode },
    );
    if (result.ok) {
      await this.#finish(row, {
        status: 'delivered',
        attempts,
        response_code: result.status,
        last_error: null,
        delivered_at: new Date().toISOString(),
      });
      return 'delivered';
    }
    if (result.status === 410) {
      const reason = `the receiver answered 410 Gone on ${new Date().toISOString()}`;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('webhooks')
          .set({ disabled_at: new Date().toISOString(), disabled_reason: reason })
          .where('id', '=', row.webhook_id)
          .where('disabled_at', 'is', null)
          .execute();
        await cancelQueued(trx, Number(row.webhook_id), 'the receiver answered 410 Gone: webhook disabled');
        await this.#finish(row, { status: 'failed', attempts, response_code: 410, last_error: 'HTTP 410: webhook disabled' }, trx);
      });
      this.#o.log({ level: 'warn', msg: 'webhook receiver answered 410 Gone; webhook disabled', webhookId: Number(row.webhook_id) });
      return 'failed';
    }
    const tooOld = Date.now() - Date.parse(row.created_at) >= this.#o.maxAgeMs;
    if (tooOld || attempts >= this.#o.maxAttempts) {
      const why = tooOld ? `Gave up at ${Math.round(this.#o.maxAgeMs / 3_600_000)} h of age` : `Gave up after ${attempts} tries`;
      await this.#finish(row, {
        status: 'failed',
        attempts,
        response_code: result.status,
        last_error: `${why}: ${result.error}`.slice(0, 500),
      });
      this.#o.log({ level: 'warn', msg: 'webhook not delivered; given up', deliveryId: row.delivery_id, attempts, error: result.error });
      return 'failed';
    }
    const delay = this.#delay(attempts);
    await this.#finish(row, {
      status: 'queued',
      attempts,
      response_code: result.status,
      last_error: result.error.slice(0, 500),
      next_attempt_at: new Date(Date.now() + delay).toISOString(),
    });
    this.#o.log({
      level: 'warn',
      msg: 'webhook not delivered; will retry',
      deliveryId: row.delivery_id,
      attempts,
      retryInMs: delay,
      error: result.error,
    });
    return 'retry';
  }

  async #finish(row: Row, set: Partial<Omit<Row, 'id'>>, db: Kysely<Database> = this.#o.db): Promise<void> {
    await db
      .updateTable('webhook_deliveries')
      .set({ ...set, locked_until: null })
      .where('id', '=', row.id)
      .execute();
  }

  async stop(): Promise<void> {
    await this.#poller.stop();
  }
}
