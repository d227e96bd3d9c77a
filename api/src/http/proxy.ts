/**
 * The client's address and protocol, behind `HELPWAY_TRUST_PROXY` hops of reverse proxies you run.
 * Each proxy appends the address it received the request from to X-Forwarded-For, so only the
 * last `hops` entries were written by proxies we trust; everything to their left came from the
 * client and proves nothing. The client is therefore the `hops`-th entry from the right (as
 * Express's numeric `trust proxy` does). With no trusted proxy the headers are ignored.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

function forwardedEntry(header: string | undefined, hops: number): string | undefined {
  if (!header || hops < 1) return undefined;
  const entries = header
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Fewer entries than hops: the request came through fewer proxies; the leftmost was still written by one of ours.
  return entries[Math.max(0, entries.length - hops)];
}

/** The client IP: from the socket, or the address our outermost trusted proxy saw. */
export function clientIp(c: Context, trustProxyHops: number): string {
  const forwarded = forwardedEntry(c.req.header('x-forwarded-for'), trustProxyHops);
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

/**
 * Whether the client reached us over HTTPS: directly, or at our outermost trusted proxy. A proxy
 * either sets X-Forwarded-Proto (one entry) or appends to it; the same hop count picks its entry.
 */
export function isHttps(c: Context, trustProxyHops: number): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return forwardedEntry(c.req.header('x-forwarded-proto'), trustProxyHops)?.toLowerCase() === 'https';
}
