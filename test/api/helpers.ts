/**
 * Shared by the API tests: run a suite on SQLite and, when TEST_DATABASE_URL is set, again on
 * PostgreSQL; small fetch helpers; a valid ticket to vary.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startServer, type StartServerOptions, type TestServer } from '../support/api-server.ts';

export interface StoreTarget {
  name: 'SQLite' | 'PostgreSQL';
  databaseUrl?: string;
  start(options?: StartServerOptions): Promise<TestServer>;
}

const SQLITE: StoreTarget = { name: 'SQLite', start: (options = {}) => startServer(options) };

/** Defines `suite` once per store. Without TEST_DATABASE_URL the PostgreSQL run is a visible skip. */
export function forEachStore(title: string, suite: (target: StoreTarget) => void): void {
  describe(`${title} [SQLite]`, () => suite(SQLITE));
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    describe(`${title} [PostgreSQL]`, () =>
      suite({ name: 'PostgreSQL', databaseUrl: url, start: (options = {}) => startServer({ ...options, databaseUrl: url }) }));
  } else {
    describe(`${title} [PostgreSQL]`, () => {
      it('PostgreSQL run skipped: TEST_DATABASE_URL not set', { skip: 'PostgreSQL run skipped: TEST_DATABASE_URL not set' }, () => {});
    });
  }
}

/** A fixed clock: Monday 2 March 2026, 10:15 UTC (= 10:15 UK time, inside working hours). */
export const MONDAY_MORNING = new Date('2026-03-02T10:15:00.000Z');
export const fixedClock = (at: Date = MONDAY_MORNING) => ({ now: () => new Date(at) });

/** A clock the test moves with `set(iso)`. */
export function movableClock(start: Date = MONDAY_MORNING) {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    set(iso: string) {
      at = Date.parse(iso);
    },
  };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function call<T = any>(base: string, path: string, init: RequestInit & { json?: unknown } = {}): Promise<JsonResponse<T>> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const res = await fetch(base + path, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

export const post = <T = any>(base: string, path: string, json: unknown, headers: Record<string, string> = {}) =>
  call<T>(base, path, { method: 'POST', json, headers });

/** Asserts the contract-4 error shape and returns the error. */
export function assertError(
  res: JsonResponse,
  status: number,
  code: string,
  field?: string,
): { code: string; message: string; fields?: Record<string, string> } {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  assert.ok(res.body && typeof res.body.error === 'object', `error body expected: ${res.text.slice(0, 300)}`);
  assert.equal(res.body.error.code, code, res.text.slice(0, 300));
  assert.equal(typeof res.body.error.message, 'string');
  assert.ok(res.body.error.message.length > 0);
  if (field !== undefined) {
    assert.ok(
      res.body.error.fields && field in res.body.error.fields,
      `field "${field}" expected in ${JSON.stringify(res.body.error.fields)}`,
    );
  }
  return res.body.error;
}

export function validTicket(overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    site: 'demo',
    type: 'query',
    severity: 'S2',
    subject: 'Learners cannot submit assignments',
    description: 'Since this morning no learner in the Biology course can submit. The button is greyed out.',
    requester: { name: 'Priya Admin', email: 'priya@college.example' },
    channel: 'email',
    context: { url: 'https://lms.college.example/mod/assign/view.php?id=12', title: 'Assignment 3', userAgent: 'Mozilla/5.0' },
    journey: { searches: ['assignment submit button'], articlesRead: ['assignments'] },
    ...overrides,
  };
}

export const b64 = (data: string | Uint8Array): string => Buffer.from(data).toString('base64');

/** POST /api/uploads: the file's bytes as the body; answers the upload (its `id` goes into `attachments`). */
export async function upload<T = any>(
  base: string,
  filename: string,
  data: string | Uint8Array,
  options: { site?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const q = new URLSearchParams({ site: options.site ?? 'demo', filename });
  return call<T>(base, `/api/uploads?${q}`, {
    method: 'POST',
    body: typeof data === 'string' ? data : Buffer.from(data),
    headers: { 'content-type': 'application/octet-stream', ...options.headers },
  });
}

/** Uploads each file (all must be accepted) and returns their ids, in order. */
export async function uploadIds(
  base: string,
  files: Array<[filename: string, data: string | Uint8Array]>,
  options: { site?: string; headers?: Record<string, string> } = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (const [filename, data] of files) {
    const res = await upload(base, filename, data, options);
    assert.equal(res.status, 201, `upload ${filename}: ${res.text.slice(0, 300)}`);
    ids.push(res.body.id);
  }
  return ids;
}

/**
 * Sends headers and only the first bytes of a body it declares larger, and reports the answer
 * the server gives without waiting for the rest (status 0 if none comes within `ms`).
 */
export function answerBeforeBody(
  base: string,
  path: string,
  headers: Record<string, string>,
  first: string | Buffer,
  ms = 5000,
): Promise<{ status: number; body: any }> {
  return sendUntilAnswered(base, path, headers, [first], ms);
}

/**
 * Streams `chunks` (chunked unless `headers` declare a Content-Length) and reports the server's
 * answer as soon as it comes, even if the server then closes the connection on the unread rest.
 * Status 0 if no answer comes within `ms` after the last chunk.
 */
export function sendUntilAnswered(
  base: string,
  path: string,
  headers: Record<string, string>,
  chunks: Iterable<string | Buffer>,
  ms = 5000,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const u = new URL(base);
    let answered = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const req = httpRequest({ host: u.hostname, port: u.port, path, method: 'POST', headers }, (res) => {
      answered = true;
      clearTimeout(timer);
      let text = '';
      const done = () => {
        req.destroy();
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body });
      };
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const source = chunks[Symbol.iterator]();
    const write = () => {
      for (let next = source.next(); !answered && !next.done; next = source.next()) {
        if (!req.write(next.value)) return void req.once('drain', write);
      }
      timer = setTimeout(() => {
        req.destroy();
        resolve({ status: 0, body: null });
      }, ms);
    };
    write();
  });
}
