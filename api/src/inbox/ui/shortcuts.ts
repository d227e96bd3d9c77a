/**
 * `<helpway-shortcuts>`: the inbox's single-key shortcuts and their help. In the queue: j / k
 * next and previous ticket, x select it, o or Enter open it, a assign the selection, / the search
 * box (when the queue has one); on a ticket: r reply, n internal note, s status, a assignee, Esc
 * back to the queue; anywhere: ? this help, a modal dialog that lists them.
 *
 * Keys typed into a field (text boxes, lists, editable text) are the field's, never a shortcut,
 * and no shortcut uses Ctrl, Alt or Meta. Single-key shortcuts can be turned off in the help
 * (WCAG 2.1.4), remembered in this browser; the "Keyboard shortcuts" button stays to turn them on.
 */
import { LitElement, html, css } from 'lit';
import { baseStyles } from './styles.ts';
import type { QueueKeys } from './queue-selection.ts';
import type { HelpwayShortcutsHelp } from './shortcuts-help.ts';

/** The views that have shortcuts of their own. */
export type ShortcutView = 'queue' | 'ticket' | string;

/** In localStorage: "off" when the agent turned single-key shortcuts off (in the help). */
const STORAGE_KEY = 'helpway:shortcuts';

/** Inputs whose keys are navigation rather than text: shortcuts still work on them. */
const NOT_TYPING = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'image', 'color', 'file', 'range']);

/** The element a key went to, through shadow roots: typing there is not a shortcut. */
function typingIn(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !NOT_TYPING.has(target.type);
  return false;
}

/** The first match in `root` or in the shadow roots of the elements under it (the search box is in its own element). */
function deepQuery(root: ParentNode, selector: string): HTMLElement | null {
  const found = root.querySelector<HTMLElement>(selector);
  if (found) return found;
  for (const el of root.querySelectorAll('*')) {
    const inner = el.shadowRoot ? deepQuery(el.shadowRoot, selector) : null;
    if (inner) return inner;
  }
  return null;
}

function readEnabled(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true; // storage blocked: on, for this page
  }
}

/** Ticket keys → the field they go to on the ticket page. */
const TICKET_FIELDS: Record<string, string> = { r: '#reply', n: '#note', s: '#status', a: '#assignee' };

export class HelpwayShortcuts extends LitElement {
  static styles = [baseStyles, css`:host { display: inline-block; }`];
  static properties = { view: {}, _enabled: { state: true } };
  /** The inbox view on screen: `queue`, `ticket`, or another (only ? then). */
  declare view: ShortcutView;
  declare _enabled: boolean;
  /** The ticket left with Esc: its row gets the cursor once the queue shows it. */
  #backFrom: string | null = null;
  #onKey = (event: KeyboardEvent) => this.#key(event);

  constructor() {
    super();
    this.view = 'queue';
    this._enabled = readEnabled();
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onKey);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.#onKey);
  }

  /** The inbox's shadow root, where the views are. */
  #views(): ParentNode {
    return this.getRootNode() as ParentNode;
  }

  #queue(): (HTMLElement & { selection?: QueueKeys }) | null {
    return this.#views().querySelector('helpway-queue');
  }

  /** Opens the help (a chunk of its own, fetched the first time), focus returning where it was. */
  async open() {
    let opener = document.activeElement as HTMLElement | null;
    while (opener?.shadowRoot?.activeElement) opener = opener.shadowRoot.activeElement as HTMLElement;
    await import('./shortcuts-help.ts');
    const help = this.renderRoot.querySelector<HelpwayShortcutsHelp>('helpway-shortcuts-help');
    await help?.updateComplete;
    help?.show(opener);
  }

  #helpOpen(): boolean {
    return Boolean(this.renderRoot.querySelector<HelpwayShortcutsHelp>('helpway-shortcuts-help')?.isOpen);
  }

  #key(event: KeyboardEvent) {
    if (!this._enabled || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (this.#helpOpen()) return; // the dialog's own keys (Esc closes it)
    const target = event.composedPath()[0];
    if (typingIn(target)) return;
    const key = event.key;
    if (key === '?') return this.#done(event, () => void this.open());
    if (this.view === 'queue') this.#queueKey(event, key, target);
    else if (this.view === 'ticket') this.#ticketKey(event, key);
  }

  #done(event: KeyboardEvent, action: () => void) {
    event.preventDefault();
    action();
  }

  #queueKey(event: KeyboardEvent, key: string, target: EventTarget | undefined) {
    const keys = this.#queue()?.selection;
    if (!keys) return;
    if (key === 'j') this.#done(event, () => keys.move(1));
    else if (key === 'k') this.#done(event, () => keys.move(-1));
    else if (key === 'x') this.#done(event, () => keys.toggleCurrent());
    else if (key === 'o') this.#done(event, () => keys.openCurrent());
    // Enter opens from a row's checkbox or from nowhere in particular; elsewhere it keeps its own
    // meaning (a link opens its ticket by itself, a button does what it says).
    else if (key === 'Enter' && (target === document.body || (target instanceof HTMLInputElement && target.closest('tr[data-reference]'))))
      this.#done(event, () => keys.openCurrent());
    else if (key === 'a') this.#done(event, () => void keys.assign());
    else if (key === '/') {
      const search = deepQuery(this.#views(), 'input[type="search"], [role="searchbox"]');
      if (search) this.#done(event, () => search.focus());
    }
  }

  #ticketKey(event: KeyboardEvent, key: string) {
    const ticket = this.#views().querySelector('helpway-ticket');
    if (key === 'Escape') {
      // Never away from a reply or note being written: it would be lost with the page.
      const drafts = [...(ticket?.renderRoot?.querySelectorAll('textarea') ?? [])].some((t) => t.value.trim() !== '');
      const reference = (ticket as { reference?: string } | null)?.reference ?? null;
      if (!drafts) this.#done(event, () => this.#back(reference));
      return;
    }
    const selector = TICKET_FIELDS[key];
    const field = selector ? ticket?.renderRoot?.querySelector<HTMLElement>(selector) : null;
    if (field) this.#done(event, () => field.focus());
  }

  /** Back to the queue, with the cursor on the ticket's row once it is shown. */
  #back(reference: string | null) {
    this.#backFrom = reference;
    location.hash = '#/';
  }

  protected updated() {
    if (this.view !== 'queue' || !this.#backFrom) return;
    const reference = this.#backFrom;
    this.#backFrom = null;
    // The queue renders after the route changes and again when its tickets load: try for a moment.
    let tries = 0;
    const place = () => {
      if (this.#queue()?.selection?.focusTicket(reference) || ++tries > 40) return;
      setTimeout(place, 50);
    };
    place();
  }

  render() {
    return html`<button type="button" class="secondary" aria-keyshortcuts="?" @click=${() => void this.open()}><span class="visually-hidden">Keyboard </span>Shortcuts</button>
      <helpway-shortcuts-help .enabled=${this._enabled} @helpway-shortcuts-setting=${(e: CustomEvent<boolean>) => this.#setEnabled(e.detail)}></helpway-shortcuts-help>`;
  }

  #setEnabled(on: boolean) {
    this._enabled = on;
    try {
      if (on) localStorage.removeItem(STORAGE_KEY);
      else localStorage.setItem(STORAGE_KEY, 'off');
    } catch {
      // storage blocked: the choice holds for this page
    }
  }
}

if (!customElements.get('helpway-shortcuts')) customElements.define('helpway-shortcuts', HelpwayShortcuts);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-shortcuts': HelpwayShortcuts;
  }
}
