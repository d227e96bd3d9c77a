/**
 * The outbox worker: delivers the mail queued in the outbox (outbox.ts) through nodemailer to
 * SMTP_URL.
 *
 * Delivery: a round sends every due mail, several at a time (one per pooled SMTP
 * connection, 4 unless SMTP_URL says `?maxConnections=N`), and one recipient never holds up the
 * others (nodemailer drops a connection after any refusal, so a refused mail costs a reconnect). What a failure means is decided in
 * smtp-failure.ts:
 * - permanent (a 5xx reply to this mail): `failed` at once, the reply kept as the reason;
 * - temporary (a 4xx reply to this mail): retried after `backoffMs`, doubling up to 15 minutes,
 *   until `maxAttempts` tries or `maxAgeMs` of age, then `failed`;
 * - the relay itself is unusable (refused, timeout, login): the round stops, and the worker backs
 *   off from the relay (same doubling); the mail tried keeps its place and only fails once older
 *   than `maxAgeMs`, so an outage shorter than that loses nothing.
 *
 * Exactly-once is not possible over SMTP: a row is claimed (status "sending" with a lease) before
 * it is sent, so two workers — two processes on one database — never send it at the same time,
 * but a crash after the relay took the mail and before the row says "sent" sends it again once
 * the lease runs out. Delivery is at-least-once; every try of a row carries the same Message-ID,
 * so receivers can drop the duplicate.
 */
import type { Kysely, Selectable } from 'kysely';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type { Database, OutboxTable } from '../store/schema.ts';
import { classifySmtpFailure } from './smtp-failure.ts';
import { Poller } from '../jobs/poller.ts';
import { loadOutboxKeys, openSecret, revealSecret, type OutboxKeys } from './sealed-secret.ts';
import { displayFileName } from '../uploads/file-name.ts';

const MAX_BACKOFF_MS = 15 * 60_000;
const LEASE_MS = 60_000;
/** Mails in flight at once, one per pooled SMTP connection (`?maxConnections=N` in SMTP_URL changes it). */
const DEFAULT_LANES = 4;
const BATCH = 50;
/** Batches per round before the worker yields to its timer (new mail keeps arriving under load). */
const MAX_BATCHES = 20;

export interface OutboxWorkerOptions {
  db: Kysely<Database>;
  smtpUrl: string;
  from: string;
  pollMs: number;
  /** First retry delay; doubles per try up to 15 minutes (per mail, and for the relay). */
  backoffMs: number;
  /** A mail refused for the time being fails after this many tries. */
  maxAttempts: number;
  /** A mail that fails a try when older than this fails for good. */
  maxAgeMs: number;
  /** HELPWAY_SECRET_KEY, to open sealed secrets (with the stored key). */
  secretKey?: string;
  log: (entry: Record<string, unknown>) => void;
}

type Outcome = 'sent' | 'failed' | 'retry' | 'relay' | 'skipped';
type OutboxRow = Selectable<OutboxTable>;

export class OutboxWorker {
  readonly #o: OutboxWorkerOptions;
  readonly #transport: nodemailer.Transporter;
  readonly #lanes: number;
  readonly #poller: Poller<number>;
  #keys: Promise<OutboxKeys> | null = null;
  /** Consecutive rounds that found the relay unusable, and when to try it again. */
  #relayFailures = 0;
  #relayRetryAt = 0;

