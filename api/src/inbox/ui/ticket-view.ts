/**
 * One ticket: the conversation (internal notes marked), what the requester was doing, their
 * attachments, and every agent action: reply, note, status, assignee, severity, time, callback.
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError, type Agent, type Ticket } from './api.ts';
import { baseStyles } from './styles.ts';
import { bytes, timeLeft, when } from './format.ts';
import { slaBadge } from './sla-words.ts';
import './timeline-view.ts';
import { clientSide } from './queue-view.ts';
import { replyExtras } from './reply-extras.ts';
import { articleCards } from './article-cards.ts';
import { TicketCollision } from './ticket-collision.ts';
import { ChatTyping } from './chat-typing.ts';

const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** @fires helpway-changed - after an action, so the queue refreshes */
export class HelpwayTicket extends LitElement {
  static styles = [
    baseStyles,
    css`
    .layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); gap: 1rem; }
    @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
    .msg { border: 1px solid #d8dde3; border-radius: 6px; padding: .6rem .8rem; margin: .6rem 0; background: #fff; }
    .msg.agent { border-left: 4px solid #1b5fc1; }
    .msg.internal { background: #fff8e1; border-left: 4px solid #8a5a00; }
    .msg.system { background: #f4f6f8; }
    .unverified { margin: .3rem 0; padding: .2rem .5rem; border-left: 4px solid #b3261e; background: #fdecea; color: #5f1410; }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; }
    .row { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; margin-bottom: .6rem; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .75rem; margin: 0; }
    dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
    img.attachment { max-width: 100%; max-height: 12rem; display: block; margin-top: .3rem; border: 1px solid #d8dde3; }
    form { margin-top: .75rem; }
    dl.fields { margin-top: .6rem; padding-top: .5rem; border-top: 1px solid #d8dde3; }
  `,
    articleCards.styles,
  ];
  static properties = {
    reference: {},
    agents: { attribute: false },
    _ticket: { state: true },
    _error: { state: true },
    _notice: { state: true },
  };
  declare reference: string;
  declare agents: Agent[];
  declare _ticket: Ticket | null;
  declare _error: string;
  declare _notice: string;
  /** Who else is on the ticket, and replies and status changes based on the version the agent saw. */
  readonly #collision = new TicketCollision(this);
  /** A live chat's "typing…", both ways (./chat-typing.ts). */
  #typing = new ChatTyping(this);

  constructor() {
    super();
    this.reference = '';
    this.agents = [];
    this._ticket = null;
    this._error = '';
    this._notice = '';
  }

  connectedCallback() {
    super.connectedCallback();
    // The reply box's saved replies and knowledge-base search: a chunk of their own.
    void import('./reply-tools.ts');
  }

  updated(changed: Map<string, unknown>) {
    if (changed.has('reference') && this.reference) {
      this._ticket = null;
      void this.refresh();
    }
  }

  /** Re-reads the ticket (after a live update or an action). */
  async refresh() {
    if (!this.reference) return;
    try {
      this._ticket = await api.get<Ticket>(`/api/inbox/tickets/${encodeURIComponent(this.reference)}`);
      this.#collision.loaded(this._ticket);
      this._error = '';
    } catch (error) {
      this._error = error instanceof ApiError ? error.message : 'Could not load the ticket.';
    }
  }

