/**
 * Whether the mail provider vouches for the From address: its Authentication-Results header
 * (RFC 8601) read for DMARC, DKIM and SPF results that align with the From domain.
 *
 * Which header counts: each hop prepends its own, so the topmost is the receiving provider's and
 * any a sender wrote itself sits below it. A provider that adds none would leave a forged one on
 * top; `authservId` (HELPWAY_INBOUND_AUTHSERV_ID) names the provider's, and then only it counts.
 */
import { domainOf, registeredDomain } from './domains.ts';

/** pass: aligned DMARC, DKIM or SPF pass; fail: they failed for the From domain; none: no verdict. */
export type SenderVerdict = 'pass' | 'fail' | 'none';

export interface AuthResult {
  method: string;
  result: string;
  /** "header.d", "smtp.mailfrom", "header.from", … (lower case) → value. */
  properties: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: AuthResult[];
}

/** Headers of this size are not a provider's verdict; reading them costs more than it tells. */
const MAX_HEADER_CHARS = 16_000;

/** Drops RFC 5322 comments, "(…)" possibly nested, keeping quoted strings intact. */
function withoutComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += ch + (value[i + 1] ?? '');
      i++;
    } else if (quoted) {
      out += ch;
      if (ch === '"') quoted = false;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')' && depth > 0) {
      depth--;
      if (depth === 0) out += ' ';
    } else if (depth === 0) {
      if (ch === '"') quoted = true;
      out += ch;
    }
  }
  return out;
}

function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === separator && !quoted) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

const unquote = (v: string) => (v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v);

/** One header's value; null when it names no authserv-id. */
export function parseAuthenticationResults(value: string): AuthenticationResults | null {
  const [head, ...resinfos] = splitOutsideQuotes(withoutComments(value.slice(0, MAX_HEADER_CHARS)), ';');
  const authservId = head.trim().split(/\s+/)[0] ?? '';
  if (!authservId) return null;
  const results: AuthResult[] = [];
  for (const resinfo of resinfos) {
    const pairs = [...resinfo.matchAll(/([^\s=";]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s";]*)/g)].map(
      (m) => [m[1].toLowerCase(), unquote(m[2])] as const,
    );
    if (!pairs.length) continue; // "none": the server checked nothing
    const [[method, result], ...rest] = pairs;
    const properties: Record<string, string> = {};
    for (const [name, v] of rest) if (/^[a-z0-9-]+\.[a-z0-9_.-]+$/.test(name) && !Object.hasOwn(properties, name)) properties[name] = v; // ptype.property only
    results.push({ method: method.replace(/\/.*$/, ''), result: result.toLowerCase(), properties });
  }
  return { authservId, results };
}

/** The provider's verdict on `fromAddress`, from the message's headers in order (topmost first). */
export function senderVerdict(
  headers: ReadonlyArray<{ key: string; value: string }>,
  fromAddress: string,
  authservId?: string,
): SenderVerdict {
  const all = headers.filter((h) => h.key.toLowerCase() === 'authentication-results').map((h) => parseAuthenticationResults(h.value));
  const chosen = authservId ? all.find((r) => r?.authservId.toLowerCase() === authservId.toLowerCase()) : all[0];
  if (!chosen) return 'none';
  const from = registeredDomain(domainOf(fromAddress));
  // Relaxed alignment (as DMARC's default): the same registered domain as From.
  const aligned = (domain: string | undefined) => domain !== undefined && domain !== '' && registeredDomain(domainOf(domain)) === from;
  // A failure that names no domain is taken to be about the sender; a pass must name it.
  const about = (domain: string | undefined) => domain === undefined || aligned(domain);
  const domainOfResult = (r: AuthResult) =>
    r.method === 'dmarc'
      ? r.properties['header.from']
      : r.method === 'dkim'
        ? (r.properties['header.d'] ?? r.properties['header.i'])
        : r.method === 'spf'
          ? r.properties['smtp.mailfrom']
          : undefined;

  const dmarc = chosen.results.filter((r) => r.method === 'dmarc');
  if (dmarc.some((r) => r.result === 'pass' && aligned(domainOfResult(r)))) return 'pass';
  if (dmarc.some((r) => r.result === 'fail' && about(domainOfResult(r)))) return 'fail';
  const others = chosen.results.filter((r) => r.method === 'dkim' || r.method === 'spf');
  if (others.some((r) => r.result === 'pass' && aligned(domainOfResult(r)))) return 'pass';
  if (others.some((r) => r.result === 'fail' && about(domainOfResult(r)))) return 'fail';
  return 'none';
}
