/**
 * What the panel shows while the site has an open incident or maintenance under way: a banner at
 * the top of the panel (title, status in words, the last public update and how long ago it was
 * posted), and in the contact form, when the requester picks S1, "Is it this?" — "I'm affected
 * too" puts them on the incident's mailing list (POST /api/status/incidents/{id}/affected) instead
 * of filing one more S1 ticket about it; "No, it's something else" gives the form back.
 *
 * A chunk of its own, loaded by the panel only when GET /api/status lists something to show: a
 * healthy site's sessions pay for the status request and nothing more. Its words are here too
 * (./status-words.ts), for the same reason.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { sheet } from './element.ts';
import { formatDue, inEnglish } from './i18n.ts';
import { ApiError, request, toJson } from './api-client.ts';
import type { PanelHost } from './panel-host.ts';
import type { ContactForm } from './contact/contact-form.ts';
import type { View } from './state.ts';
import { STATUS_WORDS, timeAgo, type StatusWords } from './status-words.ts';

/** The parts of GET /api/status the widget reads (api/src/status/shapes.ts, PublicStatus). */
export interface StatusIncident {
  id: number;
  title: string;
  status: string;
  scope: 'sites' | 'all';
  siteKeys: string[];
  startedAt: string;
  updatedAt: string;
  /** Newest first. */
  updates: Array<{ status: string; body: string; createdAt: string }>;
}
export interface StatusMaintenance {
  id: number;
  title: string;
  body: string;
  startsAt: string;
  endsAt: string;
  state: 'upcoming' | 'active';
}
export interface SiteStatus {
  incidents: StatusIncident[];
  maintenance: StatusMaintenance[];
}

const styles = sheet(`
  .hw-status { display: grid; gap: 8px; margin: 0 0 12px; }
  .hw-status .item { border: 1px solid #b35c00; border-left-width: 6px; border-radius: 8px; padding: 8px 10px; background: var(--_soft); }
  .hw-status p, .hw-ask p { margin: 0 0 4px; }
  .hw-status .when, .hw-ask .when { color: var(--_muted); font-size: 0.9em; }
  .hw-ask { display: grid; gap: 10px; }
  .hw-ask h3 { margin: 0; font-size: 1.1em; }
  .hw-ask .actions { display: flex; flex-wrap: wrap; gap: 8px; }
`);

/** The open incidents about `site` (or every site), newest first as the API lists them. */
function openIncidents(status: SiteStatus, site: string): StatusIncident[] {
  return (status.incidents || []).filter((i) => i.status !== 'resolved' && (i.scope === 'all' || (i.siteKeys || []).includes(site)));
}

