/** The article for the widget's inline view in its UI language: /fr/articles/<slug>.json (English where untranslated, with lang "en"). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getKnowledgeBase, TRANSLATION_LANGUAGES, type Article, type Language } from '../../../lib/kb.ts';
import { articleJson } from '../../../lib/article-json.ts';

export const getStaticPaths: GetStaticPaths = async () => {
  const kb = await getKnowledgeBase();
  return TRANSLATION_LANGUAGES.flatMap((lang) =>
    kb.articles.map((article) => ({ params: { lang, slug: article.slug }, props: { article } })),
  );
};

export const GET: APIRoute = async ({ params, props }) =>
  articleJson(await getKnowledgeBase(), (props as { article: Article }).article, params.lang as Language);
