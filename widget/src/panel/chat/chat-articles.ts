/**
 * Knowledge-base articles an agent sent in the chat, as cards: the title linking to the article
 * (a new tab, so the chat stays open) and its summary. Part of the chat's chunk, which loads only
 * when a chat starts (the build keeps panel/chat/ out of a session's bytes). Only
 * web links become links; every value is text (Lit escapes it).
 */
import { html, nothing } from 'lit/html.js';

export interface ChatArticle {
  slug: string;
  title: string;
  summary: string;
  url: string;
}

export const ARTICLE_CARD_CSS = `
    .card { margin-top: 6px; padding: 6px 8px; border: 1px solid var(--_line, #ccd3db); border-left: 4px solid var(--_accent, #1f5fbf); border-radius: 6px; background: var(--_soft, #eef3fb); }
    .card .kind { font-size: 12px; color: var(--_muted, #4b5563); }
    .card a { font-weight: 600; color: var(--_accent, #1f5fbf); }
    .card a:focus-visible { outline: 3px solid var(--_accent, #1f5fbf); outline-offset: 2px; }
    .card p { margin: 2px 0 0; }
`;

const web = (url: string) => /^https?:\/\//i.test(url);

/** The cards of a message; `kind` names them in the chat's language ("Help article"). */
export function articleCards(articles: ChatArticle[] | undefined, kind: string) {
  if (!articles?.length) return nothing;
  return articles.map(
    (a) =>
      html`<aside class="card" aria-label=${`${kind}: ${a.title}`}><div class="kind">${kind}</div>${
        web(a.url) ? html`<a href=${a.url} target="_blank" rel="noopener noreferrer">${a.title}</a>` : html`<strong>${a.title}</strong>`
      }<p>${a.summary}</p></aside>`,
  );
}
