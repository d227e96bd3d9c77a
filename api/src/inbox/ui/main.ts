/**
 * `<helpway-inbox>`: the agents' inbox. Signs in, then shows the queue (#/), a ticket
 * (#/tickets/HW-1042), the mail log (#/mail), the reports (#/reports), incidents and maintenance (#/incidents), "Fix this article" (#/article-feedback), the agent's account (#/account) and, for admins,
 * team, sites, their SLA amendments and client contacts (#/admin). Signed out: #/forgot-password asks for a reset link, and a mailed
 * link opens #/reset-password/TOKEN.
 * Updates arrive live over Server-Sent Events (/api/inbox/events); while connected, the
 * agent counts as online for live chat. A ticket warned about, missing a target or escalated is
 * announced (a polite live region), and a badge beside the Queue link counts the at-risk and overdue
 * tickets in the queue as loaded.
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError, setCsrfToken, type Agent, type MailEntry, type QueueItem, type QueuePage, type SlaNotice } from './api.ts';
import { noticeText } from './sla-words.ts';
import { baseStyles } from './styles.ts';
import { when } from './format.ts';
import { EMPTY_FILTERS, type QueueFilters } from './queue-view.ts';
import type { HelpwayTicket } from './ticket-view.ts';
import type { HelpwayTeam } from './team-view.ts';
import './sign-in.ts';
import './queue-view.ts';
import './ticket-view.ts';
import './account-view.ts';
import { requestersTyping } from './chat-typing.ts';
import './password-reset.ts';
import './team-view.ts';
import './webhooks-view.ts';
import './article-feedback-view.ts';
import './site-sla-view.ts';
import './site-contacts-view.ts';
import './incidents-view.ts';
import './queue-search.ts';
import { searchFilters } from './queue-search-filters.ts';
import './shortcuts.ts';
import { presence } from './presence-client.ts';
import type { PresenceNotice } from '../presence-shapes.ts';
import type { HelpwayIncidents } from './incidents-view.ts';

/** Tickets per "Load more"; a refresh reloads as many as are shown, up to the API's 500 a request. */
const PAGE_SIZE = 50;
const MAX_PAGE = 500;

type Route =
  | { view: 'queue' }
  | { view: 'ticket'; reference: string }
  | { view: 'mail' }
  | { view: 'articles' }
  | { view: 'admin' }
  | { view: 'account' }
  | { view: 'reports' }
  | { view: 'incidents' }
  | { view: 'forgot' }
  | { view: 'reset'; token: string };

function parseRoute(hash: string): Route {
  const ticket = /^#\/tickets\/(HW-\d+)$/i.exec(hash);
  if (ticket) return { view: 'ticket', reference: ticket[1].toUpperCase() };
  const reset = /^#\/reset-password\/([A-Za-z0-9_-]+)$/.exec(hash);
  if (reset) return { view: 'reset', token: reset[1] };
  if (hash === '#/account') return { view: 'account' };
  if (hash === '#/reports') return { view: 'reports' };
  if (hash === '#/incidents') return { view: 'incidents' };
  if (hash === '#/forgot-password') return { view: 'forgot' };
  if (hash === '#/mail') return { view: 'mail' };
  if (hash === '#/article-feedback') return { view: 'articles' };
  if (hash === '#/admin') return { view: 'admin' };
  return { view: 'queue' };
}

