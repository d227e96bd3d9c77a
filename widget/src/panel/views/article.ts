/** An article read inside the panel, with a link to it in the knowledge base and the "was this helpful?" question. */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { Messages } from '../i18n.ts';
import type { PanelState } from '../state.ts';

export function renderArticle(t: Messages, kb: string, state: PanelState, sendFeedback: (helpful: boolean) => void): TemplateResult {
  if (state.articleError) {
    const slug = state.articleSlug;
    return html`<p class="notice error" role="alert">${t.articleError}</p>
      ${slug ? html`<p><a href="${kb}/articles/${encodeURIComponent(slug)}/" target="_blank" rel="noopener noreferrer">${t.openInKb}</a></p>` : nothing}`;
  }
  const a = state.article;
  if (!a) return html`<p class="muted" role="status">${t.loading}</p>`;
  const kbUrl = a.url && /^https?:/.test(a.url) ? a.url : `${kb}${a.url || `/articles/${encodeURIComponent(a.slug)}/`}`;
  return html`
    <article aria-labelledby="hw-article-title">
      <h3 id="hw-article-title" class="article-title" tabindex="-1" lang=${a.body.lang || nothing}>${a.title}</h3>
      ${a.body}
      <p><a href=${kbUrl} target="_blank" rel="noopener noreferrer">${t.openInKb}</a></p>
      <div class="feedback" role="group" aria-labelledby="hw-helpful" tabindex="-1">
        ${
          state.feedback
            ? html`<span role="status">${t.thanksFeedback} ${state.feedback === 'not_helpful' ? t.fixArticle : ''}</span>`
            : html`<span id="hw-helpful">${t.helpful}</span>
              <button type="button" class="secondary" @click=${() => sendFeedback(true)}>${t.yes}</button>
              <button type="button" class="secondary" @click=${() => sendFeedback(false)}>${t.no}</button>`
        }
      </div>
    </article>
  `;
}
