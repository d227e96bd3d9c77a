/** The prebuilt search index, shared by the search page and the widget: /search-index.json */
import type { APIRoute } from 'astro';
import { buildSearchIndex } from '../../../widget/src/search/build-index.ts';
import { getKnowledgeBase } from '../lib/kb.ts';

export const GET: APIRoute = async () => {
  const { articles } = await getKnowledgeBase();
  return new Response(JSON.stringify(buildSearchIndex(articles)), { headers: { 'content-type': 'application/json' } });
};
