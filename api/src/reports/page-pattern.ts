/**
 * The LMS page a ticket or a widget session came from, as a pattern an LMS admin recognises and
 * the funnel report can group by: `/courses/:id/assignments/:id`, `/admin/settings.php?section=manageauths`.
 *
 * Only the path is kept (no origin: the site already says whose LMS it is). Path segments that are
 * record ids — numbers, UUIDs, long hex ids, Blackboard's `_123_1`, anything with an `@` — become
 * `:id`. The query string is dropped except the few keys that say which page it is in
 * Moodle/Totara (`section` of admin/settings.php, `category`, `action`, …); their id values become
 * `:id` too, and a value that is not a plain word is dropped with its key (free text can be
 * personal). `id` itself only names the record (`/course/view.php?id=5` is "a course page"), so it
 * goes. The fragment always goes.
 */

/** Query keys that name the page rather than a record or a search, in Moodle and Totara. */
const PAGE_KEYS = new Set(['section', 'category', 'action', 'add', 'mode', 'tab', 'plugin']);

const MAX_LENGTH = 500;

const NUMBER = /^\d+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Hex ids (Mongo-style, hashes): long, and with a digit, so words like "facade" stay. */
const HEX_ID = /^(?=[a-f]*\d)[0-9a-f]{12,}$/i;
/** Blackboard's primary keys, e.g. _123_1. */
const BLACKBOARD_ID = /^_\d+_\d+$/;
const WORD = /^[a-z][a-z0-9_.-]{0,63}$/i;

const isId = (value: string): boolean =>
  NUMBER.test(value) || UUID.test(value) || HEX_ID.test(value) || BLACKBOARD_ID.test(value) || value.includes('@') || value.includes('%40');

/** The pattern of `url`, or null when there is no URL or it is not an http(s) one. */
export function pagePattern(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;

  const segments = parsed.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => (isId(s) ? ':id' : s));
  const path = `/${segments.join('/')}`;

  const kept = [...new Set(parsed.searchParams.keys())]
    .filter((key) => PAGE_KEYS.has(key))
    .sort()
    .flatMap((key) => {
      const value = parsed.searchParams.get(key) ?? '';
      if (isId(value)) return [`${key}=:id`];
      return WORD.test(value) ? [`${key}=${value}`] : [];
    });
  const pattern = kept.length ? `${path}?${kept.join('&')}` : path;
  return pattern.slice(0, MAX_LENGTH);
}
