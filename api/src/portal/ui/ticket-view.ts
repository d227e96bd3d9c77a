/**
 * One ticket: the conversation, a reply with attachments, its SLA due times, escalation (or a
 * formal complaint), the satisfaction rating once solved, and, for a key contact, the approval
 * support waits for. A ticket of another site, or a member's view of another's ticket, is "not
 * found" (the API answers 404 as if it did not exist).
 */
import { html, nothing } from 'lit';
import { api, ApiError, errorText, upload, type Attachment, type TicketDetail } from './api.ts';
import { PortalView, portalStyles } from './view.ts';
import { articleCards } from '../../inbox/ui/article-cards.ts';

export class PortalTicket extends PortalView {
  static styles = [...portalStyles, articleCards.styles];
  static properties = {
    ...PortalView.properties,
    reference: {},
    _ticket: { state: true },
    _missing: { state: true },
    _note: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };
  declare reference: string;
  declare _ticket: TicketDetail | null;
  declare _missing: boolean;
  declare _note: string;
  declare _error: string;
  declare _busy: boolean;

  constructor() {
    super();
    this.reference = '';
    this._ticket = null;
    this._missing = false;
    this._note = '';
    this._error = '';
    this._busy = false;
  }

  updated(changed: Map<string, unknown>) {
    if (changed.has('reference')) void this.load();
  }

