/**
 * The mail outbox: every outgoing mail is a row first (queued in the transaction of the change that
 * caused it), then a worker (outbox-worker.ts) delivers it through nodemailer to SMTP_URL. Without
 * SMTP_URL no worker runs: mail waits in the outbox and shows in the inbox's mail log, and a later
 * start with SMTP_URL sends it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { MailContent } from './templates.ts';
import { randomPooled } from '../tickets/secrets.ts';
import { hideLinkTokens, loadOutboxKeys, sealSecret, type MarkedSecret } from './sealed-secret.ts';
import type { OutboxWorker } from './outbox-worker.ts';

export interface OutgoingMail extends MailContent {
  kind:
    | 'confirmation'
    | 'notification'
    | 'reply'
    | 'status'
    | 'chat_missed'
    | 'password_reset'
    | 'portal_sign_in'
    | 'sla_warning'
    | 'sla_missed'
    | 'escalation'
    | 'escalation_confirmation'
    | 'article_feedback_digest'
    | 'approval_request'
    | 'approval_decided'
    | 'low_budget'
    | 'incident_opened'
    | 'incident_update'
    | 'status_subscription';
  to: string;
  ticketId: number | null;
  reference?: string;
  /** A secret the bodies name by its mark (a token in a link): stored sealed, put in only at send time. */
  secret?: MarkedSecret;
  /** A ticket message whose files the mail carries, read when it is sent (the outbox does not copy them). */
  attachmentsOf?: number;
  /** Set = never sent: the row is kept as `suppressed`, with this reason, for the mail log. */
  suppressed?: string;
}

/** The address as per-recipient limits count it: case and +tags do not make a new recipient. */
export function recipientKey(address: string): string {
  const lower = address.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 0) return lower;
  return `${lower.slice(0, at).replace(/\+.*$/, '')}${lower.slice(at)}`;
}

/**
 * Queues `mails` with `db` (pass the open transaction, so they commit with the change). A mail
 * with a `secret` needs `sealWith` (see sealed-secret.ts: `loadOutboxKeys(db, secretKey).seal`).
 */
export async function enqueueMail(db: Kysely<Database>, mails: OutgoingMail[], options: { sealWith?: Buffer } = {}): Promise<void> {
  if (!mails.length) return;
  const at = new Date().toISOString();
  await db
    .insertInto('outbox')
    .values(
      mails.map((mail) => {
        // A stable Message-ID names the ticket, so replies (In-Reply-To) find their way back; every
        // try of this row sends the same one, so a duplicate after a crash can be recognised.
        const messageId = `<${(mail.reference ?? 'helpway').toLowerCase()}.${randomPooled(9).toString('hex')}@helpway.invalid>`;
        if (mail.secret && !mail.suppressed && !options.sealWith)
          throw new Error(`enqueueMail: the ${mail.kind} mail carries a secret but no sealing key was given`);
        return {
          kind: mail.kind,
          ticket_id: mail.ticketId,
          to_address: mail.to,
          recipient_key: recipientKey(mail.to),
          subject: mail.subject,
          text_body: mail.text,
          html_body: mail.html,
          message_id: messageId,
          sealed_secret: mail.secret && !mail.suppressed ? sealSecret(options.sealWith!, mail.secret, messageId) : null,
          status: mail.suppressed ? 'suppressed' : 'queued',
          next_attempt_at: at,
          locked_until: null,
          last_error: mail.suppressed ?? null,
          sent_at: null,
          created_at: at,
          attachments_message_id: mail.attachmentsOf ?? null,
        };
      }),
    )
    .execute();
}

/** How many mails of `kinds` went to this recipient since `since` (suppressed ones not counted). */
export async function mailsToRecipientSince(db: Kysely<Database>, address: string, kinds: string[], since: Date): Promise<number> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('recipient_key', '=', recipientKey(address))
    .where('created_at', '>', since.toISOString())
    .where('kind', 'in', kinds)
    .where('status', '<>', 'suppressed')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The inbox's view of the outbox. Never a secret: sealed ones are marks, and link tokens are hidden whatever wrote them. */
export async function mailLog(db: Kysely<Database>, options: { ticketId?: number; limit?: number } = {}) {
  let q = db
    .selectFrom('outbox')
    .select([
      'id',
      'kind',
      'ticket_id',
      'to_address',
      'subject',
      'status',
      'attempts',
      'last_error',
      'sent_at',
      'created_at',
      'next_attempt_at',
      'text_body',
    ]);
  if (options.ticketId !== undefined) q = q.where('ticket_id', '=', options.ticketId);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(options.limit ?? 200)
    .execute();
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
    nextAttemptAt: r.status === 'queued' || r.status === 'sending' ? r.next_attempt_at : null,
    text: hideLinkTokens(r.text_body),
  }));
}

/**
 * The outbox as the app holds it (Services.outbox): `kick()` after mail was queued wakes the
 * worker, when one runs (from server start, with SMTP_URL); the key new secrets are sealed with,
 * read once.
 */
export class MailOutbox {
  readonly #secretKey: string | undefined;
  #worker: OutboxWorker | null = null;
  #sealKey: Buffer | null = null;

  constructor(secretKey: string | undefined) {
    this.#secretKey = secretKey;
  }

  run(worker: OutboxWorker): void {
    this.#worker = worker;
    worker.start();
  }

  kick(): void {
    this.#worker?.kick();
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.stop();
  }

  /** With `db`: inside a transaction another connection may wait. */
  async sealKey(db: Kysely<Database>): Promise<Buffer> {
    this.#sealKey ??= (await loadOutboxKeys(db, this.#secretKey)).seal;
    return this.#sealKey;
  }
}
