/**
 * The guided contact form, as a reactive controller of the panel (one shadow root, one focus
 * trap): the policy it offers, the SLA each severity promises, articles and scope guidance
 * while the user writes, attached files, and the submission.
 *
 * Safety of a submission is submission.ts's (one Idempotency-Key per draft, the body frozen at
 * the first Send, retries). Attached files are uploaded first, each once: their upload ids join
 * the draft as they arrive (`draft.files`) and then the body; their bytes wait in IndexedDB
 * across a reload. Validation and the body are form-model.ts's; the page, form-view.ts's.
 */
import type { TemplateResult } from 'lit/html.js';
import type { ReactiveController } from 'lit';
import type { ApiError, Policy, SlaPreview, TicketCreated, TicketType } from '../api-client.ts';
import type { Draft, DraftFields } from '../storage.ts';
import type { PanelHost } from '../panel-host.ts';
import type { PrefillData } from '../../types.ts';
import type { Attachment } from '../attachments.ts';
import { emptyFields, errorsFromApi, prefillFields, requestBody, validate, type FieldErrors } from './form-model.ts';
import { Submission } from './submission.ts';
import { renderForm } from './form-view.ts';
import { renderSent } from './sent-view.ts';
import { Guidance } from './guidance.ts';
import { attachments, fileIds, forgetFiles } from './form-files.ts';

export class ContactForm implements ReactiveController {
  panel: PanelHost;
  policy: Policy | null = null;
  policyError = false;
  fields: DraftFields = emptyFields();
  errors: FieldErrors = {};
  formError = '';
  sla: Record<string, SlaPreview | null> = {};
  /** Articles that may answer the subject, and scope guidance for what the user describes. */
  guidance: Guidance;
  /** Ids of the policy texts shown that the API had only in English (see policy-words.ts). */
  english = new Set<string>();
  files: Attachment[] = [];
  dropped = 0;
  dragOver = false;
  restored = false;
  result: TicketCreated | null = null;
  submission: Submission;
  #slaKey = '';
  #onOnline = () => this.submission.online();

  constructor(panel: PanelHost) {
    this.panel = panel;
    this.submission = new Submission({
      store: panel.storage,
      send: (draft) => this.#send(draft),
      changed: () => this.#update(),
      sent: (created, draft) => this.#sent(created, draft),
      refused: (error) => this.#refused(error),
    });
    this.guidance = new Guidance(
      panel,
      () => this.fields,
      (ids) => ids.forEach((id) => this.english.add(id)),
    );
    panel.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.#onOnline);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#onOnline);
    this.submission.stop();
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
    const submission = this.submission;
    if (submission.phase !== 'editing') return; // a submission is under way: show it as it is
    if (!submission.draft) {
      const saved = submission.restore();
      if (saved) {
        this.fields = { ...emptyFields(), ...saved.fields, fields: { ...(saved.fields.fields || {}) } };
        this.restored = true;
        if (saved.pending) void this.#resume(saved);
      } else {
        this.fields = emptyFields();
        if (query.trim()) this.fields.subject = query.trim().slice(0, 200);
      }
    }
    this.configChanged();
    void this.#loadPolicy();
    this.guidance.subjectChanged();
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
    if (!(this.dropped = saved.length - this.files.length)) return this.submission.send();
    // Files lost with the reload: give the form back so they can be attached again.
    this.submission.giveBack();
  }

  prefill(data: PrefillData): void {
    prefillFields(this.fields, data);
    void this.#loadSla();
    this.guidance.subjectChanged();
    this.#update();
  }

  retryPolicy(): void {
    this.policyError = false;
    void this.#loadPolicy();
    this.#update();
  }

