/**
 * Configuration from the environment (contract 7 of docs/architecture.md). Everything has a default, so a bare
 * `npm start` runs in demo mode on port 8787 with SQLite under data/.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEscalationConfig, type EscalationConfig } from './inbox/config.ts';
import { readStreamLimits, type StreamLimits } from './chat/stream-limits.ts';
import { parseUploadLimits, type UploadLimits } from './uploads/limits.ts';
import { readWebhookConfig, type WebhookConfig } from './webhooks/config.ts';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A token bucket: `burst` requests at once, refilled at `burst` per `windowSeconds`. */
export interface Bucket {
  burst: number;
  windowSeconds: number;
}

/**
 * Rate-limit classes. Each applies per client IP; tickets and events also per site (the site a
 * request names), so many addresses together cannot flood one site. Reads are per IP only: a
 * big client's many users must not lock each other out of the policy.
 */
export interface RateLimits {
  /** POST /api/tickets and ticket messages. */
  tickets: Bucket;
  /** Feedback, search events, widget events, scope checks, uploads (which also have byte limits). */
  events: Bucket;
  /** Every GET under /api. */
  reads: Bucket;
  /** A site's share across all its users, per class, is this many times the per-IP bucket. */
  siteMultiplier: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  tickets: { burst: 10, windowSeconds: 60 },
  events: { burst: 240, windowSeconds: 60 },
  reads: { burst: 600, windowSeconds: 60 },
  siteMultiplier: 10,
};

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  databaseSchema?: string;
  dataDir: string;
  smtpUrl?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** Site `demo` exists and accepts loopback origins. */
  demoMode: boolean;
  /** null = no rate limiting (benchmarks). */
  rateLimits: RateLimits | null;
  /**
   * How many reverse proxies you run in front of Helpway (0 = none): the client IP and protocol
   * are then taken from the entries those proxies appended to X-Forwarded-For / -Proto.
   */
  trustProxy: number;
  /** One JSON line per request on stdout. */
  requestLog: boolean;
  /** The policy file; default content/policy.yaml. */
  policyFile?: string;
  /** Built front-ends served next to the API. */
  kbSiteDir: string;
  widgetDir: string;
  /** Mail, inbound secret, chat timeout, presence (api/src/inbox/config.ts). */
  escalation: EscalationConfig;
  /** Caps on open live event streams and their idle time (api/src/chat/stream-limits.ts). */
  streams: StreamLimits;
  /** Attachment bytes per hour per site and per address; null = unbounded (api/src/uploads/limits.ts). */
  uploadLimits: UploadLimits | null;
  /** Webhook delivery: poll, timeout, retries (api/src/webhooks/config.ts). */
  webhooks: WebhookConfig;
  /** How often the SLA sweeper (api/src/sla/sweeper.ts) looks for targets at risk or missed, in ms. */
  slaPollMs: number;
  /** Seconds between two probes of a site's health URL (api/src/status/prober.ts). */
  probeSeconds: number;
  /** The articles' feedback loop (api/src/articles/): who fixes them, and when the daily digest goes out. */
  content: ContentConfig;
}

/**
 * - `HELPWAY_CONTENT_EMAIL`: the content team's address, for articles without an `owner` in their
 *   frontmatter. Default the policy's vendor.supportEmail (resolved where the policy is known).
 * - `HELPWAY_DIGEST_HOUR`: the hour (0-23, support time zone) of the daily "Fix this article" digest (8).
 */
export interface ContentConfig {
  email?: string;
  /** The article sources, read for each article's title and owner. */
  articlesDir: string;
  digestHour: number;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !/^(0|false|no|off)$/i.test(value.trim());
}

/** "tickets=10/60,events=240/60" → overrides; "off" → null. */
export function parseRateLimits(value: string | undefined): RateLimits | null {
  if (value === undefined || value.trim() === '') return DEFAULT_RATE_LIMITS;
  if (/^(off|0|false|none)$/i.test(value.trim())) return null;
  const limits: RateLimits = structuredClone(DEFAULT_RATE_LIMITS);
  for (const part of value.split(',')) {
    const m = /^\s*(tickets|events|reads)\s*=\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(part) ?? /^\s*(siteMultiplier)\s*=\s*(\d+)()\s*$/.exec(part);
    if (!m)
      throw new ConfigError(
        `HELPWAY_RATE_LIMITS: "${part}" is not understood; write e.g. "tickets=10/60,events=240/60,reads=600/60" (burst/seconds) or "off"`,
      );
    if (m[1] === 'siteMultiplier') limits.siteMultiplier = Number(m[2]);
    else limits[m[1] as 'tickets' | 'events' | 'reads'] = { burst: Number(m[2]), windowSeconds: Number(m[3]) };
  }
  return limits;
}

