/**
 * The portal's calls to /api/portal: same origin, the portal's session cookie, the CSRF token on
 * every write. Failures are the widget's ApiError (status 0 offline), so the widget's submission
 * model (retries, one Idempotency-Key per draft) works unchanged for a new ticket.
 */
import type { MessageArticle } from '../../tickets/message-articles.ts';
import { ApiError } from '../../../../widget/src/panel/api-client.ts';

export { ApiError };

let csrfToken = '';
export const setCsrfToken = (token: string): void => {
  csrfToken = token;
};

export async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const h: Record<string, string> = { accept: 'application/json', ...headers };
  const raw = body instanceof Blob;
  if (body !== undefined && !raw) h['content-type'] = 'application/json';
  if (method !== 'GET') h['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: h,
      credentials: 'same-origin',
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'network', (error as Error).message || 'Network error');
  }
  const text = await res.text().catch(() => '');
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = data?.error;
    const retryAfter = Number.parseInt(res.headers.get('retry-after') || '', 10);
    throw new ApiError(res.status, e?.code ?? `http_${res.status}`, e?.message ?? res.statusText, e?.fields ?? {}, retryAfter || 0);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** The server's message and the fields it names, for an alert. */
export function errorText(error: unknown, fallback: string): string {
  if (!(error instanceof ApiError) || error.status === 0) return fallback;
  const fields = Object.entries(error.fields || {});
  return `${error.message}${fields.length ? ` (${fields.map(([k, v]) => `${k}: ${v}`).join('; ')})` : ''}`;
}

/* What /api/portal answers (docs/architecture.md, the client portal). */

export type Role = 'key' | 'member';
export interface Me {
  contact: { id: number; email: string; name: string; role: Role; site: { key: string; name: string } };
  csrfToken: string;
}
export type DueTarget = 'response' | 'reply' | 'resolution';
export type Approval = 'waiting' | 'approved' | 'declined' | null;
export interface TicketRow {
  reference: string;
  subject: string;
  status: string;
  severity: string;
  type: string;
  requester: { name: string; email: string };
  mine: boolean;
  createdAt: string;
  updatedAt: string;
  nextDue: { target: DueTarget; at: string } | null;
  priority: number | null;
  approval: Approval;
}
export interface Attachment {
  id: number;
  filename: string;
  size: number;
  url: string;
}
export interface Message {
  id: number;
  from: 'you' | 'requester' | 'support';
  /** The requester's name, or the agent's display name. */
  name: string;
  /** Letters for the agent's avatar. */
  initials: string;
  body: string;
  createdAt: string;
  attachments: Attachment[];
  /** Knowledge-base articles support linked in this message, shown as cards. */
  articles: MessageArticle[];
}
export interface TicketDetail extends TicketRow {
  description: string;
  channel: string;
  /** The files filed with the ticket; a reply's files are on its message. */
  attachments: Attachment[];
  messages: Message[];
  sla: {
    firstResponseDue: string | null;
    resolutionDue: string | null;
    replyDue: string | null;
    firstRespondedAt: string | null;
    resolvedAt: string | null;
  };
  satisfaction: { rating: 'good' | 'bad'; comment: string | null } | null;
  canEscalate: boolean;
}
export interface PortalContact {
  id: number;
  email: string;
  name: string;
  role: Role;
}
export interface PortalSession {
  id: string;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}
export interface SlaSummary {
  quarter: string;
  tickets: number;
  firstResponse: { met: number; missed: number; pending: number };
  resolution: { met: number; missed: number; pending: number };
}

/** Uploads one file for the site (POST /api/uploads, the widget's route); its id goes with the ticket or reply. */
export function upload(site: string, file: File): Promise<{ id: string }> {
  return request('POST', `/api/uploads?${new URLSearchParams({ site, filename: file.name })}`, file, {
    'content-type': 'application/octet-stream',
  });
}
