/**
 * The lazily loaded panel: a dialog that suggests articles for the page, searches as the user
 * types, shows articles inline, and hands over to the contact form when that is not enough.
 * Its parts each live in a module of their own: the search box (search-as-you-type.ts), search
 * reports (search-reports.ts), the focus trap (focus-trap.ts), each view (views/, contact/);
 * this element holds them together and moves between views.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { WidgetElement, reactiveState, sheet } from './element.ts';
import { panelStyles } from './styles.ts';
import { formStyles } from './form-styles.ts';
import { loadMessages, messagesFor, type Messages } from './i18n.ts';
import { HelpwayApi, request, type TicketCreated } from './api-client.ts';
import { sanitizeArticleHtml } from './sanitize.ts';
import { readPageContext, type HostPageContext } from './page-context.ts';
import { loadSearcher, type SearchHit } from './search-service.ts';
import { ContactForm } from './contact/contact-form.ts';
import { WidgetStorage } from './storage.ts';
import { FocusTrap } from './focus-trap.ts';
import { FocusAfterRender } from './focus-after-render.ts';
import { SearchAsYouType } from './search-as-you-type.ts';
import { SearchReports } from './search-reports.ts';
import { initialState, type View } from './state.ts';
import type { Journey, PanelHost } from './panel-host.ts';
import { renderHome } from './views/home.ts';
import { renderArticle } from './views/article.ts';
import { loadTickets, renderTickets } from './views/tickets.ts';
import { renderFrame } from './views/frame.ts';
import type { PanelElement, PrefillData, WidgetConfig, WidgetHost } from '../types.ts';
import type { SiteStatus, StatusBanner } from './status-banner.ts';
import type { ChatSession } from './chat/chat-session.ts';

const PANEL_TAG = 'helpway-panel';

/**
 * The panel inside `<helpway-widget>`'s shadow root. Not meant to be used on its own.
 * @csspart panel - the dialog box
 * @csspart header - the title bar
 * @csspart body - the scrolling content
 * @csspart footer - the bar holding "Contact support"
 */
