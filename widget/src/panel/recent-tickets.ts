/**
 * "My recent tickets": the tickets filed from this browser, with their status, a link to each
 * status page and "Ask to escalate" (POST /api/tickets/{ref}/escalate with the ticket's token).
 * A chunk of its own: most sessions never open it, and it needs the network anyway. What only
 * this view uses lives here too (the requests, the status and escalation words in each
 * language), not in the panel chunk or the language chunks every session loads.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Escalated } from '#api/tickets/shapes.ts';
import { sheet } from './element.ts';
import { inEnglish, type Messages } from './i18n.ts';
import { ApiError, request, toJson, type HelpwayApi, type MyTickets, type TicketSummary } from './api-client.ts';
import type { PanelHost } from './panel-host.ts';
import { ESCALATION_WORDS, type EscalationWords } from './recent-tickets-words.ts';

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
  .escalate { margin-top: 6px; }
  .escalate summary { cursor: pointer; color: var(--_accent); }
  .escalate form { display: grid; gap: 6px; margin-top: 6px; }
  .escalate label { font-weight: 600; }
  .escalate textarea { width: 100%; min-height: 70px; padding: 6px 8px; border: 2px solid var(--_line); border-radius: 8px; background: var(--_bg); color: var(--_fg); font: inherit; resize: vertical; }
  .escalate .check { display: flex; gap: 8px; align-items: center; font-weight: 400; }
  .escalate .result { margin: 6px 0 0; }
`);

/** Tickets that can no longer be escalated (a reply reopens them). */
const FINISHED = ['solved', 'closed'];

/** Where each ticket's escalation request stands, by reference, for this page's life. */
type Asked = { state: 'sending' } | { state: 'done'; role: string } | { state: 'error'; message: string };
const asked = new Map<string, Asked>();

function words(t: Messages): EscalationWords {
  return ESCALATION_WORDS[t.lang] ?? ESCALATION_WORDS.en;
}

/** The API's refusal in the panel's language where it is one we know; the API's own words otherwise. */
function refusal(t: Messages, error: unknown): string {
  const w = words(t);
  if (!(error instanceof ApiError) || error.status === 0) return w.failed;
  if (error.code === 'escalation_limited') {
    const from = new Date(Date.now() + error.retryAfter * 1000);
    return w.limited(new Intl.DateTimeFormat(t.lang, { weekday: 'long', day: 'numeric', month: 'long' }).format(from));
  }
  if (error.code === 'ticket_closed') return w.closed;
  return Object.values(error.fields)[0] ? `${w.failed} ${Object.values(error.fields)[0]}` : error.message || w.failed;
}

