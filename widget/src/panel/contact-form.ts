/**
 * The guided contact form, as a reactive controller of the panel (one shadow root, one focus trap).
 *
 * Safety of a submission: each draft gets one Idempotency-Key. The first Send freezes the body
 * (`draft.pending`); every retry — after a network failure, a reload, or the device coming back
 * online — resends exactly that body with that key, so the API can never make two tickets of it.
 * Attached files are uploaded first, each once: their upload ids join the draft as they arrive
 * (`draft.files`) and then the body; their bytes wait in IndexedDB across a reload.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { ReactiveController } from 'lit';
import { ApiError, type Policy, type ScopeMatch, type SlaPreview, type TicketCreated, type TicketType } from './api-client.ts';
import { newIdempotencyKey, type Draft, type DraftFields } from './storage.ts';
import { loadSearcher, type SearchHit } from './search-service.ts';
import { formatDue, inEnglish } from './i18n.ts';
import type { PanelHost } from './panel-host.ts';
import type { PrefillData } from '../types.ts';
import type { Attachment } from './attachments.ts';

type Phase = 'editing' | 'sending' | 'waiting';

const MAX_BACKOFF_S = 60;

/** Attached files' code, a chunk of its own: most tickets carry none. */
const attachments = () => import('./attachments.ts');

function emptyFields(): DraftFields {
  return {
    type: '',
    severity: '',
    subject: '',
    description: '',
    name: '',
    email: '',
    channel: 'email',
    phoneNumber: '',
    phoneTime: '',
    fields: {},
  };
}

