/**
 * Agent accounts and sessions. A session is a random cookie value; only its SHA-256 is stored,
 * next to a per-session CSRF token the inbox sends back in `X-CSRF-Token` on every write.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { isUniqueViolation } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';

export const SESSION_HOURS = 12;

export interface Agent {
  id: number;
  email: string;
  name: string;
  role: 'agent' | 'admin';
}

export const NewAgent = z.strictObject({
  email: z.email().max(254).transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(120),
  role: z.enum(['agent', 'admin']).default('agent'),
  password: z.string().min(10, 'use at least 10 characters').max(200),
});
export type NewAgent = z.input<typeof NewAgent>;

export class AgentExistsError extends Error {}

const toAgent = (row: { id: number; email: string; name: string; role: string }): Agent => ({ id: Number(row.id), email: row.email, name: row.name, role: row.role === 'admin' ? 'admin' : 'agent' });

export async function createAgent(db: Kysely<Database>, input: NewAgent, now: Date): Promise<Agent> {
  const agent = NewAgent.parse(input);
  try {
    const row = await db
      .insertInto('agents')
      .values({ email: agent.email, name: agent.name, role: agent.role, password_hash: await hashPassword(agent.password), created_at: now.toISOString(), last_seen_at: null })
      .returning(['id', 'email', 'name', 'role'])
      .executeTakeFirstOrThrow();
    return toAgent(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AgentExistsError(`An agent with the email ${agent.email} already exists.`);
    throw error;
  }
}

export async function listAgents(db: Kysely<Database>, onlineSince?: Date) {
  const rows = await db.selectFrom('agents').select(['id', 'email', 'name', 'role', 'last_seen_at']).orderBy('name').execute();
  return rows.map((r) => ({ ...toAgent(r), online: Boolean(onlineSince && r.last_seen_at && r.last_seen_at >= onlineSince.toISOString()) }));
}

/** The first admin from HELPWAY_ADMIN_EMAIL / HELPWAY_ADMIN_PASSWORD; nothing if one exists with that email. */
export async function ensureFirstAdmin(db: Kysely<Database>, email: string, password: string, now: Date): Promise<'created' | 'exists'> {
  const existing = await db.selectFrom('agents').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  if (existing) return 'exists';
  try {
    await createAgent(db, { email, name: email.split('@')[0] || 'Admin', role: 'admin', password }, now);
    return 'created';
  } catch (error) {
    if (error instanceof AgentExistsError) return 'exists'; // another process at the same moment
    throw error;
  }
}

export async function authenticate(db: Kysely<Database>, email: string, password: string): Promise<Agent | null> {
  const row = await db.selectFrom('agents').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
  return row && ok ? toAgent(row) : null;
}

const hashSession = (value: string) => createHash('sha256').update(value).digest('hex');

export async function openSession(db: Kysely<Database>, agentId: number, now: Date): Promise<{ cookie: string; csrfToken: string; expiresAt: Date }> {
  const cookie = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await db.insertInto('agent_sessions').values({ id_hash: hashSession(cookie), agent_id: agentId, csrf_token: csrfToken, created_at: now.toISOString(), expires_at: expiresAt.toISOString() }).execute();
  return { cookie, csrfToken, expiresAt };
}

export async function sessionAgent(db: Kysely<Database>, cookie: string, now: Date): Promise<{ agent: Agent; csrfToken: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(cookie)) return null;
  const row = await db
    .selectFrom('agent_sessions')
    .innerJoin('agents', 'agents.id', 'agent_sessions.agent_id')
    .select(['agents.id', 'agents.email', 'agents.name', 'agents.role', 'agent_sessions.csrf_token', 'agent_sessions.expires_at'])
    .where('agent_sessions.id_hash', '=', hashSession(cookie))
    .executeTakeFirst();
  if (!row || row.expires_at <= now.toISOString()) return null;
  return { agent: toAgent(row), csrfToken: row.csrf_token };
}

export async function closeSession(db: Kysely<Database>, cookie: string): Promise<void> {
  await db.deleteFrom('agent_sessions').where('id_hash', '=', hashSession(cookie)).execute();
}

/** Bumped whenever this process changes presence, so cached online counts are dropped at once. */
let presenceEpoch = 0;
export const presenceVersion = (): number => presenceEpoch;

export async function touchPresence(db: Kysely<Database>, agentId: number, now: Date): Promise<void> {
  await db.updateTable('agents').set({ last_seen_at: now.toISOString() }).where('id', '=', agentId).execute();
  presenceEpoch++;
}

export async function clearPresence(db: Kysely<Database>, agentId: number): Promise<void> {
  await db.updateTable('agents').set({ last_seen_at: null }).where('id', '=', agentId).execute();
  presenceEpoch++;
}

export async function agentsOnline(db: Kysely<Database>, since: Date): Promise<number> {
  const row = await db.selectFrom('agents').select((eb) => eb.fn.countAll<number>().as('n')).where('last_seen_at', '>=', since.toISOString()).executeTakeFirst();
  return Number(row?.n ?? 0);
}
