/**
 * The site's tickets (a key contact) or the contact's own (a member): status filter, "only mine",
 * search, the next due time in words and the client's priority. A key contact orders the open
 * tickets with Up/Down buttons (PUT /api/portal/priorities); focus stays on the moved ticket.
 */
import { html, nothing } from 'lit';
import { api, errorText, type TicketRow } from './api.ts';
import { dueWords } from './due-words.ts';
import { PortalView } from './view.ts';

export class PortalTickets extends PortalView {
  static properties = {
    ...PortalView.properties,
    _tickets: { state: true },
    _next: { state: true },
    _status: { state: true },
    _mine: { state: true },
    _q: { state: true },
    _note: { state: true },
    _error: { state: true },
  };
  declare _tickets: TicketRow[] | null;
  declare _next: string | null;
  declare _status: 'open' | 'solved' | 'all';
  declare _mine: boolean;
  declare _q: string;
  declare _note: string;
  declare _error: string;

  constructor() {
    super();
    this._tickets = null;
    this._next = null;
    this._status = 'open';
    this._mine = false;
    this._q = '';
    this._note = '';
    this._error = '';
  }

  connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  async load(cursor?: string) {
    const q = new URLSearchParams({ status: this._status });
    if (this._q.trim()) q.set('q', this._q.trim());
    if (this._mine) q.set('mine', 'true');
    if (cursor) q.set('cursor', cursor);
    this._error = '';
    try {
      const page = await api.get<{ tickets: TicketRow[]; nextCursor: string | null }>(`/api/portal/tickets?${q}`);
      this._tickets = cursor ? [...(this._tickets ?? []), ...page.tickets] : page.tickets;
      this._next = page.nextCursor;
      this._note = this.w.count(this._tickets.length);
    } catch (error) {
      this._error = errorText(error, this.w.failed);
    }
  }

  #filter(e: Event) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this._status = data.get('status') as 'open' | 'solved' | 'all';
    this._mine = data.get('mine') === 'on';
    this._q = String(data.get('q') ?? '');
    void this.load();
  }

  /** Moves an open ticket one place and saves the order of the open tickets shown. */
  async #move(index: number, by: -1 | 1) {
    const open = (this._tickets ?? []).filter((t) => t.status !== 'solved' && t.status !== 'closed');
    const to = index + by;
    if (to < 0 || to >= open.length) return;
    const order = [...open];
    [order[index], order[to]] = [order[to], order[index]];
    try {
      await api.put('/api/portal/priorities', { references: order.map((t) => t.reference) });
      const rank = new Map(order.map((t, i) => [t.reference, i + 1]));
      const rest = (this._tickets ?? []).filter((t) => !rank.has(t.reference));
      this._tickets = [...order.map((t) => ({ ...t, priority: rank.get(t.reference)! })), ...rest];
      this._note = this.w.orderSaved;
      await this.updateComplete;
      const moved = order[to].reference;
      // Focus follows the moved ticket: the same button, or the other one at the end of the list.
      const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>(`button[data-ref="${moved}"]`)];
      (buttons.find((b) => b.dataset.by === String(by) && !b.disabled) ?? buttons.find((b) => !b.disabled))?.focus();
    } catch (error) {
      this._error = errorText(error, this.w.failed);
    }
  }

  render() {
    const w = this.w;
    const key = this.me?.role === 'key';
    const canOrder = key && this._status === 'open';
    const now = new Date();
    const tickets = this._tickets;
    let openIndex = -1;
    const openCount = (tickets ?? []).filter((t) => t.status !== 'solved' && t.status !== 'closed').length;
    return html`<h1>${w.tickets}</h1>
      <form class="row card" role="search" aria-label=${w.filters} @submit=${this.#filter}>
        <div>
          <label for="status">${w.status}</label>
          <select id="status" name="status">
            ${(['open', 'solved', 'all'] as const).map((s) => html`<option value=${s} ?selected=${this._status === s}>${w[s]}</option>`)}
          </select>
        </div>
        <div>
          <label for="q">${w.search}</label>
          <input id="q" name="q" type="search" .value=${this._q} />
        </div>
        ${
          key
            ? html`<div><input id="mine" name="mine" type="checkbox" ?checked=${this._mine} /> <label class="inline" for="mine">${w.mine}</label></div>`
            : nothing
        }
        <button>${w.show}</button>
      </form>
      <p role="status" class="muted">${this._note}</p>
      <div role="alert">${this._error ? html`<p class="error">${this._error}</p>` : nothing}</div>
      ${
        !tickets
          ? html`<p>${w.loading}</p>`
          : !tickets.length
            ? html`<p>${w.noTickets}</p>`
            : html`<table>
              <caption class="visually-hidden">${w.tickets}</caption>
              <thead>
                <tr>
                  <th scope="col">${w.priority}</th>
                  <th scope="col">${w.reference}</th>
                  <th scope="col">${w.subject}</th>
                  <th scope="col">${w.status}</th>
                  <th scope="col">${w.due}</th>
                  ${key ? html`<th scope="col">${w.requester}</th>` : nothing}
                </tr>
              </thead>
              <tbody>
                ${tickets.map((t) => {
                  const isOpen = t.status !== 'solved' && t.status !== 'closed';
                  const i = isOpen ? ++openIndex : -1;
                  return html`<tr>
                    <td>
                      ${t.priority ?? '—'}
                      ${
                        canOrder && isOpen
                          ? html`<button class="small secondary" data-ref=${t.reference} data-by="-1" aria-label=${w.moveUp(t.reference)} ?disabled=${i === 0} @click=${() => this.#move(i, -1)}>↑</button>
                            <button class="small secondary" data-ref=${t.reference} data-by="1" aria-label=${w.moveDown(t.reference)} ?disabled=${i === openCount - 1} @click=${() => this.#move(i, 1)}>↓</button>`
                          : nothing
                      }
                    </td>
                    <td><a href="/portal/tickets/${t.reference}">${t.reference}</a></td>
                    <td>${t.subject} <span class="pill ${t.severity}">${t.severity}</span>
                      ${t.approval === 'waiting' ? html`<span class="pill">${w.approvalWaiting}</span>` : nothing}</td>
                    <td>${w.statuses[t.status] ?? t.status}</td>
                    <td class=${t.nextDue && Date.parse(t.nextDue.at) < now.getTime() ? 'overdue' : ''}>${t.nextDue ? dueWords(t.nextDue, now, this.lang) : '—'}</td>
                    ${key ? html`<td>${t.requester.name}${t.mine ? html` (${w.you})` : nothing}</td>` : nothing}
                  </tr>`;
                })}
              </tbody>
            </table>
            ${this._next ? html`<p><button class="secondary" @click=${() => this.load(this._next!)}>${w.loadMore}</button></p>` : nothing}`
      }`;
  }
}
customElements.define('portal-tickets', PortalTickets);
