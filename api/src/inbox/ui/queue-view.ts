/**
 * The queue: tickets sorted by the next SLA due time, with filters, a page at a time. "Load more"
 * asks for the next page and moves focus to its first ticket; the count says how many of how
 * many are shown. At-risk and overdue tickets are highlighted, and say so in words (a badge and
 * the business time left or overdue), not by colour alone.
 */
import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import type { Agent, QueueItem } from './api.ts';
import { baseStyles } from './styles.ts';
import { timeLeft, when } from './format.ts';
import { slaBadge } from './sla-words.ts';
import { QueueSelection } from './queue-selection.ts';
import './ticket-presence.ts';

export interface QueueFilters {
  site: string;
  type: string;
  severity: string;
  status: string;
  assignee: string;
  channel: string;
  /** '' = next due first; 'client' = the site's key contacts' order first (one site only). */
  sort: string;
  /** A search (queue-search.ts): its results are ranked by relevance, so there is no order to pick. */
  q: string;
}

export const EMPTY_FILTERS: QueueFilters = {
  site: '',
  type: '',
  severity: '',
  status: 'active',
  assignee: '',
  channel: '',
  sort: '',
  q: '',
};

/**
 * @fires helpway-filters - detail: QueueFilters
 * @fires helpway-open-ticket - detail: { reference }
 * @fires helpway-load-more - the next page is wanted
 */
export class HelpwayQueue extends LitElement {
  static styles = [
    baseStyles,
    css`
    .filters { display: flex; flex-wrap: wrap; gap: .75rem; margin-bottom: .75rem; }
    table { width: 100%; border-collapse: collapse; background: #fff; }
    th, td { text-align: left; padding: .45rem .5rem; border-bottom: 1px solid #e3e7eb; vertical-align: top; }
    th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: #4b5563; }
    tr.sla-breached { background: #fdecea; } tr.sla-breached td:first-child { border-left: 4px solid #a40e26; }
    tr.sla-at_risk { background: #fff6d6; } tr.sla-at_risk td:first-child { border-left: 4px dashed #8a5a00; }
    .client-priority, .approval { font-size: .8rem; font-weight: 700; }
    .badge { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: .8rem; font-weight: 700; margin-right: .35rem; }
    .badge.breached { background: #a40e26; color: #fff; } .badge.at_risk { background: #ffe08a; color: #3d2a00; border: 1px solid #8a5a00; }
    tr.selected { background: #eef4ff; }
    td a { font-weight: 600; }
    .more { display: flex; gap: 1rem; align-items: center; margin-top: .75rem; }
    .more p { margin: 0; }
    tr:focus-within { outline: 2px solid #1b5fc1; outline-offset: -2px; }
    .pick { margin: 0 .4rem 0 0; width: 1.1rem; height: 1.1rem; vertical-align: -.2rem; }
  `,
  ];
  static properties = {
    tickets: { attribute: false },
    filters: { attribute: false },
    agents: { attribute: false },
    sites: { attribute: false },
    selected: {},
    total: { type: Number },
    hasMore: { type: Boolean },
    loadingMore: { type: Boolean },
  };
  declare tickets: QueueItem[];
  declare filters: QueueFilters;
  declare agents: Agent[];
  declare sites: string[];
  declare selected: string;
  /** Tickets matching the filters on every page; `tickets` holds the pages loaded so far. */
  declare total: number;
  declare hasMore: boolean;
  declare loadingMore: boolean;
  /** The checked tickets, the bulk bar and the keyboard cursor (queue-selection.ts). */
  readonly selection = new QueueSelection(this);
  /** Where the page asked for by "Load more" starts, to move focus there once it arrives. */
  #focusFrom: number | null = null;
  static #count = new Intl.NumberFormat('en-GB');

  constructor() {
    super();
    this.tickets = [];
    this.filters = { ...EMPTY_FILTERS };
    this.agents = [];
    this.sites = [];
    this.selected = '';
    this.total = 0;
    this.hasMore = false;
    this.loadingMore = false;
  }

  _onLoadMore() {
    if (this.loadingMore) return;
    this.#focusFrom = this.tickets.length;
    this.dispatchEvent(new CustomEvent('helpway-load-more', { bubbles: true, composed: true }));
  }

