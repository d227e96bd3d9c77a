/**
 * What the widget keeps in the host page's localStorage, namespaced per site:
 * the unsent draft (only once the user has typed) and the tokens of tickets filed from this browser.
 * Storage can be unavailable (privacy modes, sandboxed iframes): every call degrades to memory.
 */
import { toJson } from './api-client.ts';

export interface DraftFields {
  type: string;
  severity: string;
  subject: string;
  description: string;
  name: string;
  email: string;
  channel: string;
  phoneNumber: string;
  phoneTime: string;
  fields: Record<string, string | boolean>;
}

export interface Draft {
  /** One key per draft: every retry of this draft reuses it, so the API never creates two tickets. */
  idempotencyKey: string;
  fields: DraftFields;
  /** The exact body of a submission under way: retries resend it unchanged (same key, same body). */
  pending?: unknown;
  /** The attached files of that submission; each keeps its upload id once it has one, so no retry uploads it twice. */
  files?: Array<{ filename: string; size: number; id?: string }>;
  savedAt: string;
}

export interface StoredTicket {
  reference: string;
  token: string;
  createdAt: string;
}

const memory = new Map<string, string>();

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value == null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    if (value == null) memory.delete(key);
    else memory.set(key, value);
  }
}

export class WidgetStorage {
  #prefix: string;
  constructor(site: string) {
    this.#prefix = `helpway:${site}:`;
  }

  loadDraft(): Draft | null {
    try {
      const draft = JSON.parse(read(`${this.#prefix}draft`) || 'null') as Draft | null;
      return draft && typeof draft.idempotencyKey === 'string' && draft.fields ? draft : null;
    } catch {
      return null;
    }
  }

  saveDraft(draft: Draft): void {
    write(`${this.#prefix}draft`, toJson({ ...draft, savedAt: new Date().toISOString() }));
  }

  clearDraft(): void {
    write(`${this.#prefix}draft`, null);
  }

  /** Whether a live chat is open (chat-view.ts keeps it): a cheap check, so the chat's code loads only then. */
  hasChat(): boolean {
    return read(`${this.#prefix}chat`) !== null;
  }

  tickets(): StoredTicket[] {
    try {
      const list = JSON.parse(read(`${this.#prefix}tickets`) || '[]') as StoredTicket[];
      return Array.isArray(list) ? list.filter((t) => t && typeof t.token === 'string') : [];
    } catch {
      return [];
    }
  }

  addTicket(ticket: StoredTicket): void {
    const list = [ticket, ...this.tickets().filter((t) => t.reference !== ticket.reference)].slice(0, 20);
    write(`${this.#prefix}tickets`, toJson(list));
  }
}
