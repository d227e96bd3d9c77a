/**
 * The article for the widget's inline view (/articles/<slug>.json, /fr/articles/<slug>.json):
 * the English one is as it always was; a language's one carries `lang`, the language the text is
 * in (its translation, or English where there is none), and `outdated` for a translation made
 * from an older English version. `url` is the article's page in the asked language.
 */
import { articleIn, articleUrl, isoDate, type Article, type KnowledgeBase, type Language } from './kb.ts';

export function articleJson(kb: KnowledgeBase, article: Article, lang: Language): Response {
  const view = articleIn(kb, article, lang);
  const { slug, title, summary, category, updated, html } = view;
  const body = { slug, title, summary, category, updated: isoDate(updated), html, url: articleUrl(slug, lang) };
  return new Response(JSON.stringify(lang === 'en' ? body : { ...body, lang: view.lang, outdated: view.outdated }), {
    headers: { 'content-type': 'application/json' },
  });
}
