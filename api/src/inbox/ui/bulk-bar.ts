/**
 * `<helpway-bulk-bar>`: above the queue, select every ticket shown, and do one thing to the
 * selected ones: assign them, set their status or severity, or add the same internal note. One
 * request (POST /api/inbox/tickets/bulk); each ticket is changed as if alone. The number selected
 * and the outcome are read out (polite live regions), a ticket that could not be changed by name.
 *
 * @fires helpway-select-all - detail: boolean, select (true) or clear every ticket shown
 * @fires helpway-bulk-done - detail: BulkResult, after the change (the queue drops the changed ones from the selection)
 */
import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { api, errorText, type Agent } from './api.ts';
import type { BulkResult } from '../bulk-shapes.ts';
import { baseStyles } from './styles.ts';

const count = (n: number) => `${n} ticket${n === 1 ? '' : 's'}`;

export class HelpwayBulkBar extends LitElement {
  static styles = [
    baseStyles,
    css`
      :host { display: block; margin-bottom: .75rem; }
      .bar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; padding: .5rem .75rem; background: #fff; border: 1px solid #d8dde3; border-radius: 6px; }
      .bar.active { border-color: #1b5fc1; background: #f3f7ff; }
      .all { display: flex; gap: .4rem; align-items: center; font-weight: 600; margin: 0; }
      .all input { width: 1.1rem; height: 1.1rem; }
      form { display: flex; gap: .35rem; align-items: end; margin: 0; }
      form label { margin: 0 0 .2rem; }
      p { margin: 0; }
      .selected { font-weight: 700; }
    `,
  ];
  static properties = {
    selected: { attribute: false },
    shown: { type: Number },
    agents: { attribute: false },
    _busy: { state: true },
    _outcome: { state: true },
  };
  /** The selected tickets' references. */
  declare selected: string[];
  /** Tickets shown in the queue (what "select all" selects). */
  declare shown: number;
  declare agents: Agent[];
  declare _busy: boolean;
  declare _outcome: string;
  /** Once something was selected, emptying the selection is said too. */
  #hadSelection = false;
  /** Focus was on an action when the selection emptied: it goes to "Select all shown" rather than nowhere. */
  #refocus = false;

  constructor() {
    super();
    this.selected = [];
    this.shown = 0;
    this.agents = [];
    this._busy = false;
    this._outcome = '';
  }

  /** Moves focus to "Assign to" (the `a` shortcut); false when nothing is selected. */
  focusAssign(): boolean {
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#bulk-assignee');
    select?.focus();
    return Boolean(select);
  }

  protected willUpdate() {
    if (this.selected.length) this.#hadSelection = true;
  }

  protected updated(changed: PropertyValues) {
    if (!changed.has('selected') || !this.#refocus) return;
    this.#refocus = false;
    if (!this.selected.length) this.renderRoot.querySelector<HTMLInputElement>('.all input')?.focus();
  }

  #selectAll(event: Event) {
    const on = (event.target as HTMLInputElement).checked;
    this.dispatchEvent(new CustomEvent('helpway-select-all', { detail: on, bubbles: true, composed: true }));
  }

