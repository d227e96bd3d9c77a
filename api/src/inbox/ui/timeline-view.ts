/**
 * `<helpway-timeline>`: a ticket's history in one list, oldest first: status changes, and the SLA
 * timeline (warned, missed, escalated, asked for escalation by the requester) with their times.
 * Every text is bound as text, so a requester's reason can never become markup.
 */
import { LitElement, html, css } from 'lit';
import type { Ticket } from './api.ts';
import { baseStyles } from './styles.ts';
import { when } from './format.ts';
import { timelineLine } from './sla-words.ts';

interface Line {
  at: string;
  kind: 'status' | Ticket['slaTimeline'][number]['kind'];
  text: string;
}

export class HelpwayTimeline extends LitElement {
  static styles = [
    baseStyles,
    css`
    ol { list-style: none; margin: 0; padding: 0; }
    li { padding: .3rem 0 .3rem .6rem; border-left: 3px solid #d8dde3; margin-bottom: .2rem; overflow-wrap: anywhere; }
    li.warned { border-left-color: #8a5a00; } li.missed, li.escalated { border-left-color: #a40e26; }
    time { display: block; }
  `,
  ];
  static properties = { history: { attribute: false }, slaTimeline: { attribute: false } };
  /** Status changes, oldest first. */
  declare history: Ticket['history'];
  /** Warnings, misses and escalations, oldest first. */
  declare slaTimeline: Ticket['slaTimeline'];

  constructor() {
    super();
    this.history = [];
    this.slaTimeline = [];
  }

  #lines(): Line[] {
    const lines: Line[] = [
      ...this.history.map((h): Line => ({ at: h.at, kind: 'status', text: `Status: ${h.status}${h.note ? ` — ${h.note}` : ''}` })),
      ...this.slaTimeline.map((e): Line => ({ at: e.at, kind: e.kind, text: timelineLine(e, when) })),
    ];
    // Stable: entries at the same instant keep status changes before what the sweeper did then.
    return lines.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }

  render() {
    const lines = this.#lines();
    if (!lines.length) return html`<p class="muted">Nothing yet.</p>`;
    return html`<ol aria-label="Ticket timeline">
      ${lines.map((l) => html`<li class=${l.kind}><time class="muted" datetime=${l.at}>${when(l.at)}</time>${l.text}</li>`)}
    </ol>`;
  }
}

if (!customElements.get('helpway-timeline')) customElements.define('helpway-timeline', HelpwayTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-timeline': HelpwayTimeline;
  }
}
