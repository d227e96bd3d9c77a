/**
 * The admin sections that work on one site at a time (SLA amendment, contacts) pick it the same
 * way: the sites from GET /api/admin/sites, and a labelled select of them.
 */
import { html } from 'lit';
import { api, type Site } from './api.ts';

export const loadSites = async (): Promise<Site[]> => (await api.get<{ sites: Site[] }>('/api/admin/sites')).sites;

/** A labelled `<select>` of the sites, `key` selected; `pick` gets the chosen key. */
export const siteSelect = (id: string, sites: Site[], key: string, pick: (key: string) => void) =>
  html`<div><label for=${id}>Site</label>
    <select id=${id} @change=${(e: Event) => pick((e.target as HTMLSelectElement).value)}>
      ${sites.map((s) => html`<option value=${s.key} ?selected=${s.key === key}>${s.key} — ${s.name}</option>`)}
    </select></div>`;
