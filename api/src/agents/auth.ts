/**
 * Agent authentication for the inbox API: the session cookie (HttpOnly, SameSite=Strict, Secure
 * when the request came over HTTPS), and CSRF protection on every cookie-authenticated write:
 * the `X-CSRF-Token` header must carry the session's token (a cross-site form cannot set it).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../http/errors.ts';
import { isHttps as requestIsHttps } from '../http/proxy.ts';
import type { AppEnv } from '../http/env.ts';
import { sessionAgent, SESSION_HOURS, type Agent } from './accounts.ts';

export const SESSION_COOKIE = 'helpway_session';

export type AgentEnv = AppEnv & { Variables: AppEnv['Variables'] & { agent: Agent; csrfToken: string; sessionCookie: string } };

export function isHttps(c: Context<any>): boolean {
  return requestIsHttps(c, c.var.services.config.trustProxy);
}

export function setSessionCookie(c: Context<any>, value: string): void {
  setCookie(c, SESSION_COOKIE, value, { httpOnly: true, sameSite: 'Strict', secure: isHttps(c), path: '/', maxAge: SESSION_HOURS * 3600 });
}

export function clearSessionCookie(c: Context<any>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Constant-time equality of two tokens (the CSRF check here and in the portal's). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface RequireAgentOptions {
  /** Only admins pass. Default false. */
  admin?: boolean;
}

/** 401 without a valid session, 403 on a write without the CSRF token (or a non-admin on admin routes). */
export function requireAgent(options: RequireAgentOptions = {}): MiddlewareHandler<AgentEnv> {
  return async function requireAgent(c, next) {
    const cookie = getCookie(c, SESSION_COOKIE);
    const services = c.var.services;
    const session = cookie ? await sessionAgent(services.store.db, cookie, services.clock.now()) : null;
    if (!session || !cookie) throw new ApiError(401, 'unauthorized', 'Sign in to the inbox first: POST /api/agents/login.');
    if (!SAFE.has(c.req.method)) {
      const presented = c.req.header('x-csrf-token') ?? '';
      if (!sameToken(presented, session.csrfToken)) {
        throw new ApiError(403, 'csrf_token_invalid', 'Send the X-CSRF-Token header with the token from GET /api/agents/me.');
      }
    }
    if (options.admin && session.agent.role !== 'admin') throw new ApiError(403, 'forbidden', 'Only an admin can do this.');
    c.set('agent', session.agent);
    c.set('csrfToken', session.csrfToken);
    c.set('sessionCookie', cookie);
    await next();
  };
}