  async #loadPolicy(): Promise<void> {
    const lang = this.panel.t.lang;
    if (this.policy?.lang === lang) return void this.#loadSla();
    try {
      this.policy = await this.panel.api.policy(lang);
      this.english = new Set(this.policy.untranslated);
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

  set(name: keyof DraftFields, value: string): void {
    (this.fields as unknown as Record<string, unknown>)[name] = value;
    if (this.errors[name]) delete this.errors[name];
    this.submission.keep(this.fields);
    if (name === 'type') void this.#loadSla();
    if (name === 'subject') this.guidance.subjectChanged();
    if (name === 'subject' || name === 'description') this.guidance.textChanged();
    this.#update();
  }

  setField(name: string, value: string | boolean): void {
    this.fields.fields = { ...this.fields.fields, [name]: value };
    delete this.errors[`fields.${name}`];
    this.submission.keep(this.fields);
    this.#update();
  }

  removeFile(index: number): void {
    this.files = this.files.filter((_, i) => i !== index);
    this.#update();
  }

  dragging(over: boolean): void {
    if (this.dragOver === over) return;
    this.dragOver = over;
    this.#update();
  }

  discard(): void {
    forgetFiles(this.panel.cfg.site, this.submission.draft);
    this.submission.discard();
    this.fields = emptyFields();
    this.configChanged();
    if (this.policy?.ticketTypes[0]) this.fields.type = this.policy.ticketTypes[0].id;
    this.files = [];
    this.errors = {};
    this.formError = '';
    this.restored = false;
    this.guidance.clear();
    this.#update();
    this.panel.focusLater('form');
  }

  // --- submitting ------------------------------------------------------------------------------

  type(): TicketType | undefined {
    return this.policy?.ticketTypes.find((t) => t.id === this.fields.type);
  }

  async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.submission.phase !== 'editing') return;
    this.formError = '';
    const type = this.type();
    this.errors = validate(this.fields, type, this.panel.t);
    if (Object.keys(this.errors).length) {
      this.#update();
      await this.panel.updateComplete;
      this.panel.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const { cfg, page, journey, api } = this.panel;
    const body = { ...requestBody(this.fields, type, cfg, page, journey, navigator.userAgent), widgetSession: api.session };
    await this.submission.submit(this.fields, body, fileIds(this));
  }

  retryNow(): void {
    void this.submission.send();
  }

  /** Uploads the files without an id (the draft keeping each id as it arrives), then files the ticket. */
  async #send(draft: Draft): Promise<TicketCreated> {
    const api = this.panel.api;
    if (this.files.some((f) => !f.id))
      await (
        await attachments()
      ).uploadAttachments(api, draft.idempotencyKey, this.files, () => {
        draft.files = fileIds(this);
        this.submission.save(draft);
      });
    if (this.files.length) (draft.pending as Record<string, unknown>).attachments = this.files.map((f) => f.id);
    return api.createTicket(draft.pending, draft.idempotencyKey);
  }

  /** The API refused the body: the form is back for the user to correct it. */
  #refused(err: ApiError): void {
    // A file it would not take (expired or already used upload) is uploaded again on the next Send.
    for (const k in err.fields) delete this.files[Number(/^attachments\.(\d+)$/.exec(k)?.[1] ?? -1)]?.id;
    this.errors = errorsFromApi(err.fields);
    this.formError = err.message;
    this.#update();
    this.panel.focusLater('.form-error');
  }

  #sent(created: TicketCreated, draft: Draft): void {
    const panel = this.panel;
    panel.storage.addTicket({ reference: created.reference, token: created.token, createdAt: new Date().toISOString() });
    forgetFiles(panel.cfg.site, draft);
    this.result = created;
    this.restored = false;
    this.files = [];
    this.fields = emptyFields();
    this.configChanged();
    panel.host.emit('helpway-ticket-created', { reference: created.reference, sla: created.sla });
    panel.api.widgetEvent('ticket_created', { page: panel.page.url });
    // A chat goes on in a view of its own: no "Message received" while an agent may answer.
    if ((created as { channel?: string }).channel === 'chat') panel.openChat(created);
    else panel.showSent();
  }

  // --- rendering -------------------------------------------------------------------------------

  firstFocusable(root: ShadowRoot): HTMLElement | null {
    return root.querySelector<HTMLElement>('.form-status [tabindex="-1"], form.contact input:checked, form.contact input, .body .notice');
  }

  render(): TemplateResult {
    return renderForm(this);
  }

  renderSent(): TemplateResult {
    return renderSent(this.panel, this.result);
  }
}
