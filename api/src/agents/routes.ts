/**
 * /api/agents: sign in and out, who am I (with the CSRF token), the team list, changing one's own
 * password, and password reset by mail;
 * /api/admin: admins add, disable and enable agents, end their sessions, add sites, and read and
 * amend a site's SLA (GET/POST /sites/{key}/sla).
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { AppEnv, Services } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { clientIp, TokenBuckets } from '../http/rate-limit.ts';
import { addSite, listSites, NewSite, SiteError } from '../sites/sites.ts';
import { amendSiteSla, SlaAmendmentChange } from '../sites/sla-amendments.ts';
import { siteSla } from '../sites/sla-admin.ts';
import {
  AgentExistsError,
  authenticate,
  closeSession,
  createAgent,
  findAgent,
  listAgents,
  listAgentsForAdmin,
  NewAgent,
  openSession,
  Password,
  passwordMatches,
  revokeSessions,
  setDisabled,
  setDisplayName,
  setPassword,
} from './accounts.ts';
import { DisplayName } from './display-name.ts';
import { clearSessionCookie, requireAgent, setSessionCookie, type AgentEnv } from './auth.ts';
import type {
  AdminAgents,
  AgentChanged,
  AgentCreated,
  PasswordChanged,
  ProfileSaved,
  ResetDone,
  ResetRequested,
  SessionsRevoked,
  SignedIn,
  SignedOut,
  Sites,
  SiteSaved,
  SiteSla,
  Team,
} from './shapes.ts';
import { confirmPasswordReset, requestPasswordReset, RESET_TOKEN } from './password-reset.ts';
import { beginSignInAttempt, clearSignInFailures, DEFAULT_SIGN_IN_THROTTLE, type SignInThrottleOptions } from './sign-in-throttle.ts';

export const Login = z.strictObject({ email: z.string().trim().min(1).max(254), password: z.string().min(1).max(200) });
export const ProfileChange = z.strictObject({ displayName: DisplayName });
export const ChangePassword = z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: Password });
export const ResetRequest = z.strictObject({ email: z.email().max(254) });
export const ResetConfirm = z.strictObject({
  token: z.string().regex(RESET_TOKEN, 'is not a password reset token: use the link from the email'),
  password: Password,
});
const AgentId = z
  .string()
  .regex(/^\d{1,10}$/, 'is not an agent id')
  .transform(Number)
  .pipe(z.number().int().min(1, 'is not an agent id').max(2_147_483_647, 'is not an agent id'));

export interface LoginLimits {
  /** Coarse cap on sign-in attempts per client address, whatever the email. Default 30. */
  perIp: number;
  windowSeconds: number;
  /** Growing delays after failures per (address, email) pair. */
  failures: SignInThrottleOptions;
  /** Reset requests (each may send a mail) and confirmations per client address. Default 10. */
  resetsPerIp: number;
  resetWindowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  perIp: 30,
  windowSeconds: 300,
  failures: DEFAULT_SIGN_IN_THROTTLE,
  resetsPerIp: 10,
  resetWindowSeconds: 900,
};

/** The same answer whether or not the address is an agent's (no account enumeration). */
export const RESET_REQUESTED = {
  ok: true,
  message: 'If that address belongs to an agent, we have sent it a link to choose a new password. The link works once, for 30 minutes.',
} as const;