  async _act(path: string, body: unknown, form?: HTMLFormElement, notice = '') {
    try {
      await api.post(`/api/inbox/tickets/${encodeURIComponent(this.reference)}/${path}`, this.#collision.stamp(path, body));
      this.#collision.acted(path);
      form?.reset();
      this._notice = notice;
      this._error = '';
      await this.refresh();
      this.dispatchEvent(new CustomEvent('helpway-changed', { bubbles: true, composed: true }));
    } catch (error) {
      if (this.#collision.caught(error, path, form)) {
        this._notice = '';
        this._error = '';
        void this.refresh();
        return;
      }
      this._error =
        error instanceof ApiError
          ? `${error.message}${
              error.fields
                ? ` (${Object.entries(error.fields)
                    .map(([k, v]) => `${k} ${v}`)
                    .join('; ')})`
                : ''
            }`
          : 'The action failed; try again.';
    }
  }

  _submit(path: string, build: (data: FormData) => unknown, notice: string) {
    return (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      void this._act(path, build(new FormData(form)), form, notice);
    };
  }

  render() {
    const t = this._ticket;
    if (this._error && !t) return html`<p class="error" role="alert">${this._error}</p>`;
    if (!t) return html`<p class="muted">Loading ${this.reference}…</p>`;
    const due = t.sla.nextDue;
    const base = `/api/inbox/tickets/${encodeURIComponent(t.reference)}/attachments`;
    const chatOpen = t.chatState === 'waiting' || t.chatState === 'live';
    return html`
      <h1>${t.reference}: ${t.subject}</h1>
      ${this.#collision.presenceLine()}
      <p class="muted">${t.type} · <span class="pill ${t.severity}">${t.severity}</span> · ${t.status}${t.sla.paused ? ' (clock paused)' : ''} · ${t.channel}${t.chatState ? ` (chat ${t.chatState})` : ''} · site ${t.site}</p>
      ${clientSide(t)}
      ${due ? html`<p>${t.sla.state !== 'ok' ? html`<strong class="overdue">${slaBadge(t.sla.state)}:</strong> ` : nothing}Next: ${due.kind} due ${when(due.at)} — <span class=${due.overdue ? 'overdue' : ''}>${timeLeft(due.businessMinutesLeft)}</span> (business time)</p>` : nothing}
      <div role="status" aria-live="polite">${this._notice}</div>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      <div class="layout">
        <section aria-label="Conversation">
          <h2>Conversation</h2>
          <article class="msg"><div class="muted">${t.requester.name} &lt;${t.requester.email}&gt; · ${when(t.createdAt)}</div>${t.unverifiedSender ? unverified(t.requester.email) : nothing}<div class="body">${t.description}</div>${typeFields(t.typeFields)}</article>
          ${t.messages.map(
            (m) => html`
            <article class="msg ${m.author} ${m.internal ? 'internal' : ''}">
              <div class="muted">${m.author === 'agent' ? (m.agentName ?? 'Agent') : m.author === 'requester' ? t.requester.name : 'Helpway'}${m.internal ? ' · internal note' : ''} · ${when(m.createdAt)}</div>
              ${m.unverifiedSender ? unverified(t.requester.email) : nothing}
              <div class="body">${m.body}</div>
              ${articleCards(m.articles)}
            </article>`,
          )}
          ${this.#typing.render(t.requester.name, chatOpen)}
          <form
            @submit=${(e: SubmitEvent) => (this.#typing.sent(), this._submit('replies', (d) => ({ body: String(d.get('body') ?? ''), ...replyExtras(d) }), 'Reply sent.')(e))}
          >
            <label for="reply">Reply</label>
            <textarea
              id="reply"
              name="body"
              required
              @input=${(e: InputEvent) => (this.#collision.onReplyInput(e), this.#typing.typed((e.target as HTMLTextAreaElement).value, chatOpen))}
            ></textarea>
            <helpway-reply-tools .reference=${t.reference} .site=${t.site}></helpway-reply-tools>
            <p class="muted">${t.chatState === 'waiting' || t.chatState === 'live' ? 'The requester reads this in the chat.' : 'Mailed to the requester.'}</p>
            ${this.#collision.prompt('reply', t.requester.name)}
            <button type="submit">Send reply</button>
          </form>
          <form @submit=${this._submit('notes', (d) => ({ body: String(d.get('body') ?? '') }), 'Note added.')}>
            <label for="note">Internal note</label>
            <textarea id="note" name="body" required></textarea>
            <button type="submit" class="secondary">Add note</button>
          </form>
        </section>
        <aside>
          <div class="card">
            <h2>Ticket</h2>
            <form @submit=${this._submit('status', (d) => ({ status: String(d.get('status')) }), 'Status updated.')}>
              <div class="row"><div><label for="status">Status</label>
                <select id="status" name="status">${['new', 'open', 'pending', 'solved', 'closed'].map((s) => html`<option value=${s} ?selected=${t.status === s}>${s}</option>`)}</select></div>
                <button type="submit">Update status</button></div>
              ${this.#collision.prompt('status', t.requester.name)}
            </form>
            <form @submit=${this._submit('assignee', (d) => ({ agentId: d.get('agentId') ? Number(d.get('agentId')) : null }), 'Assignee updated.')}>
              <div class="row"><div><label for="assignee">Assignee</label>
                <select id="assignee" name="agentId"><option value="">Unassigned</option>${this.agents.map((a) => html`<option value=${String(a.id)} ?selected=${t.assignee?.id === a.id}>${a.name}</option>`)}</select></div>
                <button type="submit" class="secondary">Assign</button></div>
            </form>
            <form @submit=${this._submit('severity', (d) => ({ severity: String(d.get('severity')) }), 'Severity changed; due times recomputed.')}>
              <div class="row"><div><label for="severity">Severity</label>
                <select id="severity" name="severity">${['S1', 'S2', 'S3', 'S4'].map((s) => html`<option value=${s} ?selected=${t.severity === s}>${s}</option>`)}</select></div>
                <button type="submit" class="secondary">Change severity</button></div>
            </form>
            <dl>
              <dt>First response</dt><dd>${t.sla.firstRespondedAt ? `answered ${when(t.sla.firstRespondedAt)}` : when(t.sla.firstResponseDue)}</dd>
              <dt>Resolution</dt><dd>${when(t.sla.resolutionDue)}</dd>
              <dt>SLA terms</dt><dd>${slaTerms(t.sla.version)}</dd>
            </dl>
          </div>
          ${
            t.phone
              ? html`<div class="card">
            <h2>Callback</h2>
            <dl><dt>Number</dt><dd>${t.phone.number}</dd><dt>When</dt><dd>${t.phone.preferredTime ?? '—'}</dd><dt>Called</dt><dd>${t.phone.calledAt ? when(t.phone.calledAt) : 'not yet'}</dd></dl>
            <form @submit=${this._submit('called', (d) => ({ outcome: String(d.get('outcome') ?? '') }), 'Marked called.')}>
              <label for="outcome">Outcome</label><textarea id="outcome" name="outcome" required></textarea>
              <button type="submit">Mark called</button>
            </form></div>`
              : nothing
          }
          <section class="card" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">Timeline</h2>
            <helpway-timeline .history=${t.history} .slaTimeline=${t.slaTimeline}></helpway-timeline>
          </section>
          <div class="card">
            <h2>Requester</h2>
            <dl>
              <dt>Name</dt><dd>${t.requester.name}</dd><dt>Email</dt><dd>${t.requester.email}</dd><dt>Identity</dt><dd>${t.requester.verified ? 'Verified by the LMS' : 'Not verified'}</dd>
              <dt>Page</dt><dd>${t.context.title ?? '—'}${t.context.url ? html`<br /><a href=${safeUrl(t.context.url)} target="_blank" rel="noopener noreferrer">${t.context.url}</a>` : nothing}</dd>
              <dt>Browser</dt><dd>${t.context.userAgent ?? '—'}</dd>
              <dt>Searched</dt><dd>${t.journey.searches.length ? t.journey.searches.join(' · ') : '—'}</dd>
              <dt>Read</dt><dd>${t.journey.articlesRead.length ? t.journey.articlesRead.join(' · ') : '—'}</dd>
            </dl>
          </div>
          <div class="card">
            <h2>Attachments</h2>
            ${
              t.attachments.length === 0
                ? html`<p class="muted">None.</p>`
                : html`<ul>${t.attachments.map(
                    (a) => html`<li>
              <a href="${base}/${a.id}" download=${a.filename}>${a.filename}</a> <span class="muted">${bytes(a.size)}</span>
              ${INLINE.has(a.contentType) ? html`<img class="attachment" src="${base}/${a.id}?inline=1" alt="Attachment ${a.filename}" />` : nothing}
            </li>`,
                  )}</ul>`
            }
          </div>
          <div class="card">
            <h2>Time</h2>
            <p class="muted">Site budget: ${t.budget.remainingHours} of ${t.budget.budgetHours} h left${t.budget.low ? html` — <strong class="overdue">low</strong>` : nothing}</p>
            ${t.time.length ? html`<ul>${t.time.map((e) => html`<li>${e.minutes} min ${e.rate} (${t.budget.currency} ${e.cost.toFixed(2)})${e.note ? ` — ${e.note}` : ''}</li>`)}</ul>` : nothing}
            <form @submit=${this._submit('time', (d) => ({ minutes: Number(d.get('minutes')), rate: String(d.get('rate')), ...(d.get('note') ? { note: String(d.get('note')) } : {}) }), 'Time logged.')}>
              <div class="row">
                <div><label for="minutes">Minutes</label><input id="minutes" name="minutes" type="number" min="1" max="1440" required size="5" /></div>
                <div><label for="rate">Rate</label><select id="rate" name="rate"><option value="standard">Standard</option><option value="consultancy">Consultancy</option></select></div>
              </div>
              <label for="time-note">Work done</label><input id="time-note" name="note" maxlength="500" />
              <p><button type="submit" class="secondary">Log time</button></p>
            </form>
          </div>
          <div class="card">
            <h2>Satisfaction</h2>
            ${
              t.satisfaction
                ? html`<p><strong>${t.satisfaction.rating === 'good' ? 'Good' : 'Not good'}</strong> <span class="muted">${when(t.satisfaction.updatedAt)}</span></p>${t.satisfaction.comment ? html`<p class="body">${t.satisfaction.comment}</p>` : nothing}`
                : html`<p class="muted">${t.status === 'solved' || t.status === 'closed' ? 'Not rated yet.' : 'Asked once the ticket is solved.'}</p>`
            }
          </div>
          <div class="card">
            <h2>Mail</h2>
            ${t.mail.length ? html`<ul>${t.mail.map((m) => html`<li>${m.kind} to ${m.to}: <strong>${m.status}</strong>${m.lastError ? html` <span class="muted">(${m.lastError})</span>` : nothing}</li>`)}</ul>` : html`<p class="muted">None.</p>`}
          </div>
        </aside>
      </div>`;
  }
}

/** Said in words (not colour only): the mail provider gave no SPF/DKIM/DMARC pass for this From. */
function unverified(email: string) {
  return html`<p class="unverified"><strong>Unverified sender:</strong> the mail provider did not confirm that this came from ${email}; the From address may be forged.</p>`;
}

/** Which SLA version the ticket runs on, and its targets at the ticket's severity, in words. */
function slaTerms(v: Ticket['sla']['version']) {
  const hours = (h: number | null | undefined, unit: string) => (h === null || h === undefined ? 'none' : `${h} ${unit}`);
  const target = v.target
    ? `response ${hours(v.target.responseHours, 'h')}, resolution ${hours(v.target.resolutionDays, `× ${v.workingDayHours} h days`)}${v.target.replyHours != null ? `, next reply ${v.target.replyHours} h` : ''}`
    : '';
  const which = v.id === null ? 'filed before versions were kept: the policy in force' : `version ${v.id}`;
  return html`<span data-sla-version=${v.id ?? ''}>${which} (${v.current ? 'current terms' : 'earlier terms: the policy has changed since'})</span><br /><span class="muted">${target}; ${v.calendar} working hours</span>`;
}

/** The type's fields the requester filled in (text only: lit escapes every value). */
function typeFields(fields: Ticket['typeFields']) {
  if (!fields.length) return nothing;
  return html`<dl class="fields" aria-label="Details from the form">
    ${fields.map((f) => html`<dt>${f.label}</dt><dd class="body">${fieldValue(f)}</dd>`)}
  </dl>`;
}

function fieldValue(f: Ticket['typeFields'][number]) {
  if (f.kind === 'checkbox') return f.value === true || f.value === 'true' || f.value === 'on' ? 'Yes' : 'No';
  const text = typeof f.value === 'string' ? f.value : JSON.stringify(f.value);
  if (f.kind === 'url' && safeUrl(text) !== '#')
    return html`<a href=${safeUrl(text)} target="_blank" rel="noopener noreferrer">${text}</a>`;
  return text;
}

/** Only http(s) links are clickable; anything else (javascript:) is shown as text only. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '#';
  } catch {
    return '#';
  }
}

if (!customElements.get('helpway-ticket')) customElements.define('helpway-ticket', HelpwayTicket);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-ticket': HelpwayTicket;
  }
}
