/**
 * `<helpway-reply-tools>`: the reply box's tools, inside the reply form of a ticket.
 *
 * - Saved replies: searched as the agent types (GET /api/inbox/saved-replies?q=), most used first;
 *   "Insert" puts the text, its placeholders filled for this ticket (…/filled?ticket=), at the
 *   cursor in the reply and adds its files to the reply; a new one is saved from a small form
 *   (title, text, files, shared for admins). The use is counted when the reply is sent.
 * - Knowledge base: searched with the widget's engine (GET /api/inbox/articles?q=); "Insert
 *   article" adds the article to the reply, which the requester sees as a card (title linking to
 *   the article, and its summary), previewed here as the requester will see it.
 *
 * What the tools add travels in hidden fields they keep inside the reply form (reply-extras.ts
 * reads them), and is cleared when the form is reset after sending. Every list says in a polite
 * live region what it found; every button names what it acts on. This module is a chunk of its
 * own, loaded when a ticket opens.
 */
import { LitElement, html, css, nothing } from 'lit';
import { api, ApiError, errorText } from './api.ts';
import { baseStyles } from './styles.ts';
import { bytes } from './format.ts';
import type { SavedReply, SavedReplyFile, SavedReplyFilled, SavedReplyList } from '../saved-reply-shapes.ts';
import type { ArticleSearch } from '../../articles/shapes.ts';
import type { MessageArticle } from '../../tickets/message-articles.ts';
import { articleCards } from './article-cards.ts';

const TYPING_PAUSE_MS = 300;
const MAX_ARTICLES = 5;

type Hit = ArticleSearch['articles'][number];

export class HelpwayReplyTools extends LitElement {
  static styles = [
    baseStyles,
    css`
      :host { margin: .5rem 0; }
      details { border: 1px solid #d8dde3; border-radius: 6px; padding: .4rem .6rem; margin: .4rem 0; background: #fbfcfd; }
      summary { cursor: pointer; font-weight: 600; }
      summary:focus-visible { outline: 3px solid #f0a500; outline-offset: 1px; }
      form.search { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; margin: .5rem 0 .25rem; }
      form.search div { flex: 1 1 16rem; }
      form.search input { width: 100%; }
      ul { list-style: none; margin: .25rem 0; padding: 0; }
      li { border-top: 1px solid #e3e7eb; padding: .4rem 0; display: flex; gap: .5rem; align-items: start; justify-content: space-between; }
      li .what { flex: 1; min-width: 0; overflow-wrap: anywhere; }
      li p { margin: .15rem 0 0; }
      .actions { display: flex; gap: .35rem; flex-wrap: wrap; }
      .added { margin-top: .4rem; }
      .field { margin: .4rem 0; }
      .field input[type='text'] { width: 100%; }
      .check { display: flex; gap: .4rem; align-items: center; } .check label { margin: 0; }
      button.small { padding: .2rem .6rem; font-size: .875rem; }
    `,
    articleCards.styles,
  ];
  static properties = {
    reference: {},
    site: {},
    _replies: { state: true },
    _repliesFound: { state: true },
    _hits: { state: true },
    _hitsFound: { state: true },
    _articles: { state: true },
    _files: { state: true },
    _savedReplyId: { state: true },
    _said: { state: true },
    _error: { state: true },
    _admin: { state: true },
    _creating: { state: true },
  };
  /** The ticket replied to (placeholders are filled for it). */
  declare reference: string;
  /** Its site (new files are uploaded for it). */
  declare site: string;
  declare _replies: SavedReply[];
  declare _repliesFound: string;
  declare _hits: Hit[];
  declare _hitsFound: string;
  declare _articles: MessageArticle[];
  declare _files: SavedReplyFile[];
  declare _savedReplyId: number | null;
  /** The last thing done, read out politely. */
  declare _said: string;
  declare _error: string;
  declare _admin: boolean;
  declare _creating: boolean;
  #timers = new Map<string, number>();
  #asked = new Map<string, number>();
  #form: HTMLFormElement | null = null;
  #onReset = () => this.reset();

