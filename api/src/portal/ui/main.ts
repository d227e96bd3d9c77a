/**
 * `<helpway-portal>`: the client portal. Path routes under /portal/: the tickets (/portal/), a
 * ticket (/portal/tickets/HW-1042), a new ticket (/portal/new), and for key contacts the budget,
 * SLA and contacts pages; sessions for everyone. Signed out, every path shows sign-in; the mailed
 * link is /portal/sign-in#token=… (a fragment: it never reaches a server log).
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError, setCsrfToken, type Me } from './api.ts';
import type { Lang } from './due-words.ts';
import { portalStyles } from './view.ts';
import { LANGS, loadLang, saveLang } from './words.ts';
import './sign-in-view.ts';
import './tickets-view.ts';
import './ticket-view.ts';
import './new-ticket-view.ts';
import './account-views.ts';

type Page = 'tickets' | 'ticket' | 'new' | 'budget' | 'sla' | 'contacts' | 'sessions' | 'sign-in';
const KEY_ONLY: Page[] = ['budget', 'sla', 'contacts'];

function route(path: string): { page: Page; reference?: string } {
  const ticket = /^\/portal\/tickets\/(HW-\d+)\/?$/i.exec(path);
  if (ticket) return { page: 'ticket', reference: ticket[1].toUpperCase() };
  const page = /^\/portal\/(new|budget|sla|contacts|sessions|sign-in)\/?$/.exec(path)?.[1] as Page | undefined;
  return { page: page ?? 'tickets' };
}

export class HelpwayPortal extends LitElement {
  static properties = { _me: { state: true }, _checked: { state: true }, _path: { state: true }, _lang: { state: true } };
  static styles = [
    ...portalStyles,
    css`
      header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #17202a; color: #fff; flex-wrap: wrap; }
      header a { color: #fff; } header .brand { font-weight: 700; margin-right: auto; }
      header label { display: inline; color: #fff; margin-right: .3rem; }
      nav ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; flex-wrap: wrap; }
      main { padding: 1rem; max-width: 1100px; margin: 0 auto; }
      header button.secondary { padding: .2rem .6rem; }
    `,
  ];
  declare _me: Me['contact'] | null;
  declare _checked: boolean;
  declare _path: string;
  declare _lang: Lang;

  constructor() {
    super();
    this._me = null;
    this._checked = false;
    this._path = location.pathname;
    this._lang = loadLang();
    addEventListener('popstate', () => (this._path = location.pathname));
    addEventListener('hashchange', () => this.requestUpdate()); // a sign-in link opened in this tab
    this.addEventListener('click', (e) => this.#follow(e));
    this.addEventListener('portal-go', (e) => this.#go((e as CustomEvent<string>).detail));
    this.addEventListener('signed-in', (e) => this.#signedIn((e as CustomEvent<Me>).detail));
  }

  connectedCallback() {
    super.connectedCallback();
    document.documentElement.lang = this._lang;
    void this.#check();
  }

  async #check() {
    try {
      this.#signedIn(await api.get<Me>('/api/portal/me'));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) console.warn(error);
    } finally {
      this._checked = true;
    }
  }

  #signedIn(me: Me) {
    setCsrfToken(me.csrfToken);
    this._me = me.contact;
    // The link's page has already put /portal/ in the address bar; the app's own path follows it.
    if (route(this._path).page === 'sign-in') void this.#go('/portal/');
  }

  /** Same-app links change the page without reloading it. */
  #follow(e: MouseEvent) {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.composedPath().find((n): n is HTMLAnchorElement => n instanceof HTMLAnchorElement);
    if (!a || a.target || !a.pathname.startsWith('/portal') || a.origin !== location.origin) return;
    e.preventDefault();
    this.#go(a.pathname);
  }

  async #go(path: string) {
    if (path !== location.pathname) history.pushState(null, '', path);
    this._path = path;
    await this.updateComplete;
    // The new page's heading takes focus, so a screen reader hears where it is.
    requestAnimationFrame(() => {
      const view = this.renderRoot.querySelector('main > *') as LitElement | null;
      const h1 = view?.renderRoot?.querySelector('h1') as HTMLElement | null;
      h1?.setAttribute('tabindex', '-1');
      h1?.focus();
    });
  }

  #pickLang(e: Event) {
    this._lang = (e.target as HTMLSelectElement).value as Lang;
    saveLang(this._lang);
    document.documentElement.lang = this._lang;
  }

  async #signOut() {
    try {
      await api.post('/api/portal/sign-out');
    } finally {
      this._me = null;
      this.#go('/portal/sign-in');
    }
  }

  #page() {
    const me = this._me;
    const lang = this._lang;
    const r = route(this._path);
    if (!me) {
      const token = /[#&]token=([A-Za-z0-9_-]+)/.exec(location.hash)?.[1] ?? '';
      return html`<portal-sign-in .lang=${lang} .token=${r.page === 'sign-in' ? token : ''}></portal-sign-in>`;
    }
    const page = KEY_ONLY.includes(r.page) && me.role !== 'key' ? 'tickets' : r.page;
    switch (page) {
      case 'ticket':
        return html`<portal-ticket .lang=${lang} .me=${me} .reference=${r.reference!}></portal-ticket>`;
      case 'new':
        return html`<portal-new-ticket .lang=${lang} .me=${me}></portal-new-ticket>`;
      case 'budget':
        return html`<portal-budget .lang=${lang} .me=${me}></portal-budget>`;
      case 'sla':
        return html`<portal-sla .lang=${lang} .me=${me}></portal-sla>`;
      case 'contacts':
        return html`<portal-contacts .lang=${lang} .me=${me}></portal-contacts>`;
      case 'sessions':
        return html`<portal-sessions .lang=${lang} .me=${me}></portal-sessions>`;
      default:
        return html`<portal-tickets .lang=${lang} .me=${me}></portal-tickets>`;
    }
  }

  render() {
    const w = LANGS[this._lang].words;
    const me = this._me;
    const current = route(this._path).page;
    const link = (page: Page, href: string, text: string) =>
      html`<li><a href=${href} aria-current=${current === page || (page === 'tickets' && current === 'ticket') ? 'page' : nothing}>${text}</a></li>`;
    return html`<header>
        <span class="brand">${me ? `${me.site.name} · ` : ''}${w.portal}</span>
        ${
          me
            ? html`<nav aria-label=${w.nav}>
              <ul>
                ${link('tickets', '/portal/', w.tickets)} ${link('new', '/portal/new', w.newTicket)}
                ${
                  me.role === 'key'
                    ? html`${link('budget', '/portal/budget', w.budget)} ${link('sla', '/portal/sla', w.sla)} ${link('contacts', '/portal/contacts', w.contacts)}`
                    : nothing
                }
                ${link('sessions', '/portal/sessions', w.sessions)}
              </ul>
            </nav>`
            : nothing
        }
        <span>
          <label for="lang">${w.language}</label>
          <select id="lang" @change=${this.#pickLang}>
            ${Object.entries(LANGS).map(([code, l]) => html`<option value=${code} lang=${code} ?selected=${code === this._lang}>${l.name}</option>`)}
          </select>
        </span>
        ${me ? html`<button class="secondary" @click=${this.#signOut}>${w.signOut}</button>` : nothing}
      </header>
      <main>${this._checked ? this.#page() : html`<p role="status">${w.loading}</p>`}</main>`;
  }
}
customElements.define('helpway-portal', HelpwayPortal);
