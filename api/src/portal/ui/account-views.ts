/**
 * The key contact's pages (budget statement, this quarter's SLA, the site's contacts) and every
 * contact's sessions. Each loads when shown and says what it did in a live region.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { api, errorText, type PortalContact, type PortalSession, type SlaSummary } from './api.ts';
import { PortalView } from './view.ts';

/** A page that loads one thing and shows it; `note` and `error` are announced. */
abstract class LoadedView<T> extends PortalView {
  static properties = { ...PortalView.properties, data: { state: true }, note: { state: true }, error: { state: true } };
  declare data: T | null;
  declare note: string;
  declare error: string;
  constructor() {
    super();
    this.data = null;
    this.note = '';
    this.error = '';
  }
  connectedCallback() {
    super.connectedCallback();
    void this.reload();
  }
  abstract fetch(): Promise<T>;
  abstract body(data: T): TemplateResult;
  abstract heading(): string;
  async reload() {
    try {
      this.data = await this.fetch();
    } catch (error) {
      this.error = errorText(error, this.w.failed);
    }
  }
  /** Runs a change, then reloads and announces `done`. */
  async change(run: () => Promise<unknown>, done: string) {
    this.error = '';
    try {
      await run();
      await this.reload();
      this.note = done; // once the page shows the change
    } catch (error) {
      this.error = errorText(error, this.w.failed);
    }
  }
  render() {
    return html`<h1>${this.heading()}</h1>
      <div role="status">${this.note ? html`<p>${this.note}</p>` : nothing}</div>
      <div role="alert">${this.error ? html`<p class="error">${this.error}</p>` : nothing}</div>
      ${this.data ? this.body(this.data) : html`<p>${this.w.loading}</p>`}`;
  }
}

interface Statement {
  month: string;
  complete: boolean;
  currency: string;
  hoursBought: number;
  remainingHours: number;
  used: { hours: number; cost: number; byRate: Array<{ rate: string; name: string; hours: number; cost: number }> };
}

export class PortalBudget extends LoadedView<Statement> {
  #month = new Date().toISOString().slice(0, 7);
  heading = () => this.w.budget;
  fetch = () => api.get<Statement>(`/api/portal/budget?month=${this.#month}`);
  body(s: Statement) {
    const w = this.w;
    const money = (n: number) => new Intl.NumberFormat(this.lang, { style: 'currency', currency: s.currency }).format(n);
    return html`<form class="row card" @submit=${(e: Event) => {
      e.preventDefault();
      this.#month = String(new FormData(e.target as HTMLFormElement).get('month'));
      void this.reload();
    }}>
        <div><label for="month">${w.month}</label><input id="month" name="month" type="month" required .value=${this.#month} /></div>
        <button>${w.show}</button>
      </form>
      ${s.complete ? nothing : html`<p class="muted">${w.notComplete}</p>`}
      <dl>
        <dt>${w.hoursBought}</dt><dd>${s.hoursBought}</dd>
        <dt>${w.hoursUsed}</dt><dd>${s.used.hours}</dd>
        <dt>${w.hoursRemaining}</dt><dd>${s.remainingHours}</dd>
      </dl>
      <table>
        <caption>${w.budget} ${s.month}</caption>
        <thead><tr><th scope="col">${w.rate}</th><th scope="col">${w.hours}</th><th scope="col">${w.cost}</th></tr></thead>
        <tbody>${s.used.byRate.map((r) => html`<tr><td>${r.name}</td><td>${r.hours}</td><td>${money(r.cost)}</td></tr>`)}</tbody>
      </table>
      <p><a href="/api/portal/budget/statement?month=${s.month}" target="_blank" rel="noopener">${w.printable}</a></p>`;
  }
}
customElements.define('portal-budget', PortalBudget);

export class PortalSla extends LoadedView<SlaSummary> {
  heading = () => this.w.sla;
  fetch = () => api.get<SlaSummary>('/api/portal/sla');
  body(s: SlaSummary) {
    const w = this.w;
    const row = (name: string, v: { met: number; missed: number }) =>
      html`<tr><th scope="row">${name}</th><td>${v.met}</td><td>${v.missed}</td></tr>`;
    return html`<table>
      <caption>${w.slaLead(s.quarter)}</caption>
      <thead><tr><th scope="col">${w.target}</th><th scope="col">${w.met}</th><th scope="col">${w.missed}</th></tr></thead>
      <tbody>${row(w.firstResponse, s.firstResponse)}${row(w.resolution, s.resolution)}</tbody>
    </table>`;
  }
}
customElements.define('portal-sla', PortalSla);

export class PortalContacts extends LoadedView<PortalContact[]> {
  heading = () => this.w.contacts;
  fetch = async () => (await api.get<{ contacts: PortalContact[] }>('/api/portal/contacts')).contacts;
  #invite(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const d = new FormData(form);
    const email = String(d.get('email')).trim();
    void this.change(async () => {
      await api.post('/api/portal/contacts', { email, name: String(d.get('name')).trim(), role: d.get('role') });
      form.reset();
    }, this.w.invited(email));
  }
  body(contacts: PortalContact[]) {
    const w = this.w;
    return html`<table>
        <caption class="visually-hidden">${w.contacts}</caption>
        <thead><tr><th scope="col">${w.name}</th><th scope="col">${w.email}</th><th scope="col">${w.role}</th><td></td></tr></thead>
        <tbody>
          ${contacts.map(
            (c) => html`<tr>
              <td>${c.name}</td><td>${c.email}</td><td>${w.roles[c.role]}</td>
              <td>${
                c.id === this.me?.id
                  ? nothing
                  : html`<button class="secondary small" @click=${() => this.change(() => api.delete(`/api/portal/contacts/${c.id}`), w.removed(c.name))}>${w.remove(c.name)}</button>`
              }</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <form class="card" @submit=${this.#invite}>
        <h2>${w.invite}</h2>
        <div class="field"><label for="c-name">${w.name}</label><input id="c-name" name="name" required autocomplete="off" /></div>
        <div class="field"><label for="c-email">${w.email}</label><input id="c-email" name="email" type="email" required autocomplete="off" /></div>
        <div class="field"><label for="c-role">${w.role}</label>
          <select id="c-role" name="role"><option value="member">${w.roles.member}</option><option value="key">${w.roles.key}</option></select></div>
        <button>${w.invite}</button>
      </form>`;
  }
}
customElements.define('portal-contacts', PortalContacts);

export class PortalSessions extends LoadedView<PortalSession[]> {
  heading = () => this.w.sessions;
  fetch = async () => (await api.get<{ sessions: PortalSession[] }>('/api/portal/sessions')).sessions;
  body(sessions: PortalSession[]) {
    const w = this.w;
    return html`<table>
      <caption class="visually-hidden">${w.sessions}</caption>
      <thead><tr><th scope="col">${w.device}</th><th scope="col">${w.lastSeen}</th><td></td></tr></thead>
      <tbody>
        ${sessions.map((s) => {
          const device = s.current ? w.thisDevice : (s.userAgent ?? '?').slice(0, 60);
          return html`<tr>
            <td>${device}</td><td>${this.time(s.lastSeenAt)}</td>
            <td>${s.current ? nothing : html`<button class="secondary small" @click=${() => this.change(() => api.delete(`/api/portal/sessions/${encodeURIComponent(s.id)}`), w.revoked)}>${w.revoke(device)}</button>`}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}
customElements.define('portal-sessions', PortalSessions);
