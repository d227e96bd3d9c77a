/** The inbox's calls to /api: same origin, session cookie, CSRF token on every write. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields?: Record<string, string>;
  constructor(status: number, code: string, message: string, fields?: Record<string, string>) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
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
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `The server answered ${res.status}.`, e?.fields);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
};

export interface Agent {
  id: number;
  email: string;
  name: string;
  role: 'agent' | 'admin';
  online?: boolean;
}

export interface QueueItem {
  reference: string;
  site: string;
  subject: string;
  requester: { name: string; email: string; verified?: boolean };
  type: string;
  severity: string;
  status: string;
  channel: string;
  chatState: string | null;
  assignee: { id: number; name: string } | null;
  nextDue: { kind: 'response' | 'resolution'; at: string; businessMinutesLeft: number; overdue: boolean } | null;
  paused: boolean;
  createdAt: string;
}

/** One page of GET /api/inbox/tickets: `nextCursor` fetches the page after it (null at the end). */
export interface QueuePage {
  tickets: QueueItem[];
  /** Every ticket matching the filters, on all pages. */
  total: number;
  nextCursor: string | null;
}

export interface TicketMessage {
  id: number;
  author: 'requester' | 'agent' | 'system';
  agentName: string | null;
  body: string;
  internal: boolean;
  /** Came by mail without a passing SPF/DKIM/DMARC verdict: the From address may be forged. */
  unverifiedSender?: boolean;
  createdAt: string;
}

export interface Ticket {
  reference: string;
  site: string;
  plan: string;
  type: string;
  severity: string;
  status: string;
  subject: string;
  description: string;
  requester: { name: string; email: string; verified?: boolean };
  channel: string;
  /** Opened by mail without a passing SPF/DKIM/DMARC verdict. */
  unverifiedSender?: boolean;
  chatState: string | null;
  phone: { number: string; preferredTime: string | null; calledAt: string | null } | null;
  context: { url?: string; title?: string; userAgent?: string };
  journey: { searches: string[]; articlesRead: string[] };
  fields: Record<string, unknown>;
  /** The type's fields the requester filled in, labelled as the form asked them. */
  typeFields: Array<{ name: string; label: string; kind: string; value: unknown }>;
  assignee: { id: number; name: string } | null;
  sla: {
    firstResponseDue: string | null;
    resolutionDue: string | null;
    firstRespondedAt: string | null;
    paused: boolean;
    nextDue: QueueItem['nextDue'];
    /** The SLA terms the ticket was filed under. */
    version: {
      id: string | null;
      current: boolean;
      target: { responseHours: number | null; resolutionDays: number | null; replyHours?: number | null } | null;
      calendar: string;
      workingDayHours: number;
    };
  };
  messages: TicketMessage[];
  attachments: Array<{ id: number; filename: string; contentType: string; size: number }>;
  history: Array<{ status: string; note: string | null; at: string }>;
  time: Array<{
    id: number;
    minutes: number;
    rate: string;
    note: string | null;
    agentName: string | null;
    cost: number;
    createdAt: string;
  }>;
  budget: { budgetHours: number; usedHours: number; remainingHours: number; cost: number; currency: string; low: boolean };
  mail: MailEntry[];
  createdAt: string;
}

export interface MailEntry {
  id: number;
  kind: string;
  ticketId: number | null;
  to: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
  text: string;
}
