/**
 * Links the app writes into mails and pages that leave it: the requester's status page, a ticket
 * in the inbox, a password reset. They start from HELPWAY_PUBLIC_URL, or, when it is unset, from
 * the server's own URL once it listens (before that, http://localhost:PORT).
 */
export class Links {
  #base: string;
  readonly #configured: boolean;

  constructor(publicUrl: string | undefined, port: number) {
    this.#base = publicUrl ?? `http://localhost:${port || 8787}`;
    this.#configured = publicUrl !== undefined;
  }

  /** Server start: the listening URL stands in for an unset HELPWAY_PUBLIC_URL. */
  listeningAt(url: string): void {
    if (!this.#configured) this.#base = url;
  }

  get base(): string {
    return this.#base;
  }

  /** `options.encoded`: `token` is already URL-safe (a secret's mark, replaced at send time). */
  statusPage(reference: string, token: string, options: { encoded?: boolean } = {}): string {
    return `${this.#base}/tickets/${reference}?token=${options.encoded ? token : encodeURIComponent(token)}`;
  }

  inboxTicket(reference: string): string {
    return `${this.#base}/inbox/#/tickets/${reference}`;
  }

  /** The inbox's "Fix this article" list. */
  get articleFeedback(): string {
    return `${this.#base}/inbox/#/article-feedback`;
  }

  /** The inbox route that opens the set-new-password screen (a fragment: never sent to servers or in Referer). */
  passwordReset(token: string): string {
    return `${this.#base}/inbox/#/reset-password/${token}`;
  }
}