function activeMaintenance(status: SiteStatus): StatusMaintenance[] {
  return (status.maintenance || []).filter((m) => m.state === 'active');
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Asking {
  incident: number;
  /** Whether the question asks for a name and an email (the form and the host had neither). */
  identity: boolean;
  sending: boolean;
  errors: Record<string, string>;
  failed: boolean;
}

export class StatusBanner {
  #panel: PanelHost;
  #incidents: StatusIncident[];
  #maintenance: StatusMaintenance[];
  /** Incidents the requester said their S1 is not about: not asked again on this page. */
  #declined = new Set<number>();
  #asking: Asking | null = null;
  /** The address the updates go to, once "I'm affected too" went through. */
  #subscribed = '';

  constructor(panel: PanelHost, status: SiteStatus) {
    this.#panel = panel;
    this.#incidents = openIncidents(status, panel.cfg.site);
    this.#maintenance = activeMaintenance(status);
    const root = panel.renderRoot;
    if (!root.adoptedStyleSheets.includes(styles)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles];
  }

  get #words(): StatusWords {
    return STATUS_WORDS[this.#panel.t.lang] ?? STATUS_WORDS.en;
  }

  #incident(i: StatusIncident): TemplateResult {
    const t = this.#panel.t;
    const w = this.#words;
    const last = i.updates?.[0];
    const at = last?.createdAt ?? i.updatedAt ?? i.startedAt;
    return html`<p><strong>${inEnglish(t, i.title)}</strong> — ${w.statuses[i.status] ?? inEnglish(t, i.status)}</p>
      ${last?.body ? html`<p>${inEnglish(t, last.body)}</p>` : nothing}
      <p class="when"><time datetime=${at}>${w.updated(timeAgo(at, t.lang))}</time></p>`;
  }

  /** The banner, at the top of every view but while the contact form asks "Is it this?" (which shows the incident itself). */
  render(view: View): TemplateResult | typeof nothing {
    if ((view === 'contact' && (this.#asking || this.#subscribed)) || !(this.#incidents.length || this.#maintenance.length)) return nothing;
    const t = this.#panel.t;
    const w = this.#words;
    return html`<section class="hw-status" aria-label=${w.region}>
      ${this.#incidents.map((i) => html`<div class="item">${this.#incident(i)}</div>`)}
      ${this.#maintenance.map(
        (m) => html`<div class="item">
          <p><strong>${inEnglish(t, m.title)}</strong> — ${w.maintenance}</p>
          ${m.body ? html`<p>${inEnglish(t, m.body)}</p>` : nothing}
          <p class="when"><time datetime=${m.endsAt}>${w.until(formatDue(m.endsAt, t.lang))}</time></p>
        </div>`,
      )}
    </section>`;
  }

  /**
   * What the contact form shows instead of itself: "Is it this?" when the requester picked S1
   * while an incident is open (once per incident), then the confirmation of the subscription;
   * undefined for the form as usual.
   */
  ask(form: ContactForm): TemplateResult | undefined {
    const panel = this.#panel;
    if (this.#subscribed) return this.#renderSubscribed(form);
    const incident = this.#incidents[0];
    if (!incident || form.fields.severity !== 'S1' || this.#declined.has(incident.id) || form.submission.phase !== 'editing') {
      this.#asking = null;
      return undefined;
    }
    if (this.#asking?.incident !== incident.id) {
      const f = form.fields;
      this.#asking = { incident: incident.id, identity: !f.name.trim() || !f.email.trim(), sending: false, errors: {}, failed: false };
      panel.focusLater('.hw-ask h3');
    }
    const asking = this.#asking;
    const t = panel.t;
    const w = this.#words;
    const input = (key: 'name' | 'email', label: string, type: string) => {
      const error = asking.errors[key];
      return html`<div class="field">
        <label for="hw-ask-${key}">${label}</label>
        <input id="hw-ask-${key}" type=${type} autocomplete=${key} maxlength=${key === 'name' ? 120 : 254} .value=${form.fields[key]}
          aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? `hw-ask-${key}-err` : nothing}
          @input=${(e: Event) => form.set(key, (e.target as HTMLInputElement).value)} />
        ${error ? html`<span class="error-text" id="hw-ask-${key}-err">${error}</span>` : nothing}
      </div>`;
    };
    return html`<div class="hw-ask notice warn" role="group" aria-labelledby="hw-ask-title">
      <h3 id="hw-ask-title" tabindex="-1">${w.askTitle}</h3>
      <p>${w.askLead}</p>
      <div>${this.#incident(incident)}</div>
      ${asking.identity ? html`${input('name', t.name, 'text')}${input('email', t.email, 'email')}` : nothing}
      ${asking.failed ? html`<p class="error-text" role="alert">${w.failed}</p>` : nothing}
      <div class="actions">
        <button type="button" class="primary" ?disabled=${asking.sending} @click=${() => this.#affected(form, incident.id)}>
          ${asking.sending ? w.sending : w.affected}
        </button>
        <button type="button" class="secondary" ?disabled=${asking.sending} @click=${() => this.#other(incident.id)}>${w.other}</button>
      </div>
    </div>`;
  }

  /** "No, it's something else": the form as it was, focus back on the severity chosen. */
  #other(id: number): void {
    this.#declined.add(id);
    this.#asking = null;
    this.#panel.focusLater('input[name="severity"]:checked');
  }

  async #affected(form: ContactForm, id: number): Promise<void> {
    const panel = this.#panel;
    const asking = this.#asking;
    if (!asking || asking.sending) return;
    const t = panel.t;
    const name = form.fields.name.trim();
    const email = form.fields.email.trim();
    asking.errors = {};
    if (!name) asking.errors.name = t.required;
    if (!email) asking.errors.email = t.required;
    else if (!EMAIL.test(email)) asking.errors.email = t.invalidEmail;
    asking.failed = false;
    if (Object.keys(asking.errors).length) {
      asking.identity = true;
      panel.requestUpdate();
      return panel.focusLater('.hw-ask [aria-invalid="true"]');
    }
    asking.sending = true;
    panel.requestUpdate();
    try {
      await request(`${panel.api.api}/api/status/incidents/${id}/affected`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: toJson({ site: panel.api.site, name, email }),
      });
    } catch (error) {
      asking.sending = false;
      const fields = error instanceof ApiError ? error.fields : {};
      if (fields.name || fields.email) {
        asking.identity = true;
        asking.errors = { ...(fields.name ? { name: fields.name } : {}), ...(fields.email ? { email: fields.email } : {}) };
      } else asking.failed = true;
      panel.requestUpdate();
      return panel.focusLater(asking.failed ? '.hw-ask h3' : '.hw-ask [aria-invalid="true"]');
    }
    // The S1 draft is done with: the incident's updates answer it, so no ticket is filed for it.
    form.discard();
    this.#declined.add(id);
    this.#asking = null;
    this.#subscribed = email;
    panel.focusLater('.hw-done');
  }

  #renderSubscribed(form: ContactForm): TemplateResult {
    const w = this.#words;
    const again = () => {
      this.#subscribed = '';
      form.panel.focusLater('form');
    };
    return html`<div class="hw-done notice" role="status" tabindex="-1">
      <p>${w.subscribed(this.#subscribed)}</p>
      <p>${w.noTicket}</p>
      <button type="button" class="secondary" @click=${again}>${w.somethingElse}</button>
    </div>`;
  }
}
