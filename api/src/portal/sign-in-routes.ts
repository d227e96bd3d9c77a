/**
 * /api/portal: passwordless sign-in (ask for a link, confirm it), who am I, sign out, and the
 * contact's own sessions (list, revoke). The answer to a sign-in request is the same for every
 * address. Rate limits (on even when the API's general limits are off): per client address on
 * both requests and confirmations, and per email on requests — over either, 429 with Retry-After,
 * counted the same whether or not the address is a contact's, so a 429 reveals nothing either.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { requireJson } from '../agents/routes.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { clientIp, TokenBuckets } from '../http/rate-limit.ts';
import type { Contact } from './contacts.ts';
import { clearPortalCookie, requireContact, setPortalCookie, type PortalEnv } from './auth.ts';
import { closePortalSession, listPortalSessions, openPortalSession, revokePortalSession, useLink } from './sessions.ts';
import { requestPortalSignIn, SIGN_IN_REQUESTED } from './sign-in.ts';
import type { PortalDone, PortalMe, PortalSessions, SignInRequested } from './account-shapes.ts';
import type { Services } from '../http/env.ts';

export const SignInRequest = z.strictObject({
  email: z
    .email('must be an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
});
export const SignInConfirm = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'is not a sign-in token: use the link from the email'),
});

export interface PortalSignInLimits {
  /** Sign-in requests and confirmations per client address. */
  perIp: number;
  /** Sign-in requests per email address (each may send mail). */
  perEmail: number;
  windowSeconds: number;
}

export const DEFAULT_PORTAL_SIGN_IN_LIMITS: PortalSignInLimits = { perIp: 10, perEmail: 5, windowSeconds: 900 };

const tooMany = (what: string, seconds: number) =>
  new ApiError(429, 'rate_limited', `Too many ${what}: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, undefined, {
    'Retry-After': String(seconds),
  });

const bodyOf = <T>(c: { var: unknown }) => (c.var as { body: T }).body;

/** A contact as /me shows them, with their site's name. */
export async function contactWithSite(services: Services, contact: Contact): Promise<PortalMe['contact']> {
  const site = await services.sites.get(contact.siteKey);
  return {
    id: contact.id,
    email: contact.email,
    name: contact.name,
    role: contact.role,
    site: { key: contact.siteKey, name: site?.name ?? contact.siteKey },
  };
}

export function portalSignInRoutes(limits: PortalSignInLimits = DEFAULT_PORTAL_SIGN_IN_LIMITS) {
  const byIp = new TokenBuckets({ burst: limits.perIp, windowSeconds: limits.windowSeconds });
  const byEmail = new TokenBuckets({ burst: limits.perEmail, windowSeconds: limits.windowSeconds });
  const capPerAddress =
    (what: string): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const wait = byIp.take(clientIp(c, c.var.services.config.trustProxy), performance.now());
      if (wait) throw tooMany(what, wait);
      await next();
    };

  const app = new Hono<PortalEnv>()
    .post(
      '/sign-in',
      requireJson,
      capPerAddress('sign-in requests from your address'),
      limitBody(4096),
      jsonBody(SignInRequest),
      async (c) => {
        const { email } = bodyOf<z.output<typeof SignInRequest>>(c);
        const wait = byEmail.take(email, performance.now());
        if (wait) throw tooMany('sign-in requests for this address', wait);
        await requestPortalSignIn(c.var.services, email);
        return c.json<SignInRequested>(SIGN_IN_REQUESTED, 202);
      },
    )
    .post(
      '/sign-in/confirm',
      requireJson,
      capPerAddress('sign-in attempts from your address'),
      limitBody(4096),
      jsonBody(SignInConfirm),
      async (c) => {
        const { services } = c.var;
        const now = services.clock.now();
        const contact = await useLink(services.store.db, bodyOf<z.output<typeof SignInConfirm>>(c).token, now);
        if (!contact)
          throw new ApiError(410, 'link_expired', 'This sign-in link has expired or was already used: ask for a new one.', {
            token: 'has expired or was already used',
          });
        const session = await openPortalSession(services.store.db, contact.id, now, c.req.header('user-agent') ?? null);
        setPortalCookie(c, session.cookie);
        return c.json<PortalMe>({ contact: await contactWithSite(services, contact), csrfToken: session.csrfToken });
      },
    )
    .get('/me', requireContact(), async (c) =>
      c.json<PortalMe>({ contact: await contactWithSite(c.var.services, c.var.contact), csrfToken: c.var.csrfToken }),
    )
    .post('/sign-out', requireContact(), limitBody(4096), async (c) => {
      await closePortalSession(c.var.services.store.db, c.var.portalCookie);
      clearPortalCookie(c);
      return c.json<PortalDone>({ ok: true });
    })
    .get('/sessions', requireContact(), async (c) => {
      const { services, contact, portalSessionId } = c.var;
      const sessions = await listPortalSessions(services.store.db, contact.id, services.clock.now());
      return c.json<PortalSessions>({ sessions: sessions.map((s) => ({ ...s, current: s.id === portalSessionId })) });
    })
    .delete('/sessions/:id', requireContact(), async (c) => {
      const { services, contact, portalSessionId } = c.var;
      const id = c.req.param('id');
      if (!(await revokePortalSession(services.store.db, contact.id, id)))
        throw new ApiError(404, 'not_found', 'There is no such session of yours: see GET /api/portal/sessions.');
      if (id === portalSessionId) clearPortalCookie(c);
      return c.json<PortalDone>({ ok: true });
    });

  return app as unknown as Hono<AppEnv>;
}
