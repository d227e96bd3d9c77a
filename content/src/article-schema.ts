/**
 * Frontmatter of a knowledge-base article. A bad article fails the build with the file,
 * the field and the fix (see formatContentError in load.ts).
 */
import { z } from 'zod';

const slugRef = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use an article slug: lower-case words joined by "-"');

export const ArticleFrontmatter = z
  .object({
    title: z.string().min(3, 'give the article a title of at least 3 characters').max(120),
    summary: z.string().min(10).max(160, 'keep the summary to 160 characters or fewer: it is shown in search results'),
    /** Category id, one of content/categories.yaml. */
    category: slugRef,
    tags: z.array(z.string().min(1)).default([]),
    /** The words users actually type: synonyms, product names old and new, common misspellings. */
    keywords: z.array(z.string().min(1)).default([]),
    audience: z.enum(['admin', 'developer', 'all']).default('admin'),
    /** Date of the last meaningful change, "YYYY-MM-DD". */
    updated: z.preprocess(
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
    ),
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

export const CategorySchema = z.object({
  id: slugRef,
  title: z.string(),
  description: z.string(),
  order: z.number().int(),
});
export const CategoriesFile = z.array(CategorySchema).min(1);
export type Category = z.infer<typeof CategorySchema>;
