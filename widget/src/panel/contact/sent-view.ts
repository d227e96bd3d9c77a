/** The confirmation once a ticket is filed: its reference and when to expect an answer (a chat has a view of its own). */
import { html, type TemplateResult } from 'lit/html.js';
import type { TicketCreated } from '../api-client.ts';
import type { PanelHost } from '../panel-host.ts';
import { dueText } from './policy-words.ts';

export function renderSent(panel: PanelHost, r: TicketCreated | null): TemplateResult {
  const t = panel.t;
  if (!r) return html`<p>${t.loading}</p>`;
  return html`
    <h3 tabindex="-1" class="reference">${t.sentReference(r.reference)}</h3>
    <p>${dueText(t, r.sla)}</p>
    <div class="actions">
      <a href=${panel.statusPageUrl(r.reference)} target="_blank" rel="noopener noreferrer">${t.follow(r.reference)}</a>
      <button type="button" class="secondary" @click=${() => panel.openTickets()}>${t.myTickets}</button>
    </div>
  `;
}
