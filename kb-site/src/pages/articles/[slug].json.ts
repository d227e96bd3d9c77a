/** The article for the widget's inline view: /articles/<slug>.json */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getKnowledgeBase, articleUrl, isoDate, type Article } from '../../lib/kb.ts';

export const getStaticPaths: GetStaticPaths = async () => {
  const kb = await getKnowledgeBase();
  return kb.articles.map((article) => ({ params: { slug: article.slug }, props: { article } }));
};

export const GET: APIRoute = ({ props }) => {
  const { slug, title, summary, category, updated, html } = (props as { article: Article }).article;
  return new Response(JSON.stringify({ slug, title, summary, category, updated: isoDate(updated), html, url: articleUrl(slug) }), {
    headers: { 'content-type': 'application/json' },
  });
};
