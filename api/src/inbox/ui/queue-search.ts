/**
 * `<helpway-queue-search>`: the queue's search box (GET /api/inbox/tickets?q=…). A labelled search
 * field in a search landmark; the search runs as the agent pauses typing (or presses Enter), and
 * "Clear search" (or Escape) goes back to the queue. What was found is read out once it is shown
 * ("3 tickets match “gradebook”"), politely, so typing is not interrupted.
 */
import { LitElement, html, css, nothing } from 'lit';
import { baseStyles } from './styles.ts';

/** A pause this long in typing runs the search. */
const TYPING_PAUSE_MS = 350;

const count = new Intl.NumberFormat('en-GB');

/**
 * @fires helpway-search - detail: { q } (trimmed; '' = back to the queue)
 */
export class HelpwayQueueSearch extends LitElement {
  static styles = [
    baseStyles,
    css`
      form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; margin-bottom: .75rem; }
      .field { flex: 1 1 22rem; max-width: 36rem; }
      input { width: 100%; }
      p { margin: 0 0 .75rem; }
    `,
  ];
  static properties = {
    q: {},
    total: { type: Number },
    capped: { type: Boolean },
    loading: { type: Boolean },
  };
  /** The search the queue shows ('' = none). */
  declare q: string;
  /** Tickets found (the queue's total while searching). */
  declare total: number;
  /** More tickets match than a search shows. */
  declare capped: boolean;
  /** A search is on its way. */
  declare loading: boolean;
  #timer: number | undefined;
  #typed = '';

  constructor() {
    super();
    this.q = '';
    this.total = 0;
    this.capped = false;
    this.loading = false;
  }

  firstUpdated() {
    // Set once, not bound: a search answered while the agent types on must not overwrite the field.
    (this.renderRoot.querySelector('input') as HTMLInputElement).value = this.q;
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.clearTimeout(this.#timer);
  }

  #send(q: string) {
    window.clearTimeout(this.#timer);
    const text = q.trim();
    if (text === this.q) return;
    this.dispatchEvent(new CustomEvent('helpway-search', { detail: { q: text }, bubbles: true, composed: true }));
  }

  _onInput(event: InputEvent) {
    this.#typed = (event.target as HTMLInputElement).value;
    window.clearTimeout(this.#timer);
    // Words need letters or digits: punctuation alone waits for more typing.
    if (this.#typed.trim() && !/[\p{L}\p{N}]/u.test(this.#typed)) return;
    this.#timer = window.setTimeout(() => this.#send(this.#typed), TYPING_PAUSE_MS);
  }

  _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    this.#send((this.renderRoot.querySelector('input') as HTMLInputElement).value);
  }

  _onKeydown(event: KeyboardEvent) {
    if (event.key === 'Escape' && (event.target as HTMLInputElement).value) {
      event.preventDefault();
      this._clear();
    }
  }

  _clear() {
    const input = this.renderRoot.querySelector('input') as HTMLInputElement;
    input.value = '';
    this.#typed = '';
    this.#send('');
    input.focus();
  }

  /** What the live region says: nothing until a search has run, then what it found. */
  #found() {
    if (!this.q || this.loading) return '';
    const n = this.capped
      ? `${count.format(this.total)}+ tickets match`
      : `${count.format(this.total)} ${this.total === 1 ? 'ticket matches' : 'tickets match'}`;
    return `${n} “${this.q}”${this.capped ? ': showing the newest, best first. Add a word or a filter to narrow the search.' : '.'}`;
  }

  render() {
    return html`
      <form role="search" aria-label="Tickets" @submit=${this._onSubmit}>
        <div class="field">
          <label for="ticket-search">Search tickets</label>
          <input id="ticket-search" type="search" name="q" maxlength="200" autocomplete="off" spellcheck="false"
            aria-describedby="ticket-search-help" @input=${this._onInput} @keydown=${this._onKeydown} />
          <div id="ticket-search-help" class="muted">Reference, subject, conversation, requester name or email, site. Every word must match.</div>
        </div>
        <button type="submit">Search</button>
        ${this.q ? html`<button type="button" class="secondary" @click=${this._clear}>Clear search</button>` : nothing}
      </form>
      <p role="status" class="muted">${this.#found()}</p>`;
  }
}

if (!customElements.get('helpway-queue-search')) customElements.define('helpway-queue-search', HelpwayQueueSearch);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-queue-search': HelpwayQueueSearch;
  }
}
