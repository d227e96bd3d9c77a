/** What /api/agents and /api/admin answer: agents, sessions, password changes, sites. */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';
import { TargetSchema } from '#content/policy-schema.ts';

export const Agent = z.object({
  id: z.number().int(),
  email: z.string().describe('The sign-in address: agents only, never shown to requesters.'),
  name: z.string().describe('The account name agents see.'),
  role: z.enum(['agent', 'admin']),
  displayName: z.string().describe('The name requesters see (chat, mails, status page, portal).'),
  initials: z.string().describe('One or two letters of the display name, for the avatar.'),
});
export type Agent = z.infer<typeof Agent>;

export const SignedIn = z.object({ agent: Agent, csrfToken: z.string().describe('Send it as X-CSRF-Token on every write.') });
export type SignedIn = z.infer<typeof SignedIn>;

export const Team = z.object({ agents: z.array(Agent.extend({ disabled: z.boolean(), online: z.boolean() })) });
export type Team = z.infer<typeof Team>;

const AgentStatus = Agent.extend({ disabled: z.boolean() });
export const AdminAgents = z.object({
  agents: z.array(
    AgentStatus.extend({
      disabledAt: Instant.nullable(),
      lastSeenAt: Instant.nullable(),
      sessions: z.number().int().describe('Live sessions.'),
    }),
  ),
});
export type AdminAgents = z.infer<typeof AdminAgents>;

export const AgentCreated = z.object({ agent: Agent });
export const AgentChanged = z.object({
  agent: AgentStatus.nullable(),
  signedOutSessions: z.number().int().optional().describe('Sessions ended (when disabled).'),
});
export const ProfileSaved = z.object({ agent: Agent });
export type ProfileSaved = z.infer<typeof ProfileSaved>;
export const SessionsRevoked = z.object({ signedOutSessions: z.number().int() });
export const SignedOut = z.object({ ok: z.literal(true) });
export const PasswordChanged = z.object({ ok: z.literal(true), signedOutSessions: z.number().int() });
export const ResetRequested = z.object({ ok: z.literal(true), message: z.string() });
export const ResetDone = z.object({ ok: z.literal(true), email: z.string() });

export const Site = z.object({
  key: z.string(),
  name: z.string(),
  plan: z.string(),
  origins: z.array(z.string()),
  budgetHours: z.number(),
  createdAt: Instant,
  identitySecret: z.string().describe('HMAC key for requester identity verification (admins only).'),
  healthUrl: z.string().nullable().describe('The URL the prober checks (GET, 2xx/3xx = up); null = not probed.'),
});
export const Sites = z.object({ sites: z.array(Site) });
export const SiteSaved = z.object({ site: Site });
export type AgentCreated = z.infer<typeof AgentCreated>;
export type AgentChanged = z.infer<typeof AgentChanged>;
export type SessionsRevoked = z.infer<typeof SessionsRevoked>;
export type SignedOut = z.infer<typeof SignedOut>;
export type PasswordChanged = z.infer<typeof PasswordChanged>;
export type ResetRequested = z.infer<typeof ResetRequested>;
export type ResetDone = z.infer<typeof ResetDone>;
export type Site = z.infer<typeof Site>;
export type Sites = z.infer<typeof Sites>;
export type SiteSaved = z.infer<typeof SiteSaved>;

const SlaAmendment = z.object({
  crm: z.string().nullable().describe("The site's relationship manager (the `site-crm` contact); null: the policy's default."),
  targets: z.record(z.string(), TargetSchema.partial()).describe('Per-severity target overrides.'),
  contacts: z.record(z.string(), z.string()).describe('Per-level contact overrides, keyed by level number.'),
  changedBy: z.string(),
  changedAt: Instant,
});
export const SiteSla = z.object({
  site: z.string(),
  plan: z.string(),
  current: SlaAmendment.nullable().describe("The amendment in force; null: the plan's terms as written."),
  history: z.array(SlaAmendment).describe('Every amendment, oldest first (the last is in force).'),
  defaultCrm: z.string(),
  terms: z
    .object({
      targets: z.record(z.string(), TargetSchema),
      levels: z.array(z.object({ level: z.number().int(), role: z.string(), contact: z.string() })),
    })
    .describe('What new tickets of the site get: the effective targets and each level with its contact resolved.'),
});
export type SiteSla = z.infer<typeof SiteSla>;
