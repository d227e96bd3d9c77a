/**
 * Contact authentication for /api/portal: the portal's own session cookie, with the agents'
 * protections (HttpOnly, SameSite=Strict, Secure over HTTPS) and CSRF on every write (the
 * `X-CSRF-Token` header must carry the session's token).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isHttps, sameToken } from '../agents/auth.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import type { Contact } from './contacts.ts';
import { portalSession, PORTAL_SESSION_HOURS } from './sessions.ts';

export const PORTAL_COOKIE = 'helpway_portal';

export type PortalEnv = AppEnv & {
  Variables: AppEnv['Variables'] & { contact: Contact; csrfToken: string; portalCookie: string; portalSessionId: string };
};

export function setPortalCookie(c: Context<any>, value: string): void {
  setCookie(c, PORTAL_COOKIE, value, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: isHttps(c),
    path: '/',
    maxAge: PORTAL_SESSION_HOURS * 3600,
  });
}

export function clearPortalCookie(c: Context<any>): void {
  deleteCookie(c, PORTAL_COOKIE, { path: '/', secure: isHttps(c) });
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequireContactOptions {
  /** Only the site's key contacts pass (403 for members). */
  key?: boolean;
}

/** 401 without a valid portal session, 403 on a write without the CSRF token (or a member on key-only routes). */
export function requireContact(options: RequireContactOptions = {}): MiddlewareHandler<PortalEnv> {
  return async function requireContact(c, next) {
    const cookie = getCookie(c, PORTAL_COOKIE);
    const { services } = c.var;
    const session = cookie ? await portalSession(services.store.db, cookie, services.clock.now()) : null;
    if (!session || !cookie) throw new ApiError(401, 'unauthorized', 'Sign in to the portal first: POST /api/portal/sign-in.');
    if (!SAFE.has(c.req.method) && !sameToken(c.req.header('x-csrf-token') ?? '', session.csrfToken)) {
      throw new ApiError(403, 'csrf_token_invalid', 'Send the X-CSRF-Token header with the token from GET /api/portal/me.');
    }
    if (options.key && session.contact.role !== 'key') throw new ApiError(403, 'forbidden', "Only the site's key contacts can do this.");
    c.set('contact', session.contact);
    c.set('csrfToken', session.csrfToken);
    c.set('portalCookie', cookie);
    c.set('portalSessionId', session.publicId);
    await next();
  };
}
