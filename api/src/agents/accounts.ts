/**
 * Agent accounts and sessions. A session is a random cookie value; only its SHA-256 is stored,
 * next to a per-session CSRF token the inbox sends back in `X-CSRF-Token` on every write.
 * A disabled agent cannot sign in and none of their sessions count, even before they are deleted.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isUniqueViolation } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import { pruneSignInFailures } from './sign-in-throttle.ts';
import { defaultDisplayName, DisplayName, shownAgent } from './display-name.ts';

export const SESSION_HOURS = 12;

export interface Agent {
  id: number;
  email: string;
  name: string;
  role: 'agent' | 'admin';
  /** The name requesters see (./display-name.ts). */
  displayName: string;
  initials: string;
}

/** One rule for every new password: at start, in the admin API, the CLI, a change or a reset. */
export const Password = z.string().min(10, 'use at least 10 characters').max(200, 'use at most 200 characters');

export const NewAgent = z.strictObject({
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(120),
  role: z.enum(['agent', 'admin']).default('agent'),
  password: Password,
  /** What requesters will see; without it, made from `name` (./display-name.ts). */
  displayName: DisplayName.optional(),
});
export type NewAgent = z.input<typeof NewAgent>;

export class AgentExistsError extends Error {}

type AgentColumns = { id: number; email: string; name: string; role: string; display_name: string | null };

const toAgent = (row: AgentColumns): Agent => {
  const shown = shownAgent(row.display_name ?? defaultDisplayName(row.name, row.email));
  return {
    id: Number(row.id),
    email: row.email,
    name: row.name,
    role: row.role === 'admin' ? 'admin' : 'agent',
    displayName: shown.name,
    initials: shown.initials,
  };
};

export async function createAgent(db: Kysely<Database>, input: NewAgent, now: Date): Promise<Agent> {
  const agent = NewAgent.parse(input);
  try {
    const row = await db
      .insertInto('agents')
      .values({
        email: agent.email,
        name: agent.name,
        role: agent.role,
        display_name: agent.displayName ?? defaultDisplayName(agent.name, agent.email),
        password_hash: await hashPassword(agent.password),
        created_at: now.toISOString(),
        last_seen_at: null,
      })
      .returning(['id', 'email', 'name', 'role', 'display_name'])
      .executeTakeFirstOrThrow();
    return toAgent(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AgentExistsError(`An agent with the email ${agent.email} already exists.`);
    throw error;
  }
}

export async function listAgents(db: Kysely<Database>, onlineSince?: Date) {
  const rows = await db
    .selectFrom('agents')
    .select(['id', 'email', 'name', 'role', 'display_name', 'last_seen_at', 'disabled_at'])
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    ...toAgent(r),
    disabled: r.disabled_at !== null,
    online: Boolean(onlineSince && r.last_seen_at && r.last_seen_at >= onlineSince.toISOString()),
  }));
}

/** What admins see of each agent: the team list plus how many live sessions each has. */
export async function listAgentsForAdmin(db: Kysely<Database>, now: Date) {
  const rows = await db
    .selectFrom('agents')
    .leftJoin('agent_sessions', (join) =>
      join.onRef('agent_sessions.agent_id', '=', 'agents.id').on('agent_sessions.expires_at', '>', now.toISOString()),
    )
    .select((eb) => [
      'agents.id',
      'agents.email',
      'agents.name',
      'agents.role',
      'agents.display_name',
      'agents.disabled_at',
      'agents.last_seen_at',
      eb.fn.count<number>('agent_sessions.id_hash').as('sessions'),
    ])
    .groupBy([
      'agents.id',
      'agents.email',
      'agents.name',
      'agents.role',
      'agents.display_name',
      'agents.disabled_at',
      'agents.last_seen_at',
    ])
    .orderBy('agents.name')
    .execute();
  return rows.map((r) => ({
    ...toAgent(r),
    disabled: r.disabled_at !== null,
    disabledAt: r.disabled_at,
    lastSeenAt: r.last_seen_at,
    sessions: Number(r.sessions),
  }));
}

export async function findAgent(db: Kysely<Database>, by: { id: number } | { email: string }) {
  const q = db.selectFrom('agents').select(['id', 'email', 'name', 'role', 'display_name', 'disabled_at']);
  const row = await ('id' in by ? q.where('id', '=', by.id) : q.where('email', '=', by.email.trim().toLowerCase())).executeTakeFirst();
  return row ? { ...toAgent(row), disabled: row.disabled_at !== null } : null;
}

/**
 * The first admin from HELPWAY_ADMIN_EMAIL / HELPWAY_ADMIN_PASSWORD. An existing account is never
 * overwritten: 'password_differs' tells the caller the variable no longer matches the stored
 * password (it was changed in the inbox, by mail or with `agents set-password`).
 */
