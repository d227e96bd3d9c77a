/**
 * The dialog around every view: the title bar (back, title, close), the scrolling body, and the
 * footer offering "Contact support" (and "My recent tickets") under the search and articles.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Messages } from '../i18n.ts';
import type { View } from '../state.ts';
import type { WidgetStorage } from '../storage.ts';
import type { WidgetConfig, WidgetHost } from '../../types.ts';

const CLOSE_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"/></svg>`;
const BACK_ICON = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20z"/></svg>`;

export interface FrameHost {
  readonly t: Messages;
  readonly cfg: WidgetConfig;
  readonly storage: WidgetStorage;
  readonly host: Pick<WidgetHost, 'requestClose'>;
  /** The live chat, when there is one: its view has its own title (its words live in its chunk). */
  readonly chat?: { readonly words: { title: string } };
  openContact(): void;
  openTickets(): void;
}

/** `keydown` is the focus trap's listener; `back` goes to the previous view. */
export function renderFrame(
  panel: FrameHost,
  view: View,
  body: TemplateResult,
  back: () => void,
  keydown: (event: KeyboardEvent) => void,
): TemplateResult {
  const { t, cfg } = panel;
  const titles: Record<View, string> = {
    home: t.title,
    article: t.title,
    contact: t.formTitle,
    sent: t.sentTitle,
    tickets: t.myTickets,
    chat: panel.chat?.words.title ?? t.title,
  };
  return html`
    <div class="panel ${cfg.position === 'bottom-left' ? 'left' : ''}" part="panel" role="dialog" aria-modal="true" aria-labelledby="hw-title" popover=${cfg.topLayer ? 'manual' : nothing} @keydown=${keydown}>
      <div class="head" part="header">
        ${view !== 'home' ? html`<button type="button" class="icon-btn" @click=${back}>${BACK_ICON}<span class="sr-only">${t.back}</span></button>` : nothing}
        <h2 id="hw-title">${titles[view]}</h2>
        <button type="button" class="icon-btn" @click=${() => panel.host.requestClose()}>${CLOSE_ICON}<span class="sr-only">${t.close}</span></button>
      </div>
      <div class="body" part="body">${body}</div>
      ${
        view === 'home' || view === 'article'
          ? html`<div class="foot" part="footer">
            <p>${t.contactLead}</p>
            <button type="button" class="primary" @click=${() => panel.openContact()}>${t.contact}</button>
            ${panel.storage.tickets().length || panel.cfg.userHash ? html`<button type="button" class="link-btn" @click=${() => panel.openTickets()}>${t.myTickets}</button>` : nothing}
          </div>`
          : nothing
      }
    </div>
  `;
}
