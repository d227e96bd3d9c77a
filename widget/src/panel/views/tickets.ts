/**
 * The "My recent tickets" view. Its list is a chunk of its own (../recent-tickets.ts), loaded
 * when first opened: most sessions never open it.
 */
import { html, type TemplateResult } from 'lit/html.js';
import type { PanelHost } from '../panel-host.ts';
import type { PanelState } from '../state.ts';

let list: typeof import('../recent-tickets.ts') | undefined;

/** Loads the list's code and the tickets into `state` (an error when the code could not load: offline). */
export async function loadTickets(panel: PanelHost, state: PanelState): Promise<void> {
  state.tickets = null;
  state.ticketsError = false;
  try {
    list ??= await import('../recent-tickets.ts');
    const { tickets, error } = await list.fetchRecentTickets(panel);
    state.tickets = tickets;
    state.ticketsError = error;
  } catch {
    state.ticketsError = true;
  }
}

export function renderTickets(panel: PanelHost, state: PanelState): TemplateResult {
  const t = panel.t;
  return html`
    <h3 class="sr-only">${t.myTickets}</h3>
    ${
      state.tickets && list
        ? list.renderRecentTickets(panel, state.tickets, state.ticketsError)
        : state.ticketsError
          ? html`<p class="notice warn" role="alert">${t.ticketsError}</p>`
          : html`<p class="muted" role="status">${t.loading}</p>`
    }
  `;
}
