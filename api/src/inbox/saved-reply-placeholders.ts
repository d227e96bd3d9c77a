/**
 * Placeholders in saved replies: `{{requester.name}}`, `{{ticket.due}}`… in the saved text, filled
 * with the ticket's values when an agent inserts the reply. One pass over the saved text: a value
 * is never read for placeholders itself, so a requester named "{{agent.name}}" stays that text.
 * Values are plain text on one line (line breaks, control and direction-changing characters become
 * spaces), so a hostile name cannot add lines to a reply or its mail; whatever shows a reply
 * escapes it there (the inbox and the widget render text, mails escape their HTML part).
 */

export const PLACEHOLDERS = {
  'requester.name': "The requester's name.",
  'requester.firstName': "The first word of the requester's name.",
  'requester.email': "The requester's address.",
  'ticket.reference': 'The ticket reference (HW-1042).',
  'ticket.subject': "The ticket's subject.",
  'ticket.due': 'When the next target is due, in the support time zone ("11:30 UK time tomorrow"); empty when none runs.',
  'site.name': "The site's name.",
  'agent.name': 'The name of the agent inserting the reply.',
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Record<Placeholder, string>;

const PATTERN = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

const known = (name: string): name is Placeholder => Object.hasOwn(PLACEHOLDERS, name);

/** The `{{…}}` names in `text` that are not placeholders, each once. */
export function unknownPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PATTERN)].map((m) => m[1]).filter((name) => !known(name)))];
}

/** The message naming what to use instead of `unknown`, for a 422 on the text. */
export const unknownPlaceholdersMessage = (unknown: string[]) =>
  `has unknown placeholders ${unknown.map((n) => `{{${n}}}`).join(', ')}: use ${Object.keys(PLACEHOLDERS)
    .map((n) => `{{${n}}}`)
    .join(', ')}`;

/** One line of plain text, at most `max` characters. */
export function placeholderValue(value: string, max = 200): string {
  return value
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}

/** `text` with each placeholder replaced by its value, in one pass; the placeholders it used, each once. */
export function fillPlaceholders(text: string, values: PlaceholderValues): { text: string; used: Placeholder[] } {
  const used = new Set<Placeholder>();
  const filled = text.replace(PATTERN, (whole, name: string) => {
    if (!known(name)) return whole;
    used.add(name);
    return values[name];
  });
  return { text: filled, used: [...used] };
}
