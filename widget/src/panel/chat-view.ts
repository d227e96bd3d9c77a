/**
 * `<helpway-chat>`: the requester's side of a live chat inside the widget. The conversation
 * streams over Server-Sent Events (/api/chat/{reference}/events), messages go out with POST;
 * messages are kept by id, so a dropped connection (EventSource resumes with Last-Event-ID) or a
 * reload (the chat is remembered per site and re-read from the start) shows each message once.
 * If no agent picks it up in time, or it ends, the ticket is answered by email.
 */
import { html, nothing } from 'lit/html.js';
import { WidgetElement, sheet } from './element.ts';
import { ARTICLE_CARD_CSS, articleCards, type ChatArticle } from './chat-view-articles.ts';

export interface ActiveChat {
  reference: string;
  token: string;
  /** The confirmation as the API answered it (reference, SLA), to show again after a reload. */
  created: unknown;
}

interface ChatMessage {
  id: number;
  author: 'requester' | 'agent' | 'system';
  name: string;
  body: string;
  createdAt: string;
  /** Knowledge-base articles an agent sent, shown as cards (chat-view-articles.ts). */
  articles?: ChatArticle[];
}

const key = (site: string) => `helpway:${site}:chat`;

/** The chat's words (this chunk loads only when a chat starts, so they live here, not in i18n.ts). */
const WORDS = {
  en: {
    lost: 'The chat connection was lost. We will answer by email.',
    notSent: 'Your message was not sent. Try again.',
    waiting: 'Waiting for an agent to join…',
    live: 'You are chatting with our support team.',
    missed: 'No agent could join in time: we will answer by email.',
    ended: 'This chat has ended: we will answer anything else by email.',
    connecting: 'Connecting…',
    log: 'Conversation',
    you: 'You',
    message: 'Message',
    send: 'Send',
    article: 'Help article',
  },
  fr: {
    lost: 'La connexion au chat a été perdue. Nous répondrons par e-mail.',
    notSent: 'Votre message n’a pas été envoyé. Réessayez.',
    waiting: 'En attente d’un agent…',
    live: 'Vous discutez avec notre équipe de support.',
    missed: 'Aucun agent n’a pu répondre à temps : nous répondrons par e-mail.',
    ended: 'Ce chat est terminé : nous répondrons à toute autre question par e-mail.',
    connecting: 'Connexion…',
    log: 'Conversation',
    you: 'Vous',
    message: 'Message',
    send: 'Envoyer',
    article: 'Article d’aide',
  },
  de: {
    lost: 'Die Chat-Verbindung wurde unterbrochen. Wir antworten per E-Mail.',
    notSent: 'Ihre Nachricht wurde nicht gesendet. Versuchen Sie es erneut.',
    waiting: 'Warten auf einen Mitarbeiter…',
    live: 'Sie chatten mit unserem Support-Team.',
    missed: 'Kein Mitarbeiter konnte rechtzeitig beitreten: Wir antworten per E-Mail.',
    ended: 'Dieser Chat ist beendet: Alles Weitere beantworten wir per E-Mail.',
    connecting: 'Verbindung wird hergestellt…',
    log: 'Unterhaltung',
    you: 'Sie',
    message: 'Nachricht',
    send: 'Senden',
    article: 'Hilfeartikel',
  },
};

/** The chat this browser has open for `site`, if any (kept across reloads). */
export function activeChat(site: string): ActiveChat | null {
  try {
    const raw = localStorage.getItem(key(site));
    const chat = raw ? (JSON.parse(raw) as ActiveChat) : null;
    return chat && typeof chat.reference === 'string' && typeof chat.token === 'string' ? chat : null;
  } catch {
    return null;
  }
}

export function rememberChat(site: string, chat: ActiveChat | null): void {
  try {
    if (chat) localStorage.setItem(key(site), JSON.stringify(chat));
    else localStorage.removeItem(key(site));
  } catch {
    // storage unavailable: the chat still works until the page is left
  }
}

const CHAT_CSS = `
    :host { display: block; margin-top: 12px; }
    .log { margin: 0 0 10px; max-height: 320px; overflow-y: auto; }
    .log ol { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
    .msg { padding: 6px 10px; border-radius: 10px; border: 1px solid var(--_line, #ccd3db); max-width: 88%; }
    .msg.requester { align-self: flex-end; background: var(--_soft, #eef3fb); }
    .msg.agent { align-self: flex-start; border-color: var(--_accent, #1f5fbf); }
    .who { font-size: 12px; color: var(--_muted, #4b5563); }
    .body { white-space: pre-wrap; overflow-wrap: anywhere; }
    .state { font-size: 13px; color: var(--_muted, #4b5563); margin: 4px 0 8px; }
    label { display: block; font-weight: 600; margin-bottom: 4px; }
    textarea { width: 100%; box-sizing: border-box; min-height: 56px; font: inherit; padding: 6px 8px; border: 1px solid var(--_line, #8a96a3); border-radius: 6px; background: inherit; color: inherit; }
    button { margin-top: 6px; font: inherit; padding: 6px 14px; border-radius: 6px; border: 0; background: var(--_accent, #1f5fbf); color: var(--_on-accent, #fff); cursor: pointer; }
    button:focus-visible, textarea:focus-visible { outline: 3px solid var(--_accent, #1f5fbf); outline-offset: 2px; }
    .error { color: #b3261e; }
${ARTICLE_CARD_CSS}
`;
let chatSheet: CSSStyleSheet | undefined;

