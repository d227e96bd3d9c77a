/**
 * "Fix this article": readers' "not helpful" answers with a comment, unhandled first, each with its
 * article, owner and a "Mark handled" button (named with the article), and a filter.
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError } from './api.ts';
import { baseStyles } from './styles.ts';
import { when } from './format.ts';
import type { ArticleFeedbackItem, ArticleFeedbackList } from '../../articles/shapes.ts';

export class HelpwayArticleFeedback extends LitElement {
  static styles = [
    baseStyles,
    css`
    table { width: 100%; border-collapse: collapse; background: #fff; }
    th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #e3e7eb; vertical-align: top; overflow-wrap: anywhere; }
    .comment { white-space: pre-wrap; }
  `,
  ];
  static properties = { _list: { state: true }, _filter: { state: true }, _message: { state: true }, _busy: { state: true } };
  declare _list: ArticleFeedbackList | null;
  declare _filter: '' | 'true' | 'false';
  declare _message: string;
  declare _busy: boolean;

  constructor() {
    super();
    this._list = null;
    this._filter = 'false';
    this._message = '';
    this._busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    void this.refresh();
  }

  async refresh() {
    try {
      this._list = await api.get<ArticleFeedbackList>(`/api/inbox/article-feedback${this._filter ? `?handled=${this._filter}` : ''}`);
    } catch (error) {
      this._message = error instanceof ApiError ? error.message : 'Could not load the comments.';
    }
  }

  async _handled(item: ArticleFeedbackItem) {
    this._busy = true;
    try {
      await api.post(`/api/inbox/article-feedback/${item.id}/handled`);
      this._message = `Comment on ${item.title ?? item.slug} marked handled.`;
      await this.refresh();
    } catch (error) {
      this._message = error instanceof ApiError ? error.message : 'Failed.';
    } finally {
      this._busy = false;
    }
  }

  render() {
    const items = this._list?.items ?? [];
    return html`<h1 id="fix-title">Fix this article</h1>
      <p>Readers said these articles did not help, and why. ${this._list ? `${this._list.unhandled} still to handle.` : ''}</p>
      <div class="field"><label for="fix-filter">Show</label>
        <select id="fix-filter" .value=${this._filter} @change=${(e: Event) => {
          this._filter = (e.target as HTMLSelectElement).value as '' | 'true' | 'false';
          void this.refresh();
        }}>
          <option value="false">Not handled</option><option value="true">Handled</option><option value="">All</option>
        </select></div>
      <div role="status" aria-live="polite">${this._message}</div>
      ${
        items.length === 0
          ? html`<p class="muted">No comments here.</p>`
          : html`<table aria-labelledby="fix-title">
        <thead><tr><th scope="col">Article</th><th scope="col">Comment</th><th scope="col">Owner</th><th scope="col">Received</th><th scope="col">State</th></tr></thead>
        <tbody>${items.map(
          (i) => html`<tr>
          <td><a href="/articles/${encodeURIComponent(i.slug)}/" target="_blank" rel="noopener noreferrer">${i.title ?? i.slug}</a>${i.site ? html`<div class="muted">site ${i.site}</div>` : nothing}</td>
          <td class="comment">${i.comment}</td>
          <td>${i.owner}</td>
          <td>${when(i.createdAt)}</td>
          <td>${
            i.handledAt
              ? html`Handled by ${i.handledBy ?? '—'}, ${when(i.handledAt)}`
              : html`<button class="secondary" ?disabled=${this._busy} aria-label="Mark the comment on ${i.title ?? i.slug} handled" @click=${() => this._handled(i)}>Mark handled</button>`
          }</td></tr>`,
        )}</tbody></table>`
      }`;
  }
}

if (!customElements.get('helpway-article-feedback')) customElements.define('helpway-article-feedback', HelpwayArticleFeedback);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-article-feedback': HelpwayArticleFeedback;
  }
}
