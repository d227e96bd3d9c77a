/**
 * Talks to the Helpway API and the knowledge base. Every call is a plain `fetch` to the configured
 * origins (the host page's CSP only needs `connect-src` for the widget origin).
 */

import type { ErrorBody } from '#api/http/shapes.ts';
import type { PolicyView, SlaView } from '#api/policy/shapes.ts';
import type { PublicSearch } from '#api/articles/shapes.ts';
import type { ScopeMatch, ScopeMatches } from '#api/scope/shapes.ts';
import type { MyTickets, TicketCreated, TicketSummary } from '#api/tickets/shapes.ts';

/*
 * What the API answers is typed by the zod shapes the server builds its answers with, so a change
 * on one side is a type error on the other. Type-only imports: none of it ships in the bundle.
 */
export type { MyTickets, ScopeMatch, TicketCreated, TicketSummary };
export type TicketType = PolicyView['ticketTypes'][number];
export type TicketTypeField = TicketType['fields'][number];
export type Severity = PolicyView['severities'][number];
/** The SLA of a ticket filed now (GET /api/sla/preview) or just filed (`sla` of the created ticket). */
export type SlaPreview = SlaView;

export interface Policy {
  /** The language of its texts (the widget asks for its own); those the API had only in English are listed by id in `untranslated`. */
  lang: string;
  untranslated: string[];
  ticketTypes: TicketType[];
  severities: Severity[];
  /** Whether live chat has agents right now, and when chat opens next if not. */
  chat: { available: boolean; nextOpening: string | null; nextOpeningText: string | null };
  calendarLabel: string;
  /** File extensions the API accepts, when it says. */
  allowedTypes: string[] | null;
}

export interface Article {
  slug: string;
  title: string;
  summary: string;
  category: string;
  updated: string;
  html: string;
  url: string;
  /** The language of the text (language variants only): the one asked for, or "en" where the article is not translated. */
  lang?: string;
}

export type WidgetEventType =
  'opened' | 'suggestion_shown' | 'suggestion_clicked' | 'article_read' | 'escalation_started' | 'ticket_created';

/** An error the API answered ({"error": {code, message, fields}}), or a network failure (status 0). */
export class ApiError extends Error {
  status: number;
  code: string;
  fields: Record<string, string>;
  retryAfter: number;
  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}, retryAfter = 0) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfter = retryAfter;
  }
  /** Worth retrying the same request later: offline, timeout, rate limit or server trouble. */
  get transient(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** JSON.stringify that ignores `toJSON` added to built-in prototypes by old host-page libraries. */
export function toJson(value: unknown): string {
  const protos = [
    Array.prototype,
    Object.prototype,
    String.prototype,
    Number.prototype,
    Boolean.prototype,
    Date.prototype,
  ] as unknown as Array<Record<string, unknown>>;
  const saved: Array<[Record<string, unknown>, PropertyDescriptor]> = [];
  for (const proto of protos) {
    if (proto === (Date.prototype as unknown)) continue; // Date#toJSON is standard and wanted
    const d = Object.getOwnPropertyDescriptor(proto, 'toJSON');
    if (d && d.configurable) {
      saved.push([proto, d]);
      delete proto.toJSON;
    }
  }
  try {
    return JSON.stringify(value);
  } finally {
    for (const [proto, d] of saved) Object.defineProperty(proto, 'toJSON', d);
  }
}

export async function request<T>(url: string, init: RequestInit = {}, timeoutMs = 15000): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  // The caller's own signal (a search overtaken by the next keystroke) aborts it too.
  init.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: controller.signal, credentials: 'omit', mode: 'cors' });
  } catch (error) {
    throw new ApiError(0, 'network', (error as Error).message || 'Network error');
  } finally {
    clearTimeout(timer);
  }
  const text = await response.text().catch(() => '');
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) {
    // Any error page may answer (a proxy's HTML, an old API): nothing in it is taken on trust.
    const err = (body as Partial<ErrorBody> | null)?.error as Partial<ErrorBody['error']> | undefined;
    const retryAfter = Number.parseInt(response.headers.get('retry-after') || '', 10);
    throw new ApiError(
      response.status,
      err?.code || `http_${response.status}`,
      err?.message || response.statusText || 'Request failed',
      err?.fields || {},
      Number.isFinite(retryAfter) ? retryAfter : 0,
    );
  }
  return body as T;
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: toJson(body),
});

/** GET /api/policy as it arrived: each part may be missing from an API older than the widget. */
type RawPolicy = Partial<PolicyView>;