/**
 * @csspart log - the list of messages
 * @fires helpway-chat-ended - when the chat ends or turns into an email ticket
 */
export class HelpwayChat extends WidgetElement {
  /** The Helpway origin. */
  declare api: string;
  declare site: string;
  declare reference: string;
  declare token: string;
  declare _messages: ChatMessage[];
  declare _state: { status: string; chatState: string | null } | null;
  declare _error: string;
  declare _sending: boolean;
  #source: EventSource | null = null;
  #byId = new Map<number, ChatMessage>();

  constructor() {
    super((chatSheet ??= sheet(CHAT_CSS)));
    this.api = '';
    this.site = '';
    this.reference = '';
    this.token = '';
    this._messages = [];
    this._state = null;
    this._error = '';
    this._sending = false;
  }

  connectedCallback(): void {
    super.connectedCallback();
    this.#connect();
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#source?.close();
    this.#source = null;
  }

  /** The words in the panel's language (the panel sets `lang` from the widget's locale). */
  #w(): (typeof WORDS)['en'] {
    const lang = ((this.getRootNode() as ShadowRoot).host as HTMLElement | undefined)?.lang as keyof typeof WORDS;
    return WORDS[lang] ?? WORDS.en;
  }

  #url(path: string): string {
    return `${this.api}/api/chat/${encodeURIComponent(this.reference)}${path}`;
  }

  #connect(): void {
    if (!this.reference || !this.token || this.#source) return;
    const source = new EventSource(`${this.#url('/events')}?token=${encodeURIComponent(this.token)}&site=${encodeURIComponent(this.site)}`);
    source.addEventListener('message', (e) => {
      const m = JSON.parse((e as MessageEvent).data) as ChatMessage;
      if (this.#byId.has(m.id)) return;
      this.#byId.set(m.id, m);
      this._messages = [...this.#byId.values()].sort((a, b) => a.id - b.id);
      void this.updateComplete.then(() => {
        const log = this.renderRoot.querySelector('.log');
        log?.scrollTo?.(0, log.scrollHeight);
      });
    });
    source.addEventListener('state', (e) => {
      this._state = JSON.parse((e as MessageEvent).data);
      const chatState = this._state?.chatState;
      if (chatState === 'missed' || chatState === 'ended') {
        rememberChat(this.site, null);
        this.dispatchEvent(
          new CustomEvent('helpway-chat-ended', { bubbles: true, composed: true, detail: { reference: this.reference, chatState } }),
        );
      }
    });
    source.addEventListener('error', () => {
      // EventSource reconnects by itself (with Last-Event-ID); a 4xx closes it for good.
      if (source.readyState === EventSource.CLOSED) this._error = this.#w().lost;
    });
    this.#source = source;
  }

  async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const field = form.elements.namedItem('message') as HTMLTextAreaElement;
    const body = field.value.trim();
    if (!body || this._sending) return;
    this._sending = true;
    this._error = '';
    try {
      const res = await fetch(this.#url('/messages'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ body }),
      });
      if (!res.ok) throw new Error(String(res.status));
      field.value = '';
    } catch {
      this._error = this.#w().notSent;
    } finally {
      this._sending = false;
      field.focus();
    }
  }

  #stateText(): string {
    const chatState = this._state?.chatState;
    const w = this.#w();
    return chatState === 'waiting' || chatState === 'live' || chatState === 'missed' || chatState === 'ended' ? w[chatState] : w.connecting;
  }

  render() {
    const open = this._state?.chatState !== 'missed' && this._state?.chatState !== 'ended';
    const w = this.#w();
    return html`
      <p class="state" role="status">${this.#stateText()}</p>
      <div class="log" part="log" role="log" aria-live="polite" aria-label=${w.log} tabindex="0"><ol>
        ${this._messages.map((m) => html`<li class="msg ${m.author}"><div class="who">${m.author === 'requester' ? w.you : m.name}</div><div class="body">${m.body}</div>${articleCards(m.articles, w.article)}</li>`)}
      </ol></div>
      ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
      ${
        open
          ? html`<form @submit=${this._onSubmit}>
            <label for="hw-chat-message">${w.message}</label>
            <textarea id="hw-chat-message" name="message" maxlength="5000" required></textarea>
            <button type="submit" ?disabled=${this._sending}>${w.send}</button>
          </form>`
          : nothing
      }
    `;
  }
}

if (!customElements.get('helpway-chat')) {
  reactive(HelpwayChat, ['api', 'site', 'reference', 'token', '_messages', '_state', '_error', '_sending']);
  customElements.define('helpway-chat', HelpwayChat);
}

declare global {
  interface HTMLElementTagNameMap {
    'helpway-chat': HelpwayChat;
  }
}

/** Turns `names` into reactive fields: setting one schedules a render. Here, not in element.ts: only the chat needs it, and its chunk loads with a chat. */
function reactive(element: typeof WidgetElement, names: string[]): void {
  for (const name of names) {
    const slot = Symbol();
    Object.defineProperty(element.prototype, name, {
      get(this: Record<symbol, unknown>) {
        return this[slot];
      },
      set(this: WidgetElement & Record<symbol, unknown>, value: unknown) {
        this[slot] = value;
        this.requestUpdate();
      },
    });
  }
}