  constructor() {
    super();
    this.reference = '';
    this.site = '';
    this._replies = [];
    this._repliesFound = '';
    this._hits = [];
    this._hitsFound = '';
    this._articles = [];
    this._files = [];
    this._savedReplyId = null;
    this._said = '';
    this._error = '';
    this._admin = false;
    this._creating = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.#form = this.closest('form');
    this.#form?.addEventListener('reset', this.#onReset);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.#form?.removeEventListener('reset', this.#onReset);
    for (const timer of this.#timers.values()) window.clearTimeout(timer);
  }

  /** After the reply went (the form was reset): nothing added any more. */
  reset() {
    this._articles = [];
    this._files = [];
    this._savedReplyId = null;
    this.#syncFields();
  }

  /**
   * The hidden fields the reply form sends (light DOM children, so they belong to the form):
   * kept in step with what the tools added.
   */
  #syncFields() {
    for (const old of this.querySelectorAll('input[type=hidden]')) old.remove();
    const add = (name: string, value: string) => {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value;
      this.append(input);
    };
    if (this._savedReplyId !== null) add('savedReplyId', String(this._savedReplyId));
    for (const file of this._files) add('savedReplyFiles', String(file.id));
    for (const article of this._articles) add('articles', article.slug);
  }

  #reply(): HTMLTextAreaElement | null {
    return this.#form?.querySelector<HTMLTextAreaElement>('textarea[name=body]') ?? null;
  }

  /** Runs `work` once typing pauses; a later call of the same `key` wins over an earlier answer. */
  #debounce(key: string, work: (ticket: number) => Promise<void>) {
    window.clearTimeout(this.#timers.get(key));
    this.#timers.set(
      key,
      window.setTimeout(() => {
        const ticket = (this.#asked.get(key) ?? 0) + 1;
        this.#asked.set(key, ticket);
        void work(ticket);
      }, TYPING_PAUSE_MS),
    );
  }

  #latest = (key: string, ticket: number) => this.#asked.get(key) === ticket;

  // Saved replies.

  async #loadReplies(q: string, ticket = 0) {
    try {
      const list = await api.get<SavedReplyList>(`/api/inbox/saved-replies?${new URLSearchParams({ q, limit: '20' })}`);
      if (ticket && !this.#latest('replies', ticket)) return;
      this._replies = list.savedReplies;
      const n = list.savedReplies.length;
      this._repliesFound =
        n === 0
          ? q
            ? `No saved replies match “${q}”.`
            : 'No saved replies yet.'
          : `${n} saved ${n === 1 ? 'reply' : 'replies'}${q ? ` match “${q}”` : ''}.`;
      this._error = '';
    } catch (error) {
      this._error = errorText(error, 'Could not load the saved replies.');
    }
  }

  _onRepliesOpen(event: Event) {
    if ((event.target as HTMLDetailsElement).open && !this._repliesFound) void this.#loadReplies('');
  }

  _onRepliesInput(event: InputEvent) {
    const q = (event.target as HTMLInputElement).value.trim();
    this.#debounce('replies', (ticket) => this.#loadReplies(q, ticket));
  }

  _onRepliesSubmit(event: SubmitEvent) {
    event.preventDefault();
    const q = String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim();
    window.clearTimeout(this.#timers.get('replies'));
    void this.#loadReplies(q);
  }

  async _insert(reply: SavedReply) {
    try {
      const filled = await api.get<SavedReplyFilled>(
        `/api/inbox/saved-replies/${reply.id}/filled?${new URLSearchParams({ ticket: this.reference })}`,
      );
      const area = this.#reply();
      if (area) {
        const start = area.selectionStart ?? area.value.length;
        area.setRangeText(filled.body, start, area.selectionEnd ?? start, 'end');
        area.dispatchEvent(new Event('input', { bubbles: true }));
        area.focus();
      }
      const known = new Set(this._files.map((f) => f.id));
      this._files = [...this._files, ...filled.files.filter((f) => !known.has(f.id))];
      this._savedReplyId = filled.id;
      this.#syncFields();
      const files = filled.files.length
        ? ` ${filled.files.length === 1 ? 'Its file is' : `Its ${filled.files.length} files are`} attached.`
        : '';
      const empty = filled.empty.length ? ` This ticket has no value for ${filled.empty.join(', ')}: check the text.` : '';
      this._said = `Inserted “${filled.title}”.${files}${empty}`;
      this._error = '';
    } catch (error) {
      this._error = errorText(error, 'Could not insert the saved reply.');
    }
  }

  async _delete(reply: SavedReply) {
    if (!window.confirm(`Delete the saved reply “${reply.title}”${reply.shared ? ' for every agent' : ''}?`)) return;
    try {
      await api.del(`/api/inbox/saved-replies/${reply.id}`);
      this._replies = this._replies.filter((r) => r.id !== reply.id);
      this._said = `Deleted “${reply.title}”.`;
      this.renderRoot.querySelector<HTMLInputElement>('#saved-search')?.focus();
    } catch (error) {
      this._error = errorText(error, 'Could not delete the saved reply.');
    }
  }

  _removeFile(file: SavedReplyFile) {
    this._files = this._files.filter((f) => f.id !== file.id);
    this.#syncFields();
    this._said = `${file.filename} will not be attached.`;
    this.#reply()?.focus();
  }

  async _onNewOpen(event: Event) {
    if (!(event.target as HTMLDetailsElement).open) return;
    try {
      this._admin = (await api.get<{ agent: { role: string } }>('/api/agents/me')).agent.role === 'admin';
    } catch {
      this._admin = false;
    }
    const text = this.renderRoot.querySelector<HTMLTextAreaElement>('#new-saved-text');
    if (text && !text.value) text.value = this.#reply()?.value ?? '';
  }

  async #upload(file: File): Promise<string> {
    const res = await fetch(`/api/uploads?${new URLSearchParams({ site: this.site, filename: file.name })}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      credentials: 'same-origin',
      body: file,
    });
    const data = (await res.json().catch(() => null)) as {
      id?: string;
      error?: { code: string; message: string; fields?: Record<string, string> };
    } | null;
    if (!res.ok || !data?.id)
      throw new ApiError(
        res.status,
        data?.error?.code ?? 'http_error',
        `${file.name}: ${data?.error?.message ?? `the server answered ${res.status}`}`,
        data?.error?.fields,
      );
    return data.id;
  }

  async _onCreate(event: SubmitEvent) {
    event.preventDefault();
    if (this._creating) return;
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this._creating = true;
    try {
      const files = (form.querySelector<HTMLInputElement>('#new-saved-files')?.files ?? []) as ArrayLike<File>;
      const attachments: string[] = [];
      for (const file of Array.from(files)) attachments.push(await this.#upload(file));
      const saved = await api.post<{ savedReply: SavedReply }>('/api/inbox/saved-replies', {
        title: String(data.get('title') ?? ''),
        body: String(data.get('text') ?? ''),
        shared: data.get('shared') === 'on',
        attachments,
      });
      form.reset();
      (form.closest('details') as HTMLDetailsElement).open = false;
      this._said = `Saved “${saved.savedReply.title}”${saved.savedReply.shared ? ' for every agent' : ''}.`;
      this._error = '';
      await this.#loadReplies(this.renderRoot.querySelector<HTMLInputElement>('#saved-search')?.value.trim() ?? '');
    } catch (error) {
      this._error = errorText(error, 'Could not save it.');
    } finally {
      this._creating = false;
    }
  }

  // Knowledge base.

  async #searchArticles(q: string, ticket = 0) {
    if (!q) {
      this._hits = [];
      this._hitsFound = '';
      return;
    }
    try {
      const found = await api.get<ArticleSearch>(`/api/inbox/articles?${new URLSearchParams({ q, limit: '5' })}`);
      if (ticket && !this.#latest('articles', ticket)) return;
      this._hits = found.articles;
      const n = found.articles.length;
      this._hitsFound = n ? `${n} ${n === 1 ? 'article' : 'articles'} found for “${q}”.` : `No articles found for “${q}”.`;
      this._error = '';
    } catch (error) {
      this._error = errorText(error, 'Could not search the knowledge base.');
    }
  }

  _onArticlesInput(event: InputEvent) {
    const q = (event.target as HTMLInputElement).value.trim();
    this.#debounce('articles', (ticket) => this.#searchArticles(q, ticket));
  }

  _onArticlesSubmit(event: SubmitEvent) {
    event.preventDefault();
    window.clearTimeout(this.#timers.get('articles'));
    void this.#searchArticles(String(new FormData(event.target as HTMLFormElement).get('q') ?? '').trim());
  }

  _addArticle(hit: Hit) {
    if (this._articles.some((a) => a.slug === hit.slug)) {
      this._said = `“${hit.title}” is already in this reply.`;
      return;
    }
    if (this._articles.length >= MAX_ARTICLES) {
      this._error = `A reply carries at most ${MAX_ARTICLES} articles.`;
      return;
    }
    const { slug, title, summary, url } = hit;
    this._articles = [...this._articles, { slug, title, summary, url }];
    this.#syncFields();
    this._said = `“${title}” will be sent as a card with its summary and link.`;
    this._error = '';
  }

  _removeArticle(article: MessageArticle) {
    this._articles = this._articles.filter((a) => a.slug !== article.slug);
    this.#syncFields();
    this._said = `“${article.title}” removed.`;
    this.renderRoot.querySelector<HTMLInputElement>('#kb-search')?.focus();
  }

  render() {
    return html`
      <details @toggle=${this._onRepliesOpen}>
        <summary>Saved replies</summary>
        <form class="search" role="search" aria-label="Saved replies" @submit=${this._onRepliesSubmit}>
          <div><label for="saved-search">Search saved replies</label><input id="saved-search" name="q" type="search" maxlength="100" autocomplete="off" @input=${this._onRepliesInput} /></div>
          <button type="submit" class="secondary">Search</button>
        </form>
        <p class="muted" role="status">${this._repliesFound}</p>
        <ul aria-label="Saved replies found">
          ${this._replies.map(
            (r) => html`<li>
              <div class="what"><strong>${r.title}</strong> <span class="muted">${r.shared ? 'shared' : 'yours'} · used ${r.uses} ${r.uses === 1 ? 'time' : 'times'}${r.files.length ? ` · ${r.files.length} ${r.files.length === 1 ? 'file' : 'files'}` : ''}</span>
                <p class="muted">${r.body.length > 140 ? `${r.body.slice(0, 140)}…` : r.body}</p></div>
              <div class="actions">
                <button type="button" class="small" @click=${() => void this._insert(r)}>Insert<span class="visually-hidden"> ${r.title}</span></button>
                ${r.canEdit ? html`<button type="button" class="small secondary" @click=${() => void this._delete(r)}>Delete<span class="visually-hidden"> ${r.title}</span></button>` : nothing}
              </div>
            </li>`,
          )}
        </ul>
        <details @toggle=${this._onNewOpen}>
          <summary>Save a new one</summary>
          <form @submit=${this._onCreate}>
            <div class="field"><label for="new-saved-title">Title</label><input id="new-saved-title" name="title" type="text" required maxlength="120" /></div>
            <div class="field"><label for="new-saved-text">Text</label>
              <textarea id="new-saved-text" name="text" required maxlength="20000" aria-describedby="new-saved-help"></textarea>
              <div id="new-saved-help" class="muted">Placeholders, filled when inserted: {{requester.name}}, {{requester.firstName}}, {{ticket.reference}}, {{ticket.subject}}, {{ticket.due}}, {{site.name}}, {{agent.name}}.</div></div>
            <div class="field"><label for="new-saved-files">Files to attach</label><input id="new-saved-files" type="file" multiple /></div>
            ${this._admin ? html`<div class="field check"><input id="new-saved-shared" name="shared" type="checkbox" /><label for="new-saved-shared">Share with every agent</label></div>` : nothing}
            <button type="submit" ?disabled=${this._creating}>${this._creating ? 'Saving…' : 'Save'}</button>
          </form>
        </details>
      </details>
      <details>
        <summary>Knowledge base</summary>
        <form class="search" role="search" aria-label="Knowledge base" @submit=${this._onArticlesSubmit}>
          <div><label for="kb-search">Search articles</label><input id="kb-search" name="q" type="search" maxlength="200" autocomplete="off" @input=${this._onArticlesInput} /></div>
          <button type="submit" class="secondary">Search</button>
        </form>
        <p class="muted" role="status">${this._hitsFound}</p>
        <ul aria-label="Articles found">
          ${this._hits.map(
            (h) => html`<li>
              <div class="what"><strong>${h.title}</strong><p class="muted">${h.summary}</p></div>
              <div class="actions"><button type="button" class="small" @click=${() => this._addArticle(h)}>Insert article<span class="visually-hidden"> ${h.title}</span></button></div>
            </li>`,
          )}
        </ul>
      </details>
      ${
        this._files.length || this._articles.length
          ? html`<section class="added" aria-label="Added to this answer">
              ${this._articles.length ? html`<p class="muted">The requester sees ${this._articles.length === 1 ? 'this article' : 'these articles'} under the text:</p>` : nothing}
              ${articleCards(this._articles, (a) => html`<button type="button" class="small secondary" @click=${() => this._removeArticle(a)}>Remove<span class="visually-hidden"> ${a.title}</span></button>`)}
              ${
                this._files.length
                  ? html`<ul aria-label="Files attached">${this._files.map(
                      (f) => html`<li><span class="what">${f.filename} <span class="muted">${bytes(f.size)}</span></span>
                      <button type="button" class="small secondary" @click=${() => this._removeFile(f)}>Remove file<span class="visually-hidden"> ${f.filename}</span></button></li>`,
                    )}</ul>`
                  : nothing
              }
            </section>`
          : nothing
      }
      <p class="muted" role="status">${this._said}</p>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}`;
  }
}

if (!customElements.get('helpway-reply-tools')) customElements.define('helpway-reply-tools', HelpwayReplyTools);

declare global {
  interface HTMLElementTagNameMap {
    'helpway-reply-tools': HelpwayReplyTools;
  }
}
