/**
 * A live chat as the requester's widget holds it: the conversation streamed over Server-Sent
 * Events (/api/chat/{reference}/events), messages sent with POST, who is answering, the agent's
 * typing, and the requester's own typing reported (POST …/typing, every few seconds at most).
 *
 * It outlives the view: with the panel closed the stream stays open, and agent messages that
 * arrive then are counted on the launcher (./launcher-badge.ts). Messages are kept by id, so a
 * dropped connection (EventSource resumes with Last-Event-ID) or a reload (the chat is remembered
 * per site and read again from the start) shows each once. A chat nobody joins in time, or that
 * ends, goes on by email: the stream is closed and the chat forgotten.
 */
import type { ChatArticle } from './chat-articles.ts';
import { request, toJson } from '../api-client.ts';
import type { PanelHost } from '../panel-host.ts';
import { CHAT_WORDS, type ChatWords } from './chat-words.ts';
import { showUnread } from './launcher-badge.ts';

/** What the chat uses of the panel: its own part, plus whether the chat is on screen. */
export interface ChatPanel extends PanelHost {
  readonly open: boolean;
  readonly state: { view: string };
  chat?: ChatSession;
}

export interface ActiveChat {
  reference: string;
  token: string;
}

/** Someone as the chat shows them. */
export interface Person {
  name: string;
  initials: string;
}

export interface ChatMessage extends Person {
  id: number;
  author: 'requester' | 'agent' | 'system';
  body: string;
  createdAt: string;
  /** Knowledge-base articles an agent sent, shown as cards (./chat-articles.ts). */
  articles?: ChatArticle[];
}

export type ChatState = 'waiting' | 'live' | 'ended' | 'missed';

/** How long the agent's "typing…" shows without a new report (the server's own window). */
const TYPING_SHOWN_MS = 6_000;
/** The requester's reports while they type on: within the window, above the server's 2 s throttle. */
const REPORT_EVERY_MS = 3_000;

const key = (site: string) => `helpway:${site}:chat`;

/** The chat this browser has open for `site`, if any (kept across reloads). */
export function activeChat(site: string): ActiveChat | null {
  try {
    const chat = JSON.parse(localStorage.getItem(key(site)) || 'null') as ActiveChat | null;
    return chat && typeof chat.reference === 'string' && typeof chat.token === 'string' ? chat : null;
  } catch {
    return null;
  }
}

export function rememberChat(site: string, chat: ActiveChat | null): void {
  try {
    if (chat) localStorage.setItem(key(site), toJson({ reference: chat.reference, token: chat.token }));
    else localStorage.removeItem(key(site));
  } catch {
    // storage unavailable: the chat still works until the page is left
  }
}

export class ChatSession {
  readonly reference: string;
  readonly token: string;
  messages: ChatMessage[] = [];
  /** Null until the stream says (connecting). */
  chatState: ChatState | null = null;
  /** The agent answering, once one has written. */
  agent: Person | null = null;
  /** The agent typing now. */
  typing: Person | null = null;
  error = '';
  sending = false;
  unread = 0;
  readonly #panel: ChatPanel;
  readonly #byId = new Map<number, ChatMessage>();
  #source: EventSource | null = null;
  /** The first read (the transcript so far) is in: later agent messages are new. */
  #caughtUp = false;
  #typingTimer: ReturnType<typeof setTimeout> | undefined;
  #lastReport = 0;
  #reported = false;

  constructor(panel: ChatPanel, chat: ActiveChat) {
    this.#panel = panel;
    this.reference = chat.reference;
    this.token = chat.token;
    this.#connect();
  }

  /** Someone can still answer here. */
  get open(): boolean {
    return this.chatState !== 'ended' && this.chatState !== 'missed';
  }

  /** The words in the panel's language. */
  get words(): ChatWords {
    return CHAT_WORDS[this.#panel.t.lang] ?? CHAT_WORDS.en;
  }

  get onScreen(): boolean {
    return this.#panel.open && this.#panel.state.view === 'chat';
  }

  #url(path: string): string {
    return `${this.#panel.api.api}/api/chat/${encodeURIComponent(this.reference)}${path}`;
  }

