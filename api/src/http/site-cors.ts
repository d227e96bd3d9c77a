/**
 * CORS for sites: a browser may call the API from a site's registered origins only (and, in
 * demo mode, the `demo` site from loopback origins). A refused origin gets no
 * Access-Control-Allow-Origin header; a request whose body names a site its Origin does not
 * belong to is refused with 403 before anything is stored.
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { ApiError } from './errors.ts';
import type { AppEnv } from './env.ts';

export function siteCors(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: async (origin, c) => {
      if (!origin) return null;
      const { sites } = (c as unknown as { var: AppEnv['Variables'] }).var.services;
      const key = c.req.query('site');
      if (key) {
        const site = await sites.get(key);
        return site && sites.allows(site, origin) ? origin : null;
      }
      return (await sites.anyAllows(origin)) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization', 'Idempotency-Key', 'X-Ticket-Tokens'],
    exposeHeaders: ['Retry-After', 'Location', 'Idempotent-Replayed'],
    maxAge: 600,
  }) as unknown as MiddlewareHandler<AppEnv>;
}

/** A page served by this server itself (the KB site, the demo page) is not cross-origin. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** After validation: the request's Origin (if any) must belong to the site its body names. */
export const checkSiteOrigin: MiddlewareHandler<AppEnv> = async function checkSiteOrigin(c, next) {
  const origin = c.req.header('origin');
  const key = c.get('siteKey');
  if (origin && key && !sameOrigin(origin, c.req.header('host'))) {
    const { sites } = c.var.services;
    const site = await sites.get(key);
    // An unknown site is reported by the handler (422 naming the field).
    if (site && !sites.allows(site, origin)) {
      c.res.headers.delete('Access-Control-Allow-Origin');
      throw new ApiError(403, 'origin_not_allowed', `This page's origin (${origin}) is not registered for site "${key}".`);
    }
  }
  await next();
};