const tooMany = (what: string, seconds: number) =>
  new ApiError(429, 'rate_limited', `Too many ${what}: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, undefined, {
    'Retry-After': String(seconds),
  });

const bodyOf = <T>(c: { var: unknown }) => (c.var as { body: T }).body;

/** JSON only: a cross-site form cannot send it without a CORS preflight (no login CSRF, no mail from forms). */
export const requireJson: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the request as JSON (Content-Type: application/json).');
  }
  await next();
};

export function agentRoutes(limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {
  // These limits stay on even when the API's rate limits are off (benchmarks).
  const signInsByIp = new TokenBuckets({ burst: limits.perIp, windowSeconds: limits.windowSeconds });
  const resetsByIp = new TokenBuckets({ burst: limits.resetsPerIp, windowSeconds: limits.resetWindowSeconds });
  const capPerAddress =
    (buckets: TokenBuckets, what: string): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const wait = buckets.take(clientIp(c, c.var.services.config.trustProxy), performance.now());
      if (wait) throw tooMany(what, wait);
      await next();
    };

  /** Records the attempt for (address, email) first; 429 while that pair must wait. */
  const throttle = async (c: Context<any>, services: Services, email: string) => {
    const address = clientIp(c, services.config.trustProxy);
    const wait = await beginSignInAttempt(services.store.db, address, email, services.clock.now(), limits.failures);
    if (wait) throw tooMany('failed sign-ins for this email from your address', wait);
    return () => clearSignInFailures(services.store.db, address, email);
  };

  const agents = new Hono<AgentEnv>()
    .post(
      '/login',
      requireJson,
      capPerAddress(signInsByIp, 'sign-in attempts from your address'),
      limitBody(16 * 1024),
      jsonBody(Login),
      async (c) => {
        const { email, password } = bodyOf<z.output<typeof Login>>(c);
        const { db } = c.var.services.store;
        const succeeded = await throttle(c, c.var.services, email);
        const agent = await authenticate(db, email, password);
        if (!agent) throw new ApiError(401, 'invalid_credentials', 'The email or password is not right.');
        await succeeded();
        if (agent.disabled) throw new ApiError(403, 'forbidden', 'This account is disabled: ask an admin to enable it.');
        const session = await openSession(db, agent.id, c.var.services.clock.now());
        setSessionCookie(c, session.cookie);
        const { disabled: _, ...shown } = agent;
        return c.json<SignedIn>({ agent: shown, csrfToken: session.csrfToken });
      },
    )
    .post('/logout', requireAgent(), limitBody(4096), async (c) => {
      await closeSession(c.var.services.store.db, c.var.sessionCookie);
      clearSessionCookie(c);
      return c.json<SignedOut>({ ok: true });
    })
    .get('/me', requireAgent(), (c) => c.json<SignedIn>({ agent: c.var.agent, csrfToken: c.var.csrfToken }))
    .post('/me/profile', requireAgent(), limitBody(4096), jsonBody(ProfileChange), async (c) => {
      const { displayName } = bodyOf<z.output<typeof ProfileChange>>(c);
      const agent = await setDisplayName(c.var.services.store.db, c.var.agent.id, displayName);
      if (!agent) throw new ApiError(404, 'not_found', 'Your account no longer exists.');
      const { disabled: _, ...shown } = agent;
      return c.json<ProfileSaved>({ agent: shown });
    })
    .post('/me/password', requireAgent(), limitBody(16 * 1024), jsonBody(ChangePassword), async (c) => {
      const { currentPassword, newPassword } = bodyOf<z.output<typeof ChangePassword>>(c);
      const { services, agent } = c.var;
      // A borrowed session must not become a way to guess the password: same throttle as sign-in.
      const succeeded = await throttle(c, services, agent.email);
      if (!(await passwordMatches(services.store.db, agent.id, currentPassword))) {
        throw new ApiError(422, 'validation_failed', 'Check currentPassword.', { currentPassword: 'is not your current password' });
      }
      await succeeded();
      const signedOut = await setPassword(services.store.db, agent.id, newPassword, { keep: c.var.sessionCookie });
      return c.json<PasswordChanged>({ ok: true, signedOutSessions: signedOut });
    })
    .post(
      '/password-reset',
      requireJson,
      capPerAddress(resetsByIp, 'password reset requests from your address'),
      limitBody(4096),
      jsonBody(ResetRequest),
      async (c) => {
        await requestPasswordReset(c.var.services, bodyOf<z.output<typeof ResetRequest>>(c).email);
        return c.json<ResetRequested>(RESET_REQUESTED, 202);
      },
    )
    .post(
      '/password-reset/confirm',
      requireJson,
      capPerAddress(resetsByIp, 'password reset attempts from your address'),
      limitBody(4096),
      jsonBody(ResetConfirm),
      async (c) => {
        const { token, password } = bodyOf<z.output<typeof ResetConfirm>>(c);
        const agent = await confirmPasswordReset(c.var.services, token, password);
        if (!agent)
          throw new ApiError(422, 'validation_failed', 'This reset link has expired or was already used: ask for a new one.', {
            token: 'has expired or was already used',
          });
        return c.json<ResetDone>({ ok: true, email: agent.email });
      },
    )
    .get('/', requireAgent(), async (c) => {
      const { services } = c.var;
      const since = new Date(services.clock.now().getTime() - services.config.escalation.presenceSeconds * 1000);
      return c.json<Team>({ agents: await listAgents(services.store.db, since) });
    });

  /** The agent named by the path, or 404. */
  const pathAgent = async (c: Context<AgentEnv>) => {
    const id = AgentId.safeParse(c.req.param('id') ?? '');
    if (!id.success) throw new ApiError(422, 'validation_failed', 'Check id.', { id: id.error.issues[0]?.message ?? 'is not an agent id' });
    const agent = await findAgent(c.var.services.store.db, { id: id.data });
    if (!agent) throw new ApiError(404, 'not_found', `There is no agent with id ${id.data}.`);
    return agent;
  };

  /** The site named by the path with its SLA amendments, or 404. */
  const pathSiteSla = async (services: Services, key: string) => {
    const sla = await siteSla(services.store.db, services.policy, key);
    if (!sla) throw new ApiError(404, 'not_found', `There is no site "${key}".`);
    return sla;
  };

  const admin = new Hono<AgentEnv>()
    .use('*', requireAgent({ admin: true }))
    .use('*', limitBody(64 * 1024))
    .get('/agents', async (c) =>
      c.json<AdminAgents>({ agents: await listAgentsForAdmin(c.var.services.store.db, c.var.services.clock.now()) }),
    )
    .post('/agents', jsonBody(NewAgent), async (c) => {
      try {
        const agent = await createAgent(c.var.services.store.db, bodyOf<NewAgent>(c), c.var.services.clock.now());
        return c.json<AgentCreated>({ agent }, 201);
      } catch (error) {
        if (error instanceof AgentExistsError) throw new ApiError(409, 'conflict', error.message, { email: 'is already an agent' });
        throw error;
      }
    })
    .post('/agents/:id/disable', async (c) => {
      const target = await pathAgent(c);
      if (target.id === c.var.agent.id)
        throw new ApiError(409, 'conflict', 'You cannot disable your own account: ask another admin.', { id: 'is your own account' });
      const signedOut = await setDisabled(c.var.services.store.db, target.id, true, c.var.services.clock.now());
      return c.json<AgentChanged>({
        agent: await findAgent(c.var.services.store.db, { id: target.id }),
        signedOutSessions: signedOut ?? 0,
      });
    })
    .post('/agents/:id/enable', async (c) => {
      const target = await pathAgent(c);
      await setDisabled(c.var.services.store.db, target.id, false, c.var.services.clock.now());
      return c.json<AgentChanged>({ agent: await findAgent(c.var.services.store.db, { id: target.id }) });
    })
    .post('/agents/:id/revoke-sessions', async (c) => {
      const target = await pathAgent(c);
      return c.json<SessionsRevoked>({ signedOutSessions: await revokeSessions(c.var.services.store.db, target.id) });
    })
    .get('/sites', async (c) => c.json<Sites>({ sites: await listSites(c.var.services.store.db) }))
    .post('/sites', jsonBody(NewSite), async (c) => {
      const { services } = c.var;
      try {
        const site = await addSite(services.store.db, services.policy, bodyOf<z.input<typeof NewSite>>(c), services.clock.now(), {
          demoMode: services.config.demoMode,
        });
        services.sites.invalidate();
        return c.json<SiteSaved>({ site }, 201);
      } catch (error) {
        if (error instanceof SiteError) throw new ApiError(422, 'validation_failed', error.message, { [error.field]: error.message });
        throw error;
      }
    })
    .get('/sites/:key/sla', async (c) => c.json<SiteSla>(await pathSiteSla(c.var.services, c.req.param('key'))))
    .post('/sites/:key/sla', jsonBody(SlaAmendmentChange), async (c) => {
      const { services, agent } = c.var;
      const { site } = await pathSiteSla(services, c.req.param('key'));
      try {
        // The same function as `npm run admin -- sites set --crm/--contact/--target`.
        await amendSiteSla(services.store.db, services.policy, site, bodyOf<SlaAmendmentChange>(c), agent.email, services.clock.now());
      } catch (error) {
        if (error instanceof SiteError) throw new ApiError(422, 'validation_failed', error.message, { [error.field]: error.message });
        throw error;
      }
      return c.json<SiteSla>(await pathSiteSla(services, site), 201);
    });

  return { agents: agents as unknown as Hono<AppEnv>, admin: admin as unknown as Hono<AppEnv> };
}