export class HelpwayPanel extends WidgetElement implements PanelElement, PanelHost {
  state = reactiveState(this, initialState());
  host!: WidgetHost;
  cfg!: WidgetConfig;
  t!: Messages;
  api!: HelpwayApi;
  storage!: WidgetStorage;
  page: HostPageContext = { url: '', title: '', heading: '', context: '' };
  journey: Journey = { searches: [], articlesRead: [] };
  /** Created the first time someone heads for it (its code ships with the panel: a chunk of its own would cost more bytes in total). */
  form: ContactForm | null = null;
  /** The site's open incidents and maintenance under way, when GET /api/status lists any (its own chunk). */
  status: StatusBanner | undefined;
  /** The live chat, once one starts or comes back after a reload (its own chunk); it outlives the view. */
  chat: ChatSession | undefined;
  #chatView: typeof import('./chat/chat-view.ts') | undefined;
  #history: View[] = [];
  #reports = new SearchReports(this.journey, (report) => this.api.searchEvent({ ...report, page: this.page.url }));
  #search = new SearchAsYouType(this, {
    load: () => loadSearcher(this.api, this.t.lang),
    context: () => this.page,
    announce: (count) => this.t.resultCount(count),
    searched: (query, count) => this.#reports.searched(query, count),
  });
  #trap = new FocusTrap(this, '.panel', () => this.host.requestClose());
  #focus = new FocusAfterRender(this, (selector) =>
    !this.state.open
      ? null
      : selector === 'form'
        ? (this.form?.firstFocusable(this.renderRoot) ?? null)
        : (this.renderRoot.querySelector<HTMLElement>(`.body ${selector}`) ?? this.renderRoot.querySelector<HTMLElement>(selector)),
  );

  constructor() {
    super((styleSheet ??= sheet(panelStyles + formStyles)));
  }

  get open(): boolean {
    return this.state.open;
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
    const state = this.state;
    state.open = true;
    this.#trap.activate();
    this.#history = [];
    // Reopened: a chat under way, the form being written, or else home with this page's
    // suggestions (not an old confirmation: that stays under "My recent tickets").
    state.view = this.chat?.open ? 'chat' : state.view === 'contact' ? 'contact' : 'home';
    this.api.widgetEvent('opened', { page: this.page.url });
    void this.#loadStatus();
    this.#focus.set(state.view === 'contact' ? 'form' : state.view === 'chat' ? 'h3' : '#q');
    await this.updateComplete;
    void this.#loadSuggestions();
    // A chat open before a reload comes back (chat/chat-session.ts keeps it).
    if (!this.chat && this.storage.hasChat()) void this.#startChat();
  }

  /** Loads the chat's chunk and shows the chat: `created` just filed, else the one this browser had open. */
  async #startChat(created?: TicketCreated): Promise<void> {
    try {
      this.#chatView ??= await import('./chat/chat-view.ts');
      this.chat = this.#chatView.startChat(this, created) ?? undefined;
      // A chat coming back after a reload does not take the user away from the form they are writing.
      if (this.chat && (created || this.state.view !== 'contact')) {
        this.#history = [];
        this.#show_('chat');
      }
    } catch {
      // Its code would not load (offline): the ticket exists, and the status page carries the conversation.
      if (created) this.showSent();
    }
  }

  openChat(created: TicketCreated): void {
    this.chat?.close();
    this.chat = undefined;
    this.#history = [];
    this.#show_('chat');
    void this.#startChat(created);
  }

  /**
   * Asks for the site's status at every opening (the API lets it be cached a few seconds); the
   * banner's chunk is loaded only when there is something to show.
   */
  async #loadStatus(): Promise<void> {
    try {
      const status = await request<SiteStatus>(`${this.cfg.api}/api/status?site=${encodeURIComponent(this.cfg.site)}`);
      // The API lists only this site's (and every site's) incidents: open ones, or an active window, call for the banner.
      const show = status.incidents.some((i) => i.status !== 'resolved') || status.maintenance.some((m) => m.state === 'active');
      this.status = show ? new (await import('./status-banner.ts')).StatusBanner(this, status) : undefined;
    } catch {
      this.status = undefined;
    }
    this.requestUpdate();
  }

  hide(): void {
    this.state.open = false;
    this.#trap.deactivate();
    this.#reports.flush();
  }

  async #loadSuggestions(): Promise<void> {
    const searcher = await this.#search.load();
    if (!searcher) return;
    let suggestions: SearchHit[];
    try {
      suggestions = this.state.suggestions = await searcher.suggest(this.page, 5);
    } catch {
      return; // searched on the server, which did not answer: the search box still works
    }
    if (suggestions.length)
      this.api.widgetEvents(suggestions.map((h) => ({ type: 'suggestion_shown', slug: h.slug, page: this.page.url })));
    this.#search.refresh();
  }

  runSearch(query: string): void {
    this.#go('home', false);
    void this.#search.now(query);
    this.#focus.set('#q');
  }

  // --- articles ------------------------------------------------------------------------------

  async #openArticle(hit: SearchHit, from: 'suggestion' | 'search' | 'form'): Promise<void> {
    if (from === 'search') this.#reports.flush(hit.slug);
    if (from === 'suggestion') this.api.widgetEvent('suggestion_clicked', { slug: hit.slug, page: this.page.url });
    const state = this.state;
    state.article = null;
    state.articleError = false;
    state.feedback = '';
    state.articleSlug = hit.slug;
    this.#go('article');
    try {
      const article = await this.api.article(hit.slug, this.t.lang);
      // One element for the article's lifetime: re-renders keep it (and whatever has focus inside it).
      const body = document.createElement('div');
      body.className = 'article-body';
      // Marked when its text is not in the widget's language (an untranslated article).
      if ((article.lang ||= 'en') !== this.t.lang) body.lang = article.lang;
      body.append(sanitizeArticleHtml(article.html || '', `${this.cfg.kb}/articles/${encodeURIComponent(article.slug)}/`));
      state.article = { ...article, body };
      if (!this.journey.articlesRead.includes(article.slug)) this.journey.articlesRead.push(article.slug);
      this.api.widgetEvent('article_read', { slug: article.slug, page: this.page.url });
      this.host.emit('helpway-article-view', { slug: article.slug, title: article.title });
      this.#focus.set('.article-title');
    } catch {
      state.articleError = true;
    }
  }

  async #sendFeedback(helpful: boolean): Promise<void> {
    const article = this.state.article;
    if (!article) return;
    this.state.feedback = helpful ? 'sent' : 'not_helpful';
    try {
      await this.api.feedback(article.slug, helpful);
    } catch {
      /* feedback is best effort; the thanks stays honest about what the user did */
    }
    this.#focus.set('.feedback');
  }

  /** Opens an article offered by the form (matching articles, scope guidance). */
  openArticleBySlug(slug: string, title = ''): void {
    void this.#openArticle({ slug, title, summary: '', category: '', score: 0 }, 'form');
  }

  // --- navigation ----------------------------------------------------------------------------

  #go(view: View, remember = true): void {
    if (view === this.state.view) return;
    if (remember) this.#history.push(this.state.view);
    this.#show_(view);
    this.renderRoot.querySelector('.body')?.scrollTo?.(0, 0);
  }

  #back(): void {
    this.#show_(this.#history.pop() ?? 'home');
  }

  /** Shows `view`, focus on its first thing: the search box, the form, or its heading. */
  #show_(view: View): void {
    this.state.view = view;
    this.#focus.set(view === 'home' ? '#q' : view === 'contact' ? 'form' : 'h3');
  }

  loadForm(): Promise<ContactForm> {
    return Promise.resolve((this.form ??= new ContactForm(this)));
  }

  async openContact(): Promise<void> {
    // Already talking to support: back to that chat.
    if (this.chat?.open) return this.#go('chat');
    this.api.widgetEvent('escalation_started', { page: this.page.url });
    this.#go('contact');
    try {
      (await this.loadForm()).start(this.#search.query);
      this.focusLater('form');
    } catch {
      this.state.formError = true;
    }
  }

  showSent(): void {
    this.#history = [];
    this.#show_('sent');
  }

  async openTickets(): Promise<void> {
    this.#go('tickets');
    await loadTickets(this, this.state);
  }

  async prefill(data: PrefillData): Promise<void> {
    const wasOpen = this.state.view === 'contact';
    if (!wasOpen) this.#go('contact');
    try {
      const form = await this.loadForm();
      if (!wasOpen) form.start('');
      form.prefill(data);
      this.focusLater('form');
    } catch {
      this.state.formError = true;
    }
  }

  statusPageUrl(reference: string): string {
    const token = this.storage.tickets().find((x) => x.reference === reference)?.token;
    return token ? `${this.cfg.api}/tickets/${encodeURIComponent(reference)}?token=${encodeURIComponent(token)}` : '';
  }

  focusLater(selector: string): void {
    this.#focus.later(selector);
  }

  // --- rendering -----------------------------------------------------------------------------

  updated(): void {
    const box = this.renderRoot.querySelector<HTMLElement>('.panel[popover]');
    if (box && !box.matches(':popover-open')) box.showPopover();
  }

  render(): TemplateResult | typeof nothing {
    const { open, view } = this.state;
    if (!open) return nothing;
    // The view first: the contact form decides whether it asks "Is it this?", which the banner then leaves to it.
    const body = this.#renderView(view);
    return renderFrame(
      this,
      view,
      html`<div aria-live="polite">${this.status?.render(view)}</div>${body}`,
      () => this.#back(),
      this.#trap.onKeydown,
    );
  }

  #renderView(view: View): TemplateResult {
    const t = this.t;
    switch (view) {
      case 'article':
        return renderArticle(t, this.cfg.kb, this.state, (helpful) => this.#sendFeedback(helpful));
      case 'contact':
        return this.form
          ? this.form.render()
          : this.state.formError
            ? html`<p class="notice error" role="alert">${t.policyError}</p>`
            : html`<p class="muted" role="status">${t.loading}</p>`;
      case 'sent':
        return this.form ? this.form.renderSent() : html``;
      case 'chat':
        return this.chat && this.#chatView
          ? this.#chatView.renderChat(this, this.chat)
          : html`<p class="muted" role="status">${t.loading}</p>`;
      case 'tickets':
        return renderTickets(this, this.state);
      default:
        return renderHome(t, this.#search, this.state.suggestions, (hit, from) => this.#openArticle(hit, from));
    }
  }
}

let styleSheet: CSSStyleSheet | undefined;

/** Defines the element (once) and returns a panel bound to its widget. */
export function createPanel(host: WidgetHost): HelpwayPanel {
  if (!customElements.get(PANEL_TAG)) customElements.define(PANEL_TAG, HelpwayPanel);
  const panel = document.createElement(PANEL_TAG) as HelpwayPanel;
  panel.attach(host);
  return panel;
}

declare global {
  interface HTMLElementTagNameMap {
    'helpway-panel': HelpwayPanel;
  }
}
