/**
 * /api/inbox/article-feedback ("Fix this article", agents) and /api/search (public) in the OpenAPI route table
 * (openapi/operations.ts).
 */
import type { z } from 'zod';
import { csrfHeader, error, idParam, rateLimited, type Operation } from '../openapi/operations.ts';
import { agentErrors } from '../inbox/openapi.ts';
import {
  ArticleFeedbackHandled,
  ArticleFeedbackList,
  ArticleFeedbackQuery,
  ArticleSearch,
  ArticleSearchQuery,
  PublicSearch,
  PublicSearchQuery,
} from './shapes.ts';

export const articleFeedbackOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/inbox/article-feedback',
    operationId: 'articleFeedback',
    summary: '"Fix this article": readers\' "not helpful" answers with a comment, unhandled first',
    description:
      "Each with the article's title and owner (frontmatter `owner`, else HELPWAY_CONTENT_EMAIL, else the support address), and when the owner's daily digest carried it.",
    auth: 'agentSession',
    query: ArticleFeedbackQuery,
    responses: {
      '200': { description: 'The comments.', json: ArticleFeedbackList },
      '401': agentErrors['401'],
      '422': error('A parameter is refused (`validation_failed`), named in `fields`.'),
    },
  },
  {
    method: 'post',
    path: '/api/inbox/article-feedback/{id}/handled',
    operationId: 'articleFeedbackHandled',
    summary: 'Mark a "not helpful" comment handled (by the signed-in agent)',
    description: 'Marking it again keeps the first agent and time.',
    auth: 'agentSession',
    parameters: [idParam, csrfHeader],
    responses: {
      '200': { description: 'Handled.', json: ArticleFeedbackHandled },
      '401': agentErrors['401'],
      '403': error('Missing or wrong X-CSRF-Token (`csrf_token_invalid`).'),
      '404': error('No negative comment with this id (`not_found`).'),
    },
  },
  {
    method: 'get',
    path: '/api/inbox/articles',
    operationId: 'inboxArticleSearch',
    summary: 'Search the knowledge base from the reply box, ranked as the widget ranks it',
    description:
      "Each hit with what a reply's article card shows (title, summary, the article's URL). Send the slugs as `articles` with POST /api/inbox/tickets/{reference}/replies.",
    auth: 'agentSession',
    query: ArticleSearchQuery,
    responses: {
      '200': { description: 'Articles, best first.', json: ArticleSearch },
      '401': agentErrors['401'],
      '422': error('A parameter is refused (`validation_failed`), named in `fields`.'),
    },
  },
];

export const publicSearchOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/search',
    operationId: 'search',
    summary: 'Search the knowledge base on the server, ranked as the widget and the KB search page rank it',
    description:
      'Used by the widget and the KB search page when the built index is over the download budget (then `/search-index.json` is ' +
      '`{"search": "server", ...}` and the whole index is `/search-index-full.json`): the same engine over the same index, so the ' +
      'hits are those the client would compute. An empty `q` with the page (`url`, `title`, ...) gives the suggestions for that page. ' +
      "CORS for the site's registered origins; `Cache-Control: public, max-age=300`; answers are also kept per query in the process.",
    query: PublicSearchQuery as unknown as z.ZodObject,
    responses: {
      '200': { description: 'Articles, best first.', json: PublicSearch },
      '422': error('A parameter is refused (`validation_failed`), named in `fields`.'),
      '429': rateLimited,
    },
  },
];