async function askToEscalate(panel: PanelHost, reference: string, form: HTMLFormElement): Promise<void> {
  const token = panel.storage.tickets().find((x) => x.reference === reference)?.token;
  const data = new FormData(form);
  if (!token || asked.get(reference)?.state === 'sending') return;
  asked.set(reference, { state: 'sending' });
  panel.requestUpdate();
  try {
    const answer = await request<Escalated>(`${panel.api.api}/api/tickets/${encodeURIComponent(reference)}/escalate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: toJson({ reason: String(data.get('reason') ?? ''), complaint: data.get('complaint') === 'yes' }),
    });
    asked.set(reference, { state: 'done', role: answer.role });
  } catch (error) {
    asked.set(reference, { state: 'error', message: refusal(panel.t, error) });
  }
  panel.requestUpdate();
}

function renderEscalate(panel: PanelHost, tk: TicketRow): TemplateResult | typeof nothing {
  if (!tk.status || FINISHED.includes(tk.status) || !panel.statusPageUrl(tk.reference)) return nothing;
  const t = panel.t;
  const w = words(t);
  const state = asked.get(tk.reference);
  if (state?.state === 'done') return html`<p class="result" role="status">${w.done(tk.reference, inEnglish(t, state.role))}</p>`;
  const id = `escalate-${tk.reference}`;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void askToEscalate(panel, tk.reference, event.currentTarget as HTMLFormElement);
  };
  return html`<details class="escalate" ?open=${state !== undefined}>
    <summary>${w.ask}</summary>
    <form @submit=${submit}>
      <label for="${id}-reason">${w.reason}</label>
      <textarea id="${id}-reason" name="reason" required maxlength="2000"></textarea>
      <label class="check"><input type="checkbox" name="complaint" value="yes" /> ${w.complaint}</label>
      <button type="submit" class="primary" ?disabled=${state?.state === 'sending'}>${state?.state === 'sending' ? w.sending : w.send}</button>
      ${state?.state === 'error' ? html`<p class="result error-text" role="alert">${state.message}</p>` : nothing}
    </form>
  </details>`;
}

/** The tickets whose tokens this browser keeps (the API shows a requester nothing else). */
async function myTickets(api: HelpwayApi, tokens: string[]): Promise<TicketSummary[]> {
  const raw = await request<Partial<MyTickets>>(`${api.api}/api/tickets/mine?site=${encodeURIComponent(api.site)}`, {
    headers: { 'x-ticket-tokens': tokens.join(',') },
  });
  return raw?.tickets ?? [];
}

/** Where a known contact's tickets live in full (the client portal), once the API said so. */
let portalUrl: string | null = null;

/**
 * A contact's tickets, wherever they were filed, when the host page vouched for the person (the
 * site's identity hash): the API answers nothing for anyone else. Best effort: this browser's
 * own tickets still show when it fails.
 */
async function contactTickets(panel: PanelHost): Promise<TicketRow[]> {
  const { userEmail: email, userHash: hash } = panel.cfg;
  if (!email || !hash) return [];
  try {
    const raw = await request<{ tickets?: TicketRow[]; portalUrl?: string | null }>(`${panel.api.api}/api/widget/my-tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: toJson({ site: panel.api.site, email, hash }),
    });
    portalUrl = raw?.portalUrl ?? null;
    return raw?.tickets ?? [];
  } catch {
    return [];
  }
}

/**
 * The requester's tickets: those whose tokens this browser keeps, and a known contact's from the
 * server, once each; the kept references alone if the API cannot be reached.
 */
export async function fetchRecentTickets(panel: PanelHost): Promise<{ tickets: TicketRow[]; error: boolean }> {
  const root = panel.renderRoot;
  if (!root.adoptedStyleSheets.includes(styles)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles];
  const stored = panel.storage.tickets();
  const [own, contact] = await Promise.all([
    stored.length
      ? myTickets(
          panel.api,
          stored.map((t) => t.token),
        ).then(
          (tickets): { tickets: TicketRow[]; error: boolean } => ({ tickets, error: false }),
          () => ({ tickets: stored.map((t) => ({ reference: t.reference, subject: '', status: '' })), error: true }),
        )
      : { tickets: [], error: false },
    contactTickets(panel),
  ]);
  const byReference = new Map([...own.tickets, ...contact].map((t) => [t.reference, t]));
  return { tickets: [...byReference.values()], error: own.error };
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
              ${page ? html`<br /><a href=${page} target="_blank" rel="noopener noreferrer">${t.follow(tk.reference)}</a>` : nothing}
              ${renderEscalate(panel, tk)}</li>`;
          })}
        </ul>`
        : html`<p class="muted">${t.noTickets}</p>`
    }
    ${portalUrl ? html`<p><a href=${portalUrl} target="_blank" rel="noopener noreferrer">${words(t).portal}</a></p>` : nothing}
  `;
}

/** A ticket status in `t`'s language, else as the API says it (marked English). */
function statusWord(t: Messages, status: string): TemplateResult | string {
  const words = STATUSES[t.lang];
  return words && Object.hasOwn(words, status) ? words[status] : inEnglish(t, status);
}
