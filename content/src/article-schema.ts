/**
 * Frontmatter of a knowledge-base article. A bad article fails the build with the file,
 * the field and the fix (see formatContentError in load.ts).
 */
import { z } from 'zod';
import { TRANSLATION_LANGUAGES } from './languages.ts';

const slugRef = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use an article slug: lower-case words joined by "-"');

const title = z.string().min(3, 'give the article a title of at least 3 characters').max(120);
const summary = z.string().min(10).max(160, 'keep the summary to 160 characters or fewer: it is shown in search results');
/** Date of the last meaningful change, "YYYY-MM-DD". */
const isoDate = z.preprocess(
  // YAML may hand over a Date already; anything else must be a real calendar date written "YYYY-MM-DD".
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string({ error: 'write the date as YYYY-MM-DD, e.g. 2026-11-01' })
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'write the date as YYYY-MM-DD, e.g. 2026-11-01')
    .refine((text) => {
      const date = new Date(`${text}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
    }, 'is not a real date: write the date as YYYY-MM-DD, e.g. 2026-11-01')
    .transform((text) => new Date(`${text}T00:00:00Z`)),
);

export const ArticleFrontmatter = z
  .object({
    title,
    summary,
    /** Category id, one of content/categories.yaml. */
    category: slugRef,
    tags: z.array(z.string().min(1)).default([]),
    /** The words users actually type: synonyms, product names old and new, common misspellings. */
    keywords: z.array(z.string().min(1)).default([]),
    audience: z.enum(['admin', 'developer', 'all']).default('admin'),
    /** Date of the last meaningful change, "YYYY-MM-DD". */
    updated: isoDate,
    related: z.array(slugRef).default([]),
    /** LMS pages this article helps on: URL patterns (substrings or globs with *) and page titles. */
    contexts: z
      .object({
        urls: z.array(z.string().min(1)).default([]),
        titles: z.array(z.string().min(1)).default([]),
      })
      .optional(),
    /** Show on the home page's popular list (lower comes first). */
    popular: z.number().int().positive().optional(),
    /** Who fixes the article when readers say it did not help (the daily digest); else the content team. */
    owner: z.email('write the owner as an email address, e.g. docs@example.com').optional(),
  })
  .strict();

export type ArticleFrontmatter = z.infer<typeof ArticleFrontmatter>;

/** What a translation takes from its English article and so must not say again. */
const inherited = z.never({ error: 'is taken from the English article (source): remove it from the translation' }).optional();

/**
 * Frontmatter of an article's translation (content/translations/<lang>/<slug>.md): its language,
 * the English article it translates and that article's revision when it was translated (a load
 * with a wrong one warns and prints the one to write), and its own title, summary and date.
 * Category, related articles, page contexts and the rest come from the English article.
 */
export const ArticleTranslationFrontmatter = z
  .object({
    lang: z.enum(TRANSLATION_LANGUAGES, {
      error: `write the translation's language: one of ${TRANSLATION_LANGUAGES.join(', ')} (the folder it is in)`,
    }),
    /** Slug of the English article translated; the translation is published under it. */
    source: slugRef,
    /** The English article's revision translated (articleRevision: a hash of its title and body). */
    sourceRevision: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8}$/, 'write the 8-character revision of the English article (a load with a wrong one prints it)'),
    title,
    summary,
    updated: isoDate,
    category: inherited,
    tags: inherited,
    keywords: inherited,
    audience: inherited,
    related: inherited,
    contexts: inherited,
    popular: inherited,
    owner: inherited,
  })
  .strict();

export type ArticleTranslationFrontmatter = z.infer<typeof ArticleTranslationFrontmatter>;

const CategoryWords = z.object({ title: z.string().min(1), description: z.string().min(1) }).strict();

export const CategorySchema = z.object({
  id: slugRef,
  title: z.string(),
  description: z.string(),
  order: z.number().int(),
  /** The title and description in the KB's other languages; English where one is missing. */
  translations: z.partialRecord(z.enum(TRANSLATION_LANGUAGES), CategoryWords).default({}),
});
export const CategoriesFile = z.array(CategorySchema).min(1);
export type Category = z.infer<typeof CategorySchema>;
