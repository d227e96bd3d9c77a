/**
 * The knowledge base as the site sees it: loaded ONCE per build through the one content pipeline
 * (content/src/load.ts validates, expands {{policy:…}} blocks and renders Markdown).
 * A content error fails the build with the loader's message (file, field, fix).
 *
 * The site is published in English at the root and in each translation language under
 * `/<lang>/` (`/fr/articles/<slug>/`). Every page exists in every language: an article without
 * a translation is shown in English (marked `lang="en"`) inside that language's pages.
 */
import { loadKnowledgeBase, type Article, type ArticleTranslation, type KnowledgeBase } from '#content/load.ts';
import type { Category } from '#content/article-schema.ts';
import type { Heading } from '#content/markdown.ts';
import { LANGUAGES, LOCALES, TRANSLATION_LANGUAGES, type Language, type TranslationLanguage } from '#content/languages.ts';
import { policyInLanguages } from '#content/policy-translations.ts';
import type { Policy } from '#content/policy-schema.ts';

export type { Article, Category, KnowledgeBase, Language };
export { LANGUAGES, TRANSLATION_LANGUAGES };

let cached: Promise<KnowledgeBase> | undefined;

export function getKnowledgeBase(): Promise<KnowledgeBase> {
  cached ??= loadKnowledgeBase(__HELPWAY_CONTENT_DIR__).then((kb) => {
    // Stale translations do not stop the build (policy texts fall back to English, articles are
    // marked as possibly outdated): say so once, with the file and the revision to write.
    for (const w of kb.warnings) console.warn(`${w.file}: ${w.key}: ${w.message}`);
    return kb;
  });
  return cached;
}

/** A page's address in a language: "/fr/support/hours/" for "/support/hours/". */
export const localePath = (path: string, lang: Language): string => (lang === 'en' ? path : `/${lang}${path}`);

export const articleUrl = (slug: string, lang: Language = 'en'): string => localePath(`/articles/${slug}/`, lang);
export const categoryUrl = (id: string, lang: Language = 'en'): string => localePath(`/categories/${id}/`, lang);

/** Static paths of the translated pages: one per translation language. */
export const translationPaths = () => TRANSLATION_LANGUAGES.map((lang) => ({ params: { lang } }));

/**
 * Links inside article HTML are written language-neutral (`/articles/…`, `/support/…`): on a page
 * in another language they lead to that language's pages.
 */