  #changed(): void {
    this.#panel.requestUpdate();
  }

  #connect(): void {
    const source = new EventSource(
      `${this.#url('/events')}?token=${encodeURIComponent(this.token)}&site=${encodeURIComponent(this.#panel.cfg.site)}`,
    );
    source.addEventListener('message', (e) => {
      const m = JSON.parse(e.data) as ChatMessage;
      if (this.#byId.has(m.id)) return;
      this.#byId.set(m.id, m);
      this.messages = [...this.#byId.values()].sort((a, b) => a.id - b.id);
      if (m.author === 'agent') {
        this.typing = null;
        if (this.#caughtUp && !this.onScreen) this.#setUnread(this.unread + 1);
      }
      this.#changed();
    });
    source.addEventListener('state', (e) => {
      const state = JSON.parse(e.data) as { chatState: ChatState | null; agent: Person | null };
      this.#caughtUp = true;
      this.chatState = state.chatState;
      this.agent = state.agent;
      if (!this.open) this.#finish();
      this.#changed();
    });
    source.addEventListener('typing', (e) => {
      this.typing = (JSON.parse(e.data) as { agent: Person | null }).agent;
      clearTimeout(this.#typingTimer);
      // An agent may stop without a word: the indicator goes when no report renews it.
      if (this.typing) this.#typingTimer = setTimeout(() => ((this.typing = null), this.#changed()), TYPING_SHOWN_MS);
      this.#changed();
    });
    source.addEventListener('error', () => {
      // EventSource reconnects by itself (with Last-Event-ID); a 4xx closes it for good.
      if (source.readyState === EventSource.CLOSED && this.open) {
        this.error = this.words.lost;
        this.#changed();
      }
    });
    this.#source = source;
  }

  /** Over (ended, or nobody joined): answers go by email; nothing more will come here. */
  #finish(): void {
    this.close();
    this.typing = null;
    rememberChat(this.#panel.cfg.site, null);
    // The message box goes: focus moves to what the chat says now rather than to nowhere.
    if (this.onScreen) this.#panel.focusLater('h3');
  }

  /** Closes the stream (the chat ended, or another chat replaces this one). */
  close(): void {
    this.#source?.close();
    this.#source = null;
    clearTimeout(this.#typingTimer);
  }

  #setUnread(n: number): void {
    this.unread = n;
    const root = (this.#panel.renderRoot.host as Element).getRootNode();
    if (root instanceof ShadowRoot) showUnread(root, n, n ? this.words.unread(n) : '');
  }

  /** The chat is on screen: what was unread is read. */
  seen(): void {
    if (this.unread) this.#setUnread(0);
  }

  async send(body: string): Promise<boolean> {
    if (!body || this.sending) return false;
    this.sending = true;
    this.error = '';
    this.#changed();
    try {
      await request(this.#url('/messages'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: toJson({ body }),
      });
      // The message ends the typing the agent saw: the next keystroke reports afresh.
      this.#reported = false;
      return true;
    } catch {
      this.error = this.words.notSent;
      return false;
    } finally {
      this.sending = false;
      this.#changed();
    }
  }

  /** The message box changed: tell the agent the requester is typing (or stopped, once it is empty). */
  typed(text: string): void {
    if (!this.open) return;
    const typing = text.trim() !== '';
    const now = Date.now();
    if (typing ? !this.#reported || now - this.#lastReport >= REPORT_EVERY_MS : this.#reported) {
      this.#reported = typing;
      this.#lastReport = now;
      // Best effort: a lost report only means the agent does not see "typing…" this once.
      void request(this.#url('/typing'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: toJson({ typing }),
      }).catch(() => {});
    }
  }

  /** The requester leaves: the chat ends and anything else is answered by email. */
  async end(): Promise<void> {
    try {
      await request(this.#url('/end'), { method: 'POST', headers: { authorization: `Bearer ${this.token}` } });
    } catch {
      this.error = this.words.notSent;
      this.#changed();
    }
  }
}
