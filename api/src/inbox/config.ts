/**
 * Configuration of the escalation channels, read from the environment with the rest
 * (api/src/config.ts):
 *
 * - `HELPWAY_INBOUND_SECRET`: shared secret for `POST /api/mail/inbound`, in the header
 *   `X-Helpway-Inbound-Secret` only (a query string ends up in access logs). At least 24
 *   characters, checked at start. Unset = inbound mail is refused.
 * - `HELPWAY_INBOUND_AUTHSERV_ID`: the mail provider's authserv-id (the first word of the
 *   Authentication-Results header it adds). When set, only that header's SPF/DKIM/DMARC verdict
 *   counts; unset, the topmost one does (api/src/mail/sender-auth.ts).
 * - `HELPWAY_PUBLIC_URL`: origin used in links in mails (status page). Default http://localhost:PORT.
 * - `HELPWAY_MAIL_FROM`: sender of outgoing mail. Default the policy's support address.
 * - `HELPWAY_CHAT_TIMEOUT_SECONDS`: a chat no agent answers within this becomes an email ticket (300).
 * - `HELPWAY_OUTBOX_POLL_MS`: how often the outbox worker looks for due mail (1000).
 * - `HELPWAY_OUTBOX_BACKOFF_MS`: first retry delay after an SMTP failure, doubled per attempt up to 15 min (2000).
 * - `HELPWAY_PRESENCE_SECONDS`: an agent counts as online this long after their inbox last checked in (60).
 * - `HELPWAY_OUTBOX_MAX_ATTEMPTS`, `HELPWAY_OUTBOX_MAX_AGE_HOURS`: a mail the relay keeps refusing
 *   for the time being fails after this many attempts or once this old (20, 24).
 * - `HELPWAY_CONFIRMATIONS_PER_HOUR`: automatic mails (confirmations) to one address per hour; more
 *   are not sent, and show as suppressed in the mail log (5).
 * - `HELPWAY_SECRET_KEY`: seals secrets in queued mail (32+ characters); unset = a key stored in the database.
 */
export interface EscalationConfig {
  inboundSecret?: string;
  inboundAuthservId?: string;
  publicUrl?: string;
  mailFrom?: string;
  chatTimeoutSeconds: number;
  outboxPollMs: number;
  outboxBackoffMs: number;
  presenceSeconds: number;
  outboxMaxAttempts: number;
  outboxMaxAgeHours: number;
  confirmationsPerHour: number;
  secretKey?: string;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} "${raw}" must be a positive number`);
  return n;
}

/** Long enough that guessing it is hopeless, even at the rate failures are allowed. */
export const MIN_INBOUND_SECRET_LENGTH = 24;

function inboundSecret(env: NodeJS.ProcessEnv): string | undefined {
  const secret = env.HELPWAY_INBOUND_SECRET || undefined;
  if (secret !== undefined && secret.length < MIN_INBOUND_SECRET_LENGTH) {
    throw new Error(
      `HELPWAY_INBOUND_SECRET is ${secret.length} characters long: use at least ${MIN_INBOUND_SECRET_LENGTH} characters, e.g. the output of \`openssl rand -base64 32\`, and put the same value in your mail provider's webhook header X-Helpway-Inbound-Secret (or leave it unset to refuse inbound mail)`,
    );
  }
  return secret;
}

export function readEscalationConfig(env: NodeJS.ProcessEnv): EscalationConfig {
  const publicUrl = env.HELPWAY_PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined;
  if (publicUrl && !/^https?:\/\/[^/]+$/.test(publicUrl))
    throw new Error(`HELPWAY_PUBLIC_URL "${publicUrl}" must be an origin like https://help.example.com`);
  const secretKey = env.HELPWAY_SECRET_KEY || undefined;
  if (secretKey && secretKey.length < 32)
    throw new Error('HELPWAY_SECRET_KEY is too short: use at least 32 random characters (e.g. `openssl rand -base64 32`)');
  return {
    inboundSecret: inboundSecret(env),
    inboundAuthservId: env.HELPWAY_INBOUND_AUTHSERV_ID?.trim() || undefined,
    publicUrl,
    mailFrom: env.HELPWAY_MAIL_FROM?.trim() || undefined,
    chatTimeoutSeconds: positive(env, 'HELPWAY_CHAT_TIMEOUT_SECONDS', 300),
    outboxPollMs: positive(env, 'HELPWAY_OUTBOX_POLL_MS', 1000),
    outboxBackoffMs: positive(env, 'HELPWAY_OUTBOX_BACKOFF_MS', 2000),
    presenceSeconds: positive(env, 'HELPWAY_PRESENCE_SECONDS', 60),
    outboxMaxAttempts: Math.ceil(positive(env, 'HELPWAY_OUTBOX_MAX_ATTEMPTS', 20)),
    outboxMaxAgeHours: positive(env, 'HELPWAY_OUTBOX_MAX_AGE_HOURS', 24),
    confirmationsPerHour: Math.ceil(positive(env, 'HELPWAY_CONFIRMATIONS_PER_HOUR', 5)),
    secretKey,
  };
}