  #submit(build: (data: FormData) => unknown, done: (result: BulkResult, data: FormData) => string) {
    return async (event: SubmitEvent) => {
      event.preventDefault();
      if (this._busy || !this.selected.length) return;
      const form = event.target as HTMLFormElement;
      const data = new FormData(form);
      this._busy = true;
      try {
        const result = await api.post<BulkResult>('/api/inbox/tickets/bulk', { references: this.selected, action: build(data) });
        const failures = result.results.flatMap((r) => (r.ok ? [] : [`${r.reference}: ${r.error.message}`]));
        this._outcome = `${done(result, data)}${failures.length ? ` Not changed: ${failures.join(' ')}` : ''}`;
        if (result.failed === 0) form.reset();
        this.#refocus = true;
        this.dispatchEvent(new CustomEvent('helpway-bulk-done', { detail: result, bubbles: true, composed: true }));
      } catch (error) {
        this._outcome = `Nothing was changed: ${errorText(error, 'the request failed; try again.')}`;
      } finally {
        this._busy = false;
      }
    };
  }

  #agentName(id: string): string {
    return this.agents.find((a) => String(a.id) === id)?.name ?? 'the agent';
  }

  render() {
    const n = this.selected.length;
    const all = n > 0 && n >= this.shown;
    const of = (r: BulkResult) => (r.failed ? `${r.succeeded} of ${r.succeeded + r.failed} tickets` : count(r.succeeded));
    return html`<div class="bar ${n ? 'active' : ''}" role="group" aria-label="Bulk actions">
      <label class="all"><input type="checkbox" .checked=${all} .indeterminate=${n > 0 && !all} ?disabled=${!this.shown} @change=${this.#selectAll} />Select all shown</label>
      <p class="selected" role="status" aria-live="polite" data-testid="selection-count">${n ? `${count(n)} selected` : this.#hadSelection ? 'No tickets selected' : ''}</p>
      ${
        n
          ? html`
        <form @submit=${this.#submit(
          (d) => ({ type: 'assign', agentId: d.get('agentId') === 'none' ? null : Number(d.get('agentId')) }),
          (r, d) =>
            d.get('agentId') === 'none' ? `Unassigned ${of(r)}.` : `Assigned ${of(r)} to ${this.#agentName(String(d.get('agentId')))}.`,
        )}>
          <div><label for="bulk-assignee">Assign to</label><select id="bulk-assignee" name="agentId" required>
            <option value="" disabled selected>Choose…</option>${this.agents.map((a) => html`<option value=${String(a.id)}>${a.name}</option>`)}
            <option value="none">Nobody (unassign)</option>
          </select></div>
          <button type="submit" aria-disabled=${this._busy ? 'true' : 'false'}>Assign</button>
        </form>
        <form @submit=${this.#submit(
          (d) => ({ type: 'status', status: String(d.get('status')) }),
          (r, d) => `Set ${of(r)} to ${String(d.get('status'))}.`,
        )}>
          <div><label for="bulk-status">New status</label><select id="bulk-status" name="status">
            ${['open', 'pending', 'solved', 'closed'].map((s) => html`<option value=${s}>${s}</option>`)}
          </select></div>
          <button type="submit" class="secondary" aria-disabled=${this._busy ? 'true' : 'false'}>Set status</button>
        </form>
        <form @submit=${this.#submit(
          (d) => ({ type: 'severity', severity: String(d.get('severity')) }),
          (r, d) => `Set ${of(r)} to severity ${String(d.get('severity'))}.`,
        )}>
          <div><label for="bulk-severity">New severity</label><select id="bulk-severity" name="severity">
            ${['S1', 'S2', 'S3', 'S4'].map((s) => html`<option value=${s}>${s}</option>`)}
          </select></div>
          <button type="submit" class="secondary" aria-disabled=${this._busy ? 'true' : 'false'}>Set severity</button>
        </form>
        <form @submit=${this.#submit(
          (d) => ({ type: 'note', body: String(d.get('body') ?? '') }),
          (r) => `Added the note to ${of(r)}.`,
        )}>
          <div><label for="bulk-note">Note on each</label><input id="bulk-note" name="body" required maxlength="20000" /></div>
          <button type="submit" class="secondary" aria-disabled=${this._busy ? 'true' : 'false'}>Add note</button>
        </form>`
          : nothing
      }
      <p role="status" aria-live="polite" data-testid="bulk-outcome">${this._outcome}</p>
    </div>`;
  }
}

if (!customElements.get('helpway-bulk-bar')) customElements.define('helpway-bulk-bar', HelpwayBulkBar);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-bulk-bar': HelpwayBulkBar;
  }
}
