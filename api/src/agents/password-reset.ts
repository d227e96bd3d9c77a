/**
 * Password reset by mail. A request mails a link with a random single-use token valid for
 * RESET_MINUTES; only the token's SHA-256 is stored. Whether the email belongs to an agent
 * never changes the answer (the routes answer the same either way). Links are not replaced by
 * newer ones, so someone requesting resets for another agent cannot void the link that agent is
 * about to use; at most MAX_OPEN_RESETS are outstanding per agent, which bounds the mail.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Services } from '../http/env.ts';
import { passwordResetMail } from '../mail/agent-mails.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { markSecret } from '../mail/sealed-secret.ts';
import { findAgent, Password, replacePassword, type Agent } from './accounts.ts';
import { hashPassword } from './passwords.ts';
import { clearSignInFailuresForEmail } from './sign-in-throttle.ts';

export const RESET_MINUTES = 30;
export const MAX_OPEN_RESETS = 3;

/** The token's shape in links: 32 random bytes, base64url. */
export const RESET_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Queues a reset mail when `email` is an active agent's; silently nothing otherwise. */
export async function requestPasswordReset(services: Services, email: string): Promise<void> {
  const { db } = services.store;
  const agent = await findAgent(db, { email });
  if (!agent || agent.disabled) return;
  const now = services.clock.now();
  const open = await db
    .selectFrom('agent_password_resets')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('agent_id', '=', agent.id)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst();
  if (Number(open?.n ?? 0) >= MAX_OPEN_RESETS) return;
  const token = randomBytes(32).toString('base64url');
  // The link is a bearer secret: the outbox keeps only its mark and the sealed token (item 10's rule for every secret in mail).
  const secret = markSecret(token);
  const mail = passwordResetMail({
    agentName: agent.name,
    link: services.links.passwordReset(secret.mark),
    validMinutes: RESET_MINUTES,
    vendor: services.policy.vendor.name,
  });
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('agent_password_resets')
      .values({
        token_hash: hashToken(token),
        agent_id: agent.id,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + RESET_MINUTES * 60_000).toISOString(),
      })
      .execute();
    await enqueueMail(trx, [{ kind: 'password_reset', to: agent.email, ticketId: null, ...mail, secret }], {
      sealWith: await services.outbox.sealKey(trx),
    });
  });
  services.outbox.kick();
}

/**
 * Spends the token and sets the password (every session of the agent ends, every other link
 * dies, failed sign-ins are forgotten). Null when the token is unknown, used, expired or the
 * agent was disabled meanwhile.
 */
export async function confirmPasswordReset(services: Services, token: string, password: string): Promise<Agent | null> {
  const { db } = services.store;
  const passwordHash = await hashPassword(Password.parse(password));
  const now = services.clock.now().toISOString();
  const agent = await db.transaction().execute(async (trx) => {
    // Deleting it is what makes the token single-use, even with two confirmations at once.
    const spent = await trx
      .deleteFrom('agent_password_resets')
      .where('token_hash', '=', hashToken(token))
      .returning(['agent_id', 'expires_at'])
      .executeTakeFirst();
    if (!spent || spent.expires_at <= now) return null;
    const found = await findAgent(trx, { id: Number(spent.agent_id) });
    if (!found || found.disabled) return null;
    await replacePassword(trx, found.id, passwordHash);
    return found;
  });
  if (agent) await clearSignInFailuresForEmail(db, agent.email);
  if (!agent) return null;
  const { disabled: _, ...found } = agent;
  return found;
}
