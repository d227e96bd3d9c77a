/**
 * `<helpway-shortcuts-help>`: the list of the inbox's keyboard shortcuts (shortcuts.ts), a modal
 * dialog opened with ? or the "Keyboard shortcuts" button, with the switch that turns single-key
 * shortcuts off. A chunk of its own, fetched the first time it opens. Esc or Close shuts it and
 * focus goes back to where it was.
 *
 * @fires helpway-shortcuts-setting - detail: boolean, single-key shortcuts on or off
 */
import { LitElement, html, css } from 'lit';
import { baseStyles } from './styles.ts';

const QUEUE_KEYS: Array<[string[], string]> = [
  [['j'], 'Next ticket'],
  [['k'], 'Previous ticket'],
  [['x'], 'Select or unselect the ticket'],
  [['o', 'Enter'], 'Open the ticket'],
  [['a'], 'Assign the selected tickets (or this one)'],
  [['/'], 'Search the queue'],
];
const TICKET_KEYS: Array<[string[], string]> = [
  [['r'], 'Write a reply'],
  [['n'], 'Write an internal note'],
  [['s'], 'Change the status'],
  [['a'], 'Change the assignee'],
  [['Esc'], 'Back to the queue (kept while a reply or note is being written)'],
];

export class HelpwayShortcutsHelp extends LitElement {
  static styles = [
    baseStyles,
    css`
      dialog { max-width: min(34rem, calc(100vw - 2rem)); border: 1px solid #8a96a3; border-radius: 8px; padding: 1.25rem; color: #17202a; }
      dialog::backdrop { background: rgb(23 32 42 / 55%); }
      table { border-collapse: collapse; width: 100%; margin-bottom: .75rem; }
      th, td { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid #e3e7eb; font-weight: normal; }
      th { white-space: nowrap; width: 7rem; }
      kbd { display: inline-block; min-width: 1.5em; padding: 0 .35rem; border: 1px solid #8a96a3; border-bottom-width: 2px; border-radius: 4px; background: #f4f6f8; font: inherit; font-size: .85rem; text-align: center; }
      .setting { display: flex; gap: .5rem; align-items: center; font-weight: 600; margin: .5rem 0 1rem; }
      .setting input { width: 1.1rem; height: 1.1rem; }
      .actions { display: flex; justify-content: flex-end; }
    `,
  ];
  static properties = { enabled: { type: Boolean } };
  /** Whether single-key shortcuts are on. */
  declare enabled: boolean;
  #opener: HTMLElement | null = null;

  constructor() {
    super();
    this.enabled = true;
  }

  get isOpen(): boolean {
    return Boolean(this.renderRoot.querySelector('dialog')?.open);
  }

  /** Opens the dialog; `opener` gets focus back when it closes. */
  show(opener: HTMLElement | null) {
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog || dialog.open) return;
    this.#opener = opener;
    dialog.showModal();
  }

  #closed() {
    const opener = this.#opener;
    this.#opener = null;
    if (opener?.isConnected) opener.focus();
  }

  #table(label: string, id: string, rows: Array<[string[], string]>) {
    return html`<h3 id=${id}>${label}</h3>
      <table aria-labelledby=${id}>
        <tbody>
          ${rows.map(([keys, what]) => html`<tr><th scope="row">${keys.map((k, i) => html`${i ? ' or ' : ''}<kbd>${k}</kbd>`)}</th><td>${what}</td></tr>`)}
        </tbody>
      </table>`;
  }

  render() {
    return html`<dialog aria-labelledby="shortcuts-title" @close=${() => this.#closed()}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p class="muted">One key, without Ctrl or Alt; not while typing in a field. <kbd>?</kbd> shows this list.</p>
      ${this.#table('In the queue', 'keys-queue', QUEUE_KEYS)}
      ${this.#table('On a ticket', 'keys-ticket', TICKET_KEYS)}
      <label class="setting"><input type="checkbox" .checked=${this.enabled}
        @change=${(e: Event) => this.dispatchEvent(new CustomEvent('helpway-shortcuts-setting', { detail: (e.target as HTMLInputElement).checked, bubbles: true, composed: true }))} />Use single-key shortcuts</label>
      <form method="dialog" class="actions"><button type="submit">Close</button></form>
    </dialog>`;
  }
}

if (!customElements.get('helpway-shortcuts-help')) customElements.define('helpway-shortcuts-help', HelpwayShortcutsHelp);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-shortcuts-help': HelpwayShortcutsHelp;
  }
}