  updated(changed: PropertyValues) {
    if (this.#focusFrom === null || !changed.has('loadingMore') || this.loadingMore) return;
    const from = this.#focusFrom;
    this.#focusFrom = null;
    // Keyboard and screen-reader users carry on reading at the first new ticket; when nothing
    // came and the button is gone, at the count. After a failure focus stays on the button.
    const links = this.renderRoot.querySelectorAll<HTMLAnchorElement>('tbody tr td:first-child a');
    if (links.length > from) links[from].focus();
    else if (!this.hasMore) this.renderRoot.querySelector<HTMLElement>('#queue-count')?.focus();
  }

  _onFilter(name: keyof QueueFilters, event: Event) {
    const filters = { ...this.filters, [name]: (event.target as HTMLSelectElement).value };
    // The client's order is one site's: across sites there is none to sort by.
    if (!filters.site) filters.sort = '';
    this.dispatchEvent(new CustomEvent('helpway-filters', { detail: filters, bubbles: true, composed: true }));
  }

  _select(name: keyof QueueFilters, label: string, options: Array<[string, string]>) {
    const id = `filter-${name}`;
    return html`<div><label for=${id}>${label}</label><select id=${id} .value=${this.filters[name]} @change=${(e: Event) => this._onFilter(name, e)}>
      ${options.map(([value, text]) => html`<option value=${value} ?selected=${this.filters[name] === value}>${text}</option>`)}
    </select></div>`;
  }

  render() {
    const any: Array<[string, string]> = [['', 'Any']];
    return html`
      <div class="filters" role="group" aria-label="Filters">
        ${this._select('site', 'Site', [...any, ...this.sites.map((s): [string, string] => [s, s])])}
        ${this._select('type', 'Type', [...any, ['query', 'Query'], ['request', 'Request'], ['bug', 'Bug'], ['site_refresh', 'Site refresh']])}
        ${this._select('severity', 'Severity', [...any, ['S1', 'S1'], ['S2', 'S2'], ['S3', 'S3'], ['S4', 'S4']])}
        ${this._select('status', 'Status', [
          ['active', 'Active'],
          ['all', 'All'],
          ['new', 'New'],
          ['open', 'Open'],
          ['pending', 'Pending'],
          ['solved', 'Solved'],
          ['closed', 'Closed'],
        ])}
        ${this._select('assignee', 'Assignee', [...any, ['me', 'Me'], ['none', 'Unassigned'], ...this.agents.map((a): [string, string] => [String(a.id), a.name])])}
        ${this._select('channel', 'Channel', [...any, ['email', 'Email'], ['chat', 'Chat'], ['phone', 'Phone']])}
        ${
          this.filters.site && !this.filters.q
            ? this._select('sort', 'Order', [
                ['', 'Next due first'],
                ['client', 'Client priority first'],
              ])
            : nothing
        }
      </div>
      ${this.selection.bar(this.agents)}
      <table aria-label="Ticket queue">
        <thead><tr><th scope="col">Ticket</th><th scope="col">Subject</th><th scope="col">Requester</th><th scope="col">Severity</th><th scope="col">Status</th><th scope="col">Due</th></tr></thead>
        <tbody>
          ${this.tickets.length === 0 ? html`<tr><td colspan="6" class="muted">No tickets match.</td></tr>` : nothing}
          ${this.tickets.map(
            (t) => html`
            <tr data-reference=${t.reference} class="${t.sla !== 'ok' ? `sla-${t.sla}` : ''} ${t.reference === this.selected ? 'selected' : ''}">
              <td>${this.selection.checkbox(t)}<a href="#/tickets/${t.reference}">${t.reference}</a><div class="muted">${t.site} · ${t.channel}${t.chatState === 'waiting' ? html` · <strong>chat waiting</strong>` : nothing}</div><helpway-ticket-presence compact .reference=${t.reference}></helpway-ticket-presence>${clientSide(t)}</td>
              <td>${t.subject}</td>
              <td>${t.requester.name}</td>
              <td><span class="pill ${t.severity}">${t.severity}</span></td>
              <td>${t.status}${t.paused ? html` <span class="muted">(clock paused)</span>` : nothing}</td>
              <td>${
                t.nextDue
                  ? html`${t.sla !== 'ok' ? html`<span class="badge ${t.sla}">${slaBadge(t.sla)}</span>` : nothing}<span class=${t.nextDue.overdue ? 'overdue' : ''}>${timeLeft(t.nextDue.businessMinutesLeft)}</span><div class="muted">${t.nextDue.kind} by ${when(t.nextDue.at)}</div>`
                  : html`<span class="muted">—</span>`
              }</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <div class="more">
        <p id="queue-count" role="status" tabindex="-1">${HelpwayQueue.#count.format(this.tickets.length)} of ${HelpwayQueue.#count.format(Math.max(this.total, this.tickets.length))} tickets</p>
        ${
          this.hasMore
            ? html`<button type="button" class="secondary" aria-describedby="queue-count" aria-disabled=${this.loadingMore ? 'true' : 'false'} @click=${this._onLoadMore}>${this.loadingMore ? 'Loading…' : 'Load more'}</button>`
            : nothing
        }
      </div>`;
  }
}

if (!customElements.get('helpway-queue')) customElements.define('helpway-queue', HelpwayQueue);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-queue': HelpwayQueue;
  }
}

/** What the site's key contacts said about a ticket: their order, and billable work's approval. */
export function clientSide(t: Pick<QueueItem, 'clientPriority' | 'approval'>) {
  return html`${t.clientPriority !== null ? html`<div class="client-priority">Client priority ${t.clientPriority}</div>` : nothing}${
    t.approval
      ? html`<div class="approval ${t.approval.state}">${APPROVAL_WORDS[t.approval.state]}${t.approval.by ? ` (${t.approval.by})` : ''}</div>`
      : nothing
  }`;
}

const APPROVAL_WORDS: Record<string, string> = {
  waiting: 'Waiting for client approval',
  approved: 'Approved by the client',
  declined: 'Declined by the client',
};