export async function ensureFirstAdmin(
  db: Kysely<Database>,
  email: string,
  password: string,
  now: Date,
): Promise<'created' | 'exists' | 'password_differs'> {
  const existing = await db
    .selectFrom('agents')
    .select(['id', 'password_hash'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  if (existing) return (await verifyPassword(password, existing.password_hash)) ? 'exists' : 'password_differs';
  try {
    await createAgent(db, { email, name: email.split('@')[0] || 'Admin', role: 'admin', password }, now);
    return 'created';
  } catch (error) {
    if (error instanceof AgentExistsError) return 'exists'; // another process at the same moment
    throw error;
  }
}

/** The agent whose password this is (disabled or not), or null; same work whether or not the email exists. */
export async function authenticate(db: Kysely<Database>, email: string, password: string): Promise<(Agent & { disabled: boolean }) | null> {
  const row = await db.selectFrom('agents').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  return row && ok ? { ...toAgent(row), disabled: row.disabled_at !== null } : null;
}

/** Whether `password` is the agent's current one (changing it asks for it again). */
export async function passwordMatches(db: Kysely<Database>, agentId: number, password: string): Promise<boolean> {
  const row = await db.selectFrom('agents').select('password_hash').where('id', '=', agentId).executeTakeFirst();
  return verifyPassword(password, row?.password_hash ?? DUMMY_HASH).then((ok) => Boolean(row) && ok);
}

/**
 * Sets a new password and signs the agent out everywhere except the session `keep` (the one
 * changing it). Outstanding reset links die with the old password. Returns the sessions ended.
 */
export async function setPassword(
  db: Kysely<Database>,
  agentId: number,
  password: string,
  options: { keep?: string } = {},
): Promise<number> {
  const hash = await hashPassword(Password.parse(password));
  return db.transaction().execute((trx) => replacePassword(trx, agentId, hash, options));
}

/** setPassword's writes, for a caller that already holds a transaction and a hash. */
export async function replacePassword(
  trx: Kysely<Database>,
  agentId: number,
  passwordHash: string,
  options: { keep?: string } = {},
): Promise<number> {
  await trx.updateTable('agents').set({ password_hash: passwordHash }).where('id', '=', agentId).execute();
  await trx.deleteFrom('agent_password_resets').where('agent_id', '=', agentId).execute();
  return revokeSessions(trx, agentId, options);
}

/** Changes the name requesters see (already checked against `DisplayName`); the agent as now, or null when there is no such agent. */
export async function setDisplayName(db: Kysely<Database>, agentId: number, displayName: string) {
  const name = DisplayName.parse(displayName);
  await db.updateTable('agents').set({ display_name: name }).where('id', '=', agentId).execute();
  return findAgent(db, { id: agentId });
}

/** Ends the agent's sessions (all, or all but `keep`); returns how many. */
export async function revokeSessions(db: Kysely<Database>, agentId: number, options: { keep?: string } = {}): Promise<number> {
  let q = db.deleteFrom('agent_sessions').where('agent_id', '=', agentId);
  if (options.keep) q = q.where('id_hash', '!=', hashSession(options.keep));
  const result = await q.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Disables (sessions, reset links and presence go at once) or enables an agent. Returns the
 * sessions ended, or null when there is no such agent.
 */
export async function setDisabled(db: Kysely<Database>, agentId: number, disabled: boolean, now: Date): Promise<number | null> {
  const revoked = await db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable('agents')
      .set(disabled ? { disabled_at: now.toISOString(), last_seen_at: null } : { disabled_at: null })
      .where('id', '=', agentId)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return null;
    if (!disabled) return 0;
    await trx.deleteFrom('agent_password_resets').where('agent_id', '=', agentId).execute();
    return revokeSessions(trx, agentId);
  });
  if (disabled && revoked !== null) presenceEpoch++;
  return revoked;
}

const hashSession = (value: string) => createHash('sha256').update(value).digest('hex');

export async function openSession(
  db: Kysely<Database>,
  agentId: number,
  now: Date,
): Promise<{ cookie: string; csrfToken: string; expiresAt: Date }> {
  const cookie = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await db
    .insertInto('agent_sessions')
    .values({
      id_hash: hashSession(cookie),
      agent_id: agentId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute();
  return { cookie, csrfToken, expiresAt };
}

export async function sessionAgent(db: Kysely<Database>, cookie: string, now: Date): Promise<{ agent: Agent; csrfToken: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(cookie)) return null;
  const row = await db
    .selectFrom('agent_sessions')
    .innerJoin('agents', 'agents.id', 'agent_sessions.agent_id')
    .select([
      'agents.id',
      'agents.email',
      'agents.name',
      'agents.role',
      'agents.display_name',
      'agent_sessions.csrf_token',
      'agent_sessions.expires_at',
    ])
    .where('agent_sessions.id_hash', '=', hashSession(cookie))
    .where('agents.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return null;
  return { agent: toAgent(row), csrfToken: row.csrf_token };
}

/** Forgets what can no longer be used: expired sessions and reset links, stale sign-in failures. */
export async function pruneAgentRecords(db: Kysely<Database>, now: Date): Promise<void> {
  await db.deleteFrom('agent_sessions').where('expires_at', '<', now.toISOString()).execute();
  await db.deleteFrom('agent_password_resets').where('expires_at', '<', now.toISOString()).execute();
  await pruneSignInFailures(db, now);
}

export async function closeSession(db: Kysely<Database>, cookie: string): Promise<void> {
  await db.deleteFrom('agent_sessions').where('id_hash', '=', hashSession(cookie)).execute();
}

/** Bumped whenever this process changes presence, so cached online counts are dropped at once. */
let presenceEpoch = 0;
export const presenceVersion = (): number => presenceEpoch;

export async function touchPresence(db: Kysely<Database>, agentId: number, now: Date): Promise<void> {
  // A stream opened before the agent was disabled must not keep them "online" for chat.
  await db
    .updateTable('agents')
    .set({ last_seen_at: now.toISOString() })
    .where('id', '=', agentId)
    .where('disabled_at', 'is', null)
    .execute();
  presenceEpoch++;
}

export async function clearPresence(db: Kysely<Database>, agentId: number): Promise<void> {
  await db.updateTable('agents').set({ last_seen_at: null }).where('id', '=', agentId).execute();
  presenceEpoch++;
}

export async function agentsOnline(db: Kysely<Database>, since: Date): Promise<number> {
  const row = await db
    .selectFrom('agents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('last_seen_at', '>=', since.toISOString())
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
