/**
 * "Fix this article": a reader said an article did not help and said why (feedback with
 * helpful = 0 and a comment). Agents see these, unhandled first, and mark each handled once the
 * article is fixed or the comment answered; the article's owner gets the new ones by mail once a
 * day (digest.ts).
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Services } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import type { Database } from '../store/schema.ts';
import { articleCatalog, ownerOf } from './catalog.ts';
import type { ArticleFeedbackItem, ArticleFeedbackList, ArticleFeedbackQuery } from './shapes.ts';

/** The rows this loop is about: negative, with something to act on. */
export const negativeComments = (eb: ExpressionBuilder<Database, 'feedback'>) =>
  eb.and([eb('feedback.helpful', '=', 0), eb('feedback.comment', 'is not', null), eb('feedback.comment', '<>', '')]);

export const FEEDBACK_COLUMNS = [
  'id',
  'slug',
  'comment',
  'site_key',
  'page',
  'created_at',
  'handled_at',
  'handled_by',
  'digested_at',
] as const;
interface Row {
  id: number;
  slug: string;
  comment: string | null;
  site_key: string | null;
  page: string | null;
  created_at: string;
  handled_at: string | null;
  handled_by: string | null;
  digested_at: string | null;
}

/** The items as agents see them: with the article's title and owner. */
export async function describeFeedback(services: Services, rows: Row[]): Promise<ArticleFeedbackItem[]> {
  const catalog = await articleCatalog(services);
  return rows.map((r) => {
    const article = catalog.get(r.slug);
    return {
      id: Number(r.id),
      slug: r.slug,
      title: article?.title ?? null,
      owner: ownerOf(services, article),
      comment: r.comment ?? '',
      site: r.site_key,
      page: r.page,
      createdAt: r.created_at,
      handledAt: r.handled_at,
      handledBy: r.handled_by,
      digestedAt: r.digested_at,
    };
  });
}

export async function listArticleFeedback(services: Services, query: ArticleFeedbackQuery): Promise<ArticleFeedbackList> {
  const { db } = services.store;
  let q = db
    .selectFrom('feedback')
    .select([...FEEDBACK_COLUMNS])
    .where(negativeComments);
  if (query.handled === 'true') q = q.where('handled_at', 'is not', null);
  if (query.handled === 'false') q = q.where('handled_at', 'is', null);
  const [rows, open] = await Promise.all([
    q
      // Unhandled first: a null handled_at sorts as 0, a handled one as 1, on both stores.
      .orderBy((eb) => eb.case().when('handled_at', 'is', null).then(0).else(1).end())
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit)
      .execute(),
    db
      .selectFrom('feedback')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(negativeComments)
      .where('handled_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { items: await describeFeedback(services, rows), unhandled: Number(open.n) };
}

/** Marks a negative comment handled by `agentEmail` (again: keeps the first agent and time). */
export async function markFeedbackHandled(services: Services, id: number, agentEmail: string): Promise<ArticleFeedbackItem> {
  const { db } = services.store;
  await db
    .updateTable('feedback')
    .set({ handled_at: services.clock.now().toISOString(), handled_by: agentEmail })
    .where('id', '=', id)
    .where(negativeComments)
    .where('handled_at', 'is', null)
    .execute();
  const row = await feedbackRow(db, id);
  if (!row)
    throw new ApiError(404, 'not_found', `There is no negative comment with id ${id}.`, { id: 'is not a negative comment on an article' });
  return (await describeFeedback(services, [row]))[0];
}

async function feedbackRow(db: Kysely<Database>, id: number): Promise<Row | undefined> {
  return db
    .selectFrom('feedback')
    .select([...FEEDBACK_COLUMNS])
    .where('id', '=', id)
    .where(negativeComments)
    .executeTakeFirst();
}
