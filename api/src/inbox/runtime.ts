/**
 * What the escalation channels run in the background once the server listens (server.ts): the
 * first admin, the PostgreSQL fan-out of live updates, the outbox worker, and the chat timeout
 * sweeper. All of it goes through the app's services; the returned `stop` undoes it. An app
 * whose server never starts this still works, with in-process live updates and mail left in
 * the outbox.
 */
import { sql } from 'kysely';
import type { Services } from '../http/env.ts';
import { ensureFirstAdmin, NewAgent, pruneAgentRecords } from '../agents/accounts.ts';
import { ConfigError } from '../config.ts';
import { sweepChats } from '../chat/timeouts.ts';
import { OutboxWorker } from '../mail/outbox-worker.ts';

/**
 * Creates the first admin, joins the PostgreSQL fan-out, starts the outbox worker and the chat
 * sweeper. `url`: the server's own, for links when HELPWAY_PUBLIC_URL is unset.
 */
export async function startEscalation(services: Services, url: string): Promise<{ stop(): Promise<void> }> {
  const { store, policy, config, clock, log } = services;
  services.links.listeningAt(url);

  if (config.adminEmail && config.adminPassword) {
    const checked = NewAgent.safeParse({ email: config.adminEmail, name: 'Admin', role: 'admin', password: config.adminPassword });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ConfigError(
        issue.path[0] === 'password'
          ? 'HELPWAY_ADMIN_PASSWORD is too short: use at least 10 characters'
          : `HELPWAY_ADMIN_EMAIL "${config.adminEmail}" is not an email address`,
      );
    }
    const result = await ensureFirstAdmin(store.db, config.adminEmail, config.adminPassword, clock.now());
    if (result === 'password_differs') {
      // Never overwritten from the environment: the password may have been changed on purpose since.
      log({
        level: 'warn',
        msg: `HELPWAY_ADMIN_PASSWORD is not the stored password of ${config.adminEmail} and was NOT applied: it only sets the first admin's password when the account is created. To change the password run: npm run admin -- agents set-password --email ${config.adminEmail}`,
        email: config.adminEmail,
      });
    } else {
      log({ msg: result === 'created' ? 'first admin created' : 'admin present', email: config.adminEmail });
    }
  } else if (config.demoMode) {
    log({
      msg: 'no admin configured: set HELPWAY_ADMIN_EMAIL and HELPWAY_ADMIN_PASSWORD (10+ characters) and restart to sign in to /inbox',
    });
  }

  if (config.databaseUrl)
    await services.hub.listen(config.databaseUrl, config.databaseSchema, (channel, payload) =>
      sql`SELECT pg_notify(${channel}, ${payload})`.execute(store.db),
    );

  if (config.smtpUrl) {
    services.outbox.run(
      new OutboxWorker({
        db: store.db,
        smtpUrl: config.smtpUrl,
        from: config.escalation.mailFrom ?? `${policy.vendor.name} support <${policy.vendor.supportEmail}>`,
        pollMs: config.escalation.outboxPollMs,
        backoffMs: config.escalation.outboxBackoffMs,
        maxAttempts: config.escalation.outboxMaxAttempts,
        maxAgeMs: config.escalation.outboxMaxAgeHours * 3_600_000,
        secretKey: config.escalation.secretKey,
        log,
      }),
    );
  } else {
    log({ msg: 'SMTP_URL not set: mail stays in the outbox (see the inbox mail log)' });
  }

  const every = Math.max(200, Math.min(10_000, config.escalation.chatTimeoutSeconds * 250));
  let ticks = 0;
  const sweeper = setInterval(() => {
    sweepChats(services).catch((error) => log({ level: 'error', msg: 'chat sweep failed', error: (error as Error).message }));
    // Now and then, forget expired agent sessions and reset links, and stale sign-in failures.
    if (ticks++ % 100 === 0) {
      pruneAgentRecords(store.db, clock.now()).catch(() => {});
    }
  }, every);
  sweeper.unref();

  return {
    async stop() {
      clearInterval(sweeper);
      await services.hub.close(); // ends open live streams first, so draining does not wait for them
      await services.outbox.stop();
      await services.events.settled();
    },
  };
}