/** The parts of GET /api/policy the widget shows; it invents nothing the API did not say. */
export function normalisePolicy(raw: RawPolicy): Policy {
  const chat = raw.channels?.find((c) => c.id === 'chat');
  return {
    lang: raw.lang ?? 'en',
    untranslated: raw.untranslated ?? [],
    ticketTypes: raw.ticketTypes ?? [],
    severities: raw.severities ?? [],
    chat: {
      available: chat?.availableNow === true,
      nextOpening: chat?.nextOpening ?? null,
      nextOpeningText: chat?.nextOpeningText ?? null,
    },
    calendarLabel: raw.calendarLabel ?? '',
    allowedTypes: raw.attachments?.allowedTypes ?? null,
  };
}

export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

let sessionInMemory = '';

/**
 * This browser session's anonymous id: random, nothing about the person, gone with the tab
 * (sessionStorage; memory where storage is blocked). The reports tie the widget's events and the
 * ticket it files together by it.
 */
function widgetSession(): string {
  try {
    return (sessionStorage['helpway:session'] ||= newIdempotencyKey());
  } catch {
    return (sessionInMemory ||= newIdempotencyKey());
  }
}

export class HelpwayApi {
  api: string;
  kb: string;
  site: string;
  session: string;
  constructor(api: string, kb: string, site: string) {
    this.api = api;
    this.kb = kb;
    this.site = site;
    this.session = widgetSession();
  }

  /** The policy with its texts in `lang` (the API falls back to English per text). */
  async policy(lang: string): Promise<Policy> {
    return normalisePolicy(await request<RawPolicy>(`${this.api}/api/policy?${new URLSearchParams({ site: this.site, lang })}`));
  }

  slaPreview(severity: string, type: string): Promise<SlaPreview> {
    const q = new URLSearchParams({ site: this.site, severity, type });
    return request<SlaPreview>(`${this.api}/api/sla/preview?${q}`);
  }

  createTicket(body: unknown, idempotencyKey: string): Promise<TicketCreated> {
    return request<TicketCreated>(`${this.api}/api/tickets`, json(body, { 'idempotency-key': idempotencyKey }), 30000);
  }

  async scopeCheck(text: string, lang: string): Promise<{ matches: ScopeMatch[]; untranslated: string[] }> {
    const raw = await request<Partial<ScopeMatches>>(`${this.api}/api/scope-check`, json({ text, site: this.site, lang }));
    return { matches: raw?.matches ?? [], untranslated: raw?.untranslated ?? [] };
  }

  /** The article in `lang` where the KB is published in it (English inside where untranslated), else in English. */
  article(slug: string, lang: string): Promise<Article> {
    const path = `/articles/${encodeURIComponent(slug)}.json`;
    const english = () => request<Article>(this.kb + path);
    return lang === 'en' ? english() : request<Article>(`${this.kb}/${lang}${path}`).catch(english);
  }

  /** The search index; `no-cache` revalidates with the ETag, so an unchanged index costs a 304. */
  searchIndex<T>(): Promise<T> {
    return request<T>(`${this.kb}/search-index.json`, { cache: 'no-cache' });
  }

  /**
   * Articles for a query, or for the page with an empty query, from GET /api/search: the search when
   * the index is too big to download (its /search-index.json says so). `signal` cancels it.
   */
  async search(params: Record<string, string>, signal?: AbortSignal): Promise<PublicSearch['hits']> {
    const q = new URLSearchParams({ ...params, site: this.site });
    return (await request<PublicSearch>(`${this.api}/api/search?${q}`, { signal })).hits;
  }

  /** A language's part of the search index (French, German), revalidated like the index. */
  searchLanguage<T>(lang: string): Promise<T> {
    return request<T>(`${this.kb}/search-language-${lang}.json`, { cache: 'no-cache' });
  }

  feedback(slug: string, helpful: boolean): Promise<unknown> {
    return request(`${this.api}/api/feedback`, json({ site: this.site, slug, helpful, page: location.href }));
  }

  /** Analytics are best effort: never shown to the user, never retried. */
  widgetEvent(type: WidgetEventType, data: { slug?: string; page?: string } = {}): void {
    this.widgetEvents([{ type, ...data }]);
  }

  /** Several events in one request (the API takes a batch). */
  widgetEvents(events: Array<{ type: WidgetEventType; slug?: string; page?: string }>): void {
    if (!events.length) return;
    const body = events.map((e) => ({ site: this.site, session: this.session, ...e }));
    void request(`${this.api}/api/widget-events`, { ...json(body.length === 1 ? body[0] : body), keepalive: true }).catch(() => {});
  }

  searchEvent(data: { query: string; resultCount: number; clickedSlug?: string; page?: string }): void {
    void request(`${this.api}/api/search-events`, {
      ...json({ site: this.site, session: this.session, source: 'widget', ...data }),
      keepalive: true,
    }).catch(() => {});
  }
}
