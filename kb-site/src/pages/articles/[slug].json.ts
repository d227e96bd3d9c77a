/** The article for the widget's inline view: /articles/<slug>.json */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getKnowledgeBase, type Article } from '../../lib/kb.ts';
import { articleJson } from '../../lib/article-json.ts';

export const getStaticPaths: GetStaticPaths = async () => {
  const kb = await getKnowledgeBase();
  return kb.articles.map((article) => ({ params: { slug: article.slug }, props: { article } }));
};

export const GET: APIRoute = async ({ props }) => articleJson(await getKnowledgeBase(), (props as { article: Article }).article, 'en');
