/**
 * A real SMTP server for the tests (smtp-server), keeping every message it accepts, parsed with
 * postal-mime. `stop()` takes it down; `start(port)` brings it back on the same port. It can refuse
 * recipients (`refuse`: address → reply code, 5xx permanent or 4xx temporary, at RCPT TO) and
 * whole messages (`failNext`: 451 after DATA), and notes every RCPT TO and every Message-ID it
 * saw, refused or not.
 */
import { SMTPServer } from 'smtp-server';
import PostalMime from 'postal-mime';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  raw: string;
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export class SmtpPeer {
  readonly received: ReceivedMail[] = [];
  port = 0;
  /** Answer the next N messages with a temporary failure (451). */
  failNext = 0;
  /** Recipients to refuse at RCPT TO, with the reply code (550, 451, …). */
  readonly refuse = new Map<string, number>();
  /** Every RCPT TO address, in order, refused or not. */
  readonly recipientsTried: string[] = [];
  /** The Message-ID of every message that reached DATA, accepted or not. */
  readonly messageIdsTried: string[] = [];
  #server: SMTPServer | null = null;

  async start(port = 0): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      disableReverseLookup: true,
      onRcptTo: (address, _session, callback) => {
        this.recipientsTried.push(address.address);
        const code = this.refuse.get(address.address.toLowerCase());
        if (!code) return callback();
        const error = new Error(code >= 500 ? 'Mailbox unavailable: no such user here' : 'Mailbox busy, try again later') as Error & {
          responseCode: number;
        };
        error.responseCode = code;
        callback(error);
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const mail = await PostalMime.parse(raw);
          this.messageIdsTried.push(mail.messageId ?? '');
          if (this.failNext > 0) {
            this.failNext--;
            const error = new Error('Try again later') as Error & { responseCode: number };
            error.responseCode = 451;
            callback(error);
            return;
          }
          this.received.push({
            raw,
            messageId: mail.messageId ?? '',
            to: (mail.to ?? []).map((a) => a.address ?? ''),
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            html: mail.html ?? '',
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.port = (server as unknown as { server: { address(): AddressInfo } }).server.address().port;
    return this.port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }
}
