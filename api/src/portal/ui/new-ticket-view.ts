/**
 * A new ticket, guided like the widget's form and by the same model (widget/src/panel/contact/:
 * the field rules, the body, the API's refusals on their fields, and the submission that resends
 * one frozen body under one Idempotency-Key until the API answers). The types and severities come
 * from the policy in the portal's language; a severity shows when we would reply, live; the scope
 * check says what support does not handle before it is sent. Requester and site are the contact's.
 */
import { html, nothing } from 'lit';
import { emptyFields, errorsFromApi, requestBody, validate, type FieldErrors } from '../../../../widget/src/panel/contact/form-model.ts';
import { Submission } from '../../../../widget/src/panel/contact/submission.ts';
import { normalisePolicy, type Policy, type ScopeMatch, type SlaPreview } from '../../../../widget/src/panel/api-client.ts';
import type { Draft, DraftFields } from '../../../../widget/src/panel/storage.ts';
import { api, errorText, request } from './api.ts';
import { dueWords } from './due-words.ts';
import { PortalView } from './view.ts';

const DRAFT_KEY = 'helpway-portal:draft';

export class PortalNewTicket extends PortalView {
  static properties = {
    ...PortalView.properties,
    _policy: { state: true },
    _errors: { state: true },
    _due: { state: true },
    _scope: { state: true },
    _error: { state: true },
    _tick: { state: true },
  };
  declare _policy: Policy | null;
  declare _errors: FieldErrors;
  declare _due: string;
  declare _scope: ScopeMatch[];
  declare _error: string;
  declare _tick: number;
  #fields: DraftFields = emptyFields();
  #scopeTimer: ReturnType<typeof setTimeout> | undefined;
  #submission = new Submission({
    store: {
      loadDraft: () => {
        try {
          return JSON.parse(localStorage.getItem(DRAFT_KEY) || 'null') as Draft | null;
        } catch {
          return null;
        }
      },
      saveDraft: (d) => localStorage.setItem(DRAFT_KEY, JSON.stringify(d)),
      clearDraft: () => localStorage.removeItem(DRAFT_KEY),
    },
    send: (draft) => request('POST', '/api/portal/tickets', draft.pending, { 'idempotency-key': draft.idempotencyKey }),
    changed: () => this._tick++,
    sent: (created) => this.go(`/portal/tickets/${(created as unknown as { reference: string }).reference}`),
    refused: (error) => {
      this._errors = errorsFromApi(error.fields);
      this._error = errorText(error, this.w.failed);
    },
  });

  constructor() {
    super();
    this._policy = null;
    this._errors = {};
    this._due = '';
    this._scope = [];
    this._error = '';
    this._tick = 0;
  }

  connectedCallback() {
    super.connectedCallback();
    const saved = this.#submission.restore();
    if (saved) this.#fields = { ...emptyFields(), ...saved.fields };
    if (this.#submission.phase === 'waiting') void this.#submission.send();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#submission.stop();
    clearTimeout(this.#scopeTimer);
  }

  updated(changed: Map<string, unknown>) {
    if ((changed.has('lang') || changed.has('me')) && this.me) void this.#loadPolicy();
  }

  async #loadPolicy() {
    try {
      this._policy = normalisePolicy(await api.get(`/api/policy?${new URLSearchParams({ site: this.me!.site.key, lang: this.lang })}`));
    } catch (error) {
      this._error = errorText(error, this.w.failed);
    }
  }

  #input(e: Event) {
    const el = e.target as HTMLInputElement;
    const f = this.#fields;
    if (el.name.startsWith('fields.')) f.fields[el.name.slice(7)] = el.type === 'checkbox' ? el.checked : el.value;
    else (f as unknown as Record<string, string>)[el.name] = el.value;
    this.#submission.keep(f);
    if (el.name === 'severity' || el.name === 'type') void this.#preview();
    if (el.name === 'subject' || el.name === 'description') this.#scopeSoon();
    this._tick++;
  }

  async #preview() {
    const { severity, type } = this.#fields;
    if (!severity || !type) return;
    try {
      const sla = await api.get<SlaPreview>(`/api/sla/preview?${new URLSearchParams({ site: this.me!.site.key, severity, type })}`);
      this._due = sla.firstResponseDue ? dueWords({ target: 'response', at: sla.firstResponseDue }, new Date(), this.lang) : sla.sentence;
    } catch {
      this._due = '';
    }
  }

  #scopeSoon() {
    clearTimeout(this.#scopeTimer);
    this.#scopeTimer = setTimeout(async () => {
      const text = `${this.#fields.subject}\n${this.#fields.description}`.trim();
      if (text.length < 6) return;
      try {
        const r = await api.post<{ matches: ScopeMatch[] }>('/api/scope-check', { text, site: this.me!.site.key, lang: this.lang });
        this._scope = r.matches.filter((m) => m.verdict && m.verdict !== 'in');
      } catch {
        /* advice only: the form works without it */
      }
    }, 600);
  }

  async #submit(e: Event) {
    e.preventDefault();
    const f = { ...this.#fields, name: this.me!.name, email: this.me!.email };
    const type = this._policy?.ticketTypes.find((t) => t.id === f.type);
    this._errors = validate(f, type, this.w);
    this._error = '';
    if (Object.keys(this._errors).length) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    // The widget's body, less what the portal knows itself (site, requester, page and journey).
    const full = requestBody(
      f,
      type,
      { site: this.me!.site.key, userHash: '' },
      { url: location.href, title: document.title },
      { searches: [], articlesRead: [] },
      '',
    );
    const body = { type: full.type, severity: full.severity, subject: full.subject, description: full.description, fields: full.fields };
    await this.#submission.submit(f, body, []);
  }

  #error(name: string) {
    return this._errors[name] ? html`<p class="error" id="${name}-error">${this._errors[name]}</p>` : nothing;
  }

  #text(name: 'subject' | 'description', label: string) {
    const invalid = Boolean(this._errors[name]);
    const attrs = { id: name, name, 'aria-invalid': String(invalid), 'aria-describedby': invalid ? `${name}-error` : undefined };
    return html`<div class="field">
      <label for=${attrs.id}>${label}</label>
      ${
        name === 'subject'
          ? html`<input id="subject" name="subject" maxlength="200" .value=${this.#fields.subject} aria-invalid=${attrs['aria-invalid']} aria-describedby=${attrs['aria-describedby'] ?? nothing} />`
          : html`<textarea id="description" name="description" .value=${this.#fields.description} aria-invalid=${attrs['aria-invalid']} aria-describedby=${attrs['aria-describedby'] ?? nothing}></textarea>`
      }
      ${this.#error(name)}
    </div>`;
  }

  render() {
    const w = this.w;
    const p = this._policy;
    if (!p) return html`<h1>${w.newTicket}</h1><p role="status">${w.loading}</p><div role="alert">${this._error}</div>`;
    const type = p.ticketTypes.find((t) => t.id === this.#fields.type);
    const phase = this.#submission.phase;
    const radios = (
      name: 'type' | 'severity',
      legend: string,
      options: Array<{ id: string; name: string; description?: string; definition?: string }>,
    ) =>
      html`<fieldset aria-invalid=${String(Boolean(this._errors[name]))} aria-describedby=${this._errors[name] ? `${name}-error` : nothing}>
        <legend>${legend}</legend>
        ${options.map(
          (o) => html`<div class="field">
            <input type="radio" id="${name}-${o.id}" name=${name} value=${o.id} .checked=${this.#fields[name] === o.id} aria-describedby="${name}-${o.id}-d" />
            <label class="inline" for="${name}-${o.id}">${o.name}</label>
            <div class="muted" id="${name}-${o.id}-d">${o.description ?? o.definition}</div>
          </div>`,
        )}
        ${this.#error(name)}
      </fieldset>`;
    return html`<h1>${w.newTicket}</h1>
      <form novalidate @input=${this.#input} @change=${this.#input} @submit=${this.#submit}>
        ${radios('type', w.type, p.ticketTypes)}
        ${radios('severity', w.severity, p.severities)}
        <p role="status">${this._due}</p>
        ${this.#text('subject', w.subject)}
        ${type?.prompt ? html`<p class="muted">${type.prompt}</p>` : nothing}
        ${this.#text('description', w.description)}
        ${(type?.fields ?? []).map((field) => {
          const id = `fields.${field.name}`;
          return html`<div class="field">
            ${
              field.kind === 'checkbox'
                ? html`<input type="checkbox" id=${id} name=${id} .checked=${this.#fields.fields[field.name] === true} /> <label class="inline" for=${id}>${field.label}</label>`
                : html`<label for=${id}>${field.label}</label>
                  <input id=${id} name=${id} type=${field.kind === 'textarea' ? 'text' : field.kind} .value=${String(this.#fields.fields[field.name] ?? '')} aria-invalid=${String(Boolean(this._errors[id]))} />`
            }
            ${field.help ? html`<div class="muted">${field.help}</div>` : nothing}
            ${this.#error(id)}
          </div>`;
        })}
        <div role="status">
          ${
            this._scope.length
              ? html`<div class="card"><p><strong>${w.scopeTitle}</strong></p>
                ${this._scope.map((m) => html`<p>${m.topic}: ${m.who} <a href=${m.articleUrl}>${m.article}</a></p>`)}</div>`
              : nothing
          }
        </div>
        <button ?disabled=${phase !== 'editing'}>${phase === 'editing' ? w.create : w.sending}</button>
        <p role="status">${phase === 'waiting' ? w.retrying(this.#submission.retryIn) : ''}</p>
        <div role="alert">${this._error ? html`<p class="error">${this._error}</p>` : nothing}</div>
      </form>`;
  }
}
customElements.define('portal-new-ticket', PortalNewTicket);
