/**
 * The sitemap: every page in every language, each with its language versions as alternates
 * (xhtml:link hreflang, x-default the English). A sitemap file holds at most 50,000 addresses
 * (sitemaps.org), so above that /sitemap.xml becomes a sitemap index of /sitemap-1.xml, -2, …
 * Sitemaps need absolute addresses: the origin is HELPWAY_PUBLIC_ORIGIN at build time, else
 * http://localhost:8787 (npm start's default).
 */
import { getKnowledgeBase, LANGUAGES, localePath, sitePages } from './kb.ts';

export const SITEMAP_MAX_URLS = 50_000;

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';
const toXml = (lines: string[]) => new Response([HEAD, ...lines, ''].join('\n'), { headers: { 'content-type': 'application/xml' } });

/** The `<url>` entries of every page in every language. */
export function urlEntries(pages: string[], origin: URL): string[] {
  const at = (path: string) => xml(new URL(path, origin).href);
  return pages.flatMap((page) => {
    const alternates = [
      ...LANGUAGES.map((l) => `    <xhtml:link rel="alternate" hreflang="${l}" href="${at(localePath(page, l))}"/>`),
      `    <xhtml:link rel="alternate" hreflang="x-default" href="${at(page)}"/>`,
    ].join('\n');
    return LANGUAGES.map((l) => `  <url>\n    <loc>${at(localePath(page, l))}</loc>\n${alternates}\n  </url>`);
  });
}

/** The entries in files of at most `max` each: one file when they fit (then no index is needed). */
export function sitemapFiles(entries: string[], max = SITEMAP_MAX_URLS): string[][] {
  const files: string[][] = [];
  for (let i = 0; i < entries.length; i += max) files.push(entries.slice(i, i + max));
  return files.length ? files : [[]];
}

export const urlset = (entries: string[]): Response =>
  toXml([
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...entries,
    '</urlset>',
  ]);

export const sitemapIndex = (count: number, origin: URL): Response =>
  toXml([
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...Array.from({ length: count }, (_, i) => `  <sitemap><loc>${xml(new URL(`/sitemap-${i + 1}.xml`, origin).href)}</loc></sitemap>`),
    '</sitemapindex>',
  ]);

/** This build's sitemap files (their entries), for the origin the site is built for. */
export async function builtSitemap(site: URL | undefined): Promise<{ origin: URL; files: string[][] }> {
  const origin = site ?? new URL('http://localhost:8787');
  return { origin, files: sitemapFiles(urlEntries(sitePages(await getKnowledgeBase()), origin)) };
}
