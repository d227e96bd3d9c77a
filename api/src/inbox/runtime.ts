/**
 * What the escalation channels keep per store: the live-update hub, the outbox worker, the
 * public base URL for links in mails, and the chat timeout sweeper. `startEscalation` runs at
 * server start (server.ts) and returns the matching stop; an app made without it (tests calling
 * app.request) still works, with in-process live updates and mail left in the outbox.
 */
import { sql } from 'kysely';
import type { Policy } from '../../../content/src/policy-schema.ts';
import type { Clock, Services } from '../http/env.ts';
import type { Store } from '../store/database.ts';
import { ensureFirstAdmin, NewAgent, pruneAgentRecords } from '../agents/accounts.ts';
import { ConfigError, type Config } from '../config.ts';
import { hubFor, INBOX_TOPIC, ticketTopic, type EventHub } from '../chat/hub.ts';
import { sweepChats } from '../chat/timeouts.ts';
import { OutboxWorker } from '../mail/outbox.ts';
import { recomputeAfterResume } from './tickets.ts';

export interface EscalationRuntime {
  hub: EventHub;
  baseUrl: string;
  worker: OutboxWorker | null;
  /** Open live streams: closed at stop so shutdown does not wait for them. */
  streams: Set<() => void>;
  /** The app's services, once mounted (the chat sweeper uses them). */
  services?: Services;
}

const runtimes = new WeakMap<Store, EscalationRuntime>();

export function runtimeFor(store: Store, config?: Config): EscalationRuntime {
  let runtime = runtimes.get(store);
  if (!runtime) {
    runtime = { hub: hubFor(store), baseUrl: config?.escalation.publicUrl ?? `http://localhost:${config?.port || 8787}`, worker: null, streams: new Set() };
    runtimes.set(store, runtime);
  }
  return runtime;
}

export function kickOutbox(store: Store): void {
  runtimes.get(store)?.worker?.kick();
}

export interface StartEscalationOptions {
  store: Store;
  policy: Policy;
  config: Config;
  clock: Clock;
  log: (entry: Record<string, unknown>) => void;
  /** The server's own URL, used for links when HELPWAY_PUBLIC_URL is unset. */
  url: string;
}

/** Creates the first admin, joins the PostgreSQL fan-out, starts the outbox worker and chat sweeper. */
export async function startEscalation(options: StartEscalationOptions): Promise<{ stop(): Promise<void> }> {
  const { store, policy, config, clock, log } = options;
  const runtime = runtimeFor(store, config);
  runtime.baseUrl = config.escalation.publicUrl ?? options.url;

  if (config.adminEmail && config.adminPassword) {
    const checked = NewAgent.safeParse({ email: config.adminEmail, name: 'Admin', role: 'admin', password: config.adminPassword });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new ConfigError(issue.path[0] === 'password'
        ? 'HELPWAY_ADMIN_PASSWORD is too short: use at least 10 characters'
        : `HELPWAY_ADMIN_EMAIL "${config.adminEmail}" is not an email address`);
    }
    const result = await ensureFirstAdmin(store.db, config.adminEmail, config.adminPassword, clock.now());
    if (result === 'password_differs') {
      // Never overwritten from the environment: the password may have been changed on purpose since.
      log({ level: 'warn', msg: `HELPWAY_ADMIN_PASSWORD is not the stored password of ${config.adminEmail} and was NOT applied: it only sets the first admin's password when the account is created. To change the password run: npm run admin -- agents set-password --email ${config.adminEmail}`, email: config.adminEmail });
    } else {
      log({ msg: result === 'created' ? 'first admin created' : 'admin present', email: config.adminEmail });
    }
  } else if (config.demoMode) {
    log({ msg: 'no admin configured: set HELPWAY_ADMIN_EMAIL and HELPWAY_ADMIN_PASSWORD (10+ characters) and restart to sign in to /inbox' });
  }

  if (config.databaseUrl) await runtime.hub.listen(config.databaseUrl, config.databaseSchema, (channel, payload) => sql`SELECT pg_notify(${channel}, ${payload})`.execute(store.db));

  if (config.smtpUrl) {
    runtime.worker = new OutboxWorker({
      db: store.db,
      smtpUrl: config.smtpUrl,
      from: config.escalation.mailFrom ?? `${policy.vendor.name} support <${policy.vendor.supportEmail}>`,
      pollMs: config.escalation.outboxPollMs,
      backoffMs: config.escalation.outboxBackoffMs,
      maxAttempts: config.escalation.outboxMaxAttempts,
      maxAgeMs: config.escalation.outboxMaxAgeHours * 3_600_000,
      secretKey: config.escalation.secretKey,
      log,
    });
    runtime.worker.start();
  } else {
    log({ msg: 'SMTP_URL not set: mail stays in the outbox (see the inbox mail log)' });
  }

  let sweeper: NodeJS.Timeout | null = null;
  if (runtime.services) {
    const services = runtime.services;
    const every = Math.max(200, Math.min(10_000, config.escalation.chatTimeoutSeconds * 250));
    let ticks = 0;
    sweeper = setInterval(() => {
      sweepChats(services).catch((error) => log({ level: 'error', msg: 'chat sweep failed', error: (error as Error).message }));
      // Now and then, forget expired agent sessions and reset links, and stale sign-in failures.
      if (ticks++ % 100 === 0) {
        pruneAgentRecords(store.db, clock.now()).catch(() => {});
      }
    }, every);
    sweeper.unref();
  }

  return {
    async stop() {
      for (const close of [...runtime.streams]) close();
      if (sweeper) clearInterval(sweeper);
      await runtime.worker?.stop();
      runtime.worker = null;
      await runtime.hub.close();
    },
  };
}

/** Hook for tickets/service.ts, after the commit: tell the inbox, wake the outbox worker. */
export function afterTicketCreated(services: Services, reference: string): void {
  const ticketId = Number(reference.slice(3)) - 1000;
  kickOutbox(services.store);
  runtimeFor(services.store).hub.publish(INBOX_TOPIC, ticketTopic(ticketId));
}

/**
 * Hook for tickets/service.ts and the chat: the requester added a message. A ticket waiting on
 * them (pending) or solved opens again, so its SLA clock runs again. Never throws.
 */
export async function afterRequesterMessage(services: Services, ticketId: number): Promise<void> {
  try {
    const { db } = services.store;
    const row = await db.selectFrom('tickets').select(['status']).where('id', '=', ticketId).executeTakeFirst();
    if (row && (row.status === 'pending' || row.status === 'solved')) {
      const at = services.clock.now().toISOString();
      const changed = await db.updateTable('tickets').set({ status: 'open', resolved_at: null, updated_at: at }).where('id', '=', ticketId).where('status', '=', row.status).executeTakeFirst();
      if (Number(changed.numUpdatedRows) === 1) {
        await db.insertInto('ticket_status_history').values({ ticket_id: ticketId, status: 'open', note: 'requester replied', at }).execute();
        await recomputeAfterResume(services, ticketId);
      }
    }
  } catch (error) {
    services.log({ level: 'error', msg: 'could not reopen ticket after a requester message', ticketId, error: (error as Error).message });
  }
  runtimeFor(services.store).hub.publish(INBOX_TOPIC, ticketTopic(ticketId));
}
