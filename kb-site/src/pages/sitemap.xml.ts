/**
 * /sitemap.xml: the whole sitemap when it fits in one file, else the index of its parts
 * (/sitemap-N.xml, see sitemap-[part].xml.ts and lib/sitemap.ts).
 */
import type { APIRoute } from 'astro';
import { builtSitemap, sitemapIndex, urlset } from '../lib/sitemap.ts';

export const GET: APIRoute = async ({ site }) => {
  const { origin, files } = await builtSitemap(site);
  return files.length === 1 ? urlset(files[0]) : sitemapIndex(files.length, origin);
};
