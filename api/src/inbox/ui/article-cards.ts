/**
 * Knowledge-base articles in a message, as the requester sees them: a card per article with its
 * title linking to the article and its summary. The inbox shows them in the conversation and as
 * a preview in the reply box (reply-tools.ts), where each card also has a Remove button; the
 * client portal shows them in its conversation, in its own language.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { MessageArticle } from '../../tickets/message-articles.ts';

const web = (url: string) => /^https?:\/\//i.test(url);

/** `kind` names a card in the page's language; `action` adds a control to each (the reply box's Remove). */
export function articleCards(articles: MessageArticle[], action?: (article: MessageArticle) => TemplateResult, kind = 'Help article') {
  if (!articles.length) return nothing;
  return html`${articles.map(
    (a) => html`<aside class="kb-card" aria-label=${`${kind}: ${a.title}`}>
      <div class="muted">${kind}</div>
      ${web(a.url) ? html`<a href=${a.url} target="_blank" rel="noopener noreferrer">${a.title}</a>` : html`<strong>${a.title}</strong>`}
      <p>${a.summary}</p>
      ${action ? action(a) : nothing}
    </aside>`,
  )}`;
}

articleCards.styles = css`
  .kb-card { border: 1px solid #d8dde3; border-left: 4px solid #1b5fc1; border-radius: 6px; padding: .45rem .7rem; margin: .45rem 0 0; background: #f6f9ff; }
  .kb-card a { font-weight: 600; }
  .kb-card p { margin: .2rem 0; }
`;
