/**
 * Property-based fuzzing of every public JSON endpoint: fast-check generates hostile requests
 * (valid bodies with one part replaced by anything, arbitrary JSON, raw text, odd headers,
 * odd path segments) and the property is the error contract: never a 5xx, and every /api
 * answer that is not a success is the `{"error": {"code", "message"}}` shape.
 *
 * Shared by test/api/fuzz.test.ts (few runs, in `npm test`) and bench/fuzz.bench.ts (many).
 */
import fc from 'fast-check';

export interface FuzzTarget {
  /** The server's origin. */
  base: string;
  /** A real ticket of the server and its requester token, so token-checked routes get past the check. */
  reference: string;
  token: string;
  /** A chat ticket and its token. */
  chatReference: string;
  chatToken: string;
}

export interface FuzzRequest {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FuzzOutcome {
  request: FuzzRequest;
  status: number;
  text: string;
}

const validTicket = () => ({
  site: 'demo',
  type: 'query',
  severity: 'S3',
  subject: 'Learners cannot submit assignments',
  description: 'Since this morning no learner can submit.',
  requester: { name: 'Priya Admin', email: 'priya@college.example' },
  channel: 'email',
  context: { url: 'https://lms.college.example/mod/assign/view.php?id=12', title: 'Assignment 3' },
  journey: { searches: ['assignment submit'], articlesRead: ['assignments'] },
});

/** A valid body per JSON endpoint: the fuzzer breaks one part of it at a time. */
function samples(t: FuzzTarget): Array<{ name: string; path: string; body: unknown; headers?: Record<string, string> }> {
  return [
    { name: 'create ticket', path: '/api/tickets', body: validTicket() },
    {
      name: 'ticket message',
      path: `/api/tickets/${t.reference}/messages`,
      body: { body: 'One more detail.' },
      headers: { authorization: `Bearer ${t.token}` },
    },
    {
      name: 'chat message',
      path: `/api/chat/${t.chatReference}/messages`,
      body: { body: 'Hello?' },
      headers: { authorization: `Bearer ${t.chatToken}` },
    },
    { name: 'feedback', path: '/api/feedback', body: { slug: 'bulk-upload-users', helpful: false, comment: 'Out of date', site: 'demo' } },
    { name: 'search events', path: '/api/search-events', body: [{ query: 'csv upload', resultCount: 0, source: 'widget', site: 'demo' }] },
    { name: 'widget events', path: '/api/widget-events', body: { site: 'demo', type: 'opened', page: 'https://lms.example/admin' } },
    { name: 'scope check', path: '/api/scope-check', body: { text: 'Please write a custom plugin', site: 'demo' } },
    { name: 'agent sign-in', path: '/api/agents/login', body: { email: 'admin@helpway.example', password: 'wrong password here' } },
    { name: 'password reset', path: '/api/agents/password-reset', body: { email: 'someone@helpway.example' } },
  ];
}

/** Any JSON value, with the strings fuzzers love: huge numbers, lone surrogates, NUL, prototype keys. */
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '\u202egnp.html',
    '__proto__',
    'constructor',
    'HW-99999999999',
    '99999999999',
    '-1',
    '1e400',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE tickets; --",
    'x'.repeat(5000),
  ),
);
const nastyNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 99999999999, 1e308, -0));
const leaf = fc.oneof(nastyString, nastyNumber, fc.boolean(), fc.constant(null));
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(nastyString, fc.constantFrom('__proto__', 'constructor', 'prototype', 'site', 'body')), tie('value'), {
    maxKeys: 5,
  }),
})).value;

type Path = Array<string | number>;

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pathsOf(v, [...prefix, k]));
  return out;
}

/** A copy of `value` with the part at `path` replaced (or removed when `replacement` is the symbol). */
function mutate(value: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  if (!path.length) return replacement;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  const [head, ...rest] = path;
  if (remove && !rest.length) {
    if (Array.isArray(copy)) copy.splice(Number(head), 1);
    else delete copy[head];
    return copy;
  }
  copy[head] = mutate(copy[head], rest, replacement, remove);
  return copy;
}

/** Serialises with own `__proto__` keys kept (JSON.stringify of a parsed object would drop them). */
function toJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  const text = JSON.stringify(value);
  return text === undefined ? 'null' : text;
}

