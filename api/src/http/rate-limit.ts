/**
 * In-memory token buckets (per process): each client IP, and each site a request names, gets
 * `burst` requests, refilled continuously at `burst / windowSeconds` per second. Over the limit
 * → 429 `rate_limited` with Retry-After in whole seconds.
 */
import type { MiddlewareHandler } from 'hono';
import type { Bucket, RateLimits } from '../config.ts';
import { ApiError } from './errors.ts';
import type { AppEnv } from './env.ts';
import { clientIp } from './proxy.ts';

// Kept here too: the sign-in limits import it from this module.
export { clientIp };

export class TokenBuckets {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #maxKeys: number;

  constructor(bucket: Bucket, maxKeys = 50_000) {
    this.#capacity = bucket.burst;
    this.#perMs = bucket.burst / (bucket.windowSeconds * 1000);
    this.#maxKeys = maxKeys;
  }

  /** Takes one token for `key`; returns 0 when allowed, else the seconds to wait. */
  take(key: string, now: number): number {
    let b = this.#buckets.get(key);
    if (!b) {
      if (this.#buckets.size >= this.#maxKeys) this.#prune(now);
      b = { tokens: this.#capacity, at: now };
      this.#buckets.set(key, b);
    } else {
      b.tokens = Math.min(this.#capacity, b.tokens + (now - b.at) * this.#perMs);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.#perMs / 1000));
  }

  /** Forgets buckets that have refilled (they behave exactly like new ones). */
  #prune(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * this.#perMs >= this.#capacity) this.#buckets.delete(key);
    }
    if (this.#buckets.size >= this.#maxKeys) this.#buckets.clear();
  }
}

function tooMany(seconds: number, who: string): ApiError {
  return new ApiError(429, 'rate_limited', `Too many requests from this ${who}: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, undefined, { 'Retry-After': String(seconds) });
}

export interface RateLimitOptions {
  /** Name of the limit, so different classes do not share buckets. */
  name: string;
  bucket: Bucket;
  /** A site's bucket is this many times larger than an IP's. */
  siteMultiplier: number;
  /** Reverse proxies in front of us (0 = none): see proxy.ts. */
  trustProxy: number;
  now?: () => number;
}

/**
 * Two middlewares: `byIp` goes before the body is read (cheap refusal), `bySite` after the
 * validator has found the site the request names.
 */
export function rateLimit(options: RateLimitOptions): { byIp: MiddlewareHandler<AppEnv>; bySite: MiddlewareHandler<AppEnv> } {
  const now = options.now ?? (() => performance.now());
  const ips = new TokenBuckets(options.bucket);
  const sites = new TokenBuckets({ burst: options.bucket.burst * options.siteMultiplier, windowSeconds: options.bucket.windowSeconds });
  return {
    byIp: async function rateLimitByIp(c, next) {
      const wait = ips.take(clientIp(c, options.trustProxy), now());
      if (wait) throw tooMany(wait, 'address');
      await next();
    },
    bySite: async function rateLimitBySite(c, next) {
      const site = c.get('siteKey');
      if (site) {
        const wait = sites.take(site, now());
        if (wait) throw tooMany(wait, 'site');
      }
      await next();
    },
  };
}

const pass: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};

/** The limits of one class, or pass-throughs when rate limiting is off. */
export function limitsFor(cls: 'tickets' | 'events' | 'reads', config: { rateLimits: RateLimits | null; trustProxy: number }) {
  if (!config.rateLimits) return { byIp: pass, bySite: pass };
  return rateLimit({ name: cls, bucket: config.rateLimits[cls], siteMultiplier: config.rateLimits.siteMultiplier, trustProxy: config.trustProxy });
}
