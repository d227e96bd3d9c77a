/**
 * /api/search: the knowledge base searched on the server (public; CORS for the site's registered
 * origins, app.ts; rate-limited as a read). Used by the widget and the KB search page when the
 * build ships a manifest instead of the index (content/search/build/ship-index.ts).
 *
 *   GET /?q=&url=&title=&heading=&context=&site=&lang=&limit=    {hits: [...]}, best first
 */
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/env.ts';
import { queryParams } from '../http/json-body.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { publicSearch } from './public-search.ts';
import { PublicSearchQuery, type PublicSearch } from './shapes.ts';

/** The answer depends on the query and the build only: browsers and CDNs may keep it a few minutes. */
const CACHE_SECONDS = 300;

export function publicSearchRoutes(config: Config) {
  const reads = limitsFor('reads', config);
  return new Hono<AppEnv>().get('/', reads.byIp, queryParams(PublicSearchQuery), async (c) => {
    const query = (c.var as unknown as { query: PublicSearchQuery }).query;
    const hits = await publicSearch(c.var.services, query);
    c.header('Cache-Control', `public, max-age=${CACHE_SECONDS}`);
    c.header('Vary', 'Origin');
    return c.json<PublicSearch>({ hits });
  });
}
