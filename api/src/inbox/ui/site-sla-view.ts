/**
 * `<helpway-site-sla>`: the admin's view of a site's SLA amendment. Pick a site to see the terms
 * its new tickets get (targets, escalation contacts) and who amended them when; the form sets the
 * client relationship manager (the `site-crm` escalation contact) and a severity's target
 * override through POST /api/admin/sites/{key}/sla, the same change as the admin CLI's `sites set`.
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError, errorText, type Site, type SiteSla } from './api.ts';
import { baseStyles } from './styles.ts';
import { when } from './format.ts';
import { loadSites, siteSelect } from './site-picker.ts';

const SEVERITIES = ['S1', 'S2', 'S3', 'S4'] as const;

export class HelpwaySiteSla extends LitElement {
  static styles = [
    baseStyles,
    css`
    .row { display: flex; gap: .75rem; flex-wrap: wrap; align-items: end; margin-bottom: .6rem; }
    table { width: 100%; border-collapse: collapse; margin: .5rem 0; }
    th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid #e3e7eb; overflow-wrap: anywhere; }
    fieldset { border: 1px solid #e3e7eb; padding: .5rem; margin: 0 0 .6rem; }
  `,
  ];
  static properties = { _sites: { state: true }, _key: { state: true }, _sla: { state: true }, _message: { state: true } };
  declare _sites: Site[];
  declare _key: string;
  declare _sla: SiteSla | null;
  declare _message: string;

  constructor() {
    super();
    this._sites = [];
    this._key = '';
    this._sla = null;
    this._message = '';
  }

  connectedCallback() {
    super.connectedCallback();
    void this.#loadSites();
  }

  async #loadSites() {
    try {
      this._sites = await loadSites();
      if (!this._key && this._sites.length) await this.#show(this._sites[0].key);
    } catch (error) {
      this._message = error instanceof ApiError ? error.message : 'Could not load the sites.';
    }
  }

  async #show(key: string) {
    this._key = key;
    try {
      this._sla = await api.get<SiteSla>(`/api/admin/sites/${encodeURIComponent(key)}/sla`);
    } catch (error) {
      this._sla = null;
      this._message = error instanceof ApiError ? error.message : 'Could not load the SLA.';
    }
  }

  async _onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const crm = String(data.get('crm') ?? '').trim();
    const change: Record<string, unknown> = { crm: crm || null };
    const target: Record<string, number> = {};
    for (const field of ['responseHours', 'resolutionDays'] as const) {
      const value = String(data.get(field) ?? '').trim();
      if (value) target[field] = Number(value);
    }
    if (Object.keys(target).length) change.targets = { [String(data.get('severity'))]: target };
    try {
      this._sla = await api.post<SiteSla>(`/api/admin/sites/${encodeURIComponent(this._key)}/sla`, change);
      this._message = `SLA amended for ${this._key}.`;
    } catch (error) {
      this._message = errorText(error, 'The change failed; try again.');
    }
  }

  render() {
    const sla = this._sla;
    return html`<h2>Site SLA amendments</h2>
      <div role="status" aria-live="polite">${this._message}</div>
      <div class="row">${siteSelect('sla-site', this._sites, this._key, (key) => void this.#show(key))}</div>
      ${sla ? this.#terms(sla) : nothing}
      ${
        sla
          ? html`<form @submit=${this._onSubmit}>
        <div class="field"><label for="sla-crm">Relationship manager email (empty: ${sla.defaultCrm})</label>
          <input id="sla-crm" name="crm" type="email" .value=${sla.current?.crm ?? ''} /></div>
        <fieldset><legend>Target override</legend>
          <div class="row">
            <div><label for="sla-severity">Severity</label><select id="sla-severity" name="severity">${SEVERITIES.map((s) => html`<option value=${s}>${s}</option>`)}</select></div>
            <div><label for="sla-response">Response hours</label><input id="sla-response" name="responseHours" type="number" min="0.01" step="0.01" size="6" /></div>
            <div><label for="sla-resolution">Resolution days</label><input id="sla-resolution" name="resolutionDays" type="number" min="0.01" step="0.01" size="6" /></div>
          </div>
        </fieldset>
        <button type="submit">Save SLA amendment</button>
      </form>`
          : nothing
      }`;
  }

  #terms(sla: SiteSla) {
    return html`<table aria-label="Terms for new tickets of ${sla.site}">
        <thead><tr><th scope="col">Severity</th><th scope="col">Response</th><th scope="col">Resolution</th></tr></thead>
        <tbody>${Object.entries(sla.terms.targets).map(([id, t]) => html`<tr><td>${id}</td><td>${t.responseHours ?? '—'} h</td><td>${t.resolutionDays ?? '—'} days</td></tr>`)}</tbody>
      </table>
      <table aria-label="Escalation contacts for ${sla.site}">
        <thead><tr><th scope="col">Level</th><th scope="col">Role</th><th scope="col">Contact</th></tr></thead>
        <tbody>${sla.terms.levels.map((l) => html`<tr><td>${l.level}</td><td>${l.role}</td><td>${l.contact}</td></tr>`)}</tbody>
      </table>
      ${
        sla.history.length
          ? html`<h3>History</h3><ol>${sla.history.map((a) => html`<li>${when(a.changedAt)} by ${a.changedBy}: relationship manager ${a.crm ?? `${sla.defaultCrm} (default)`}${Object.keys(a.targets).length ? `, targets ${JSON.stringify(a.targets)}` : ''}</li>`)}</ol>`
          : html`<p class="muted">No amendment: the plan's terms apply.</p>`
      }`;
  }
}

if (!customElements.get('helpway-site-sla')) customElements.define('helpway-site-sla', HelpwaySiteSla);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-site-sla': HelpwaySiteSla;
  }
}
