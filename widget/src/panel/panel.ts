/**
 * The lazily loaded panel: a dialog that suggests articles for the page, searches as the user
 * types, shows articles inline, and hands over to the contact form when that is not enough.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { WidgetElement, reactive, sheet } from './element.ts';
import { panelStyles } from './styles.ts';
import { formStyles } from './form-styles.ts';
import { loadMessages, messagesFor, type Messages } from './i18n.ts';
import { HelpwayApi, type Article } from './api-client.ts';
import { sanitizeArticleHtml } from './sanitize.ts';
import { readPageContext, type HostPageContext } from './page-context.ts';
import { loadSearcher, type SearchHit, type Searcher } from './search-service.ts';
import { ContactForm } from './contact-form.ts';
import { WidgetStorage } from './storage.ts';
import type { TicketRow } from './recent-tickets.ts';
import { highlight } from './highlight.ts';
import type { Journey, PanelHost } from './panel-host.ts';
import type { PanelElement, PrefillData, WidgetConfig, WidgetHost } from '../types.ts';

type View = 'home' | 'article' | 'contact' | 'sent' | 'tickets';

const PANEL_TAG = 'helpway-panel';
const SEARCH_DEBOUNCE_MS = 120;
/** While searches average under this, every keystroke searches; above it, keystrokes are debounced. */
const FAST_SEARCH_MS = 12;
const STATUS_DELAY_MS = 350;
const SEARCH_REPORT_MS = 1500;
const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

const CLOSE_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"/></svg>`;
const BACK_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20z"/></svg>`;

/**
 * The panel inside `<helpway-widget>`'s shadow root. Not meant to be used on its own.
 * @csspart panel - the dialog box
 * @csspart header - the title bar
 * @csspart body - the scrolling content
 * @csspart footer - the bar holding "Contact support"
 */
export class HelpwayPanel extends WidgetElement implements PanelElement, PanelHost {
  declare _open: boolean;
  declare _view: View;
  declare _query: string;
  declare _hits: SearchHit[];
  declare _suggestions: SearchHit[];
  declare _status: string;
  declare _article: (Article & { body: HTMLElement }) | null;
  declare _articleError: boolean;
  declare _feedback: '' | 'sent';
  declare _indexError: boolean;
  declare _tickets: TicketRow[] | null;
  declare _ticketsError: boolean;
  declare _formError: boolean;

  host!: WidgetHost;
  cfg!: WidgetConfig;
  t!: Messages;
  api!: HelpwayApi;
  storage!: WidgetStorage;
  page: HostPageContext = { url: '', title: '', heading: '', context: '' };
  journey: Journey = { searches: [], articlesRead: [] };
  /** Created the first time someone heads for it (its code ships with the panel: a chunk of its own would cost more bytes in total). */
  form: ContactForm | null = null;
  #history: View[] = [];
  #debounce: ReturnType<typeof setTimeout> | undefined;
  #reportTimer: ReturnType<typeof setTimeout> | undefined;
  #pendingReport: { query: string; resultCount: number } | null = null;
  #searchSeq = 0;
  #searcher: Searcher | null = null;
  #searchCostMs = 0;
  #articleSlug = '';
  #statusTimer: ReturnType<typeof setTimeout> | undefined;
  #focusAfterRender: string | null = null;
  /** "My recent tickets" loads as its own chunk, when first opened. */
  #ticketsView: typeof import('./recent-tickets.ts') | undefined;

  constructor() {
    super((styleSheet ??= sheet(panelStyles + formStyles)));
    this._open = false;
    this._view = 'home';
    this._query = '';
    this._hits = [];
    this._suggestions = [];
    this._status = '';
    this._article = null;
    this._articleError = false;
    this._feedback = '';
    this._indexError = false;
    this._tickets = null;
    this._ticketsError = false;
    this._formError = false;
  }

  get open(): boolean {
    return this._open;
  }

  attach(host: WidgetHost): void {
    this.host = host;
    this.configChanged();
    this.setAttribute('exportparts', 'panel, header, body, footer');
  }

