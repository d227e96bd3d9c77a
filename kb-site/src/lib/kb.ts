/**
 * The knowledge base as the site sees it: loaded ONCE per build through the one content pipeline
 * (content/src/load.ts validates, expands {{policy:…}} blocks and renders Markdown).
 * A content error fails the build with the loader's message (file, field, fix).
 */
import { loadKnowledgeBase, type Article, type KnowledgeBase } from '#content/load.ts';
import type { Category } from '#content/article-schema.ts';

export type { Article, Category, KnowledgeBase };

let cached: Promise<KnowledgeBase> | undefined;

export function getKnowledgeBase(): Promise<KnowledgeBase> {
  cached ??= loadKnowledgeBase(__HELPWAY_CONTENT_DIR__).then((kb) => {
    // Stale translations do not stop the build (the API serves English for them): say so once.
    for (const w of kb.warnings) console.warn(`${w.file}: ${w.key}: ${w.message}`);
    return kb;
  });
  return cached;
}

export const articleUrl = (slug: string): string => `/articles/${slug}/`;
export const categoryUrl = (id: string): string => `/categories/${id}/`;

export function articlesIn(kb: KnowledgeBase, categoryId: string): Article[] {
  return kb.articles
    .filter((a) => a.category === categoryId)
    .sort((a, b) => (a.popular ?? Infinity) - (b.popular ?? Infinity) || a.title.localeCompare(b.title));
}

export function popularArticles(kb: KnowledgeBase, limit = 8): Article[] {
  return kb.articles
    .filter((a) => a.popular !== undefined)
    .sort((a, b) => a.popular! - b.popular! || a.title.localeCompare(b.title))
    .slice(0, limit);
}

/** Related articles: the ones the author listed, topped up from the same category. */
export function relatedArticles(kb: KnowledgeBase, article: Article, limit = 5): Article[] {
  const bySlug = new Map(kb.articles.map((a) => [a.slug, a]));
  const listed = article.related.map((s) => bySlug.get(s)).filter((a): a is Article => a !== undefined);
  const more = articlesIn(kb, article.category).filter((a) => a.slug !== article.slug && !listed.includes(a));
  return [...listed, ...more].slice(0, Math.max(limit, listed.length));
}

export const formatDate = (date: Date): string =>
  date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
