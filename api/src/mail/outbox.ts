/**
 * The mail outbox: every outgoing mail is a row first, then a worker delivers it through
 * nodemailer to SMTP_URL. A failed delivery stays queued and is retried with exponential
 * backoff (first delay `backoffMs`, doubling, at most 15 minutes). A row is claimed (status
 * "sending" with a lease) before it is sent, so two workers — two processes on one database —
 * never send it twice; a lease that runs out (a crash mid-send) makes it due again.
 * Without SMTP_URL no worker runs: mail waits in the outbox and shows in the inbox's mail log.
 */
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Database } from '../store/schema.ts';
import type { MailContent } from './templates.ts';
import { randomPooled } from '../tickets/secrets.ts';

export interface OutgoingMail extends MailContent {
  kind: 'confirmation' | 'notification' | 'reply' | 'status' | 'chat_missed' | 'password_reset';
  to: string;
  ticketId: number | null;
  reference?: string;
}

const MAX_BACKOFF_MS = 15 * 60_000;
const LEASE_MS = 60_000;

export async function enqueueMail(db: Kysely<Database>, mails: OutgoingMail[], now = new Date()): Promise<void> {
  if (!mails.length) return;
  const at = now.toISOString();
  await db
    .insertInto('outbox')
    .values(mails.map((mail) => ({
      kind: mail.kind,
      ticket_id: mail.ticketId,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      // A stable Message-ID names the ticket, so replies (In-Reply-To) find their way back.
      message_id: `<${(mail.reference ?? 'helpway').toLowerCase()}.${randomPooled(9).toString('hex')}@helpway.invalid>`,
      status: 'queued',
      next_attempt_at: at,
      locked_until: null,
      last_error: null,
      sent_at: null,
      created_at: at,
    })))
    .execute();
}

export async function mailLog(db: Kysely<Database>, options: { ticketId?: number; limit?: number } = {}) {
  let q = db.selectFrom('outbox').select(['id', 'kind', 'ticket_id', 'to_address', 'subject', 'status', 'attempts', 'last_error', 'sent_at', 'created_at', 'next_attempt_at', 'text_body']);
  if (options.ticketId !== undefined) q = q.where('ticket_id', '=', options.ticketId);
  const rows = await q.orderBy('id', 'desc').limit(options.limit ?? 200).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    ticketId: r.ticket_id === null ? null : Number(r.ticket_id),
    to: r.to_address,
    subject: r.subject,
    status: r.status === 'sending' ? 'queued' : r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    sentAt: r.sent_at,
    createdAt: r.created_at,
    nextAttemptAt: r.status === 'sent' ? null : r.next_attempt_at,
    text: r.text_body,
  }));
}

export interface OutboxWorkerOptions {
  db: Kysely<Database>;
  smtpUrl: string;
  from: string;
  pollMs: number;
  backoffMs: number;
  log: (entry: Record<string, unknown>) => void;
}

export class OutboxWorker {
  readonly #o: OutboxWorkerOptions;
  readonly #transport: nodemailer.Transporter;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(options: OutboxWorkerOptions) {
    this.#o = options;
    this.#transport = nodemailer.createTransport({ url: options.smtpUrl, pool: true, maxConnections: 2, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 15000 } as nodemailer.TransportOptions);
  }

  start(): void {
    this.#schedule(0);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.kick(), ms);
    this.#timer.unref();
  }

  /** Look for due mail now (after an enqueue). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.runOnce()
      .then(() => undefined)
      .catch((error) => this.#o.log({ level: 'error', msg: 'outbox run failed', error: (error as Error).message }))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        } else this.#schedule(this.#o.pollMs);
      });
  }

  /** Delivers every due mail once; returns how many were sent. */
  async runOnce(): Promise<number> {
    const { db } = this.#o;
    const now = new Date();
    const at = now.toISOString();
    const due = await db
      .selectFrom('outbox')
      .selectAll()
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', at)]),
        eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', at)]),
      ]))
      .orderBy('id')
      .limit(50)
      .execute();
    let sent = 0;
    for (const row of due) {
      if (this.#stopped) break;
      const lease = new Date(Date.now() + LEASE_MS).toISOString();
      let claim = db.updateTable('outbox').set({ status: 'sending', locked_until: lease }).where('id', '=', row.id).where('status', '=', row.status);
      claim = row.locked_until === null ? claim.where('locked_until', 'is', null) : claim.where('locked_until', '=', row.locked_until);
      const claimed = await claim.executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue; // another worker has it
      try {
        await this.#transport.sendMail({
          from: this.#o.from,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          messageId: row.message_id,
        });
        await db.updateTable('outbox').set({ status: 'sent', sent_at: new Date().toISOString(), locked_until: null, attempts: Number(row.attempts) + 1, last_error: null }).where('id', '=', row.id).execute();
        sent++;
      } catch (error) {
        const attempts = Number(row.attempts) + 1;
        const delay = Math.min(MAX_BACKOFF_MS, this.#o.backoffMs * 2 ** Math.min(attempts - 1, 20));
        await db
          .updateTable('outbox')
          .set({ status: 'queued', locked_until: null, attempts, last_error: String((error as Error).message ?? error).slice(0, 500), next_attempt_at: new Date(Date.now() + delay).toISOString() })
          .where('id', '=', row.id)
          .execute();
        this.#o.log({ level: 'warn', msg: 'mail delivery failed; will retry', outboxId: Number(row.id), attempts, retryInMs: delay, error: (error as Error).message });
        break; // the server is likely down: leave the rest for the next round
      }
    }
    return sent;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
    this.#transport.close();
  }
}