  configChanged(): void {
    const cfg = this.host.config();
    const changedSite = !this.cfg || this.cfg.site !== cfg.site || this.cfg.api !== cfg.api;
    this.cfg = cfg;
    // Messages load on demand (./i18n.ts): until they are in, the panel stays closed (show()
    // waits for them) and keeps whatever it had; a locale changed while open shows once loaded.
    const t = messagesFor(cfg.locale);
    if (t) this.t = t;
    if (!t || t.lang !== cfg.locale)
      void loadMessages(cfg.locale).then(
        (m) => m !== t && this.host.config().locale === cfg.locale && this.configChanged(),
        () => {},
      );
    if (changedSite || !this.api) {
      this.api = new HelpwayApi(cfg.api, cfg.kb, cfg.site);
      this.storage = new WidgetStorage(cfg.site);
    }
    if (this.t) this.lang = this.t.lang;
    const dark = cfg.theme === 'dark' || (cfg.theme === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
    this.setAttribute('theme', dark ? 'dark' : 'light');
    this.form?.configChanged();
    this.requestUpdate();
  }

  // --- opening and closing -------------------------------------------------------------------

  #showing: Promise<void> | null = null;

  /** Opens the panel once its messages are in (a second call meanwhile waits for the first). */
  show(): Promise<void> {
    return (this.#showing ??= this.#show().finally(() => (this.#showing = null)));
  }

  async #show(): Promise<void> {
    await loadMessages(this.host.config().locale);
    this.configChanged();
    this.page = readPageContext(this.cfg.context);
    this._open = true;
    document.addEventListener('keydown', this.#onDocumentKeydown);
    this.#history = [];
    if (this._view === 'article' || this._view === 'tickets') this._view = 'home';
    this.api.widgetEvent('opened', { page: this.page.url });
    this.#focusAfterRender = this._view === 'contact' ? 'form' : '#q';
    await this.updateComplete;
    void this.#loadSuggestions();
    // Live chat (issue 5): a chat open before a reload comes back (key kept by chat-view.ts).
    if (this._view === 'home' && hasStoredChat(this.cfg.site))
      void this.loadForm().then(
        (form) => form.resumeChat(),
        () => {},
      );
  }

  hide(): void {
    this._open = false;
    document.removeEventListener('keydown', this.#onDocumentKeydown);
    this.#flushSearchReport();
  }

  async #loadSuggestions(): Promise<void> {
    try {
      const searcher = await loadSearcher(this.api);
      this.#searcher = searcher;
      this._indexError = false;
      const { url, title, heading, context } = this.page;
      this._suggestions = searcher.suggest({ url, title, heading, context }, 5);
      if (this._suggestions.length)
        this.api.widgetEvents(this._suggestions.map((h) => ({ type: 'suggestion_shown', slug: h.slug, page: url })));
      if (this._query) this.#searchWith(searcher, this._query);
    } catch {
      this._indexError = true;
    }
  }

  // --- search --------------------------------------------------------------------------------

  runSearch(query: string): void {
    this.#go('home', false);
    this._query = query;
    this.#runSearchNow(query);
    this.#focusAfterRender = '#q';
  }

  /**
   * Search as you type, debounced adaptively: while searches are cheap (a few ms, the usual case)
   * every keystroke searches at once; if they turn out slow (huge index, slow device), keystrokes
   * are debounced so typing never stutters.
   */
  #onInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this._query = value;
    clearTimeout(this.#debounce);
    if (this.#searcher && this.#searchCostMs < FAST_SEARCH_MS) this.#searchWith(this.#searcher, value);
    else this.#debounce = setTimeout(() => this.#runSearchNow(value), SEARCH_DEBOUNCE_MS);
  }

  async #runSearchNow(query: string): Promise<void> {
    const seq = ++this.#searchSeq;
    let searcher: Searcher;
    try {
      searcher = await loadSearcher(this.api);
    } catch {
      this._indexError = true;
      return;
    }
    if (seq !== this.#searchSeq) return;
    this.#searcher = searcher;
    this.#searchWith(searcher, query);
  }

  #searchWith(searcher: Searcher, query: string): void {
    ++this.#searchSeq;
    const q = query.trim();
    clearTimeout(this.#statusTimer);
    if (!q) {
      this._hits = [];
      this._status = '';
      return;
    }
    const started = performance.now();
    const { url, title, heading, context } = this.page;
    this._hits = searcher.search(q, { context: { url, title, heading, context }, limit: 8 });
    // A moving average, so one slow search (a garbage collection) does not switch modes.
    this.#searchCostMs = this.#searchCostMs * 0.7 + (performance.now() - started) * 0.3;
    // The count is announced once typing pauses, not on every keystroke.
    const count = this._hits.length;
    this.#statusTimer = setTimeout(() => (this._status = this.t.resultCount(count)), STATUS_DELAY_MS);
    this.#scheduleSearchReport(q, count);
  }

  #scheduleSearchReport(query: string, resultCount: number): void {
    this.#pendingReport = { query, resultCount };
    clearTimeout(this.#reportTimer);
    this.#reportTimer = setTimeout(() => this.#flushSearchReport(), SEARCH_REPORT_MS);
  }

  #flushSearchReport(clickedSlug?: string): void {
    clearTimeout(this.#reportTimer);
    const report = this.#pendingReport;
    this.#pendingReport = null;
    if (!report) return;
    if (this.journey.searches[this.journey.searches.length - 1] !== report.query) this.journey.searches.push(report.query);
    if (this.journey.searches.length > 20) this.journey.searches.shift();
    this.api.searchEvent({ ...report, clickedSlug, page: this.page.url });
  }

  #onListKeydown(event: KeyboardEvent): void {
    const items = Array.from(this.renderRoot.querySelectorAll<HTMLElement>('.hit'));
    if (!items.length) return;
    const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    const index = items.indexOf(active as HTMLElement);
    let next = -2;
    if (event.key === 'ArrowDown') next = index + 1 >= items.length ? items.length - 1 : index + 1;
    else if (event.key === 'ArrowUp') next = index - 1;
    else if (event.key === 'Home' && index >= 0) next = 0;
    else if (event.key === 'End' && index >= 0) next = items.length - 1;
    if (next === -2) return;
    event.preventDefault();
    if (next < 0) (this.renderRoot.querySelector('#q') as HTMLElement | null)?.focus();
    else items[next].focus();
  }

  // --- articles ------------------------------------------------------------------------------

  async #openArticle(hit: SearchHit, from: 'suggestion' | 'search' | 'form'): Promise<void> {
    if (from === 'search') this.#flushSearchReport(hit.slug);
    if (from === 'suggestion') this.api.widgetEvent('suggestion_clicked', { slug: hit.slug, page: this.page.url });
    this._article = null;
    this._articleError = false;
    this._feedback = '';
    this.#articleSlug = hit.slug;
    this.#go('article');
    try {
      const article = await this.api.article(hit.slug);
      // One element for the article's lifetime: re-renders keep it (and whatever has focus inside it).
      const body = document.createElement('div');
      body.className = 'article-body';
      if (this.t.lang !== 'en') body.lang = 'en';
      body.append(sanitizeArticleHtml(article.html || '', `${this.cfg.kb}/articles/${encodeURIComponent(article.slug)}/`));
      this._article = { ...article, body };
      if (!this.journey.articlesRead.includes(article.slug)) this.journey.articlesRead.push(article.slug);
      this.api.widgetEvent('article_read', { slug: article.slug, page: this.page.url });
      this.host.emit('helpway-article-view', { slug: article.slug, title: article.title });
      this.#focusAfterRender = '.article-title';
    } catch {
      this._articleError = true;
    }
  }

  async #sendFeedback(helpful: boolean): Promise<void> {
    if (!this._article) return;
    this._feedback = 'sent';
    try {
      await this.api.feedback(this._article.slug, helpful);
    } catch {
      /* feedback is best effort; the thanks stays honest about what the user did */
    }
    this.#focusAfterRender = '.feedback';
  }

