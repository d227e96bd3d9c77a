/**
 * What the ticket page does so two agents do not answer one ticket at once without knowing: it
 * tells the team where this tab is (viewing the ticket, or replying once the reply box has text),
 * shows who else is on it, and sends replies and status changes "based on" the version of the
 * ticket the agent opened. When the API answers that the ticket moved since (409
 * `ticket_changed`), the question "Send anyway?" is shown with what changed, and the reply stays
 * in its box.
 *
 * The version followed is the one the agent opened, then the one after each of their own changes
 * and each question answered. In a live chat it follows the conversation as it arrives: the
 * requester's messages come in while the agent reads along.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ApiError, type Ticket } from './api.ts';
import { presence } from './presence-client.ts';
import type { TicketChanges } from './stale-prompt.ts';
import './ticket-presence.ts';

/** The ticket page, as far as this needs it. */
export interface CollisionHost extends ReactiveControllerHost {
  readonly reference: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

type Kind = 'reply' | 'status';
const KIND: Record<string, Kind> = { replies: 'reply', status: 'status' };

export class TicketCollision implements ReactiveController {
  readonly #host: CollisionHost;
  #reference = '';
  #basedOn: string | null = null;
  #adoptNext = false;
  #replying = false;
  #stale: { kind: Kind; changes: TicketChanges; form: HTMLFormElement | undefined } | null = null;

  constructor(host: CollisionHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected() {
    if (this.#reference) presence.report(this.#reference, this.#replying ? 'replying' : 'viewing');
  }

  hostDisconnected() {
    presence.report(null);
  }

  /** The ticket was (re)read. */
  loaded(ticket: Ticket) {
    if (ticket.reference !== this.#reference) {
      this.#reference = ticket.reference;
      this.#basedOn = ticket.version;
      this.#stale = null;
      this.#replying = false;
      presence.report(ticket.reference, 'viewing');
    } else if (this.#adoptNext || ticket.chatState === 'live' || ticket.chatState === 'waiting') {
      this.#basedOn = ticket.version;
    }
    this.#adoptNext = false;
  }

  /** `body` for POST …/{path}, with the version it is based on where the API checks one. */
  stamp(path: string, body: unknown): unknown {
    return KIND[path] && this.#basedOn && body && typeof body === 'object' ? { ...body, basedOn: this.#basedOn } : body;
  }

  /** The agent's own change went through: the ticket as it is next read is theirs to act on. */
  acted(path: string) {
    this.#adoptNext = true;
    this.#stale = null;
    if (path === 'replies') this.#typing(false);
  }

  /** A refusal because the ticket changed: asked about here. True when it was one. */
  caught(error: unknown, path: string, form: HTMLFormElement | undefined): boolean {
    const changes =
      error instanceof ApiError && error.code === 'ticket_changed' ? (error.details?.changes as TicketChanges | undefined) : undefined;
    if (!changes || !KIND[path]) return false;
    // The question is a chunk of its own, fetched the first time it is needed.
    void import('./stale-prompt.ts').then(() => {
      this.#stale = { kind: KIND[path], changes, form };
      this.#host.requestUpdate();
    });
    return true;
  }

  /** For the reply box's `input` event. */
  readonly onReplyInput = (event: Event) => this.#typing((event.target as HTMLTextAreaElement).value.trim() !== '');

  #typing(replying: boolean) {
    if (replying === this.#replying) return;
    this.#replying = replying;
    if (this.#reference) presence.report(this.#reference, replying ? 'replying' : 'viewing');
  }

  #answered(sendAnyway: boolean) {
    const stale = this.#stale;
    if (!stale) return;
    // Seen now, either way: the next send is based on the ticket as the question showed it.
    this.#basedOn = stale.changes.version;
    this.#stale = null;
    this.#host.requestUpdate();
    if (sendAnyway) stale.form?.requestSubmit();
    else this.#host.renderRoot.querySelector<HTMLElement>(stale.kind === 'reply' ? '#reply' : '#status')?.focus();
  }

  /** Who else is on the ticket, live. */
  presenceLine() {
    return this.#reference ? html`<helpway-ticket-presence .reference=${this.#reference}></helpway-ticket-presence>` : nothing;
  }

  /** The question, where the refused change was made (the reply box or the status form). */
  prompt(kind: Kind, requester: string) {
    const stale = this.#stale;
    if (!stale || stale.kind !== kind) return nothing;
    return html`<helpway-stale-prompt .reference=${this.#reference} .kind=${kind} .changes=${stale.changes} .requester=${requester}
      @helpway-send-anyway=${() => this.#answered(true)} @helpway-keep-editing=${() => this.#answered(false)}></helpway-stale-prompt>`;
  }
}
