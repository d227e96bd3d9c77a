/**
 * /api/inbox/article-feedback: "Fix this article" for agents (session; CSRF on the write).
 *
 *   GET  /?handled=true|false&limit       negative comments with their article, unhandled first
 *   POST /{id}/handled                    marks one handled (by the signed-in agent)
 */
import { Hono } from 'hono';
import { requireAgent, type AgentEnv } from '../agents/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { limitBody, queryParams } from '../http/json-body.ts';
import { RANGE, rowIdFromPath } from '../store/ids.ts';
import { listArticleFeedback, markFeedbackHandled } from './feedback.ts';
import { ArticleFeedbackQuery, type ArticleFeedbackHandled, type ArticleFeedbackList } from './shapes.ts';

export function articleFeedbackRoutes() {
  const app = new Hono<AgentEnv>()
    .use('*', requireAgent())
    .use('*', limitBody(16 * 1024))
    .get('/', queryParams(ArticleFeedbackQuery), async (c) => {
      const query = (c.var as unknown as { query: ArticleFeedbackQuery }).query;
      return c.json<ArticleFeedbackList>(await listArticleFeedback(c.var.services, query));
    })
    .post('/:id/handled', async (c) => {
      const id = rowIdFromPath(c.req.param('id'));
      if (id === null) throw new ApiError(404, 'not_found', 'There is no such comment.', { id: RANGE });
      return c.json<ArticleFeedbackHandled>({ item: await markFeedbackHandled(c.var.services, id, c.var.agent.email) });
    });
  return app as unknown as Hono<AppEnv>;
}