export class HelpwayInbox extends LitElement {
  static styles = [
    baseStyles,
    css`
    header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #17202a; color: #fff; flex-wrap: wrap; }
    header a { color: #fff; } header .brand { font-weight: 700; margin-right: auto; }
    nav { display: flex; gap: 1rem; }
    main { padding: 1rem; max-width: 1300px; margin: 0 auto; }
    .live { font-size: .8rem; } .live.off { color: #ffb4b4; }
    .count { display: inline-block; min-width: 1.4em; padding: 0 .35rem; margin-left: .3rem; border-radius: 999px; background: #ffe08a; color: #17202a; font-size: .8rem; font-weight: 700; text-align: center; }
    .sla-notice { font-size: .85rem; }
    table { width: 100%; border-collapse: collapse; background: #fff; }
    th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #e3e7eb; vertical-align: top; }
    .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
    .field { margin-bottom: .6rem; } .field input, .field select { width: 100%; }
    @media print { header { display: none; } main { padding: 0; max-width: none; } }
  `,
  ];
  static properties = {
    _agent: { state: true },
    _checked: { state: true },
    _route: { state: true },
    _tickets: { state: true },
    _total: { state: true },
    _nextCursor: { state: true },
    _loadingMore: { state: true },
    _filters: { state: true },
    _totalCapped: { state: true },
    _searching: { state: true },
    _agents: { state: true },
    _mail: { state: true },
    _sites: { state: true },
    _live: { state: true },
    _message: { state: true },
    _notice: { state: true },
    _resetEmail: { state: true },
    _slaNotice: { state: true },
  };
  declare _agent: Agent | null;
  declare _checked: boolean;
  declare _route: Route;
  declare _tickets: QueueItem[];
  declare _total: number;
  declare _nextCursor: string | null;
  declare _loadingMore: boolean;
  declare _filters: QueueFilters;
  /** A search found more tickets than it shows. */
  declare _totalCapped: boolean;
  /** A search asked for and not answered yet. */
  declare _searching: boolean;
  declare _agents: Agent[];
  declare _mail: { mail: MailEntry[]; smtpConfigured: boolean } | null;
  declare _sites: string[];
  declare _live: boolean;
  declare _message: string;
  /** Shown on the sign-in form, e.g. after a password reset. */
  declare _notice: string;
  declare _resetEmail: string;
  /** The latest SLA notification, read out politely. */
  declare _slaNotice: string;
  #events: EventSource | null = null;
  #refreshTimer: number | undefined;
  /** New filters: the next load starts again with one page. */
  #queueFromTop = false;
  #onHash = () => {
    this._route = parseRoute(location.hash);
    void this.#load();
  };

  constructor() {
    super();
    this._agent = null;
    this._checked = false;
    this._route = parseRoute(location.hash);
    this._tickets = [];
    this._total = 0;
    this._nextCursor = null;
    this._loadingMore = false;
    this._filters = { ...EMPTY_FILTERS };
    this._totalCapped = false;
    this._searching = false;
    this._agents = [];
    this._mail = null;
    this._sites = [];
    this._live = false;
    this._message = '';
    this._notice = '';
    this._resetEmail = '';
    this._slaNotice = '';
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
    void this.#whoAmI();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.#onHash);
    this.#events?.close();
  }

  async #whoAmI() {
    try {
      const me = await api.get<{ agent: Agent; csrfToken: string }>('/api/agents/me');
      this.#signedIn(me.agent, me.csrfToken);
    } catch {
      this._agent = null;
      this.#events?.close();
    } finally {
      this._checked = true;
    }
  }

  #signedIn(agent: Agent, csrfToken: string) {
    setCsrfToken(csrfToken);
    this._agent = agent;
    this.#connect();
    void this.#load();
  }

  #connect() {
    this.#events?.close();
    // The tab's own stream: it keeps this tab's place on its ticket (presence-client.ts) while open.
    const events = new EventSource(presence.streamUrl('/api/inbox/events'));
    if (this._agent) presence.signedIn(this._agent.id);
    events.addEventListener('open', () => {
      this._live = true;
      presence.reconnected();
    });
    events.addEventListener('presence', (event) => {
      try {
        presence.received(JSON.parse((event as MessageEvent<string>).data) as PresenceNotice);
      } catch {
        // a malformed notice changes nobody's presence; the next one brings the whole list again
      }
    });
    events.addEventListener('error', () => (this._live = false));
    events.addEventListener('sla', (event) => {
      try {
        this._slaNotice = noticeText(JSON.parse((event as MessageEvent<string>).data) as SlaNotice);
      } catch {
        // a malformed notice is not worth breaking the stream for; the queue still refreshes
      }
    });
    events.addEventListener('typing', (event) => {
      try {
        requestersTyping.set((JSON.parse((event as MessageEvent<string>).data) as { references: string[] }).references);
      } catch {
        // only an indicator: a malformed event changes nothing
      }
    });
    events.addEventListener('changed', () => {
      this._live = true;
      window.clearTimeout(this.#refreshTimer);
      this.#refreshTimer = window.setTimeout(() => void this.#load(), 60);
    });
    this.#events = events;
  }

  async #load() {
    if (!this._agent) return;
    try {
      const agents = await api.get<{ agents: Agent[] }>('/api/agents');
      this._agents = agents.agents;
      const route = this._route;
      if (route.view === 'queue' || route.view === 'ticket') {
        const shown = this.#queueFromTop ? 0 : this._tickets.length;
        this.#queueFromTop = false;
        await this.#loadQueue(shown);
        if (route.view === 'ticket') await this.renderRoot.querySelector<HelpwayTicket>('helpway-ticket')?.refresh();
      } else if (route.view === 'mail') {
        this._mail = await api.get('/api/inbox/mail');
      } else if (route.view === 'incidents') {
        await this.renderRoot.querySelector<HelpwayIncidents>('helpway-incidents')?.refresh();
      }
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        this._agent = null;
        this.#events?.close();
      }
    }
  }

  #queuePage(limit: number, cursor: string | null): Promise<QueuePage> {
    const query = new URLSearchParams(Object.entries(this._filters).filter(([, v]) => v !== ''));
    query.set('limit', String(limit));
    if (cursor) query.set('cursor', cursor);
    return api.get<QueuePage>(`/api/inbox/tickets?${query}`);
  }

  #showQueue(tickets: QueueItem[], page: QueuePage) {
    this._tickets = tickets;
    this._total = page.total;
    this._totalCapped = page.totalCapped;
    this._nextCursor = page.nextCursor;
    this._sites = [...new Set([...this._sites, ...tickets.map((t) => t.site)])].sort();
  }

  /** The queue from the top again, as many tickets as were shown (a live update keeps the agent's place). */
  async #loadQueue(shown: number) {
    const wanted = Math.max(PAGE_SIZE, shown);
    let page = await this.#queuePage(Math.min(MAX_PAGE, wanted), null);
    let tickets = page.tickets;
    while (page.nextCursor && tickets.length < wanted) {
      page = await this.#queuePage(Math.min(MAX_PAGE, wanted - tickets.length), page.nextCursor);
      tickets = [...tickets, ...page.tickets];
    }
    this.#showQueue(tickets, page);
  }

  async #loadMore() {
    if (!this._nextCursor || this._loadingMore) return;
    this._loadingMore = true;
    try {
      const page = await this.#queuePage(PAGE_SIZE, this._nextCursor);
      // A ticket whose due time moved while paging can come again: keep its newer copy only.
      const fresh = new Set(page.tickets.map((t) => t.reference));
      this.#showQueue([...this._tickets.filter((t) => !fresh.has(t.reference)), ...page.tickets], page);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) this._agent = null;
    } finally {
      this._loadingMore = false;
    }
  }

  async _signOut() {
    try {
      await api.post('/api/agents/logout');
    } finally {
      this.#events?.close();
      this._agent = null;
      this._live = false;
    }
  }

  _adminSubmit(path: string, build: (d: FormData) => unknown, done: string) {
    return async (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      try {
        await api.post(path, build(new FormData(form)));
        form.reset();
        this._message = done;
        void this.#load();
        void this.renderRoot.querySelector<HelpwayTeam>('helpway-team')?.refresh();
      } catch (error) {
        this._message =
          error instanceof ApiError
            ? error.message +
              (error.fields
                ? ` (${Object.entries(error.fields)
                    .map(([k, v]) => `${k} ${v}`)
                    .join('; ')})`
                : '')
            : 'Failed.';
      }
    };
  }

  #passwordReset(email: string) {
    this._notice = 'Your password is set. Sign in with it.';
    this._resetEmail = email;
    // The link is spent: drop it from the address bar, and from this tab's history entry.
    history.replaceState(null, '', '#/');
    this._route = { view: 'queue' };
    // A reset signs that agent out everywhere; whoever else was signed in here stays.
    void this.#whoAmI();
  }

  protected willUpdate() {
    // The Reports page and its chart library are a chunk of their own, fetched when first opened.
    if (this._route.view === 'reports' && this._agent) void import('./reports-view.ts');
  }

  render() {
    if (!this._checked) return html`<main><p class="muted">Loading…</p></main>`;
    const route = this._route;
    if (route.view === 'reset') {
      return html`<helpway-set-password .token=${route.token} @helpway-password-reset=${(e: CustomEvent<{ email: string }>) => this.#passwordReset(e.detail.email)}></helpway-set-password>`;
    }
    if (!this._agent) {
      return html`<helpway-sign-in .mode=${route.view === 'forgot' ? 'forgot' : 'sign-in'} .notice=${this._notice} .email=${this._resetEmail}
        @helpway-signed-in=${(e: CustomEvent<{ agent: Agent; csrfToken: string }>) => {
          this._notice = '';
          this.#signedIn(e.detail.agent, e.detail.csrfToken);
        }}></helpway-sign-in>`;
    }
    return html`
      <header>
        <span class="brand">Helpway inbox</span>
        <nav aria-label="Inbox">
          <a href="#/" aria-current=${route.view === 'queue' ? 'page' : nothing}>Queue</a>${this.#attention()}
          <a href="#/mail" aria-current=${route.view === 'mail' ? 'page' : nothing}>Mail log</a>
          <a href="#/reports" aria-current=${route.view === 'reports' ? 'page' : nothing}>Reports</a>
          <a href="#/incidents" aria-current=${route.view === 'incidents' ? 'page' : nothing}>Incidents</a>
          <a href="#/article-feedback" aria-current=${route.view === 'articles' ? 'page' : nothing}>Fix this article</a>
          ${this._agent.role === 'admin' ? html`<a href="#/admin" aria-current=${route.view === 'admin' ? 'page' : nothing}>Admin</a>` : nothing}
          <a href="#/account" aria-current=${route.view === 'account' ? 'page' : nothing}>Account</a>
        </nav>
        <span class="sla-notice" role="status" aria-live="polite">${this._slaNotice}</span>
        <span class="live ${this._live ? '' : 'off'}">${this._live ? 'Live · you are online for chat' : 'Reconnecting…'}</span>
        <span>${this._agent.name}</span>
        <helpway-shortcuts .view=${route.view}></helpway-shortcuts>
        <button class="secondary" @click=${this._signOut}>Sign out</button>
      </header>
      <main>${route.view === 'ticket' ? this.#ticket(route.reference) : route.view === 'mail' ? this.#mailLog() : route.view === 'reports' ? html`<helpway-reports></helpway-reports>` : route.view === 'articles' ? html`<helpway-article-feedback></helpway-article-feedback>` : route.view === 'incidents' ? html`<helpway-incidents .me=${this._agent.email}></helpway-incidents>` : route.view === 'admin' ? this.#admin() : route.view === 'account' ? html`<helpway-account .agent=${this._agent} @helpway-agent-changed=${(e: CustomEvent<Agent>) => (this._agent = e.detail)}></helpway-account>` : this.#queue()}</main>`;
  }

  /** The Queue link's badge: at-risk and overdue tickets among those loaded (the queue is due-first). */
  #attention() {
    const n = this._tickets.filter((t) => t.sla !== 'ok').length;
    // Beside the link, not in it: the link keeps its name "Queue".
    return n
      ? html`<span class="count" data-testid="sla-count">${n}<span class="visually-hidden"> tickets at risk or overdue</span></span>`
      : nothing;
  }

  async #search(q: string) {
    this._filters = searchFilters(this._filters, q);
    this.#queueFromTop = true;
    this._searching = true;
    try {
      await this.#load();
    } finally {
      this._searching = false;
    }
  }

  #queue() {
    return html`<h1>Queue</h1>
      <helpway-queue-search .q=${this._filters.q} .total=${this._total} .capped=${this._totalCapped} .loading=${this._searching}
        @helpway-search=${(e: CustomEvent<{ q: string }>) => void this.#search(e.detail.q)}></helpway-queue-search>
      <helpway-queue .tickets=${this._tickets} .filters=${this._filters} .agents=${this._agents} .sites=${this._sites}
        .total=${this._total} .hasMore=${this._nextCursor !== null} .loadingMore=${this._loadingMore}
        @helpway-load-more=${() => void this.#loadMore()}
        @helpway-filters=${(e: CustomEvent<QueueFilters>) => {
          this._filters = e.detail;
          this.#queueFromTop = true;
          void this.#load();
        }}></helpway-queue>`;
  }

  #ticket(reference: string) {
    return html`<p><a href="#/">← Queue</a></p>
      <helpway-ticket .reference=${reference} .agents=${this._agents} @helpway-changed=${() => void this.#load()}></helpway-ticket>`;
  }

  #mailLog() {
    const log = this._mail;
    return html`<h1>Mail log</h1>
      ${log && !log.smtpConfigured ? html`<p class="card">SMTP_URL is not set: mail waits here and is sent once it is configured.</p>` : nothing}
      <table aria-label="Mail log"><thead><tr><th scope="col">Created</th><th scope="col">Kind</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Status</th></tr></thead>
      <tbody>${(log?.mail ?? []).map((m) => html`<tr><td>${when(m.createdAt)}</td><td>${m.kind}</td><td>${m.to}</td><td>${m.subject}</td><td>${m.status}${m.attempts > 1 ? ` (${m.attempts} attempts)` : ''}${m.lastError ? html`<div class="muted">${m.lastError}</div>` : nothing}</td></tr>`)}</tbody></table>`;
  }

  #admin() {
    return html`<h1>Admin</h1>
      <div role="status" aria-live="polite">${this._message}</div>
      <div class="grid">
        <form class="card" @submit=${this._adminSubmit('/api/admin/agents', (d) => ({ email: d.get('email'), name: d.get('name'), role: d.get('role'), password: d.get('password') }), 'Agent added.')}>
          <h2>Add an agent</h2>
          <div class="field"><label for="agent-name">Name</label><input id="agent-name" name="name" required /></div>
          <div class="field"><label for="agent-email">Agent email</label><input id="agent-email" name="email" type="email" required /></div>
          <div class="field"><label for="agent-role">Role</label><select id="agent-role" name="role"><option value="agent">Agent</option><option value="admin">Admin</option></select></div>
          <div class="field"><label for="agent-password">Initial password</label><input id="agent-password" name="password" type="password" minlength="10" required autocomplete="new-password" /></div>
          <button type="submit">Add agent</button>
        </form>
        <form class="card" @submit=${this._adminSubmit(
          '/api/admin/sites',
          (d) => ({
            key: d.get('key'),
            name: d.get('name'),
            plan: d.get('plan'),
            origins: String(d.get('origins') ?? '')
              .split(/[\s,]+/)
              .filter(Boolean),
            budgetHours: Number(d.get('budget') || 0),
            // Empty = not probed (the form saves the whole site, like its origins).
            healthUrl: String(d.get('healthUrl') ?? '').trim() || null,
          }),
          'Site saved.',
        )}>
          <h2>Add a site</h2>
          <div class="field"><label for="site-key">Site key</label><input id="site-key" name="key" required pattern="[a-z0-9][a-z0-9-]*" /></div>
          <div class="field"><label for="site-name">Site name</label><input id="site-name" name="name" required /></div>
          <div class="field"><label for="site-plan">Plan</label><select id="site-plan" name="plan"><option value="standard">Standard</option><option value="priority">Priority</option></select></div>
          <div class="field"><label for="site-origins">Origins (space separated)</label><input id="site-origins" name="origins" placeholder="https://lms.example.ac.uk" /></div>
          <div class="field"><label for="site-budget">Budget hours</label><input id="site-budget" name="budget" type="number" min="0" step="0.25" /></div>
          <div class="field"><label for="site-health-url">Health URL</label><input id="site-health-url" name="healthUrl" type="url" placeholder="https://lms.example.ac.uk/health" aria-describedby="site-health-url-help" /><div id="site-health-url-help" class="muted">Helpway checks it regularly (2xx or 3xx = up); empty = not monitored.</div></div>
          <button type="submit">Save site</button>
        </form>
      </div>
      <section class="card"><helpway-team .me=${this._agent?.id ?? 0} @helpway-changed=${() => void this.#load()}></helpway-team></section>
      <section class="card"><helpway-site-sla></helpway-site-sla></section>
      <section class="card"><helpway-site-contacts></helpway-site-contacts></section>
      <section class="card"><helpway-webhooks></helpway-webhooks></section>`;
  }
}

if (!customElements.get('helpway-inbox')) customElements.define('helpway-inbox', HelpwayInbox);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-inbox': HelpwayInbox;
  }
}
