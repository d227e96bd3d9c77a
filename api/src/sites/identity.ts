/**
 * Identity verification: each site has a secret; the host LMS, which knows who is
 * signed in, sends `requester.hash` = hex HMAC-SHA256(secret, requester email). A matching hash
 * marks the ticket's requester as verified; a missing or wrong one leaves it unverified (the
 * ticket is still accepted). Compared in constant time.
 *
 * Host side, e.g. in a Moodle theme or plugin (PHP):
 *   $hash = hash_hmac('sha256', $USER->email, $secret);
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new secret: 32 random bytes, hex, prefixed so it is recognisable in a config file. */
export const newIdentitySecret = (): string => `hwid_${randomBytes(32).toString('hex')}`;

export const identityHash = (secret: string, email: string): string => createHmac('sha256', secret).update(email, 'utf8').digest('hex');

/**
 * Whether `hash` is the HMAC of `email` under `secret`. The email as sent, and lower-cased (LMSs
 * differ in how they store the case of addresses), each compared in constant time.
 */
export function verifyIdentity(secret: string | null | undefined, email: string, hash: string | undefined): boolean {
  if (!secret || !hash) return false;
  const given = Buffer.from(hash.trim().toLowerCase(), 'utf8');
  let ok = false;
  for (const candidate of new Set([email, email.toLowerCase()])) {
    const expected = Buffer.from(identityHash(secret, candidate), 'utf8');
    // Same-length buffers only; a wrong length is a mismatch (the length is public: 64 hex digits).
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}
