/** POST /api/scope-check {text, site?} → the scope rules the text touches. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Policy } from '../../../content/src/policy-schema.ts';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { scopeMatcher } from './scope-check.ts';

export const ScopeCheckRequest = z.object({
  text: z.string().max(20_000),
  site: z.string().min(1).max(63).optional(),
});

export function scopeRoutes(policy: Policy, config: Config) {
  const matcher = scopeMatcher(policy);
  const limits = limitsFor('events', config);
  return new Hono<AppEnv>().post('/', limits.byIp, limitBody(64 * 1024), jsonBody(ScopeCheckRequest), limits.bySite, (c) =>
    c.json({ matches: matcher.check(c.var.body.text) }),
  );
}
