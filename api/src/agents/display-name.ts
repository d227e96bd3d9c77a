/**
 * How an agent appears to requesters: a display name and its initials (the avatar), never the
 * login email or an account name such as "admin". Everything a requester reads that names an
 * agent (the chat, reply mails, the status page, the client portal) goes through `shownAgent`.
 *
 * Agents choose their display name (the inbox's account page, `npm run admin -- agents
 * set-display-name`, or when an admin adds them). Accounts that never chose one get
 * `defaultDisplayName`: their `name`, unless it is only a login (empty, an address, the email's
 * local part when that is an account word like "admin" or "support"), in which case they appear
 * as the team, "Support team". A local part that reads as a person's name ("sam.jones") becomes
 * "Sam Jones".
 */
import { z } from 'zod';

/** What a requester sees of an agent. */
export interface ShownAgent {
  name: string;
  /** One or two letters for the avatar. */
  initials: string;
}

/** The name requesters see when no person can be named (an account that is only a login, or no agent at all). */
export const TEAM_NAME = 'Support team';

/** Words that name a login, never a person or a team: refused as a display name. */
const LOGIN_WORD = /^(admin|administrator|root|sysadmin|superuser|webmaster|postmaster|hostmaster|user|test|noreply|no|reply|mail)$/;
/** Words of a shared mailbox ("support", "helpdesk"): a login the default cannot tell from a team, so it shows the team. */
const MAILBOX_WORD = /^(agent|agents|info|help|helpdesk|support|service|team|staff|contact|office|it)$/;

/** Only such words, alone or with digits and separators around them ("admin2", "it-support", "Admin"). */
function onlyWords(name: string, ...patterns: RegExp[]): boolean {
  const words = name
    .toLowerCase()
    .split(/[\s._\-+]+/)
    .map((w) => w.replace(/\d+/g, ''))
    .filter(Boolean);
  return words.length > 0 && words.every((w) => patterns.some((p) => p.test(w)));
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The display name an account gets when nobody chose one (new accounts, and those before display names existed). */
export function defaultDisplayName(name: string, email: string): string {
  const shown = collapse(name);
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (!shown || shown.includes('@') || onlyWords(shown, LOGIN_WORD, MAILBOX_WORD)) return TEAM_NAME;
  if (shown.toLowerCase() === local) {
    // A name that is only the email's local part: "sam.jones" reads as "Sam Jones".
    const words = shown.split(/[._\-+]+/).filter((w) => /\p{L}/u.test(w));
    if (!words.length) return TEAM_NAME;
    return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  }
  return shown.slice(0, 60);
}

/** One or two letters: the first of the first and of the last word ("Sam Jones" → "SJ", "Support team" → "ST"). */
export function initialsOf(name: string): string {
  const words = collapse(name)
    .split(/[\s-]+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  const first = (w: string | undefined) => (w ? (Array.from(w.replace(/^[^\p{L}\p{N}]+/u, ''))[0] ?? '') : '');
  const letters = words.length > 1 ? first(words[0]) + first(words.at(-1)) : first(words[0]);
  return letters.toLocaleUpperCase() || 'S';
}

/** The agent as a requester sees them: the stored display name, or the team when there is none. */
export function shownAgent(displayName: string | null | undefined): ShownAgent {
  const name = collapse(displayName ?? '') || TEAM_NAME;
  return { name, initials: initialsOf(name) };
}

/** A display name an agent may choose: what requesters will read, so no address and no account word. */
export const DisplayName = z
  .string()
  .transform(collapse)
  .pipe(
    z
      .string()
      .min(1, 'write the name requesters should see')
      .max(60, 'use at most 60 characters')
      .refine((s) => !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(s), 'may not contain control characters')
      .refine((s) => !s.includes('@'), 'looks like an email address: requesters see this name, so use a person’s or a team’s name')
      .refine((s) => !onlyWords(s, LOGIN_WORD), 'names a login, not a person: requesters see this name (e.g. "Sam Jones")'),
  );
