/**
 * The queue's selection and keyboard cursor, as a controller of `<helpway-queue>`: a checkbox on
 * each row ("Select HW-1042"), the bulk bar above the table (bulk-bar.ts), and what the queue's
 * shortcuts do (shortcuts.ts): move from ticket to ticket (focus goes to the ticket's link, so a
 * screen reader reads it), select the one under the cursor, open it, assign the selection.
 * A ticket that leaves the queue (solved meanwhile, filtered out) leaves the selection too.
 */
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { Agent, QueueItem } from './api.ts';
import type { BulkResult } from '../bulk-shapes.ts';
import type { HelpwayBulkBar } from './bulk-bar.ts';
import './bulk-bar.ts';

/** The queue, as far as its selection needs it. */
export interface SelectionHost extends ReactiveControllerHost {
  readonly tickets: QueueItem[];
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/** What the queue's single-key shortcuts do (shortcuts.ts). */
export interface QueueKeys {
  /** j / k: the next or previous ticket. */
  move(delta: 1 | -1): void;
  /** x: select or unselect the ticket under the cursor. */
  toggleCurrent(): void;
  /** o / Enter: open the ticket under the cursor. */
  openCurrent(): void;
  /** a: assign the selection (the ticket under the cursor when none is selected). */
  assign(): void;
  /** Back from a ticket: the cursor on its row. */
  focusTicket(reference: string): boolean;
}

export class QueueSelection implements ReactiveController, QueueKeys {
  readonly #host: SelectionHost;
  readonly #selected = new Set<string>();
  /** The last ticket the cursor was on, for when focus left the table. */
  #cursor: string | null = null;

  constructor(host: SelectionHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdate() {
    const shown = new Set(this.#host.tickets.map((t) => t.reference));
    for (const reference of this.#selected) if (!shown.has(reference)) this.#selected.delete(reference);
  }

  get selected(): string[] {
    return this.#host.tickets.map((t) => t.reference).filter((r) => this.#selected.has(r));
  }

  toggle(reference: string, on = !this.#selected.has(reference)) {
    if (on) this.#selected.add(reference);
    else this.#selected.delete(reference);
    this.#host.requestUpdate();
  }

  #selectAll(on: boolean) {
    this.#selected.clear();
    if (on) for (const t of this.#host.tickets) this.#selected.add(t.reference);
    this.#host.requestUpdate();
  }

  #done(result: BulkResult) {
    // What changed leaves the selection; what could not be changed stays selected, to try again.
    for (const r of result.results) if (r.ok) this.#selected.delete(r.reference);
    this.#host.requestUpdate();
  }

  /** The bulk bar, for above the table. */
  bar(agents: Agent[]) {
    return html`<helpway-bulk-bar .selected=${this.selected} .shown=${this.#host.tickets.length} .agents=${agents}
      @helpway-select-all=${(e: CustomEvent<boolean>) => this.#selectAll(e.detail)}
      @helpway-bulk-done=${(e: CustomEvent<BulkResult>) => this.#done(e.detail)}></helpway-bulk-bar>`;
  }

  /** The row's checkbox, for the start of its first cell. */
  checkbox(t: QueueItem) {
    return html`<input type="checkbox" class="pick" aria-label="Select ${t.reference}" .checked=${this.#selected.has(t.reference)}
      @change=${(e: Event) => this.toggle(t.reference, (e.target as HTMLInputElement).checked)} />`;
  }

  #rows(): HTMLTableRowElement[] {
    return [...this.#host.renderRoot.querySelectorAll<HTMLTableRowElement>('tbody tr[data-reference]')];
  }

  /** The row under the cursor: the one holding focus, else the last one the cursor was on. */
  #current(): number {
    const rows = this.#rows();
    const root = this.#host.renderRoot as ShadowRoot;
    const focused = root.activeElement?.closest('tr[data-reference]');
    const at = focused ? rows.indexOf(focused as HTMLTableRowElement) : -1;
    return at >= 0 ? at : rows.findIndex((r) => r.dataset.reference === this.#cursor);
  }

  #focusRow(row: HTMLTableRowElement | undefined): boolean {
    if (!row) return false;
    this.#cursor = row.dataset.reference ?? null;
    row.querySelector<HTMLAnchorElement>('a[href^="#/tickets/"]')?.focus();
    return true;
  }

  move(delta: 1 | -1) {
    const rows = this.#rows();
    if (!rows.length) return;
    const at = this.#current();
    this.#focusRow(rows[at < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, at + delta))]);
  }

  toggleCurrent() {
    const row = this.#rows()[this.#current()];
    if (row?.dataset.reference) {
      this.#cursor = row.dataset.reference;
      this.toggle(row.dataset.reference);
    }
  }

  openCurrent() {
    const reference = this.#rows()[this.#current()]?.dataset.reference;
    if (reference) location.hash = `#/tickets/${reference}`;
  }

  async assign() {
    if (!this.#selected.size) {
      const reference = this.#rows()[this.#current()]?.dataset.reference;
      if (!reference) return;
      this.toggle(reference, true);
    }
    await this.#host.updateComplete;
    const bar = this.#host.renderRoot.querySelector<HelpwayBulkBar>('helpway-bulk-bar');
    await bar?.updateComplete;
    bar?.focusAssign();
  }

  focusTicket(reference: string): boolean {
    return this.#focusRow(this.#rows().find((r) => r.dataset.reference === reference));
  }
}
