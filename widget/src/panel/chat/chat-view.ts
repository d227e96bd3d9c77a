/**
 * The chat as the requester sees it: a view of its own in the panel ("Chat with support"), who is
 * answering (initials and display name, or "Waiting for an agent to join…"), the conversation,
 * the agent's "typing…", the message box and "End chat". The reference and "we'll follow up by
 * email" show only once the chat is over: it ended, or nobody joined in time.
 *
 * A chunk of its own (with ./chat-session.ts, ./chat-words.ts, ./launcher-badge.ts), loaded only
 * when a chat starts or comes back after a reload: most sessions never chat.
 */
import { html, nothing, type TemplateResult } from 'lit/html.js';
import type { TicketCreated } from '../api-client.ts';
import { sheet } from '../element.ts';
import { activeChat, ChatSession, rememberChat, type ChatMessage, type ChatPanel, type Person } from './chat-session.ts';
import { ARTICLE_CARD_CSS, articleCards } from './chat-articles.ts';

export { activeChat } from './chat-session.ts';

const styles = sheet(`
.chat{display:flex;flex-direction:column;gap:10px;min-height:100%}
.who{display:flex;align-items:center;gap:10px;margin:0;font-size:1em}
.avatar{display:inline-grid;place-items:center;flex:none;width:32px;height:32px;border-radius:50%;background:var(--_accent);color:var(--_on-accent);font-size:13px;font-weight:700}
.msg .avatar{width:26px;height:26px;font-size:11px}
.chat-log{flex:1;min-height:120px;overflow-y:auto;border:1px solid var(--_line);border-radius:8px;padding:8px}
.chat-log ol{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.msg{display:flex;gap:6px;align-items:flex-end;max-width:88%}
.msg.requester{align-self:flex-end;flex-direction:row-reverse}
.bubble{padding:6px 10px;border-radius:10px;border:1px solid var(--_line);background:var(--_bg)}
.msg.requester .bubble{background:var(--_soft)}
.msg.agent .bubble{border-color:var(--_accent)}
.msg .who{font-size:12px;color:var(--_muted);display:block}
.msg-text{white-space:pre-wrap;overflow-wrap:anywhere}
.typing{min-height:1.5em;margin:0;color:var(--_muted);font-size:.93em}
.chat form{display:grid;gap:6px}
.chat textarea{min-height:64px}
.chat .row{display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between}
.chat-error{color:#b3261e}
:host([theme='dark']) .chat-error{color:#ff938a}
${ARTICLE_CARD_CSS}
`);

/**
 * The chat to show: a new one just filed (`created`), else the one this browser has open for the
 * site (after a reload), else none. The panel keeps it as `panel.chat`.
 */
export function startChat(panel: ChatPanel, created?: TicketCreated): ChatSession | null {
  const root = panel.renderRoot;
  if (!root.adoptedStyleSheets.includes(styles)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles];
  const site = panel.cfg.site;
  if (created) rememberChat(site, created);
  const chat = created ?? activeChat(site);
  if (!chat) return null;
  if (panel.chat?.reference === chat.reference) return panel.chat;
  panel.chat?.close();
  return new ChatSession(panel, chat);
}

const avatar = (p: Person) => html`<span class="avatar" aria-hidden="true">${p.initials}</span>`;

function renderMessage(chat: ChatSession, m: ChatMessage): TemplateResult {
  const mine = m.author === 'requester';
  return html`<li class="msg ${m.author}">${mine ? nothing : avatar(m)}<div class="bubble"><span class="who">${mine ? chat.words.you : m.name}</span><span class="msg-text">${m.body}</span>${articleCards(m.articles, chat.words.article)}</div></li>`;
}

async function submit(chat: ChatSession, event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const field = (event.currentTarget as HTMLFormElement).elements.namedItem('message') as HTMLTextAreaElement;
  if (await chat.send(field.value.trim())) field.value = '';
  field.focus();
}

/** Enter sends, Shift+Enter starts a new line (as in most chats). */
function onKeydown(event: KeyboardEvent): void {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    (event.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
  }
}

/** The chat view: `panel` shows it while `panel.state.view` is 'chat'. */
export function renderChat(panel: ChatPanel, chat: ChatSession): TemplateResult {
  chat.seen();
  const w = chat.words;
  const state = chat.chatState;
  // A new message (or the log shown afresh) scrolls it down; other renders (typing, sending)
  // leave a reader where they are. The log remembers how many messages it was scrolled for.
  void panel.updateComplete.then(() => {
    const log = panel.renderRoot.querySelector<HTMLElement>('.chat-log');
    if (!log || log.dataset.seen === String(chat.messages.length)) return;
    log.dataset.seen = String(chat.messages.length);
    log.scrollTo?.(0, log.scrollHeight);
  });
  const over = state === 'ended' || state === 'missed';
  return html`<div class="chat">
    <h3 class="who" tabindex="-1">${
      chat.agent && !over
        ? html`${avatar(chat.agent)}<span>${w.answering(chat.agent.name)}</span>`
        : state === 'waiting'
          ? w.waiting
          : over
            ? w[state]
            : w.connecting
    }</h3>
    <div class="chat-log" role="log" aria-label=${w.log} tabindex="0"><ol>${chat.messages.map((m) => renderMessage(chat, m))}</ol></div>
    ${over ? nothing : html`<p class="typing" role="status">${chat.typing ? w.typing(chat.typing.name) : ''}</p>`}
    ${chat.error ? html`<p class="chat-error" role="alert">${chat.error}</p>` : nothing}
    ${
      over
        ? html`<div class="notice" role="status"><p>${w.followUp(chat.reference)}</p>${
            panel.statusPageUrl(chat.reference)
              ? html`<a href=${panel.statusPageUrl(chat.reference)} target="_blank" rel="noopener noreferrer">${panel.t.follow(chat.reference)}</a>`
              : nothing
          }</div>`
        : html`<form @submit=${(e: SubmitEvent) => submit(chat, e)}>
            <div class="field"><label for="hw-chat-message">${w.message}</label>
            <textarea id="hw-chat-message" name="message" maxlength="5000" required @keydown=${onKeydown}
              @input=${(e: InputEvent) => chat.typed((e.target as HTMLTextAreaElement).value)}></textarea></div>
            <div class="row"><button type="submit" class="primary" ?disabled=${chat.sending}>${chat.sending ? w.sending : w.send}</button>
            <button type="button" class="link-btn" @click=${() => chat.end()}>${w.end}</button></div>
          </form>`
    }
  </div>`;
}