  async load() {
    try {
      this._ticket = (await api.get<{ ticket: TicketDetail }>(`/api/portal/tickets/${encodeURIComponent(this.reference)}`)).ticket;
      this._missing = false;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) this._missing = true;
      else this._error = errorText(error, this.w.failed);
    }
  }

  /** Sends a form's action, then reloads the ticket and says what happened. */
  async #act(e: Event, path: string, body: (data: FormData) => Promise<unknown> | unknown, done: string | ((data: FormData) => string)) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    this._busy = true;
    this._error = '';
    this._note = '';
    try {
      const data = new FormData(form);
      await api.post(`/api/portal/tickets/${encodeURIComponent(this.reference)}/${path}`, await body(data));
      form.reset();
      // Said once the page shows the change, so no stale button (e.g. Approve) is left to press.
      await this.load();
      this._note = typeof done === 'string' ? done : done(data);
    } catch (error) {
      this._error = errorText(error, this.w.failed);
    } finally {
      this._busy = false;
    }
  }

  async #replyBody(data: FormData) {
    const files = data.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
    const attachments = [];
    for (const file of files) attachments.push((await upload(this.me!.site.key, file)).id);
    return { body: String(data.get('body') ?? '').trim(), ...(attachments.length ? { attachments } : {}) };
  }

  /** Download links; a ticket's own files sit with its description, a reply's with the reply. */
  #files(files: Attachment[]) {
    return files.length
      ? html`<ul>${files.map((a) => html`<li><a href=${a.url}>${a.filename}</a> <span class="muted">(${Math.ceil(a.size / 1024)} KB)</span></li>`)}</ul>`
      : nothing;
  }

  #sla(t: TicketDetail) {
    const w = this.w;
    const rows: Array<[string, string | null]> = [
      [w.firstResponseDue, t.sla.firstResponseDue],
      [w.respondedAt, t.sla.firstRespondedAt],
      [w.replyDue, t.sla.replyDue],
      [w.resolutionDue, t.sla.resolutionDue],
      [w.resolvedAt, t.sla.resolvedAt],
    ];
    return html`<section class="card" aria-labelledby="sla-h">
      <h2 id="sla-h">${w.slaTitle}</h2>
      <dl>${rows.filter(([, at]) => at).map(([label, at]) => html`<dt>${label}</dt><dd>${this.time(at)}</dd>`)}</dl>
    </section>`;
  }

  render() {
    const w = this.w;
    if (this._missing)
      return html`<h1>${w.notFound}</h1>
        <p>${w.notFoundText}</p>
        <p><a href="/portal/">${w.tickets}</a></p>`;
    const t = this._ticket;
    if (!t) return html`<p role="status">${w.loading}</p><div role="alert">${this._error}</div>`;
    const solved = t.status === 'solved' || t.status === 'closed';
    return html`<h1>${t.reference}: ${t.subject}</h1>
      <p>
        <span class="pill ${t.severity}">${t.severity}</span> ${w.statuses[t.status] ?? t.status} · ${t.requester.name}
        ${t.approval ? html` · ${w.approvalDone(w.approvalStates[t.approval] ?? t.approval)}` : nothing}
      </p>
      <div role="status">${this._note ? html`<p>${this._note}</p>` : nothing}</div>
      <div role="alert">${this._error ? html`<p class="error">${this._error}</p>` : nothing}</div>
      ${
        t.approval === 'waiting' && this.me?.role === 'key'
          ? html`<section class="card" aria-labelledby="ap-h">
            <h2 id="ap-h">${w.approval}</h2>
            <p>${w.approvalLead}</p>
            <form @submit=${(e: SubmitEvent) => {
              const decision = (e.submitter as HTMLButtonElement).value;
              return this.#act(
                e,
                'approval',
                (d) => ({ decision, note: String(d.get('note') ?? '').trim() || undefined }),
                w.approvalDone(w.approvalStates[decision === 'approve' ? 'approved' : 'declined']),
              );
            }}>
              <div class="field"><label for="ap-note">${w.note}</label><textarea id="ap-note" name="note"></textarea></div>
              <button name="decision" value="approve" ?disabled=${this._busy}>${w.approve}</button>
              <button name="decision" value="decline" class="secondary" ?disabled=${this._busy}>${w.decline}</button>
            </form>
          </section>`
          : nothing
      }
      ${this.#sla(t)}
      <section aria-labelledby="conv-h">
        <h2 id="conv-h">${w.conversation}</h2>
        <div class="message"><strong>${t.requester.name}</strong> <span class="muted">${this.time(t.createdAt)}</span><br />${t.description}${this.#files(t.attachments)}</div>
        ${t.messages.map(
          (m) => html`<article class="message ${m.from}" aria-label="${m.name}, ${this.time(m.createdAt)}">
            ${m.from === 'support' ? html`<span class="avatar" aria-hidden="true">${m.initials}</span> ` : nothing}<strong>${m.from === 'you' ? w.you : m.name}</strong> <span class="muted">${this.time(m.createdAt)}</span><br />${m.body}
            ${this.#files(m.attachments)}${articleCards(m.articles, undefined, w.helpArticle)}
          </article>`,
        )}
      </section>
      <section class="card" aria-labelledby="reply-h">
        <h2 id="reply-h">${w.reply}</h2>
        <form @submit=${(e: Event) => this.#act(e, 'replies', (d) => this.#replyBody(d), w.replySent)}>
          <div class="field"><label for="reply">${w.yourReply}</label><textarea id="reply" name="body" required></textarea></div>
          <div class="field"><label for="files">${w.attachFiles}</label><input id="files" name="files" type="file" multiple /></div>
          <button ?disabled=${this._busy}>${w.sendReply}</button>
        </form>
      </section>
      ${
        t.canEscalate
          ? html`<section class="card" aria-labelledby="esc-h">
            <h2 id="esc-h">${w.escalate}</h2>
            <form @submit=${(e: Event) =>
              this.#act(
                e,
                'escalate',
                (d) => ({ reason: String(d.get('reason') ?? '').trim(), complaint: d.get('complaint') === 'on' }),
                w.escalated,
              )}>
              <div class="field"><label for="reason">${w.escalateReason}</label><textarea id="reason" name="reason" required></textarea></div>
              <div class="field"><input id="complaint" name="complaint" type="checkbox" /> <label class="inline" for="complaint">${w.complaint}</label></div>
              <button ?disabled=${this._busy}>${w.sendEscalation}</button>
            </form>
          </section>`
          : nothing
      }
      ${
        solved
          ? html`<section class="card" aria-labelledby="sat-h">
            <h2 id="sat-h">${w.satisfaction}</h2>
            ${
              t.satisfaction
                ? html`<p>${w.rated(t.satisfaction.rating === 'good')}</p>`
                : html`<form @submit=${(e: Event) =>
                    this.#act(
                      e,
                      'satisfaction',
                      (d) => ({ rating: d.get('rating'), comment: String(d.get('comment') ?? '').trim() || undefined }),
                      (d) => w.rated(d.get('rating') === 'good'),
                    )}>
                  <fieldset>
                    <legend>${w.satisfaction}</legend>
                    <input id="good" type="radio" name="rating" value="good" required /> <label class="inline" for="good">${w.good}</label>
                    <input id="bad" type="radio" name="rating" value="bad" /> <label class="inline" for="bad">${w.bad}</label>
                  </fieldset>
                  <div class="field"><label for="sat-comment">${w.comment}</label><textarea id="sat-comment" name="comment"></textarea></div>
                  <button ?disabled=${this._busy}>${w.sendRating}</button>
                </form>`
            }
          </section>`
          : nothing
      }
      <p><a href="/portal/">${w.tickets}</a> · <a href="/portal/new">${w.newTicket}</a></p>`;
  }
}
customElements.define('portal-ticket', PortalTicket);