/** "off" → 0 hops; "on"/"true" → 1; "2" → 2 proxies in a row (e.g. a CDN, then a load balancer). */
export function parseTrustProxy(value: string | undefined): number {
  const v = value?.trim().toLowerCase() ?? '';
  if (v === '' || /^(0|false|no|off)$/.test(v)) return 0;
  if (/^(true|yes|on)$/.test(v)) return 1;
  if (/^[1-9]\d?$/.test(v)) return Number(v);
  throw new ConfigError(
    `HELPWAY_TRUST_PROXY "${value}" is not understood: write the number of proxies you run in front of Helpway (e.g. 1), or "off"`,
  );
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT === undefined || env.PORT === '' ? 8787 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT "${env.PORT}" is not a port number (0-65535)`);
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl))
    throw new ConfigError('DATABASE_URL must be a postgres:// URL (leave it unset for SQLite under DATA_DIR)');
  return {
    port,
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    databaseSchema: env.DATABASE_SCHEMA?.trim() || undefined,
    dataDir: path.resolve(env.DATA_DIR?.trim() || path.join(ROOT_DIR, 'data')),
    smtpUrl: env.SMTP_URL?.trim() || undefined,
    adminEmail: env.HELPWAY_ADMIN_EMAIL?.trim() || undefined,
    adminPassword: env.HELPWAY_ADMIN_PASSWORD || undefined,
    demoMode: flag(env.HELPWAY_DEMO, true),
    rateLimits: parseRateLimits(env.HELPWAY_RATE_LIMITS),
    trustProxy: parseTrustProxy(env.HELPWAY_TRUST_PROXY),
    requestLog: flag(env.HELPWAY_REQUEST_LOG, true),
    policyFile: env.HELPWAY_POLICY_FILE?.trim() || undefined,
    kbSiteDir: path.join(ROOT_DIR, 'kb-site', 'dist'),
    widgetDir: path.join(ROOT_DIR, 'widget', 'dist'),
    escalation: escalationConfig(env),
    streams: streamLimits(env),
    uploadLimits: uploadLimits(env),
    webhooks: webhookConfig(env),
    slaPollMs: parseSlaPollMs(env.HELPWAY_SLA_POLL_MS),
    probeSeconds: parseProbeSeconds(env.HELPWAY_PROBE_SECONDS),
    content: readContentConfig(env),
  };
}

export function readContentConfig(env: NodeJS.ProcessEnv): ContentConfig {
  const email = env.HELPWAY_CONTENT_EMAIL?.trim() || undefined;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new ConfigError(`HELPWAY_CONTENT_EMAIL "${email}" is not an email address: write the content team's address`);
  const hour = env.HELPWAY_DIGEST_HOUR?.trim();
  const digestHour = hour ? Number(hour) : 8;
  if (!Number.isInteger(digestHour) || digestHour < 0 || digestHour > 23)
    throw new ConfigError(`HELPWAY_DIGEST_HOUR "${hour}" must be a whole hour from 0 to 23 (support time zone), e.g. 8`);
  return { email, articlesDir: path.join(ROOT_DIR, 'content', 'articles'), digestHour };
}

/**
 * HELPWAY_SLA_POLL_MS: milliseconds between SLA sweeps (default 15000). A warning or escalation
 * is at most this late; below 100 ms the sweeps would only load the store, above a day the
 * warnings would be useless.
 */
export function parseSlaPollMs(value: string | undefined): number {
  const raw = value?.trim();
  if (!raw) return 15_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 100 || n > 86_400_000)
    throw new ConfigError(`HELPWAY_SLA_POLL_MS "${raw}" must be a whole number of milliseconds from 100 to 86400000 (e.g. 15000)`);
  return n;
}

/**
 * HELPWAY_PROBE_SECONDS: seconds between two probes of each site's health URL (default 60; 1 for
 * a trial of how fast an outage shows, at the cost of a request a second to each LMS); above a
 * day, a down site would go unseen.
 */
export function parseProbeSeconds(value: string | undefined): number {
  const raw = value?.trim();
  if (!raw) return 60;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 86_400)
    throw new ConfigError(`HELPWAY_PROBE_SECONDS "${raw}" must be a whole number of seconds from 1 to 86400 (e.g. 60)`);
  return n;
}

/**
 * Demo mode is the out-of-the-box default (`npm start` just works), but a production process or a
 * shared PostgreSQL store with it on is almost certainly a forgotten setting: say so loudly.
 */
export function demoModeWarning(config: Pick<Config, 'demoMode' | 'databaseUrl'>, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!config.demoMode) return null;
  const reasons = [
    env.NODE_ENV?.trim() === 'production' ? 'NODE_ENV=production' : null,
    config.databaseUrl ? 'DATABASE_URL is set' : null,
  ].filter(Boolean);
  if (!reasons.length) return null;
  const rule = '!'.repeat(78);
  return [
    rule,
    `WARNING: Helpway is running in DEMO MODE, and ${reasons.join(' and ')}.`,
    'The site key "demo" exists and accepts tickets and chats from any loopback origin',
    '(http://localhost:*, http://127.0.0.1:*): fine on a laptop, wrong for a real deployment.',
    'Turn it off: set HELPWAY_DEMO=off (and register your sites with `npm run admin -- sites add`).',
    rule,
  ].join('\n');
}

function escalationConfig(env: NodeJS.ProcessEnv): EscalationConfig {
  try {
    return readEscalationConfig(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function streamLimits(env: NodeJS.ProcessEnv): StreamLimits {
  try {
    return readStreamLimits(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function uploadLimits(env: NodeJS.ProcessEnv): UploadLimits | null {
  try {
    return parseUploadLimits(env.HELPWAY_UPLOAD_LIMITS);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function webhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  try {
    return readWebhookConfig(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}