export function localizeLinks(html: string, lang: Language): string {
  if (lang === 'en') return html;
  return html.replace(/href="\/(articles|categories|support|search|install-widget)([/"?#])/g, `href="/${lang}/$1$2`);
}

/** Text for HTML built as a string (set:html): the few sentences that hold links. */
export const escapeHtml = (text: string | number): string =>
  String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An article as a page in some language shows it. */
export interface ArticleView {
  slug: string;
  category: string;
  title: string;
  summary: string;
  updated: Date;
  html: string;
  headings: Heading[];
  /** The language of the article's text: the page's, or English where it has no translation. */
  lang: Language;
  /** A translation made from an older English revision. */
  outdated: boolean;
  english: Article;
}

const translationIndex = new WeakMap<KnowledgeBase, Map<string, ArticleTranslation>>();

export function translationOf(kb: KnowledgeBase, slug: string, lang: TranslationLanguage): ArticleTranslation | undefined {
  let index = translationIndex.get(kb);
  if (!index) translationIndex.set(kb, (index = new Map(kb.translations.map((t) => [`${t.lang}/${t.slug}`, t]))));
  return index.get(`${lang}/${slug}`);
}

/** The article for a page in `lang`: its translation where there is one, else the English. */
export function articleIn(kb: KnowledgeBase, article: Article, lang: Language): ArticleView {
  const translation = lang === 'en' ? undefined : translationOf(kb, article.slug, lang);
  const text = translation ?? article;
  return {
    slug: article.slug,
    category: article.category,
    title: text.title,
    summary: text.summary,
    updated: text.updated,
    html: localizeLinks(text.html, lang),
    headings: text.headings,
    lang: translation ? translation.lang : 'en',
    outdated: translation?.stale ?? false,
    english: article,
  };
}

/** The article with this slug for a page in `lang`, if the knowledge base has one (policy pages link to a few). */
export function articleBySlugIn(kb: KnowledgeBase, slug: string, lang: Language): ArticleView | undefined {
  const article = kb.articles.find((a) => a.slug === slug);
  return article ? articleIn(kb, article, lang) : undefined;
}

/** The policy with its texts in `lang` (English where a translation is missing or stale). */
export function policyIn(kb: KnowledgeBase, lang: Language): Policy {
  let inLanguages = policies.get(kb);
  if (!inLanguages) policies.set(kb, (inLanguages = policyInLanguages(kb.policy, kb.policyTranslations)));
  return inLanguages(lang).policy;
}
const policies = new WeakMap<KnowledgeBase, ReturnType<typeof policyInLanguages>>();

/** A category's title and description in `lang`, and the language they are in. */
export function categoryIn(category: Category, lang: Language): { title: string; description: string; lang: Language } {
  const words = lang === 'en' ? undefined : category.translations[lang];
  return words ? { ...words, lang } : { title: category.title, description: category.description, lang: 'en' };
}

/** Articles listed per category page: a topic of thousands of articles is split into pages of this many. */
export const CATEGORY_PAGE_SIZE = 50;

/** A category's page `n` (1 = the category's own address, then /categories/<id>/page/<n>/). */
export const categoryPageUrl = (id: string, n: number, lang: Language = 'en'): string =>
  n <= 1 ? categoryUrl(id, lang) : localePath(`/categories/${id}/page/${n}/`, lang);

/** Static paths of a category's pages after the first, each with its articles' page number. */
export function categoryPagePaths(kb: KnowledgeBase): Array<{ category: Category; page: number }> {
  return kb.categories.flatMap((category) => {
    const pages = Math.ceil(articlesIn(kb, category.id).length / CATEGORY_PAGE_SIZE);
    return Array.from({ length: Math.max(0, pages - 1) }, (_, i) => ({ category, page: i + 2 }));
  });
}

const byCategory = new WeakMap<KnowledgeBase, Map<string, Article[]>>();

/**
 * A category's articles, popular ones first, then by title. Sorted once per build, not once per page
 * (every article page reads it for its related articles: at 10,000 articles that was most of the build).
 * Shared: read it, never change it.
 */
export function articlesIn(kb: KnowledgeBase, categoryId: string): Article[] {
  let index = byCategory.get(kb);
  if (!index) {
    index = new Map();
    const sorted = [...kb.articles].sort((a, b) => (a.popular ?? Infinity) - (b.popular ?? Infinity) || a.title.localeCompare(b.title));
    for (const a of sorted) {
      const list = index.get(a.category);
      if (list) list.push(a);
      else index.set(a.category, [a]);
    }
    byCategory.set(kb, index);
  }
  return index.get(categoryId) ?? [];
}

export function popularArticles(kb: KnowledgeBase, limit = 8): Article[] {
  return kb.articles
    .filter((a) => a.popular !== undefined)
    .sort((a, b) => a.popular! - b.popular! || a.title.localeCompare(b.title))
    .slice(0, limit);
}

/** Related articles: the ones the author listed, topped up from the same category. */
export function relatedArticles(kb: KnowledgeBase, article: Article, limit = 5): Article[] {
  let bySlug = slugIndex.get(kb);
  if (!bySlug) slugIndex.set(kb, (bySlug = new Map(kb.articles.map((a) => [a.slug, a]))));
  const listed = article.related.map((s) => bySlug.get(s)).filter((a): a is Article => a !== undefined);
  const wanted = Math.max(limit, listed.length);
  const out = [...listed];
  for (const a of articlesIn(kb, article.category)) {
    if (out.length >= wanted) break;
    if (a.slug !== article.slug && !listed.includes(a)) out.push(a);
  }
  return out;
}

const slugIndex = new WeakMap<KnowledgeBase, Map<string, Article>>();

/** One date format per language, made once (making one per date cost a third of a millisecond per page). */
const dateFormats = new Map<Language, Intl.DateTimeFormat>();

export const formatDate = (date: Date, lang: Language = 'en'): string => {
  let format = dateFormats.get(lang);
  if (!format)
    dateFormats.set(
      lang,
      (format = new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })),
    );
  return format.format(date);
};

export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

/** Every page of the site, language-neutral (the English address), for the sitemap. */
export function sitePages(kb: KnowledgeBase): string[] {
  return [
    '/',
    '/search/',
    '/install-widget/',
    ...['hours', 'channels', 'scope', 'plans'].map((p) => `/support/${p}/`),
    ...kb.categories.map((c) => `/categories/${c.id}/`),
    ...kb.articles.map((a) => `/articles/${a.slug}/`),
  ];
}
