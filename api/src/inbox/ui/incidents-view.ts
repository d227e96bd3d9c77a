/**
 * "Incidents" in the inbox: open and recent incidents with their public updates, a form to declare
 * one (for some sites or all), a form per open incident to post an update (or keep it open as
 * monitoring), and the maintenance windows with a form to announce one and a Cancel button.
 * The inbox re-reads it on every live change (main.ts), so an incident the monitor opens shows up
 * and is announced without a reload.
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, errorText } from './api.ts';
import { baseStyles } from './styles.ts';
import { when } from './format.ts';
import type { Incident, MaintenanceWindow } from '../../status/shapes.ts';

const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;

const fields = (form: HTMLFormElement) => Object.fromEntries(new FormData(form)) as Record<string, string>;
const sitesOf = (text: string): string[] | 'all' => (text.trim().toLowerCase() === 'all' ? 'all' : text.split(/[\s,]+/).filter(Boolean));
const isoOf = (local: string): string => (local ? new Date(local).toISOString() : '');

export class HelpwayIncidents extends LitElement {
  static styles = [
    baseStyles,
    css`
    section { margin-bottom: 1.5rem; }
    article { background: #fff; border: 1px solid #d5dbe1; border-radius: 6px; padding: .6rem .8rem; margin: .6rem 0; }
    article h3 { margin: 0 0 .3rem; font-size: 1.05rem; overflow-wrap: anywhere; }
    ol { padding-left: 1.2rem; } li { white-space: pre-wrap; overflow-wrap: anywhere; }
    form { display: grid; gap: .4rem; max-width: 40rem; }
    table { width: 100%; border-collapse: collapse; background: #fff; }
    th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #e3e7eb; overflow-wrap: anywhere; }
  `,
  ];
  static properties = { me: { type: String }, _incidents: { state: true }, _maintenance: { state: true }, _message: { state: true } };
  /** The signed-in agent's email: incidents they declared themselves are not announced to them. */
  declare me: string;
  declare _incidents: Incident[] | null;
  declare _maintenance: MaintenanceWindow[];
  declare _message: string;
  #known: Set<number> | null = null;

  constructor() {
    super();
    this.me = '';
    this._incidents = null;
    this._maintenance = [];
    this._message = '';
  }

  connectedCallback() {
    super.connectedCallback();
    void this.refresh();
  }

  /** Re-reads both lists; an incident someone else (or the monitor) opened since the last read is announced. */
  async refresh() {
    try {
      const [{ incidents }, { maintenance }] = await Promise.all([
        api.get<{ incidents: Incident[] }>('/api/inbox/incidents'),
        api.get<{ maintenance: MaintenanceWindow[] }>('/api/inbox/maintenance'),
      ]);
      const known = this.#known;
      const fresh = known ? incidents.filter((i) => !known.has(i.id) && !i.resolvedAt && i.updates.at(-1)?.author !== this.me) : [];
      if (fresh.length) this._message = `New incident: ${fresh.map((i) => i.title).join('; ')}.`;
      this.#known = new Set(incidents.map((i) => i.id));
      this._incidents = incidents;
      this._maintenance = maintenance;
    } catch (error) {
      this._message = errorText(error, 'Could not load the incidents.');
    }
  }

  async #send(e: Event, what: string, write: (data: Record<string, string>) => Promise<unknown>) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    try {
      await write(fields(form));
      form.reset();
      this._message = what;
      await this.refresh();
    } catch (error) {
      this._message = errorText(error, 'That did not work.');
    }
  }

  #declare(e: Event) {
    return this.#send(e, 'Incident declared.', (d) =>
      api.post('/api/inbox/incidents', { title: d.title, status: d.status, siteKeys: sitesOf(d.sites), body: d.body }),
    );
  }

  #update(e: Event, incident: Incident) {
    return this.#send(e, `Update posted on ${incident.title}.`, (d) =>
      api.post(`/api/inbox/incidents/${incident.id}/updates`, { status: d.status, body: d.body, hold: d.hold === 'on' }),
    );
  }

  #schedule(e: Event) {
    return this.#send(e, 'Maintenance announced.', (d) =>
      api.post('/api/inbox/maintenance', {
        siteKeys: d.site.trim() || 'all',
        title: d.title,
        body: d.body,
        startsAt: isoOf(d.startsAt),
        endsAt: isoOf(d.endsAt),
      }),
    );
  }

  async #cancel(w: MaintenanceWindow) {
    try {
      await api.del(`/api/inbox/maintenance/${w.id}`);
      this._message = `Maintenance ${w.title} cancelled.`;
      await this.refresh();
    } catch (error) {
      this._message = errorText(error, 'Could not cancel it.');
    }
  }

  #statusSelect(id: string, withResolved: boolean) {
    return html`<label for=${id}>Status</label>
      <select id=${id} name="status">${(withResolved ? STATUSES : STATUSES.slice(0, 3)).map((s) => html`<option value=${s}>${s}</option>`)}</select>`;
  }

  #incident(i: Incident) {
    const id = `inc-${i.id}`;
    return html`<article aria-labelledby="${id}-title">
      <h3 id="${id}-title">${i.title}</h3>
      <p class="muted">${i.status}${i.hold ? ' (held open)' : ''} · ${i.scope === 'all' ? 'all sites' : i.siteKeys.join(', ')} ·
        started ${when(i.startedAt)}${i.resolvedAt ? html` · resolved ${when(i.resolvedAt)}` : nothing}${i.auto ? ' · opened by monitoring' : ''}</p>
      <ol reversed>${i.updates.map((u) => html`<li><strong>${u.status}</strong> ${when(u.createdAt)}, ${u.author}: ${u.body}</li>`)}</ol>
      ${
        i.resolvedAt
          ? nothing
          : html`<form @submit=${(e: Event) => this.#update(e, i)} aria-label="Post an update on ${i.title}">
        ${this.#statusSelect(`${id}-status`, true)}
        <label for="${id}-body">Update (public)</label><textarea id="${id}-body" name="body" required maxlength="5000"></textarea>
        <label><input type="checkbox" name="hold"> Keep open as monitoring when the site is back</label>
        <button type="submit">Post update</button></form>`
      }
    </article>`;
  }

  render() {
    const incidents = this._incidents ?? [];
    return html`<h1>Incidents</h1>
      <div role="status" aria-live="polite">${this._message}</div>
      <section aria-labelledby="open-title"><h2 id="open-title">Incidents</h2>
        ${incidents.length ? incidents.map((i) => this.#incident(i)) : html`<p class="muted">No incidents.</p>`}</section>
      <section aria-labelledby="declare-title"><h2 id="declare-title">Declare an incident</h2>
        <form @submit=${(e: Event) => this.#declare(e)} aria-labelledby="declare-title">
          <label for="declare-name">Title</label><input id="declare-name" name="title" required maxlength="200">
          ${this.#statusSelect('declare-status', false)}
          <label for="declare-sites">Sites (keys separated by commas, or "all")</label><input id="declare-sites" name="sites" required>
          <label for="declare-body">First update (public)</label><textarea id="declare-body" name="body" required maxlength="5000"></textarea>
          <button type="submit">Declare</button></form></section>
      <section aria-labelledby="maint-title"><h2 id="maint-title">Maintenance</h2>
        ${
          this._maintenance.length
            ? html`<table aria-labelledby="maint-title"><thead><tr><th scope="col">Title</th><th scope="col">Site</th><th scope="col">From</th><th scope="col">To</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
          <tbody>${this._maintenance.map(
            (
              w,
            ) => html`<tr><td>${w.title}</td><td>${w.siteKey ?? 'all sites'}</td><td>${when(w.startsAt)}</td><td>${when(w.endsAt)}</td><td>${w.state}</td>
            <td>${w.state === 'upcoming' || w.state === 'active' ? html`<button class="secondary" @click=${() => void this.#cancel(w)}>Cancel ${w.title}</button>` : nothing}</td></tr>`,
          )}</tbody></table>`
            : html`<p class="muted">No maintenance announced.</p>`
        }
        <h3 id="schedule-title">Announce maintenance</h3>
        <form @submit=${(e: Event) => this.#schedule(e)} aria-labelledby="schedule-title">
          <label for="maint-name">Title</label><input id="maint-name" name="title" required maxlength="200">
          <label for="maint-site">Site key (empty: all sites)</label><input id="maint-site" name="site">
          <label for="maint-start">Starts</label><input id="maint-start" name="startsAt" type="datetime-local" required>
          <label for="maint-end">Ends</label><input id="maint-end" name="endsAt" type="datetime-local" required>
          <label for="maint-body">Details (public)</label><textarea id="maint-body" name="body" maxlength="5000"></textarea>
          <button type="submit">Announce</button></form></section>`;
  }
}

if (!customElements.get('helpway-incidents')) customElements.define('helpway-incidents', HelpwayIncidents);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-incidents': HelpwayIncidents;
  }
}
