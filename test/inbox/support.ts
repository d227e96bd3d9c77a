/**
 * Shared by the inbox, mail and chat tests: a server with a first admin, signing in, and
 * requests carrying the session cookie and CSRF token.
 */
import assert from 'node:assert/strict';
import { startServer, type StartServerOptions, type TestServer } from '../support/api-server.ts';
import { call, post, validTicket, type JsonResponse } from '../api/helpers.ts';

export const ADMIN = { email: 'admin@kestrel.example', password: 'correct horse battery staple' };

export function withAdmin(options: StartServerOptions = {}): StartServerOptions {
  return {
    ...options,
    env: { HELPWAY_ADMIN_EMAIL: ADMIN.email, HELPWAY_ADMIN_PASSWORD: ADMIN.password, HELPWAY_RATE_LIMITS: 'off', ...options.env },
  };
}

export async function startWithAdmin(options: StartServerOptions = {}): Promise<TestServer> {
  return startServer(withAdmin(options));
}

export interface AgentSession {
  cookie: string;
  csrf: string;
  agent: { id: number; name: string; email: string; role: string };
  get<T = any>(path: string): Promise<JsonResponse<T>>;
  post<T = any>(path: string, json: unknown): Promise<JsonResponse<T>>;
}

export async function signIn(base: string, email = ADMIN.email, password = ADMIN.password): Promise<AgentSession> {
  const res = await post(base, '/api/agents/login', { email, password });
  assert.equal(res.status, 200, res.text);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0];
  assert.match(cookie, /^helpway_session=/);
  const csrf = res.body.csrfToken as string;
  return {
    cookie,
    csrf,
    agent: res.body.agent,
    get: (path) => call(base, path, { headers: { cookie } }),
    post: (path, json) => call(base, path, { method: 'POST', json, headers: { cookie, 'x-csrf-token': csrf } }),
  };
}

export async function fileTicket(base: string, overrides: Record<string, unknown> = {}): Promise<{ reference: string; token: string }> {
  const res = await post(base, '/api/tickets', validTicket(overrides));
  assert.equal(res.status, 201, res.text);
  return { reference: res.body.reference, token: res.body.token };
}

/** Polls until `check` returns a truthy value (or fails after `ms`). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, ms = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
