/** The prebuilt search index, shared by the search page and the widget: /search-index.json */
import type { APIRoute } from 'astro';
import { buildSearchIndex } from '#search-build/build-index.ts';
import { getKnowledgeBase } from '../lib/kb.ts';

export const GET: APIRoute = async () => {
  const { articles } = await getKnowledgeBase();
  return new Response(JSON.stringify(buildSearchIndex(articles)), { headers: { 'content-type': 'application/json' } });
};
