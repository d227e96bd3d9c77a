/** The inbox's calls to /api: same origin, session cookie, CSRF token on every write. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields?: Record<string, string>;
  /** The whole `error` object, for codes that say more (`ticket_changed`: its `changes`). */
  readonly details?: Record<string, unknown>;
  constructor(status: number, code: string, message: string, fields?: Record<string, string>, details?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

let csrfToken = '';
export const setCsrfToken = (token: string): void => {
  csrfToken = token;
};

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = data?.error;
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `The server answered ${res.status}.`, e?.fields, e ?? undefined);
  }
  return data as T;
}

/** What to tell the agent about a failed call: the server's message and the fields it names, or `fallback`. */
export function errorText(error: unknown, fallback: string): string {
  if (!(error instanceof ApiError)) return fallback;
  const fields = error.fields
    ? ` (${Object.entries(error.fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')})`
    : '';
  return `${error.message}${fields}`;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/*
 * What the API answers, typed by the zod shapes the server builds its answers with (type-only
 * imports: nothing of them ships in the bundle).
 */
import type { Agent as AgentShape, Team } from '../../agents/shapes.ts';
export type { InboxMessage as TicketMessage, InboxTicket as Ticket, MailEntry, QueueItem, QueuePage, SlaNotice } from '../shapes.ts';
export type { SiteSla, Site } from '../../agents/shapes.ts';
export type { ContactView as Contact, Contacts, ContactSaved } from '../../portal/account-shapes.ts';

/** An agent; the team list also says who is online. */
export type Agent = AgentShape & Partial<Pick<Team['agents'][number], 'online'>>;
