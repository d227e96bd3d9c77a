/**
 * "My recent tickets": the tickets filed from this browser, with their status and a link to each
 * status page. A chunk of its own: most sessions never open it, and it needs the network anyway.
 * What only this view uses lives here too (the request, the status words), not in the panel chunk.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import { sheet } from './element.ts';
import { inEnglish, type Messages } from './i18n.ts';
import { request, type HelpwayApi, type MyTickets, type TicketSummary } from './api-client.ts';
import type { PanelHost } from './panel-host.ts';

export interface TicketRow {
  reference: string;
  subject: string;
  status: string;
}

/** Ticket statuses as the API names them, in the widget's languages; absent = the API's word. */
const STATUSES: Record<string, Record<string, string>> = {
  fr: { new: 'nouvelle', open: 'ouverte', pending: 'en attente', solved: 'résolue', closed: 'fermée' },
  de: { new: 'neu', open: 'offen', pending: 'wartend', solved: 'gelöst', closed: 'geschlossen' },
};

const styles = sheet(`
  .ticket-list { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
  .ticket-list li { border: 1px solid var(--_line); border-radius: 8px; padding: 8px 10px; }
  .status { display: inline-block; padding: 0 8px; border-radius: 999px; background: var(--_soft); border: 1px solid var(--_line); font-size: 0.85em; }
`);

/** The tickets whose tokens this browser keeps (the API shows a requester nothing else). */
async function myTickets(api: HelpwayApi, tokens: string[]): Promise<TicketSummary[]> {
  const raw = await request<Partial<MyTickets>>(`${api.api}/api/tickets/mine?site=${encodeURIComponent(api.site)}`, {
    headers: { 'x-ticket-tokens': tokens.join(',') },
  });
  return raw?.tickets ?? [];
}

/** The requester's tickets from the API (by the tokens kept here); the references alone if that fails. */
export async function fetchRecentTickets(panel: PanelHost): Promise<{ tickets: TicketRow[]; error: boolean }> {
  const root = panel.renderRoot;
  if (!root.adoptedStyleSheets.includes(styles)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles];
  const stored = panel.storage.tickets();
  if (!stored.length) return { tickets: [], error: false };
  try {
    return {
      tickets: await myTickets(
        panel.api,
        stored.map((t) => t.token),
      ),
      error: false,
    };
  } catch {
    return { tickets: stored.map((t) => ({ reference: t.reference, subject: '', status: '' })), error: true };
  }
}

export function renderRecentTickets(panel: PanelHost, tickets: TicketRow[], error: boolean): TemplateResult {
  const t = panel.t;
  return html`
    ${error ? html`<p class="notice warn" role="alert">${t.ticketsError}</p>` : nothing}
    ${
      tickets.length
        ? html`<ul class="ticket-list">
          ${tickets.map((tk) => {
            const page = panel.statusPageUrl(tk.reference);
            return html`<li><strong>${tk.reference}</strong> ${tk.status ? html`<span class="status">${statusWord(t, tk.status)}</span>` : nothing}<br />${tk.subject}
              ${page ? html`<br /><a href=${page} target="_blank" rel="noopener noreferrer">${t.follow(tk.reference)}</a>` : nothing}</li>`;
          })}
        </ul>`
        : html`<p class="muted">${t.noTickets}</p>`
    }
  `;
}

/** A ticket status in `t`'s language, else as the API says it (marked English). */
function statusWord(t: Messages, status: string): TemplateResult | string {
  const words = STATUSES[t.lang];
  return words && Object.hasOwn(words, status) ? words[status] : inEnglish(t, status);
}