export class ContactForm implements ReactiveController {
  panel: PanelHost;
  policy: Policy | null = null;
  policyError = false;
  fields: DraftFields = emptyFields();
  errors: Record<string, string> = {};
  formError = '';
  sla: Record<string, SlaPreview | null> = {};
  matches: SearchHit[] = [];
  scope: ScopeMatch[] = [];
  /** Ids of the policy texts shown that the API had only in English (see policyText). */
  #english = new Set<string>();
  files: Attachment[] = [];
  dropped = 0;
  dragOver = false;
  phase: Phase = 'editing';
  retryIn = 0;
  restored = false;
  result: TicketCreated | null = null;
  #draft: Draft | null = null;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #countdown: ReturnType<typeof setInterval> | undefined;
  #matchTimer: ReturnType<typeof setTimeout> | undefined;
  #scopeTimer: ReturnType<typeof setTimeout> | undefined;
  #slaKey = '';
  #onOnline = () => {
    if (this.phase === 'waiting') void this.#send();
  };

  constructor(panel: PanelHost) {
    this.panel = panel;
    panel.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.#onOnline);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#onOnline);
    clearTimeout(this.#retryTimer);
    clearInterval(this.#countdown);
  }

  #update(): void {
    this.panel.requestUpdate();
  }

  configChanged(): void {
    const cfg = this.panel.cfg;
    if (!cfg) return;
    if (!this.fields.name && cfg.userName) this.fields.name = cfg.userName;
    if (!this.fields.email && cfg.userEmail) this.fields.email = cfg.userEmail;
  }

  /** Called when the user chooses "Contact support": restores a saved draft or starts a new one. */
  start(query: string): void {
    if (this.phase !== 'editing') return; // a submission is under way: show it as it is
    const saved = this.panel.storage.loadDraft();
    if (saved && !this.#draft) {
      this.#draft = saved;
      this.fields = { ...emptyFields(), ...saved.fields, fields: { ...(saved.fields.fields || {}) } };
      this.restored = true;
      if (saved.pending) {
        this.phase = 'waiting';
        void this.#resume(saved);
      }
    } else if (!this.#draft) {
      this.fields = emptyFields();
      if (query.trim()) this.fields.subject = query.trim().slice(0, 200);
    }
    this.configChanged();
    void this.#loadPolicy();
    this.#scheduleMatches();
  }

  /** A submission pending before a reload: its files come back (ids; bytes IndexedDB kept), then it is retried. */
  async #resume(draft: Draft): Promise<void> {
    const saved = draft.files || [];
    const files = saved.length
      ? await attachments().then(
          (m) => m.restoreFiles(this.panel.cfg.site, draft),
          () => [],
        )
      : [];
    this.files = files.filter((f) => f.id || f.blob);
    if (!(this.dropped = saved.length - this.files.length)) return this.#send();
    // Files lost with the reload: give the form back so they can be attached again.
    draft.pending = undefined;
    this.panel.storage.saveDraft(draft);
    this.phase = 'editing';
    this.#update();
  }

  prefill(data: PrefillData): void {
    const f = this.fields;
    if (data.subject != null) f.subject = String(data.subject).slice(0, 200);
    if (data.description != null) f.description = String(data.description);
    if (data.type != null) f.type = String(data.type);
    if (data.severity != null) f.severity = String(data.severity);
    if (data.name != null) f.name = String(data.name);
    if (data.email != null) f.email = String(data.email);
    void this.#loadSla();
    this.#scheduleMatches();
    this.#update();
  }

  async #loadPolicy(): Promise<void> {
    const lang = this.panel.t.lang;
    if (this.policy?.lang === lang) return void this.#loadSla();
    try {
      this.policy = await this.panel.api.policy(lang);
      this.#english = new Set(this.policy.untranslated);
      this.policyError = false;
      if (!this.fields.type && this.policy.ticketTypes[0]) this.fields.type = this.policy.ticketTypes[0].id;
    } catch {
      this.policyError = true;
    }
    this.#update();
    void this.#loadSla();
  }

  async #loadSla(): Promise<void> {
    if (!this.policy) return;
    const type = this.fields.type || this.policy.ticketTypes[0]?.id || '';
    if (this.#slaKey === type) return;
    this.#slaKey = type;
    const entries = await Promise.all(
      this.policy.severities.map(async (s) => {
        try {
          return [s.id, await this.panel.api.slaPreview(s.id, type)] as const;
        } catch {
          return [s.id, null] as const;
        }
      }),
    );
    if (this.#slaKey !== type) return;
    this.sla = Object.fromEntries(entries);
    this.#update();
  }

  // --- editing ---------------------------------------------------------------------------------

  /** The user typed or chose something: from now on the draft is kept on this device. */
  #touch(): void {
    if (this.phase !== 'editing') return;
    this.#draft ??= { idempotencyKey: newIdempotencyKey(), fields: this.fields, savedAt: '' };
    this.#draft.fields = this.fields;
    this.panel.storage.saveDraft(this.#draft);
  }

  #set(name: keyof DraftFields, value: string): void {
    (this.fields as unknown as Record<string, unknown>)[name] = value;
    if (this.errors[name]) delete this.errors[name];
    this.#touch();
    if (name === 'type') void this.#loadSla();
    if (name === 'subject') this.#scheduleMatches();
    if (name === 'subject' || name === 'description') this.#scheduleScope();
    this.#update();
  }

  #setField(name: string, value: string | boolean): void {
    this.fields.fields = { ...this.fields.fields, [name]: value };
    delete this.errors[`fields.${name}`];
    this.#touch();
    this.#update();
  }

  #scheduleMatches(): void {
    clearTimeout(this.#matchTimer);
    this.#matchTimer = setTimeout(async () => {
      const q = this.fields.subject.trim();
      if (q.length < 3) {
        this.matches = [];
        return this.#update();
      }
      try {
        const searcher = await loadSearcher(this.panel.api);
        const { url, title, heading, context } = this.panel.page;
        this.matches = searcher.search(q, { context: { url, title, heading, context }, limit: 3 });
      } catch {
        this.matches = [];
      }
      this.#update();
    }, 250);
  }

  #scheduleScope(): void {
    clearTimeout(this.#scopeTimer);
    this.#scopeTimer = setTimeout(async () => {
      const text = `${this.fields.subject}\n${this.fields.description}`.trim();
      if (text.length < 6) {
        this.scope = [];
        return this.#update();
      }
      try {
        const { matches, untranslated } = await this.panel.api.scopeCheck(text, this.panel.t.lang);
        for (const id of untranslated) this.#english.add(id);
        this.scope = matches.filter((m) => m.verdict && m.verdict !== 'in');
      } catch {
        this.scope = [];
      }
      this.#update();
    }, 600);
  }

  async #addFiles(list: File[], pasted = false): Promise<void> {
    if (!list.length) return;
    try {
      const { addAttachments } = await attachments();
      ({ files: this.files, dropped: this.dropped } = await addAttachments(this.files, list, this.policy?.allowedTypes ?? null, pasted));
    } catch {
      this.dropped = list.length; // the chunk could not load (offline): say the files were not added
    }
    this.#touch();
    this.#update();
  }

  #onPaste(event: ClipboardEvent): void {
    const files = Array.from(event.clipboardData?.files || []).filter((f) => f.type.startsWith('image/'));
    if (!files.length) return;
    event.preventDefault();
    void this.#addFiles(files, true);
  }

  #onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragOver = false;
    void this.#addFiles(Array.from(event.dataTransfer?.files || []));
  }

  /** The files of a pending submission no longer need keeping (sent, or the draft discarded). */
  #forgetFiles(): void {
    if (this.#draft?.files?.length)
      attachments().then(
        (m) => m.forgetFiles(this.panel.cfg.site),
        () => {},
      );
  }

  /** The draft remembers each file's upload id as soon as it has one. */
  #keepIds(draft: Draft): void {
    draft.files = this.files.map(({ blob: _, ...file }) => file); // the bytes are IndexedDB's to keep
    this.panel.storage.saveDraft(draft);
  }

  discard(): void {
    clearTimeout(this.#retryTimer);
    clearInterval(this.#countdown);
    this.#forgetFiles();
    this.panel.storage.clearDraft();
    this.#draft = null;
    this.fields = emptyFields();
    this.configChanged();
    if (this.policy?.ticketTypes[0]) this.fields.type = this.policy.ticketTypes[0].id;
    this.files = [];
    this.errors = {};
    this.formError = '';
    this.restored = false;
    this.phase = 'editing';
    this.scope = [];
    this.matches = [];
    this.#update();
    this.panel.focusLater('form');
  }

  // --- submitting ------------------------------------------------------------------------------

  #validate(): boolean {
    const t = this.panel.t;
    const f = this.fields;
    const errors: Record<string, string> = {};
    if (!f.type) errors.type = t.required;
    if (!f.severity) errors.severity = t.required;
    if (!f.subject.trim()) errors.subject = t.required;
    if (!f.description.trim()) errors.description = t.required;
    if (!f.name.trim()) errors.name = t.required;
    if (!f.email.trim()) errors.email = t.required;
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) errors.email = t.invalidEmail;
    if (f.channel === 'phone' && !f.phoneNumber.trim()) errors.phoneNumber = t.required;
    if (f.channel === 'phone' && !f.phoneTime.trim()) errors.phoneTime = t.required;
    for (const field of this.#type()?.fields || []) {
      const value = f.fields[field.name];
      if (field.required && (field.kind === 'checkbox' ? value !== true : !String(value ?? '').trim()))
        errors[`fields.${field.name}`] = t.required;
    }
    this.errors = errors;
    return Object.keys(errors).length === 0;
  }

  #body(): Record<string, unknown> {
    const f = this.fields;
    const cfg = this.panel.cfg;
    const type = this.#type();
    const typeFields: Record<string, string | boolean> = {};
    for (const field of type?.fields || []) {
      const value = f.fields[field.name];
      if (value !== undefined && value !== '') typeFields[field.name] = field.kind === 'checkbox' ? value === true : String(value).trim();
    }
    const requester: Record<string, string> = { name: f.name.trim(), email: f.email.trim() };
    if (cfg.userHash) requester.hash = cfg.userHash;
    const body: Record<string, unknown> = {
      site: cfg.site,
      type: f.type,
      severity: f.severity,
      subject: f.subject.trim(),
      description: f.description.trim(),
      requester,
      channel: f.channel,
      context: { url: this.panel.page.url, title: this.panel.page.title, userAgent: navigator.userAgent },
      journey: { searches: this.panel.journey.searches.slice(-20), articlesRead: this.panel.journey.articlesRead.slice(-20) },
      fields: typeFields,
    };
    if (f.channel === 'phone') body.phone = { number: f.phoneNumber.trim(), preferredTime: f.phoneTime.trim() };
    return body;
  }

  async #onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.phase !== 'editing') return;
    this.formError = '';
    if (!this.#validate()) {
      this.#update();
      await this.panel.updateComplete;
      (this.panel.renderRoot.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    this.#draft ??= { idempotencyKey: newIdempotencyKey(), fields: this.fields, savedAt: '' };
    this.#draft.fields = this.fields;
    this.#draft.pending = this.#body();
    this.#keepIds(this.#draft);
    this.#attempt = 0;
    await this.#send();
  }

  async #send(): Promise<void> {
    const draft = this.#draft;
    if (!draft?.pending) return;
    clearTimeout(this.#retryTimer);
    clearInterval(this.#countdown);
    this.phase = 'sending';
    this.#update();
    try {
      if (this.files.some((f) => !f.id))
        await (await attachments()).uploadAttachments(this.panel.api, draft.idempotencyKey, this.files, () => this.#keepIds(draft));
      if (this.files.length) (draft.pending as Record<string, unknown>).attachments = this.files.map((f) => f.id);
      const created = await this.panel.api.createTicket(draft.pending, draft.idempotencyKey);
      await this.#succeeded(created);
    } catch (error) {
      const err = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
      if (err.transient) {
        this.#scheduleRetry(err.retryAfter);
      } else {
        // The API refused this body: give the form back so the user can correct it. A file it
        // would not take (expired or already used upload) is uploaded again on the next Send.
        for (const k in err.fields) delete this.files[Number(/^attachments\.(\d+)$/.exec(k)?.[1] ?? -1)]?.id;
        draft.pending = undefined;
        this.panel.storage.saveDraft(draft);
        this.phase = 'editing';
        this.errors = Object.fromEntries(
          Object.entries(err.fields || {}).map(([k, v]) => [
            k
              .replace(/^requester\./, '')
              .replace(/^phone\.number$/, 'phoneNumber')
              .replace(/^phone\.preferredTime$/, 'phoneTime'),
            String(v),
          ]),
        );
        this.formError = err.message;
        this.#update();
        this.panel.focusLater('.form-error');
      }
    }
  }

  #scheduleRetry(retryAfter: number): void {
    this.#attempt++;
    const seconds = Math.min(MAX_BACKOFF_S, Math.max(retryAfter, 2 ** Math.min(this.#attempt, 6)));
    this.phase = 'waiting';
    this.retryIn = seconds;
    this.#countdown = setInterval(() => {
      this.retryIn = Math.max(0, this.retryIn - 1);
      this.#update();
    }, 1000);
    this.#retryTimer = setTimeout(() => void this.#send(), seconds * 1000);
    this.#update();
  }

  retryNow(): void {
    void this.#send();
  }

  async #succeeded(created: TicketCreated): Promise<void> {
    this.panel.storage.addTicket({ reference: created.reference, token: created.token, createdAt: new Date().toISOString() });
    this.#forgetFiles();
    this.panel.storage.clearDraft();
    this.result = created;
    this.#draft = null;
    this.phase = 'editing';
    this.restored = false;
    this.files = [];
    this.fields = emptyFields();
    this.configChanged();
    // Live chat (issue 5): its code is a chunk of its own, loaded (and the element defined)
    // before the confirmation that holds <helpway-chat> renders.
    if ((created as { channel?: string }).channel === 'chat') {
      try {
        const { rememberChat } = await import('./chat-view.ts');
        rememberChat(this.panel.cfg.site, { reference: created.reference, token: created.token, created });
      } catch {
        /* the confirmation still shows the reference; the status page carries the conversation */
      }
    }
    this.panel.host.emit('helpway-ticket-created', { reference: created.reference, sla: created.sla });
    this.panel.api.widgetEvent('ticket_created', { page: this.panel.page.url });
    this.panel.showSent();
  }

  // --- rendering -------------------------------------------------------------------------------

  #type(): TicketType | undefined {
    return this.policy?.ticketTypes.find((t) => t.id === this.fields.type);
  }

  firstFocusable(root: ShadowRoot): HTMLElement | null {
    return root.querySelector<HTMLElement>('.form-status [tabindex="-1"], form.contact input:checked, form.contact input, .body .notice');
  }

  /**
   * One labelled text control with its hint and error, wired to `aria-describedby`/`aria-invalid`.
   * `key` names the value: a DraftFields key, or `fields.<name>` for a ticket type's own field.
   */
  #control(
    key: string,
    label: TemplateResult | string,
    kind: string,
    opts: { hint?: TemplateResult | string; autocomplete?: string; max?: number } = {},
  ): TemplateResult {
    const id = `hw-${key.replace('.', '-')}`;
    const typeField = key.startsWith('fields.') ? key.slice(7) : '';
    const value = typeField ? this.fields.fields[typeField] : (this.fields as unknown as Record<string, string>)[key];
    const error = this.errors[key];
    const described = [opts.hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || nothing;
    const invalid = error ? 'true' : 'false';
    const onInput = (e: Event) => {
      const el = e.target as HTMLInputElement;
      const v = kind === 'checkbox' ? el.checked : el.value;
      if (typeField) this.#setField(typeField, v);
      else this.#set(key as keyof DraftFields, String(v));
    };
    const control =
      kind === 'checkbox'
        ? html`<label class="check"><input id=${id} type="checkbox" .checked=${value === true} aria-invalid=${invalid} aria-describedby=${described} @change=${onInput} /><span>${label}</span></label>`
        : kind === 'textarea'
          ? html`<textarea id=${id} maxlength=${opts.max ?? 20000} .value=${String(value ?? '')} aria-invalid=${invalid} aria-describedby=${described} @input=${onInput}></textarea>`
          : html`<input id=${id} type=${kind} maxlength=${opts.max ?? 2000} autocomplete=${opts.autocomplete ?? 'off'} .value=${String(value ?? '')} aria-invalid=${invalid} aria-describedby=${described} @input=${onInput} />`;
    return html`<div class="field">
      ${kind === 'checkbox' ? nothing : html`<label for=${id}>${label}</label>`}
      ${opts.hint ? html`<span class="hint" id="${id}-hint">${opts.hint}</span>` : nothing}
      ${control}
      ${error ? html`<span class="error-text" id="${id}-err">${error}</span>` : nothing}
    </div>`;
  }

  /** A radio group of policy choices (ticket types, severities) with their descriptions. */
  #choices(
    name: 'type' | 'severity',
    legend: string,
    items: Array<{ id: string; label: TemplateResult | string; desc: TemplateResult | string; due?: TemplateResult | string }>,
  ): TemplateResult {
    const error = this.errors[name];
    return html`<fieldset aria-describedby=${error ? `hw-${name}-err` : nothing}>
      <legend>${legend}</legend>
      ${error ? html`<span class="error-text" id="hw-${name}-err">${error}</span>` : nothing}
      ${items.map(
        (it) => html`<label class="choice">
          <input type="radio" name=${name} .checked=${this.fields[name] === it.id} aria-invalid=${error ? 'true' : 'false'}
            aria-describedby="hw-${name}-${it.id}" @change=${() => this.#set(name, it.id)} />
          <span class="name">${it.label}</span>
          <span class="desc" id="hw-${name}-${it.id}">${it.desc}${it.due ? html`<br /><span class="due">${it.due}</span>` : nothing}</span>
        </label>`,
      )}
    </fieldset>`;
  }

  #channel(id: string, label: string): TemplateResult {
    return html`<label class="choice"><input type="radio" name="channel" .checked=${this.fields.channel === id} @change=${() => this.#set('channel', id)} /><span class="name">${label}</span></label>`;
  }

  /** When chat reopens, as the API words it in our language; without an instant (in hours, no agent online yet), "soon". */
  #chatClosedText(): string {
    const chat = this.policy?.chat;
    if (!chat) return '';
    return chat.nextOpening ? (chat.nextOpeningText ?? '') : this.panel.t.soon;
  }

  /** A policy text as the API served it in our language; marked English where it had no translation. */
  #policyText(id: string, text: string): TemplateResult | string {
    return this.#english.has(id) ? inEnglish(this.panel.t, text) : text;
  }

  render(): TemplateResult {
    const t = this.panel.t;
    if (this.policyError) {
      return html`<p class="notice error" role="alert">${t.policyError}</p>
        <button type="button" class="secondary" @click=${() => {
          this.policyError = false;
          void this.#loadPolicy();
          this.#update();
        }}>${t.retryNow}</button>`;
    }
    if (!this.policy) return html`<p class="muted" role="status">${t.loading}</p>`;
    const f = this.fields;
    const policy = this.policy;
    const type = this.#type();
    const locked = this.phase !== 'editing';
    const page = this.panel.page;
    const optional = (label: TemplateResult | string) => html`${label} <span class="hint">(${t.optional})</span>`;
    return html`
      <div class="form-status">
        ${this.restored && !locked ? html`<p class="notice" role="status">${t.draftRestored} <button type="button" class="link-btn" @click=${() => this.discard()}>${t.discardDraft}</button></p>` : nothing}
        ${
          this.phase === 'waiting'
            ? html`<div class="notice warn" role="alert" tabindex="-1">
              <p>${t.offline(this.retryIn)}</p>
              <button type="button" class="secondary" @click=${() => this.retryNow()}>${t.retryNow}</button>
            </div>`
            : nothing
        }
        ${this.formError ? html`<p class="notice error form-error" role="alert" tabindex="-1">${t.failed} ${this.formError}</p>` : nothing}
      </div>
      <form class="contact" novalidate @submit=${(e: Event) => this.#onSubmit(e)} @paste=${(e: ClipboardEvent) => this.#onPaste(e)}>
        <fieldset ?disabled=${locked}>
          ${this.#choices(
            'type',
            t.typeLegend,
            policy.ticketTypes.map((tt) => ({
              id: tt.id,
              label: this.#policyText(`ticketTypes.${tt.id}.name`, tt.name),
              desc: this.#policyText(`ticketTypes.${tt.id}.description`, tt.description),
            })),
          )}
          ${this.#choices(
            'severity',
            t.severityLegend,
            policy.severities.map((sv) => ({
              id: sv.id,
              label: html`${sv.id} · ${this.#policyText(`severities.${sv.id}.name`, sv.name)}`,
              desc: this.#policyText(`severities.${sv.id}.definition`, sv.definition),
              due: this.sla[sv.id] ? this.#dueText(this.sla[sv.id]!) : '',
            })),
          )}
          ${this.#control('subject', t.subject, 'text', { max: 200 })}
          ${
            this.matches.length
              ? html`<div class="notice" role="region" aria-label=${t.maybeAnswer}>
                <p>${t.maybeAnswer}</p>
                <ul class="files" lang=${t.lang === 'en' ? nothing : 'en'}>${this.matches.map((m) => html`<li><button type="button" class="link-btn" @click=${() => this.panel.openArticleBySlug(m.slug, m.title)}>${m.title}</button></li>`)}</ul>
              </div>`
              : nothing
          }
          ${this.#control('description', t.description, 'textarea', { hint: type?.prompt && this.#policyText(`ticketTypes.${type.id}.prompt`, type.prompt) })}
          ${
            this.scope.length
              ? html`<div class="notice" role="status">
                <p><strong>${t.scopeTitle}</strong></p>
                ${this.scope.map(
                  (m) => html`<p>${this.#policyText(`scope.${m.id}.topic`, m.topic)}: ${this.#policyText(`scope.${m.id}.who`, m.who)}
                  ${m.article ? html`<button type="button" class="link-btn" @click=${() => this.panel.openArticleBySlug(m.article!)}>${t.readArticle}</button>` : nothing}</p>`,
                )}
              </div>`
              : nothing
          }
          ${(type?.fields || []).map((fd) => {
            const label = this.#policyText(`ticketTypes.${type!.id}.fields.${fd.name}.label`, fd.label);
            return this.#control(
              `fields.${fd.name}`,
              fd.required || fd.kind === 'checkbox' ? label : optional(label),
              fd.kind === 'checkbox' || fd.kind === 'textarea' || fd.kind === 'url' ? fd.kind : 'text',
            );
          })}
          ${this.#control('name', t.name, 'text', { autocomplete: 'name', max: 200 })}
          ${this.#control('email', t.email, 'email', { autocomplete: 'email', max: 254 })}
          <fieldset>
            <legend>${t.channelLegend}</legend>
            ${f.severity === 'S1' || f.severity === 'S2' ? html`<p class="hint">${t.phoneSuggested}</p>` : nothing}
            ${this.#channel('email', t.channelEmail)}
            ${policy.chat.available ? this.#channel('chat', t.channelChat) : html`<p class="hint">${t.chatClosed(this.#chatClosedText() || '—')}</p>`}
            ${this.#channel('phone', t.channelPhone)}
          </fieldset>
          ${
            f.channel === 'phone'
              ? html`${this.#control('phoneNumber', t.phoneNumber, 'tel', { autocomplete: 'tel', max: 40 })}${this.#control('phoneTime', t.preferredTime, 'text', { max: 200 })}`
              : nothing
          }
          <div class="field">
            <label for="hw-files">${optional(t.attachments)}</label>
            <div class="drop ${this.dragOver ? 'over' : ''}"
              @dragover=${(e: DragEvent) => {
                e.preventDefault();
                if (!this.dragOver) {
                  this.dragOver = true;
                  this.#update();
                }
              }}
              @dragleave=${() => {
                this.dragOver = false;
                this.#update();
              }}
              @drop=${(e: DragEvent) => this.#onDrop(e)}>
              <p class="hint" id="hw-files-hint">${t.attachHint}</p>
              <input id="hw-files" type="file" multiple aria-describedby="hw-files-hint"
                @change=${(e: Event) => {
                  const input = e.target as HTMLInputElement;
                  void this.#addFiles(Array.from(input.files || []));
                  input.value = '';
                }} />
            </div>
            ${this.dropped ? html`<p class="error-text" role="alert">${t.dropped(this.dropped)}</p>` : nothing}
            ${
              this.files.length
                ? html`<ul class="files">${this.files.map(
                    (file, i) => html`<li><span>${file.filename} (${Math.ceil(file.size / 1024)} KB)</span>
                  <button type="button" class="link-btn" @click=${() => {
                    this.files = this.files.filter((_, j) => j !== i);
                    this.#update();
                  }}>${t.remove(file.filename)}</button></li>`,
                  )}</ul>`
                : nothing
            }
          </div>
          <div class="context">
            <p>${t.pageContext}</p>
            <dl><dt>URL</dt><dd>${page.url}</dd>${page.title ? html`<dt>${t.pageTitle}</dt><dd>${page.title}</dd>` : nothing}</dl>
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${locked}>${this.phase === 'sending' ? t.sending : t.send}</button>
        </div>
      </form>
    `;
  }

  /** The API's own sentence in English; elsewhere the due instant formatted by Intl. Out of hours, when the clock starts. */
  #dueText(sla: SlaPreview): TemplateResult {
    const t = this.panel.t;
    const en = t.lang === 'en' && sla.sentence;
    const text = en ? sla.sentence : sla.firstResponseDue ? t.sentDue(formatDue(sla.firstResponseDue, t.lang)) : inEnglish(t, sla.sentence);
    const clock = sla.clockRunning === false ? (en && sla.clockMessage ? sla.clockMessage : t.clockNotRunning) : '';
    return html`${text}${clock ? ` ${clock}` : ''}`;
  }

  renderSent(): TemplateResult {
    const t = this.panel.t;
    const r = this.result;
    if (!r) return html`<p>${t.loading}</p>`;
    return html`
      <h3 tabindex="-1" class="reference">${t.sentReference(r.reference)}</h3>
      <p>${this.#dueText(r.sla)}</p>
      <div class="actions">
        <a href=${this.panel.statusPageUrl(r.reference)} target="_blank" rel="noopener noreferrer">${t.follow(r.reference)}</a>
        <button type="button" class="secondary" @click=${() => this.panel.openTickets()}>${t.myTickets}</button>
      </div>
      ${
        (r as { channel?: string }).channel === 'chat'
          ? html`<helpway-chat .api=${this.panel.api.api} .site=${this.panel.cfg.site} .reference=${r.reference} .token=${r.token}></helpway-chat>`
          : nothing
      }
    `;
  }

  /** Shows the chat this browser had open before a reload (live chat, issue 5). */
  async resumeChat(): Promise<void> {
    const { activeChat } = await import('./chat-view.ts');
    const chat = activeChat(this.panel.cfg.site);
    if (!chat) return;
    this.result = { ...(chat.created as TicketCreated), reference: chat.reference, token: chat.token, channel: 'chat' } as TicketCreated;
    this.panel.showSent();
  }
}
