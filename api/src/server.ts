/**
 * Starts Helpway: validates the policy, opens the store (running migrations), creates the demo
 * site in demo mode, serves the app. `stop()` stops accepting connections, lets in-flight
 * requests finish, then closes the store. Used by main.ts and by the tests.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { loadPolicy, loadPolicyTranslations } from '../../content/src/load.ts';
import type { Policy } from '../../content/src/policy-schema.ts';
import { createApp, defaultLog, systemClock } from './app.ts';
import { serveLiveBodies } from './http/live-body.ts';
import type { Config } from './config.ts';
import type { Clock, Services } from './http/env.ts';
import { ensureDemoSite } from './sites/sites.ts';
import { startEscalation } from './inbox/runtime.ts';
import { pruneIdempotencyKeys } from './tickets/service.ts';
import { openStore, type Store } from './store/database.ts';
import { pruneUploads } from './uploads/service.ts';
import { WebhookWorker } from './webhooks/worker.ts';

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  policy: Policy;
  /** The app's services (events, hub, outbox, …), for tests that drive background work. */
  services: Services;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  log?: (entry: Record<string, unknown>) => void;
  /** Milliseconds to wait for in-flight requests on stop before cutting connections. Default 10000. */
  drainTimeoutMs?: number;
  /** Wraps the app's fetch before serving (the benchmark puts a bare route in front of it). */
  wrap?: (fetch: AppFetch) => AppFetch;
}

type AppFetch = (request: Request, env?: unknown) => Response | Promise<Response>;

export async function startHelpway(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? defaultLog;
  const clock = options.clock ?? systemClock;
  const policy = await loadPolicy(config.policyFile);
  const { translations, warnings } = await loadPolicyTranslations(policy, config.policyFile);
  for (const w of warnings)
    log({ level: 'warn', msg: 'stale policy translation: served in English', file: w.file, key: w.key, fix: w.message });
  const store = await openStore({ databaseUrl: config.databaseUrl, databaseSchema: config.databaseSchema, dataDir: config.dataDir });
  try {
    if (config.demoMode) await ensureDemoSite(store.db, policy, clock.now());
  } catch (error) {
    await store.close();
    throw error;
  }
  const { app, services } = createApp({ store, policy, translations, config, clock, log });
  const prune = () =>
    pruneIdempotencyKeys(store.db, clock.now()).catch((error) =>
      log({ level: 'warn', msg: 'pruning idempotency keys failed', error: (error as Error).message }),
    );
  await prune();
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref();
  const pruneStaleUploads = () =>
    pruneUploads(store.db, clock.now()).catch((error) =>
      log({ level: 'warn', msg: 'pruning unclaimed uploads failed', error: (error as Error).message }),
    );
  await pruneStaleUploads();
  const uploadsTimer = setInterval(pruneStaleUploads, 3_600_000);
  uploadsTimer.unref();

  const server = await new Promise<Server>((resolve, reject) => {
    const fetch = serveLiveBodies(options.wrap ? options.wrap((request, env) => app.fetch(request, env)) : app.fetch);
    const s = serve({ fetch, port: config.port, hostname: config.host }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  server.keepAliveTimeout = 5000;
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  // Mail outbox worker, first admin, chat fan-out and sweeper.
  const escalation = await startEscalation(services, url).catch(async (error) => {
    server.close();
    await store.close();
    throw error;
  });

  // Webhook deliveries: always, as hooks exist only when an admin registered one.
  services.webhooks.run(
    new WebhookWorker({
      db: store.db,
      pollMs: config.webhooks.pollMs,
      timeoutMs: config.webhooks.timeoutMs,
      backoffMs: config.webhooks.backoffMs,
      maxAttempts: config.webhooks.maxAttempts,
      maxAgeMs: config.webhooks.maxAgeHours * 3_600_000,
      demoMode: config.demoMode,
      secretKey: config.escalation.secretKey,
      log,
    }),
  );

  // SLA warnings, misses and escalations (api/src/sla/sweeper.ts).
  services.sla.run(config.slaPollMs);
  // The daily "Fix this article" digest to article owners (api/src/articles/digest.ts).
  services.digest.run();
  // Site health probes (api/src/status/prober.ts).
  services.prober.run();

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(pruneTimer);
      clearInterval(uploadsTimer);
      await escalation.stop(); // ends live streams so draining does not wait for them
      await services.webhooks.stop();
      await services.sla.stop();
      await services.digest.stop();
      await services.prober.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections become idle as their last response ends: close them as they do.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
      await closed;
      clearInterval(sweep);
      clearTimeout(timer);
      await store.close();
    })());

  return { url, port, store, policy, services, stop };
}
