/**
 * Where a webhook may point. A receiver URL is chosen by an admin but fetched by the server, so
 * a careless or hostile one must not reach what only the server can reach (SSRF): the metadata
 * service at 169.254.169.254, the database, an admin port on localhost.
 *
 * - Production (demo mode off): https only, and no private, loopback, link-local or otherwise
 *   non-public address — neither written in the URL (checked at registration) nor resolved from
 *   its host name at send time (the delivery's DNS lookup is checked, so a name that later
 *   resolves inward is refused too).
 * - Demo mode (and the tests): also plain http, to a loopback host only; private addresses pass.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

const LOOPBACK_NAMES = /^(localhost|.+\.localhost)$/i;

/** Brackets off ("[::1]" → "::1") and IPv4-mapped IPv6 ("::ffff:10.0.0.1") as its IPv4 address. */
function plainAddress(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  return mapped ? mapped[1] : bare;
}

/** True for an address no public receiver has (private, loopback, link-local, multicast, reserved). */
export function isNonPublicAddress(address: string): boolean {
  const plain = plainAddress(address);
  const family = isIP(plain);
  if (family === 0) return false;
  return blocked.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

export function isLoopbackHost(host: string): boolean {
  const plain = plainAddress(host);
  if (LOOPBACK_NAMES.test(plain)) return true;
  const family = isIP(plain);
  if (family === 4) return plain.startsWith('127.');
  return family === 6 && plain === '::1';
}

/**
 * Why `raw` may not be fetched by the server, or null when it may. `demoMode` allows http to
 * loopback and private addresses. `plainHttp` allows http to public hosts too: for a health URL,
 * a GET that carries nothing secret (a webhook's body and signature need https).
 */
export function urlProblem(raw: string, demoMode: boolean, options: { plainHttp?: boolean } = {}): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https:// URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a #fragment';
  const host = url.hostname;
  if (url.protocol === 'http:' && !options.plainHttp && !(demoMode && isLoopbackHost(host)))
    return demoMode ? 'must be https:// (plain http only to a loopback host, in demo mode)' : 'must be an https:// URL';
  if (!demoMode && (LOOPBACK_NAMES.test(host) || isNonPublicAddress(host)))
    return 'must not point to a private, loopback or link-local address';
  return null;
}

/**
 * A DNS lookup for node:http(s) that refuses non-public addresses (production), so the address
 * connected to is the one checked: no window for a name to change between check and connect.
 */
export function guardedLookup(demoMode: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const allowed = demoMode ? addresses : addresses.filter((a) => !isNonPublicAddress(a.address));
      if (!allowed.length) {
        const refused = Object.assign(new Error(`${hostname} resolves only to non-public addresses; refused`), { code: 'EADDRNOTPUBLIC' });
        return callback(refused, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0].address, allowed[0].family);
    });
  };
}
