/** What /api/inbox/article-feedback, /api/inbox/articles and /api/search take and answer (zod): routes validate, openapi.ts documents. */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';
import { MessageArticle } from '../tickets/message-articles.ts';
import { SiteKey } from '../sites/sites.ts';

export const ArticleFeedbackQuery = z.strictObject({
  handled: z
    .enum(['true', 'false'], 'must be true or false')
    .optional()
    .describe('Only handled (`true`) or unhandled (`false`) comments; both without it.'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type ArticleFeedbackQuery = z.output<typeof ArticleFeedbackQuery>;

export const ArticleFeedbackItem = z.object({
  id: z.number().int(),
  slug: z.string(),
  title: z.string().nullable().describe('From the article sources; null for a slug no article has (renamed or removed).'),
  owner: z.string().describe("The article's `owner`, else the content team's address."),
  comment: z.string(),
  site: z.string().nullable(),
  page: z.string().nullable(),
  createdAt: Instant,
  handledAt: Instant.nullable(),
  handledBy: z.string().nullable().describe('The agent (email) who marked it handled.'),
  digestedAt: Instant.nullable().describe("When the owner's daily digest carried it."),
});
export type ArticleFeedbackItem = z.infer<typeof ArticleFeedbackItem>;

export const ArticleFeedbackList = z.object({
  items: z.array(ArticleFeedbackItem).describe('Unhandled first, newest first within each.'),
  unhandled: z.number().int().min(0).describe('Unhandled negative comments in all (whatever the filter).'),
});
export type ArticleFeedbackList = z.infer<typeof ArticleFeedbackList>;

export const ArticleFeedbackHandled = z.object({ item: ArticleFeedbackItem });
export type ArticleFeedbackHandled = z.infer<typeof ArticleFeedbackHandled>;

/** GET /api/inbox/articles: the reply box's knowledge-base search. */
export const ArticleSearchQuery = z.strictObject({
  q: z.string().trim().min(1, 'type what to search for').max(200, 'keep a search under 200 characters'),
  limit: z.coerce.number().int().min(1).max(10).default(5),
});
export type ArticleSearchQuery = z.output<typeof ArticleSearchQuery>;

export const ArticleSearchHit = MessageArticle.extend({
  category: z.string(),
  score: z.number().describe('0 = best, as the widget ranks it.'),
});

export const ArticleSearch = z.object({
  articles: z.array(ArticleSearchHit).describe('Best first, ranked by the search engine the widget and the KB site use.'),
});
export type ArticleSearch = z.infer<typeof ArticleSearch>;

/** GET /api/search: the knowledge base searched by the widget and the KB search page when the index is too big to download. */
export const PublicSearchQuery = z
  .strictObject({
    q: z
      .string()
      .max(200, 'keep a search under 200 characters')
      .default('')
      .describe('What was typed, as typed (a trailing space means the last word is finished). Empty: the suggestions for the page.'),
    url: z.string().max(2000, 'keep the page URL under 2,000 characters').optional().describe('The LMS page the user is on.'),
    title: z.string().max(300, 'keep the page title under 300 characters').optional().describe("That page's title."),
    heading: z.string().max(300, 'keep the heading under 300 characters').optional().describe("That page's main heading."),
    context: z.string().max(300, 'keep the context under 300 characters').optional().describe('What the embedding page says it is about.'),
    site: SiteKey.optional().describe("The widget's site key (CORS: the site's registered origins)."),
    lang: z
      .enum(['en', 'fr', 'de'], 'must be en, fr or de')
      .default('en')
      .describe('The language the question is written in: French and German questions find the English articles.'),
    limit: z.coerce.number().int('must be a whole number').min(1, 'must be 1 to 20').max(20, 'must be 1 to 20').default(10),
  })
  .refine((v) => v.q.trim() !== '' || !!(v.url || v.title || v.heading || v.context), {
    path: ['q'],
    message: 'type what to search for, or give the page (url or title) for its suggestions',
  });
export type PublicSearchQuery = z.output<typeof PublicSearchQuery>;

export const PublicSearchHit = z.object({
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  category: z.string(),
  score: z.number().describe('0 = best, 1 = worst.'),
  highlights: z
    .object({
      title: z.array(z.tuple([z.number().int(), z.number().int()])).optional(),
      summary: z.array(z.tuple([z.number().int(), z.number().int()])).optional(),
    })
    .optional()
    .describe('Inclusive [start, end] ranges of the matched words in the title and summary.'),
});

export const PublicSearch = z.object({
  hits: z.array(PublicSearchHit).describe('Best first: what the client-side engine would list for the same query and page.'),
});
export type PublicSearch = z.infer<typeof PublicSearch>;
