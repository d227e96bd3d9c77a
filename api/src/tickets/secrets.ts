/**
 * Requester tokens and idempotency keys. Only hashes are stored: a database dump reveals no
 * token and no idempotency key. A replayed request must still answer with the original token,
 * so the token is sealed with AES-256-GCM under a key derived from the idempotency key itself:
 * only a client presenting that key can open it.
 *
 * Each caller has its own namespace of keys (the scope is part of the hash): a key an internal
 * channel chose, such as inbound mail's Message-ID, which others may have seen, can never be
 * replayed through the public API.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Random bytes from a pool refilled 8 KB at a time: one CSPRNG call per ~250 tokens instead of
 * one per token (it showed as ~3% of a ticket's CPU). Bytes are handed out once and never reused.
 */
const POOL_SIZE = 8192;
let pool = Buffer.alloc(0);
let poolOffset = 0;
export function randomPooled(size: number): Buffer {
  if (size > POOL_SIZE) return randomBytes(size);
  if (poolOffset + size > pool.length) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + size)); // a copy: the pool is not exposed
  pool.fill(0, poolOffset, poolOffset + size);
  poolOffset += size;
  return out;
}

export function newToken(): string {
  return randomPooled(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const presented = createHash('sha256').update(token).digest();
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}

/** public: POST /api/tickets; mail: inbound mail, keyed by Message-ID; portal: POST /api/portal/tickets. */
export type IdempotencyScope = 'public' | 'mail' | 'portal';

export function hashIdempotencyKey(scope: IdempotencyScope, site: string, key: string): string {
  return createHash('sha256').update(`idempotency\u0000${scope}\u0000${site}\u0000${key}`).digest('hex');
}

export function hashRequest(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

function sealingKey(site: string, key: string): Buffer {
  return createHash('sha256').update(`seal\u0000${site}\u0000${key}`).digest();
}

export function sealToken(site: string, key: string, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(site, key), iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString('base64url')).join('.');
}

export function openToken(site: string, key: string, sealed: string): string | null {
  try {
    const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(site, key), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
