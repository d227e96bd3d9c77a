/**
 * "Typing…" in the inbox's side of a live chat: the requester's typing, which the inbox's live
 * stream reports as a `typing` event listing the chats whose requester is typing now (main.ts
 * passes it to `requestersTyping`), and the agent's own, reported to
 * POST /api/inbox/tickets/{ref}/chat/typing no more than every few seconds while they type.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { api } from './api.ts';

/** How long a report shows, as the server counts it (chat/typing.ts): a report refreshes it. */
const SHOWN_MS = 6_000;
/** The agent's reports while typing on: well within SHOWN_MS, above the server's 2 s throttle. */
const REPORT_EVERY_MS = 3_000;

/** The latest list of chats whose requester is typing, from the inbox's live stream. */
class RequestersTyping extends EventTarget {
  references = new Set<string>();
  at = 0;
  set(references: string[]): void {
    this.references = new Set(references);
    this.at = Date.now();
    this.dispatchEvent(new Event('change'));
  }
}
export const requestersTyping = new RequestersTyping();

export class ChatTyping implements ReactiveController {
  readonly #host: ReactiveControllerHost & { reference: string };
  #shown = false;
  #hide: number | undefined;
  #lastReport = 0;
  #reported = false;
  #onChange = () => this.#update();

  constructor(host: ReactiveControllerHost & { reference: string }) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    requestersTyping.addEventListener('change', this.#onChange);
    this.#update();
  }

  hostDisconnected(): void {
    requestersTyping.removeEventListener('change', this.#onChange);
    window.clearTimeout(this.#hide);
  }

  #update(): void {
    const typing = requestersTyping.references.has(this.#host.reference) && Date.now() - requestersTyping.at < SHOWN_MS;
    window.clearTimeout(this.#hide);
    // The requester may leave without a word: the indicator goes when no report renews it.
    if (typing) this.#hide = window.setTimeout(() => this.#set(false), SHOWN_MS);
    this.#set(typing);
  }

  #set(shown: boolean): void {
    if (shown === this.#shown) return;
    this.#shown = shown;
    this.#host.requestUpdate();
  }

  /** The reply box changed: report typing (or that it stopped, once emptied) while the chat is open. */
  typed(text: string, chatOpen: boolean): void {
    if (!chatOpen) return;
    const typing = text.trim() !== '';
    const now = Date.now();
    if (typing && (!this.#reported || now - this.#lastReport >= REPORT_EVERY_MS)) this.#report(true, now);
    else if (!typing && this.#reported) this.#report(false, now);
  }

  /** A reply went out: it ends the typing the requester saw, so the next keystroke reports afresh. */
  sent(): void {
    this.#reported = false;
    this.#lastReport = 0;
  }

  #report(typing: boolean, now: number): void {
    this.#reported = typing;
    this.#lastReport = now;
    // Best effort: a lost report only means the requester does not see "typing…" this once.
    void api.post(`/api/inbox/tickets/${encodeURIComponent(this.#host.reference)}/chat/typing`, { typing }).catch(() => {});
  }

  /** The live region saying the requester is typing (always there while the chat is open, so screen readers hear it change). */
  render(requesterName: string, chatOpen: boolean) {
    if (!chatOpen) return nothing;
    return html`<p class="typing muted" role="status">${this.#shown ? `${requesterName} is typing…` : ''}</p>`;
  }
}
