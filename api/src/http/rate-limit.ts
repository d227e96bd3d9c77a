/**
 * In-memory token buckets (per process): each client IP, each site a request names from one of
 * its registered origins, and each ticket a requester writes to, gets `burst` requests (a site
 * `siteMultiplier` times more), refilled continuously at `burst / windowSeconds` per second.
 * Over the limit → 429 `rate_limited` with Retry-After in whole seconds.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
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

  /** The seconds `key` would wait for a token now (0 = one is there), without taking it. */
  peek(key: string, now: number): number {
    const b = this.#buckets.get(key);
    if (!b) return 0;
    const tokens = Math.min(this.#capacity, b.tokens + (now - b.at) * this.#perMs);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.#perMs / 1000));
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
  return new ApiError(
    429,
    'rate_limited',
    `Too many requests from this ${who}: try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
    undefined,
    { 'Retry-After': String(seconds) },
  );
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

/** The limits of one class. */
export interface ClassLimits {
  /** Per client address; goes before the body is read (cheap refusal). */
  byIp: MiddlewareHandler<AppEnv>;
  /**
   * Per site, after the validator has found the site the request names, and only for requests
   * from an origin registered for that site (its widget on the client's LMS). Site keys are
   * public: anything else (no origin, another origin, our own pages) is held by the per-address
   * limit alone, so outsiders cannot spend the bucket the site's real users share.
   */
  bySite: MiddlewareHandler<AppEnv>;
  /**
   * Per ticket and requester token (route param `reference`, `Authorization: Bearer`), before the
   * body is read: one token holder cannot flood a ticket from many addresses. The token is part
   * of the key, so someone without it cannot spend the requester's share.
   */
  byTicket: MiddlewareHandler<AppEnv>;
  /** For handlers that answer in HTML: takes a token from the address's bucket; 0 or the seconds to wait. */
  ipWait(c: Context): number;
  /** The same for the ticket's bucket. */
  ticketWait(reference: string, token: string): number;
}

const ticketKey = (reference: string, token: string): string => {
  const number = /^HW-(\d{1,15})$/i.exec(reference)?.[1];
  return `${number ? Number(number) : reference}\n${createHash('sha256').update(token).digest('base64url')}`;
};

export function rateLimit(options: RateLimitOptions): ClassLimits {
  const now = options.now ?? (() => performance.now());
  const ips = new TokenBuckets(options.bucket);
  const sites = new TokenBuckets({ burst: options.bucket.burst * options.siteMultiplier, windowSeconds: options.bucket.windowSeconds });
  const tickets = new TokenBuckets(options.bucket);
  const ipWait = (c: Context) => ips.take(clientIp(c, options.trustProxy), now());
  const ticketWait = (reference: string, token: string) => tickets.take(ticketKey(reference, token), now());
  return {
    ipWait,
    ticketWait,
    byIp: async function rateLimitByIp(c, next) {
      const wait = ipWait(c);
      if (wait) throw tooMany(wait, 'address');
      await next();
    },
    bySite: async function rateLimitBySite(c, next) {
      const key = c.get('siteKey');
      const origin = c.req.header('origin');
      if (key && origin) {
        const { sites: directory } = c.var.services;
        const site = await directory.get(key);
        if (site && directory.allows(site, origin)) {
          const wait = sites.take(key, now());
          if (wait) throw tooMany(wait, 'site');
        }
      }
      await next();
    },
    byTicket: async function rateLimitByTicket(c, next) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
      const reference = c.req.param('reference');
      if (token && reference) {
        const wait = ticketWait(reference, token);
        if (wait) throw tooMany(wait, 'ticket');
      }
      await next();
    },
  };
}

const pass: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await next();
};
const unlimited: ClassLimits = { byIp: pass, bySite: pass, byTicket: pass, ipWait: () => 0, ticketWait: () => 0 };

type LimitClass = 'tickets' | 'events' | 'reads';
const perConfig = new WeakMap<object, Map<LimitClass, ClassLimits>>();

/**
 * The limits of one class, or pass-throughs when rate limiting is off. One set of buckets per
 * class and configuration (so per app): every route of a class draws from the same buckets, e.g.
 * a ticket message costs the same whether it comes through the API, the chat or the status page.
 */
export function limitsFor(cls: LimitClass, config: { rateLimits: RateLimits | null; trustProxy: number }): ClassLimits {
  const limits = config.rateLimits;
  if (!limits) return unlimited;
  let classes = perConfig.get(config);
  if (!classes) perConfig.set(config, (classes = new Map()));
  let found = classes.get(cls);
  if (!found)
    classes.set(
      cls,
      (found = rateLimit({ name: cls, bucket: limits[cls], siteMultiplier: limits.siteMultiplier, trustProxy: config.trustProxy })),
    );
  return found;
}
