/**
 * /sitemap.xml: every page in every language, each with its language versions as alternates
 * (xhtml:link hreflang, x-default the English). Sitemaps need absolute addresses: the origin is
 * HELPWAY_PUBLIC_ORIGIN at build time, else http://localhost:8787 (npm start's default).
 */
import type { APIRoute } from 'astro';
import { getKnowledgeBase, LANGUAGES, localePath, sitePages } from '../lib/kb.ts';

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export const GET: APIRoute = async ({ site }) => {
  const origin = site ?? new URL('http://localhost:8787');
  const at = (path: string) => xml(new URL(path, origin).href);
  const kb = await getKnowledgeBase();
  const urls = sitePages(kb).flatMap((page) => {
    const alternates = [
      ...LANGUAGES.map((l) => `    <xhtml:link rel="alternate" hreflang="${l}" href="${at(localePath(page, l))}"/>`),
      `    <xhtml:link rel="alternate" hreflang="x-default" href="${at(page)}"/>`,
    ].join('\n');
    return LANGUAGES.map((l) => `  <url>\n    <loc>${at(localePath(page, l))}</loc>\n${alternates}\n  </url>`);
  });
  const body = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
  return new Response(body, { headers: { 'content-type': 'application/xml' } });
};