const segment = fc.oneof(
  nastyString.map((s) => encodeURIComponent(s.toWellFormed()) || '%20'),
  fc.constantFrom('HW-1001', 'HW-99999999999', 'HW-0', '%00', '..', 'mine'),
);
const header = fc.oneof(
  nastyString.map((s) => s.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom('Bearer ', 'Bearer x', 'mail:<a@b>'),
);

/** One hostile request against one of the endpoints. */
export function fuzzRequest(t: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const json = samples(t);
  const sample = fc.constantFrom(...json);
  const brokenBody = sample.chain((s) =>
    fc
      .record({
        at: fc.constantFrom(...pathsOf(s.body)),
        replacement: anyJson,
        remove: fc.boolean(),
        idem: fc.option(header, { nil: undefined }),
      })
      .map(({ at, replacement, remove, idem }) => ({
        name: `${s.name}: ${remove ? 'without' : 'replaced'} ${at.join('.') || '(body)'}`,
        method: 'POST' as const,
        path: s.path,
        headers: {
          'content-type': 'application/json',
          ...s.headers,
          ...(idem !== undefined && s.path === '/api/tickets' ? { 'idempotency-key': idem } : {}),
        },
        body: toJson(mutate(s.body, at, replacement, remove)),
      })),
  );
  const anyBody = fc
    .record({
      s: sample,
      body: fc.oneof(anyJson.map(toJson), fc.string({ unit: 'binary', maxLength: 200 })),
      type: fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'),
    })
    .map(({ s, body, type }) => ({
      name: `${s.name}: arbitrary body as ${type}`,
      method: 'POST' as const,
      path: s.path,
      headers: { 'content-type': type, ...s.headers },
      body,
    }));
  const reads = fc.oneof(
    fc.record({ ref: segment, auth: header }).map(({ ref, auth }) => ({
      name: 'read ticket',
      method: 'GET' as const,
      path: `/api/tickets/${ref}`,
      headers: { authorization: auth },
    })),
    fc.record({ id: segment }).map(({ id }) => ({
      name: 'ticket attachment',
      method: 'GET' as const,
      path: `/api/tickets/${t.reference}/attachments/${id}`,
      headers: { authorization: `Bearer ${t.token}` },
    })),
    fc.record({ tokens: header }).map(({ tokens }) => ({
      name: 'my tickets',
      method: 'GET' as const,
      path: '/api/tickets/mine',
      headers: { 'x-ticket-tokens': tokens },
    })),
    fc
      .record({ site: segment, lang: segment })
      .map(({ site, lang }) => ({ name: 'policy', method: 'GET' as const, path: `/api/policy?site=${site}&lang=${lang}`, headers: {} })),
    fc.record({ site: segment, severity: segment, type: segment }).map(({ site, severity, type }) => ({
      name: 'SLA preview',
      method: 'GET' as const,
      path: `/api/sla/preview?site=${site}&severity=${severity}&type=${type}`,
      headers: {},
    })),
    fc
      .record({ site: segment })
      .map(({ site }) => ({ name: 'chat availability', method: 'GET' as const, path: `/api/chat/availability?site=${site}`, headers: {} })),
    fc.record({ q: segment, url: segment, title: segment, lang: segment, limit: segment }).map(({ q, url, title, lang, limit }) => ({
      name: 'KB search',
      method: 'GET' as const,
      path: `/api/search?q=${q}&url=${url}&title=${title}&lang=${lang}&limit=${limit}&site=demo`,
      headers: {},
    })),
    fc
      .record({ q: segment })
      .map(({ q }) => ({ name: 'KB search, a question only', method: 'GET' as const, path: `/api/search?q=${q}`, headers: {} })),
    fc.record({ ref: segment, auth: header }).map(({ ref, auth }) => ({
      name: 'end chat',
      method: 'POST' as const,
      path: `/api/chat/${ref}/end`,
      headers: { authorization: auth },
    })),
  );
  return fc.oneof({ arbitrary: brokenBody, weight: 5 }, { arbitrary: anyBody, weight: 2 }, { arbitrary: reads, weight: 2 });
}

export async function send(base: string, request: FuzzRequest): Promise<FuzzOutcome> {
  const res = await fetch(base + request.path, { method: request.method, headers: request.headers, body: request.body });
  return { request, status: res.status, text: await res.text() };
}

/** The property: no 5xx, and an /api refusal in the contract-4 shape. Returns what is wrong, or null. */
export function contractViolation(outcome: FuzzOutcome): string | null {
  if (outcome.status >= 500) return `${outcome.status} ${outcome.text.slice(0, 300)}`;
  if (outcome.status >= 400 && outcome.request.path.startsWith('/api/')) {
    try {
      const body = JSON.parse(outcome.text) as { error?: { code?: unknown; message?: unknown; fields?: Record<string, unknown> } };
      if (typeof body.error?.code !== 'string' || typeof body.error?.message !== 'string' || body.error.message.trim() === '') {
        return `${outcome.status} without the error shape: ${outcome.text.slice(0, 200)}`;
      }
      // Every refused field is named ("Check ." once told nobody which one).
      for (const [field, reason] of Object.entries(body.error.fields ?? {})) {
        if (field.trim() === '' || typeof reason !== 'string' || reason.trim() === '')
          return `${outcome.status} with an unnamed field or reason: ${outcome.text.slice(0, 200)}`;
      }
    } catch {
      return `${outcome.status} not JSON: ${outcome.text.slice(0, 200)}`;
    }
  }
  return null;
}