  // --- navigation ----------------------------------------------------------------------------

  #go(view: View, remember = true): void {
    if (view === this._view) return;
    if (remember) this.#history.push(this._view);
    this._view = view;
    this.#focusAfterRender = view === 'home' ? '#q' : view === 'contact' ? 'form' : 'h3';
    this.renderRoot.querySelector('.body')?.scrollTo?.(0, 0);
  }

  #back(): void {
    const previous = this.#history.pop() ?? 'home';
    this._view = previous;
    this.#focusAfterRender = previous === 'home' ? '#q' : previous === 'contact' ? 'form' : 'h3';
  }

  loadForm(): Promise<ContactForm> {
    return Promise.resolve((this.form ??= new ContactForm(this)));
  }

  async openContact(): Promise<void> {
    this.api.widgetEvent('escalation_started', { page: this.page.url });
    this.#go('contact');
    try {
      (await this.loadForm()).start(this._query);
      this.focusLater('form');
    } catch {
      this._formError = true;
    }
  }

  showSent(): void {
    this.#history = [];
    this._view = 'sent';
    this.#focusAfterRender = 'h3';
  }

  async openTickets(): Promise<void> {
    this.#go('tickets');
    this._tickets = null;
    this._ticketsError = false;
    try {
      this.#ticketsView ??= await import('./recent-tickets.ts');
      const { tickets, error } = await this.#ticketsView.fetchRecentTickets(this);
      this._tickets = tickets;
      this._ticketsError = error;
    } catch {
      this._ticketsError = true; // the view itself could not load (offline)
    }
  }

  async prefill(data: PrefillData): Promise<void> {
    const wasOpen = this._view === 'contact';
    if (!wasOpen) this.#go('contact');
    try {
      const form = await this.loadForm();
      if (!wasOpen) form.start('');
      form.prefill(data);
      this.focusLater('form');
    } catch {
      this._formError = true;
    }
  }

  /** The requester's status page for a ticket filed from this browser (it carries the ticket's token). */
  statusPageUrl(reference: string): string {
    const token = this.storage.tickets().find((x) => x.reference === reference)?.token;
    return token ? `${this.cfg.api}/tickets/${encodeURIComponent(reference)}?token=${encodeURIComponent(token)}` : '';
  }

  /** Opens an article offered by the form (matching articles, scope guidance). */
  openArticleBySlug(slug: string, title = ''): void {
    void this.#openArticle({ slug, title, summary: '', category: '', score: 0 }, 'form');
  }

  // --- focus management ----------------------------------------------------------------------

  /** Escape also closes when focus fell back to the page body (e.g. a pressed button went away). */
  #onDocumentKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    const active = document.activeElement;
    if (!active || active === document.body || active === (this.getRootNode() as ShadowRoot).host) {
      event.preventDefault();
      this.host.requestClose();
    }
  };

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.host.requestClose();
      return;
    }
    if (event.key !== 'Tab') return;
    const panel = this.renderRoot.querySelector('.panel');
    if (!panel) return;
    const focusable = focusablesIn(panel);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    // The really focused element, also inside nested components (the live chat has its own shadow root).
    let active: Element | null = (this.renderRoot as ShadowRoot).activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const inside = !!active && (panel.contains(active) || focusable.includes(active as HTMLElement));
    if (event.shiftKey && (active === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  }

  updated(): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.panel[popover]');
    if (box && !box.matches(':popover-open')) box.showPopover();
    if (!this._open || !this.#focusAfterRender) return;
    const selector = this.#focusAfterRender;
    let target: HTMLElement | null = null;
    if (selector === 'form') target = this.form?.firstFocusable(this.renderRoot as ShadowRoot) ?? null;
    else target = this.renderRoot.querySelector<HTMLElement>(`.body ${selector}`) ?? this.renderRoot.querySelector<HTMLElement>(selector);
    if (!target) return; // try again after the next render (e.g. the article arriving)
    this.#focusAfterRender = null;
    if (!target.matches(FOCUSABLE) && !target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus({ preventScroll: false });
  }

  /** Asks for focus on `selector` (inside the body) after the next render. */
  focusLater(selector: string): void {
    this.#focusAfterRender = selector;
    this.requestUpdate();
  }

  // --- rendering -----------------------------------------------------------------------------

  render(): TemplateResult | typeof nothing {
    if (!this._open) return nothing;
    const t = this.t;
    const left = this.cfg.position === 'bottom-left';
    const titles: Record<View, string> = { home: t.title, article: t.title, contact: t.formTitle, sent: t.sentTitle, tickets: t.myTickets };
    return html`
      <div class="panel ${left ? 'left' : ''}" part="panel" role="dialog" aria-modal="true" aria-labelledby="hw-title" popover=${this.cfg.topLayer ? 'manual' : nothing} @keydown=${this.#onKeydown}>
        <div class="head" part="header">
          ${
            this._view !== 'home'
              ? html`<button type="button" class="icon-btn" @click=${() => this.#back()}>${BACK_ICON}<span class="sr-only">${t.back}</span></button>`
              : nothing
          }
          <h2 id="hw-title">${titles[this._view]}</h2>
          <button type="button" class="icon-btn" @click=${() => this.host.requestClose()}>${CLOSE_ICON}<span class="sr-only">${t.close}</span></button>
        </div>
        <div class="body" part="body">${this.#renderView()}</div>
        ${
          this._view === 'home' || this._view === 'article'
            ? html`<div class="foot" part="footer">
              <p>${t.contactLead}</p>
              <button type="button" class="primary" @click=${() => this.openContact()}>${t.contact}</button>
              ${this.storage.tickets().length ? html`<button type="button" class="link-btn" @click=${() => this.openTickets()}>${t.myTickets}</button>` : nothing}
            </div>`
            : nothing
        }
      </div>
    `;
  }

  #renderView(): TemplateResult {
    switch (this._view) {
      case 'article':
        return this.#renderArticle();
      case 'contact':
        return this.form
          ? this.form.render()
          : this._formError
            ? html`<p class="notice error" role="alert">${this.t.policyError}</p>`
            : html`<p class="muted" role="status">${this.t.loading}</p>`;
      case 'sent':
        return this.form ? this.form.renderSent() : html``;
      case 'tickets':
        return this.#renderTickets();
      default:
        return this.#renderHome();
    }
  }

  #renderHits(hits: SearchHit[], from: 'suggestion' | 'search'): TemplateResult {
    return html`<ul class="hits" lang=${this.#kbLang()} @keydown=${this.#onListKeydown}>
      ${hits.map(
        (hit) => html`<li>
          <button type="button" class="hit" @click=${() => this.#openArticle(hit, from)}>
            <span class="hit-title">${highlight(hit.title, hit.highlights?.title)}</span>
            ${hit.summary ? html`<span class="hit-summary">${highlight(hit.summary, hit.highlights?.summary)}</span>` : nothing}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  /** Articles are written in English: marked so when the widget speaks another language. */
  #kbLang(): string | typeof nothing {
    return this.t.lang === 'en' ? nothing : 'en';
  }

  #renderHome(): TemplateResult {
    const t = this.t;
    const q = this._query.trim();
    return html`
      <form class="search" role="search" @submit=${(e: Event) => e.preventDefault()}>
        <label class="sr-only" for="q">${t.searchLabel}</label>
        <input id="q" type="search" autocomplete="off" spellcheck="false" enterkeyhint="search" placeholder=${t.searchPlaceholder}
          .value=${this._query} @input=${this.#onInput} @keydown=${this.#onListKeydown} aria-describedby="hw-count" />
      </form>
      <p id="hw-count" class="sr-only" role="status" aria-live="polite">${this._status}</p>
      ${this._indexError ? html`<p class="notice warn">${t.indexError}</p>` : nothing}
      ${
        q
          ? html`<h3>${t.results}</h3>
            ${this._hits.length ? this.#renderHits(this._hits, 'search') : html`<p class="muted">${t.noResults(q)}</p>`}`
          : this._suggestions.length
            ? html`<h3>${t.suggested}</h3>${this.#renderHits(this._suggestions, 'suggestion')}`
            : this._indexError
              ? nothing
              : html`<p class="muted">${t.loading}</p>`
      }
    `;
  }

  #renderArticle(): TemplateResult {
    const t = this.t;
    if (this._articleError) {
      const slug = this.#articleSlug;
      return html`<p class="notice error" role="alert">${t.articleError}</p>
        ${slug ? html`<p><a href="${this.cfg.kb}/articles/${encodeURIComponent(slug)}/" target="_blank" rel="noopener noreferrer">${t.openInKb}</a></p>` : nothing}`;
    }
    const a = this._article;
    if (!a) return html`<p class="muted" role="status">${t.loading}</p>`;
    const kbUrl = a.url && /^https?:/.test(a.url) ? a.url : `${this.cfg.kb}${a.url || `/articles/${encodeURIComponent(a.slug)}/`}`;
    return html`
      <article aria-labelledby="hw-article-title">
        <h3 id="hw-article-title" class="article-title" tabindex="-1" lang=${this.#kbLang()}>${a.title}</h3>
        ${a.body}
        <p><a href=${kbUrl} target="_blank" rel="noopener noreferrer">${t.openInKb}</a></p>
        <div class="feedback" role="group" aria-labelledby="hw-helpful" tabindex="-1">
          ${
            this._feedback === 'sent'
              ? html`<span role="status">${t.thanksFeedback}</span>`
              : html`<span id="hw-helpful">${t.helpful}</span>
                <button type="button" class="secondary" @click=${() => this.#sendFeedback(true)}>${t.yes}</button>
                <button type="button" class="secondary" @click=${() => this.#sendFeedback(false)}>${t.no}</button>`
          }
        </div>
      </article>
    `;
  }

  #renderTickets(): TemplateResult {
    const t = this.t;
    const view = this.#ticketsView;
    return html`
      <h3 class="sr-only">${t.myTickets}</h3>
      ${
        this._tickets && view
          ? view.renderRecentTickets(this, this._tickets, this._ticketsError)
          : this._ticketsError
            ? html`<p class="notice warn" role="alert">${t.ticketsError}</p>`
            : html`<p class="muted" role="status">${t.loading}</p>`
      }
    `;
  }
}

/** Visible focusable elements under `root` in document order, descending into open shadow roots. */
function focusablesIn(root: Element | ShadowRoot, out: HTMLElement[] = []): HTMLElement[] {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
    if (el.matches(FOCUSABLE) && el.getClientRects().length > 0) out.push(el);
    if (el.shadowRoot) focusablesIn(el.shadowRoot, out);
  }
  return out;
}

const STATE = [
  '_open',
  '_view',
  '_query',
  '_hits',
  '_suggestions',
  '_status',
  '_article',
  '_articleError',
  '_feedback',
  '_indexError',
  '_tickets',
  '_ticketsError',
  '_formError',
];
let styleSheet: CSSStyleSheet | undefined;

/** Defines the element (once) and returns a panel bound to its widget. */
export function createPanel(host: WidgetHost): HelpwayPanel {
  if (!customElements.get(PANEL_TAG)) {
    reactive(HelpwayPanel, STATE);
    customElements.define(PANEL_TAG, HelpwayPanel);
  }
  const panel = document.createElement(PANEL_TAG) as HelpwayPanel;
  panel.attach(host);
  return panel;
}

declare global {
  interface HTMLElementTagNameMap {
    'helpway-panel': HelpwayPanel;
  }
}

/** Cheap check, so the chat code loads only when a chat is open (live chat, issue 5). */
function hasStoredChat(site: string): boolean {
  try {
    return localStorage.getItem(`helpway:${site}:chat`) !== null;
  } catch {
    return false;
  }
}
