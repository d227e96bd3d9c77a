/**
 * The prober: every HELPWAY_PROBE_SECONDS it GETs the health URL of each site that is due
 * (`site_health.next_probe_at`), a 2xx or 3xx within the timeout being a good answer, and feeds
 * each result to the site's state machine (probe-store.ts), which emits `site.down` / `site.up`.
 *
 * One prober among several processes: a round starts by taking or renewing the "prober" lease
 * in the store (a few intervals long), and a process that does not hold it probes nothing; the
 * holder renews it every round, and if it dies another takes over once the lease expired. The
 * due sites are also claimed in one statement, so even two holders in a handover could not
 * probe one site twice in an interval. On SQLite there is one process anyway.
 *
 * Probes run at most CONCURRENCY at a time, each bounded by min(10 s, interval), so 5,000 sites
 * take about 5,000 / CONCURRENCY × a probe's time: well inside a minute for healthy sites, and
 * at worst 100 rounds of 10 s when every one of them hangs.
 */
import { randomUUID } from 'node:crypto';
import type { Services } from '../http/env.ts';
import { Poller } from '../jobs/poller.ts';
import { getStatus } from '../webhooks/post.ts';
import { acquireLease, claimDue, ensureHealthRows, foldRollups, recordProbe, releaseLease, type ProbeResult } from './probe-store.ts';

export const PROBE_LEASE = 'prober';
const CONCURRENCY = 50;
/** The lease outlives this many intervals without renewal, so a slow round does not lose it. */
const LEASE_INTERVALS = 3;

export interface ProbeReport {
  /** Whether this process held the lease (and so probed). */
  leader: boolean;
  probed: number;
  failed: number;
  /** site.down / site.up emitted. */
  transitions: number;
  /** Hours folded into days this round (once an hour). */
  folded: number;
}

export class Prober {
  readonly #services: () => Services;
  readonly #poller: Poller<ProbeReport>;
  /** This process's name in the lease. */
  readonly holder = randomUUID();
  #lastFold = -Infinity;

  constructor(services: () => Services) {
    this.#services = services;
    this.#poller = new Poller({
      name: 'site probe',
      round: () => this.#round(),
      delayMs: () => this.#services().config.probeSeconds * 1000,
      log: (entry) => this.#services().log(entry),
    });
  }

  /** One round now, after the one running (tests, benchmarks). */
  async probeOnce(): Promise<ProbeReport> {
    return (await this.#poller.runOnce()) ?? { leader: false, probed: 0, failed: 0, transitions: 0, folded: 0 };
  }

  /** Probes from now on, the first round one interval after start. */
  run(): void {
    this.#poller.start(this.#services().config.probeSeconds * 1000);
  }

  /** No more rounds; the lease is given up so another process takes over at once. */
  async stop(): Promise<void> {
    await this.#poller.stop();
    await releaseLease(this.#services().store.db, PROBE_LEASE, this.holder).catch(() => {});
    await this.#services().siteEvents.settled();
  }

  async #round(): Promise<ProbeReport> {
    const services = this.#services();
    const { db } = services.store;
    const intervalMs = services.config.probeSeconds * 1000;
    const now = services.clock.now();
    const report: ProbeReport = { leader: false, probed: 0, failed: 0, transitions: 0, folded: 0 };
    if (!(await acquireLease(db, PROBE_LEASE, this.holder, now, new Date(now.getTime() + LEASE_INTERVALS * intervalMs)))) return report;
    report.leader = true;
    await ensureHealthRows(db, now);
    const due = await claimDue(db, now, intervalMs);
    const timeoutMs = Math.min(10_000, intervalMs);
    let next = 0;
    const worker = async () => {
      while (next < due.length && !this.#poller.stopped) {
        const site = due[next++];
        const result = await this.#probe(site.siteKey, site.url, timeoutMs);
        report.probed++;
        if (!result.ok) report.failed++;
        try {
          const event = await recordProbe(db, result);
          if (event) {
            report.transitions++;
            services.log({ level: 'warn', msg: `site ${event.type === 'site.down' ? 'down' : 'up'}`, ...event });
            services.siteEvents.emit(event);
          }
        } catch (error) {
          services.log({ level: 'error', msg: 'storing a probe failed', siteKey: site.siteKey, error: (error as Error).message });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
    if (now.getTime() - this.#lastFold >= 3_600_000) {
      report.folded = await foldRollups(db, now);
      this.#lastFold = now.getTime();
    }
    return report;
  }

  async #probe(siteKey: string, url: string, timeoutMs: number): Promise<ProbeResult> {
    const services = this.#services();
    const at = services.clock.now();
    const started = performance.now();
    const answer = await getStatus(url, { 'user-agent': 'Helpway-Probe/1' }, { timeoutMs, demoMode: services.config.demoMode });
    return { siteKey, at, ok: answer.ok, ms: performance.now() - started, error: answer.ok ? null : answer.error };
  }
}
