/**
 * /api/inbox/articles: the knowledge base searched from the reply box (agents; a read, no CSRF).
 *
 *   GET /?q=&limit     articles best first, with what a reply's card shows (kb-search.ts)
 */
import { Hono } from 'hono';
import { requireAgent, type AgentEnv } from '../agents/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { queryParams } from '../http/json-body.ts';
import { searchKnowledgeBase } from './kb-search.ts';
import { ArticleSearchQuery, type ArticleSearch } from './shapes.ts';

export function articleSearchRoutes() {
  const app = new Hono<AgentEnv>().use('*', requireAgent()).get('/', queryParams(ArticleSearchQuery), async (c) => {
    const { q, limit } = (c.var as unknown as { query: ArticleSearchQuery }).query;
    return c.json<ArticleSearch>({ articles: await searchKnowledgeBase(c.var.services, q, limit) });
  });
  return app as unknown as Hono<AppEnv>;
}
