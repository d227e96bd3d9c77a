/** What /api/inbox/article-feedback takes and answers (zod): routes.ts validates, openapi.ts documents. */
import { z } from 'zod';
import { Instant } from '../http/shapes.ts';
import { MessageArticle } from '../tickets/message-articles.ts';

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
