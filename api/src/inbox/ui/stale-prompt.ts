/**
 * `<helpway-stale-prompt>`: asked before a reply or a status change goes out on a ticket that
 * changed since the agent opened it (the API answered 409 `ticket_changed`). It shows what came
 * in meanwhile and asks "Send anyway?"; the reply stays in its box whatever the answer. Focus
 * moves to its heading when it appears, so keyboard and screen-reader users land on the question.
 *
 * @fires helpway-send-anyway - go ahead on the ticket as it is now
 * @fires helpway-keep-editing - not now: back to the reply, which is kept
 */
import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import type { TicketChangedBody } from '../shapes.ts';
import { baseStyles } from './styles.ts';
import { when } from './format.ts';

export type TicketChanges = TicketChangedBody['error']['changes'];

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export class HelpwayStalePrompt extends LitElement {
  static styles = [
    baseStyles,
    css`
      section { border: 2px solid #8a5a00; background: #fff6d6; border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0; }
      h3:focus { outline: 3px solid #f0a500; outline-offset: 2px; }
      ol { list-style: none; margin: .5rem 0; padding: 0; }
      li { background: #fff; border: 1px solid #d8dde3; border-radius: 4px; padding: .4rem .6rem; margin-bottom: .4rem; }
      li.internal { background: #fff8e1; }
      .body { white-space: pre-wrap; overflow-wrap: anywhere; }
      .actions { display: flex; gap: .5rem; flex-wrap: wrap; }
    `,
  ];
  static properties = { reference: {}, kind: {}, changes: { attribute: false }, requester: {} };
  declare reference: string;
  /** What is waiting: the agent's reply, or their status change. */
  declare kind: 'reply' | 'status';
  declare changes: TicketChanges | null;
  /** The requester's name, for their messages. */
  declare requester: string;

  constructor() {
    super();
    this.reference = '';
    this.kind = 'reply';
    this.changes = null;
    this.requester = 'Requester';
  }

  protected updated(changed: PropertyValues) {
    if (changed.has('changes') && this.changes) this.renderRoot.querySelector<HTMLElement>('h3')?.focus();
  }

  #fire(name: string) {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  #author(m: TicketChanges['messages'][number]): string {
    if (m.author === 'agent') return `${m.agentName ?? 'An agent'}${m.internal ? ' (internal note)' : ''}`;
    if (m.author === 'requester') return this.requester;
    return 'Helpway';
  }

  render() {
    const c = this.changes;
    if (!c) return nothing;
    const what = [
      c.messages.length ? plural(c.messages.length, 'new message', 'new messages') : '',
      c.statusChanges.length ? plural(c.statusChanges.length, 'status change', 'status changes') : '',
    ].filter(Boolean);
    const reply = this.kind === 'reply';
    return html`<section aria-labelledby="stale-heading" data-testid="stale-prompt">
      <h3 id="stale-heading" tabindex="-1">${this.reference} changed since you opened it</h3>
      <p>${what.join(' and ')}. ${reply ? 'Your reply has not been sent: it is still in the reply box.' : 'The status has not been changed.'}</p>
      <ol aria-label="What changed">
        ${c.messages.map(
          (m) =>
            html`<li class=${m.internal ? 'internal' : ''}><div class="muted">${this.#author(m)} · ${when(m.createdAt)}</div><div class="body">${m.body}</div></li>`,
        )}
        ${c.statusChanges.map((s) => html`<li><div class="muted">${when(s.at)}</div>Status changed to <strong>${s.status}</strong>${s.note ? ` (${s.note})` : ''}</li>`)}
      </ol>
      <p><strong>${reply ? 'Send your reply anyway?' : `Change the status anyway? It is ${c.status} now.`}</strong></p>
      <div class="actions">
        <button type="button" @click=${() => this.#fire('helpway-send-anyway')}>${reply ? 'Send anyway' : 'Change anyway'}</button>
        <button type="button" class="secondary" @click=${() => this.#fire('helpway-keep-editing')}>${reply ? 'Keep editing' : 'Cancel'}</button>
      </div>
    </section>`;
  }
}

if (!customElements.get('helpway-stale-prompt')) customElements.define('helpway-stale-prompt', HelpwayStalePrompt);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-stale-prompt': HelpwayStalePrompt;
  }
}