  constructor(options: OutboxWorkerOptions) {
    this.#o = options;
    this.#poller = new Poller({
      name: 'outbox run',
      round: () => this.runOnce(),
      // A relay that is down is not asked again before its backoff ends, however often mail is queued.
      delayMs: () => Math.max(options.pollMs, this.#relayRetryAt - Date.now()),
      log: options.log,
    });
    // Given `url`, nodemailer reads only the URL and drops every other option: parse it here, so the
    // pool and the timeouts apply (options in the URL's query string still win).
    const transport = {
      pool: true,
      maxConnections: DEFAULT_LANES,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 15000,
      ...parseConnectionUrl(options.smtpUrl),
    };
    this.#lanes =
      transport.pool && Number.isInteger(transport.maxConnections) && transport.maxConnections > 0 ? transport.maxConnections : 1;
    this.#transport = nodemailer.createTransport(transport as nodemailer.TransportOptions);
  }

  start(): void {
    this.#poller.start();
  }

  /** Look for due mail now (after an enqueue). */
  kick(): void {
    this.#poller.kick();
  }

  /** Due mail, most overdue first (so retries take turns with fresh mail instead of starving it). */
  #dueBatch(at: string): Promise<OutboxRow[]> {
    return this.#o.db
      .selectFrom('outbox')
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
  }

  /**
   * One round: every due mail gets a try, one per lane, whatever happens to the others; only a
   * relay that cannot be used ends the round early. Returns how many were sent.
   */
  async runOnce(): Promise<number> {
    if (Date.now() < this.#relayRetryAt) return 0;
    let sent = 0;
    let answered = 0; // tries the relay answered, whatever it said
    let relayDown = false;
    for (let batch = 0; batch < MAX_BATCHES && !relayDown && !this.#poller.stopped; batch++) {
      const due = await this.#dueBatch(new Date().toISOString());
      let next = 0;
      const take = async () => {
        const outcome = await this.#deliver(due[next++]);
        if (outcome === 'sent') sent++;
        if (outcome === 'relay') relayDown = true;
        else if (outcome !== 'skipped') answered++;
      };
      const lane = async () => {
        while (next < due.length && !relayDown && !this.#poller.stopped) await take();
      };
      // The first mail goes alone: a relay that is down then costs one try, not one per lane.
      if (batch === 0 && due.length) await take();
      await Promise.all(Array.from({ length: this.#lanes }, lane));
      if (due.length < BATCH) break;
      if (batch === MAX_BATCHES - 1) this.#poller.again();
    }
    if (relayDown) {
      this.#relayFailures++;
      this.#relayRetryAt = Date.now() + this.#delay(this.#relayFailures);
    } else if (answered > 0) {
      this.#relayFailures = 0;
      this.#relayRetryAt = 0;
    }
    return sent;
  }

  #delay(tries: number): number {
    return Math.min(MAX_BACKOFF_MS, this.#o.backoffMs * 2 ** Math.min(Math.max(tries, 1) - 1, 20));
  }

  async #deliver(row: OutboxRow): Promise<Outcome> {
    const { db } = this.#o;
    const lease = new Date(Date.now() + LEASE_MS).toISOString();
    let claim = db
      .updateTable('outbox')
      .set({ status: 'sending', locked_until: lease })
      .where('id', '=', row.id)
      .where('status', '=', row.status);
    claim = row.locked_until === null ? claim.where('locked_until', 'is', null) : claim.where('locked_until', '=', row.locked_until);
    const claimed = await claim.executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return 'skipped'; // another worker has it
    const attempts = Number(row.attempts) + 1;

    let bodies = { text: row.text_body, html: row.html_body };
    if (row.sealed_secret) {
      this.#keys ??= loadOutboxKeys(db, this.#o.secretKey).catch((error) => {
        this.#keys = null; // read again next time
        throw error;
      });
      const secret = openSecret((await this.#keys).open, row.sealed_secret, row.message_id);
      if (!secret)
        return this.#giveUp(row, attempts, 'The link in this mail could not be unsealed (was HELPWAY_SECRET_KEY changed?); not sent.');
      bodies = revealSecret(bodies, secret);
    }

    try {
      await this.#transport.sendMail({
        from: this.#o.from,
        to: row.to_address,
        subject: row.subject,
        text: bodies.text,
        html: bodies.html,
        messageId: row.message_id,
        attachments: row.attachments_message_id === null ? undefined : await messageFiles(db, Number(row.attachments_message_id)),
      });
    } catch (error) {
      const failure = classifySmtpFailure(error);
      const tooOld = Date.now() - Date.parse(row.created_at) >= this.#o.maxAgeMs;
      if (failure.kind === 'permanent' || tooOld || (failure.kind === 'temporary' && attempts >= this.#o.maxAttempts)) {
        const why =
          failure.kind === 'permanent'
            ? 'Refused'
            : tooOld
              ? `Gave up at ${Math.round(this.#o.maxAgeMs / 3_600_000)} h of age`
              : `Gave up after ${attempts} tries`;
        return this.#giveUp(row, attempts, `${why}: ${failure.reason}`);
      }
      const delay = failure.kind === 'relay' ? this.#delay(this.#relayFailures + 1) : this.#delay(attempts);
      await db
        .updateTable('outbox')
        .set({
          status: 'queued',
          locked_until: null,
          attempts,
          last_error: failure.reason,
          next_attempt_at: new Date(Date.now() + delay).toISOString(),
        })
        .where('id', '=', row.id)
        .execute();
      this.#o.log({
        level: 'warn',
        msg: failure.kind === 'relay' ? 'mail relay unusable; backing off' : 'mail deferred by the relay; will retry',
        outboxId: Number(row.id),
        attempts,
        retryInMs: delay,
        error: failure.reason,
      });
      return failure.kind === 'relay' ? 'relay' : 'retry';
    }
    await db
      .updateTable('outbox')
      .set({ status: 'sent', sent_at: new Date().toISOString(), locked_until: null, attempts, last_error: null, sealed_secret: null })
      .where('id', '=', row.id)
      .execute();
    return 'sent';
  }

  async #giveUp(row: OutboxRow, attempts: number, reason: string): Promise<Outcome> {
    await this.#o.db
      .updateTable('outbox')
      .set({ status: 'failed', locked_until: null, attempts, last_error: reason.slice(0, 500), sealed_secret: null })
      .where('id', '=', row.id)
      .execute();
    this.#o.log({ level: 'warn', msg: 'mail not delivered; given up', outboxId: Number(row.id), kind: row.kind, attempts, error: reason });
    return 'failed';
  }

  async stop(): Promise<void> {
    await this.#poller.stop();
    this.#transport.close();
  }
}

/** The files of the ticket message a mail carries (an agent's reply with a saved reply's files), read at send time. */
async function messageFiles(db: Kysely<Database>, messageId: number) {
  const files = await db
    .selectFrom('attachments')
    .select(['filename', 'content_type', 'data'])
    .where('message_id', '=', messageId)
    .orderBy('id')
    .execute();
  return files.map((f) => ({ filename: displayFileName(f.filename), contentType: f.content_type, content: Buffer.from(f.data) }));
}
