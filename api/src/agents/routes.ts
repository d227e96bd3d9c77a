/**
 * /api/agents: sign in and out, who am I (with the CSRF token), the team list;
 * /api/admin: admins add agents and sites.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { clientIp, TokenBuckets } from '../http/rate-limit.ts';
import { addSite, listSites, NewSite, SiteError } from '../sites/sites.ts';
import { AgentExistsError, authenticate, closeSession, createAgent, listAgents, NewAgent, openSession } from './accounts.ts';
import { clearSessionCookie, requireAgent, setSessionCookie, type AgentEnv } from './auth.ts';

const Login = z.strictObject({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) });

export interface LoginLimits {
  /** Attempts per client IP per window. Default 20. */
  perIp: number;
  /** Attempts per email per window. Default 8. */
  perEmail: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perIp: 20, perEmail: 8, windowSeconds: 300 };

export function agentRoutes(limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
  // Login limits stay on even when the API's rate limits are off (benchmarks).
  const byIp = new TokenBuckets({ burst: limits.perIp, windowSeconds: limits.windowSeconds });
  const byEmail = new TokenBuckets({ burst: limits.perEmail, windowSeconds: limits.windowSeconds });
  const tooMany = (seconds: number) => new ApiError(429, 'rate_limited', `Too many sign-in attempts: try again in ${seconds} seconds.`, undefined, { 'Retry-After': String(seconds) });

  const agents = new Hono<AgentEnv>()
    .post('/login', async (c, next) => {
      // JSON only: a cross-site form cannot send it without a CORS preflight (no login CSRF).
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
        throw new ApiError(415, 'unsupported_media_type', 'Send the sign-in as JSON (Content-Type: application/json).');
      }
      const wait = byIp.take(clientIp(c, c.var.services.config.trustProxy), performance.now());
      if (wait) throw tooMany(wait);
      await next();
    }, limitBody(16 * 1024), jsonBody(Login), async (c) => {
      const { email, password } = (c.var as unknown as { body: z.output<typeof Login> }).body;
      const wait = byEmail.take(email.toLowerCase(), performance.now());
      if (wait) throw tooMany(wait);
      const { db } = c.var.services.store;
      const agent = await authenticate(db, email, password);
      if (!agent) throw new ApiError(401, 'invalid_credentials', 'The email or password is not right.');
      const session = await openSession(db, agent.id, c.var.services.clock.now());
      setSessionCookie(c, session.cookie);
      return c.json({ agent, csrfToken: session.csrfToken });
    })
    .post('/logout', requireAgent(), limitBody(4096), async (c) => {
      await closeSession(c.var.services.store.db, c.var.sessionCookie);
      clearSessionCookie(c);
      return c.json({ ok: true });
    })
    .get('/me', requireAgent(), (c) => c.json({ agent: c.var.agent, csrfToken: c.var.csrfToken }))
    .get('/', requireAgent(), async (c) => {
      const { services } = c.var;
      const since = new Date(services.clock.now().getTime() - services.config.escalation.presenceSeconds * 1000);
      return c.json({ agents: await listAgents(services.store.db, since) });
    });

  const admin = new Hono<AgentEnv>()
    .use('*', requireAgent({ admin: true }))
    .use('*', limitBody(64 * 1024))
    .post('/agents', jsonBody(NewAgent), async (c) => {
      try {
        const agent = await createAgent(c.var.services.store.db, (c.var as unknown as { body: NewAgent }).body, c.var.services.clock.now());
        return c.json({ agent }, 201);
      } catch (error) {
        if (error instanceof AgentExistsError) throw new ApiError(409, 'conflict', error.message, { email: 'is already an agent' });
        throw error;
      }
    })
    .get('/sites', async (c) => c.json({ sites: await listSites(c.var.services.store.db) }))
    .post('/sites', jsonBody(NewSite), async (c) => {
      const { services } = c.var;
      try {
        const site = await addSite(services.store.db, services.policy, (c.var as unknown as { body: z.input<typeof NewSite> }).body, services.clock.now());
        services.sites.invalidate();
        return c.json({ site }, 201);
      } catch (error) {
        if (error instanceof SiteError) throw new ApiError(422, 'validation_failed', error.message, { [error.field]: error.message });
        throw error;
      }
    });

  return { agents: agents as unknown as Hono<AppEnv>, admin: admin as unknown as Hono<AppEnv> };
}
