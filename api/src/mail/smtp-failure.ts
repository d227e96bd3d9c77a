/**
 * What a failed SMTP delivery means for the outbox. nodemailer's errors carry the
 * server's reply (`responseCode`, `response`), the command that failed and an error code:
 *
 * - `relay`: the relay itself could not be used (no connection, timeout, TLS, login, greeting,
 *   421 "closing channel"). Nothing was learned about the mail; the worker stops the round and
 *   backs off from the relay, the other mails wait untouched.
 * - `temporary`: a 4xx reply to this mail (greylisting, mailbox full, try later): retry it later,
 *   within bounds, while the other mails carry on.
 * - `permanent`: a 5xx reply to this mail (550 no such user, 552 too big, 554 rejected) or an
 *   address nodemailer refuses to send to: retrying cannot help, give up at once.
 */
export type SmtpFailureKind = 'relay' | 'temporary' | 'permanent';

export interface SmtpFailure {
  kind: SmtpFailureKind;
  /** Short and readable, for the mail log: the server's reply and the command it answered. */
  reason: string;
}

interface NodemailerError {
  message?: string;
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
}

const RELAY_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EAUTH',
  'EPROTOCOL',
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);
/** Commands about the session rather than one mail. */
const SESSION_COMMAND = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH\b|RSET)/;

export function classifySmtpFailure(error: unknown): SmtpFailure {
  const e = (error ?? {}) as NodemailerError;
  const reply = e.response?.replace(/\s+/g, ' ').trim();
  const reason = (reply ? `${reply}${e.command ? ` (${e.command})` : ''}` : String(e.message ?? error)).slice(0, 500);
  const code = e.responseCode;
  if (code === 421 || (e.code && RELAY_CODES.has(e.code)) || (e.command && SESSION_COMMAND.test(e.command)))
    return { kind: 'relay', reason };
  if (code && code >= 500 && code < 600) return { kind: 'permanent', reason };
  if (code && code >= 400 && code < 500) return { kind: 'temporary', reason };
  // Refused by nodemailer before anything was sent (an address it cannot write, a message too big).
  if ((e.code === 'EENVELOPE' || e.code === 'EMESSAGE') && !code) return { kind: 'permanent', reason };
  return { kind: 'temporary', reason };
}
