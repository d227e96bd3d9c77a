/**
 * Page context: how well an LMS page (its URL and title) matches an article's `contexts`.
 * Patterns are URL paths, optionally with `*` wildcards and query parameters
 * (`/admin/user/user_bulk.php`, `/courses/* /users`, `/admin/settings.php?section=sitepolicies`);
 * they match relative or absolute URLs, on any host, under any sub-directory.
 */
import { foldText, STOP_WORDS, termOf, tokenize } from './normalize.ts';

/** What the caller knows of the page the user is on. */
export interface PageContext {
  url?: string;
  title?: string;
  heading?: string;
  /** Any other words from the page (breadcrumbs, an error message). */
  context?: string;
}

interface ParsedUrl {
  path: string;
  params: URLSearchParams;
}

/** Path (lower-case, no trailing slash) and query of a relative or absolute URL. */
export function parsePageUrl(url: string): ParsedUrl {
  let u: URL;
  try {
    u = new URL(url.trim(), 'http://page.invalid');
  } catch {
    return { path: foldText(url.trim()), params: new URLSearchParams() };
  }
  let path = foldText(decodeURIComponent(u.pathname));
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return { path, params: u.searchParams };
}

const escapeRe = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

export interface UrlPattern {
  /** Matches the path anywhere (sub-directory installs), ending at a segment boundary. */
  re: RegExp;
  params: Array<[string, RegExp]>;
  /** 0..1: longer literal patterns are more specific. */
  specificity: number;
  /** The longest literal piece of the path: a cheap test before the regular expression. */
  literal: string;
}

export function compileUrlPattern(pattern: string): UrlPattern {
  const { path, params } = parsePageUrl(pattern.replace(/\*/g, '__star__'));
  const source = escapeRe(path).replace(/__star__/g, '[^?#]*');
  const literal = path.replace(/__star__/g, '').length;
  const re = new RegExp(`${path.startsWith('/') ? '' : '(?:^|/)'}${source}(?:$|/)`);
  const paramRules: Array<[string, RegExp]> = [];
  for (const [k, v] of params) {
    paramRules.push([k.replace(/__star__/g, ''), new RegExp(`^${escapeRe(v).replace(/__star__/g, '.*')}$`, 'i')]);
  }
  const specificity = Math.min(1, (literal + 8 * paramRules.length) / 30);
  const pieces = path.split('__star__').sort((a, b) => b.length - a.length);
  // Exact paths are a little more specific than wildcards of the same length.
  const exact = pieces.length === 1 ? 0.05 : 0;
  return { re, params: paramRules, specificity: Math.min(1, specificity + exact), literal: pieces[0] };
}

/** 0 when the URL does not match, else 0.6..1 by the pattern's specificity. */
export function matchUrl(pattern: UrlPattern, url: ParsedUrl): number {
  if (!url.path.includes(pattern.literal) || !pattern.re.test(url.path)) return 0;
  for (const [k, re] of pattern.params) {
    const v = url.params.get(k);
    if (v === null || !re.test(v)) return 0;
  }
  return 0.6 + 0.4 * pattern.specificity;
}

/** Content terms of a title, for comparing titles whatever their case, punctuation or plurals. */
export function titleTerms(title: string): string[] {
  return tokenize(title)
    .filter((w) => !STOP_WORDS.has(w.word))
    .map((w) => termOf(w.word));
}

/**
 * How well a page title matches an article's context title: 1 when equal (after normalisation),
 * 0.85 when the page title contains it ("Bulk user actions | Kestrel LMS"), less for partial overlap.
 */
export function matchTitle(patternTerms: string[], page: ReadonlySet<string>): number {
  if (!patternTerms.length || !page.size) return 0;
  let hits = 0;
  for (const t of patternTerms) if (page.has(t)) hits++;
  if (hits === patternTerms.length) return hits === page.size ? 1 : 0.85;
  if (!hits) return 0;
  const overlap = hits / (page.size + patternTerms.length - hits);
  return overlap >= 0.5 ? 0.5 * overlap : 0;
}

/** URL words that say nothing about the page's subject. */
const URL_NOISE = new Set([
  'php',
  'html',
  'htm',
  'aspx',
  'jsp',
  'index',
  'view',
  'admin',
  'www',
  'http',
  'https',
  'edit',
  'id',
  'section',
  'mod',
  'local',
  'tool',
  'lib',
  'main',
  'default',
  'page',
  'action',
  'com',
  'org',
  'net',
  'example',
]);

/** Meaningful words of a page URL ("/admin/user/user_bulk.php" → "user bulk"), as query text. */
export function urlWords(url: string): string {
  const { path } = parsePageUrl(url);
  return path
    .split(/[^a-z]+/)
    .filter((w) => w.length > 1 && !URL_NOISE.has(w))
    .join(' ');
}
