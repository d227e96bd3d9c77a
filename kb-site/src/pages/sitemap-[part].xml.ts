/**
 * /sitemap-1.xml, -2, …: the sitemap's parts, written only when it is over one file's 50,000
 * addresses (then /sitemap.xml is their index).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { builtSitemap, urlset } from '../lib/sitemap.ts';

export const getStaticPaths: GetStaticPaths = async () => {
  // How many parts does not depend on the origin.
  const { files } = await builtSitemap(undefined);
  return files.length > 1 ? files.map((_, i) => ({ params: { part: String(i + 1) } })) : [];
};

export const GET: APIRoute = async ({ site, params }) => {
  const { files } = await builtSitemap(site);
  return urlset(files[Number(params.part) - 1] ?? []);
};
