/**
 * The articles report: per article, how often it was read in the widget (widget_events of type
 * article_read; the KB site records no page views) and how readers answered "Was this helpful?"
 * (feedback), both over the period and one GROUP BY each; and the negative comments of the period
 * with their owner and whether an agent handled them ("Fix this article"); and the tickets answered
 * with an article inserted from the reply box (answeredWithArticle). Titles and owners come
 * from the article sources (articles/catalog.ts); a slug no article has keeps a null title. Beside
 * them, the translations to bring up to date (articles/translations.ts): not of the period, as now.
 */
import { sql } from 'kysely';
import { siteScope, ticketFilter } from './filter.ts';
import type { Services } from '../http/env.ts';
import { articleCatalog } from '../articles/catalog.ts';
import { staleTranslations } from '../articles/translations.ts';
import { describeFeedback, FEEDBACK_COLUMNS, negativeComments } from '../articles/feedback.ts';
import type { Table } from './csv.ts';
import type { Period } from './range.ts';
import type { ArticlesReport } from './shapes.ts';

type Body = Omit<ArticlesReport, 'report' | 'period' | 'tables'>;

/** Comments listed; the table is for acting on, not archiving. */
const COMMENTS_LISTED = 500;

/** 0..100 with one decimal; null without answers. */
export const percentOf = (part: number, whole: number): number | null => (whole ? Math.round((part / whole) * 1000) / 10 : null);

export async function articlesReport(services: Services, period: Period, site: string | null, plan: string | null = null): Promise<Body> {
  const { db } = services.store;
  const bySite = (column: string) => siteScope(column, site, plan);
  const [views, answers, comments, catalog, stale] = await Promise.all([
    sql<{ slug: string; n: number | string }>`
      SELECT w.slug, COUNT(*) AS n FROM widget_events w
      WHERE w.type = 'article_read' AND w.slug IS NOT NULL AND w.created_at >= ${period.start} AND w.created_at < ${period.end} ${bySite('w.site_key')}
      GROUP BY w.slug`.execute(db),
    sql<{ slug: string; helpful: number | string; not_helpful: number | string }>`
      SELECT f.slug, SUM(CASE WHEN f.helpful = 1 THEN 1 ELSE 0 END) AS helpful, SUM(CASE WHEN f.helpful = 0 THEN 1 ELSE 0 END) AS not_helpful
      FROM feedback f WHERE f.created_at >= ${period.start} AND f.created_at < ${period.end} ${bySite('f.site_key')}
      GROUP BY f.slug`.execute(db),
    db
      .selectFrom('feedback')
      .select([...FEEDBACK_COLUMNS])
      .where(negativeComments)
      .where('created_at', '>=', period.start)
      .where('created_at', '<', period.end)
      .$if(site !== null, (q) => q.where('site_key', '=', site))
      .$if(plan !== null, (q) => q.where('site_key', 'in', db.selectFrom('sites').select('key').where('plan', '=', plan)))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(COMMENTS_LISTED)
      .execute(),
    articleCatalog(services),
    staleTranslations(services),
  ]);
  const rows = new Map<string, Body['articles'][number]>();
  const row = (slug: string) => {
    let r = rows.get(slug);
    if (!r)
      rows.set(slug, (r = { slug, title: catalog.get(slug)?.title ?? null, views: 0, helpful: 0, notHelpful: 0, helpfulPercent: null }));
    return r;
  };
  for (const v of views.rows) row(v.slug).views = Number(v.n);
  for (const a of answers.rows) {
    const r = row(a.slug);
    r.helpful = Number(a.helpful);
    r.notHelpful = Number(a.not_helpful);
    r.helpfulPercent = percentOf(r.helpful, r.helpful + r.notHelpful);
  }
  return {
    // Most read first; among equals, the most "not helpful" first (the ones to fix).
    articles: [...rows.values()].sort((a, b) => b.views - a.views || b.notHelpful - a.notHelpful || a.slug.localeCompare(b.slug)),
    comments: (await describeFeedback(services, comments)).map(({ page: _page, digestedAt: _digested, ...comment }) => comment),
    answeredWithArticle: await answeredWithArticle(services, period, site, plan),
    staleTranslations: stale.map(({ stale: _stale, ...t }) => t),
  };
}

/**
 * Tickets answered with an article: of the tickets an agent replied to in the period (replies,
 * not internal notes), those with a reply carrying a knowledge-base article (inserted from the
 * reply box), and per article how many replies and tickets it went out in. Site and plan as the
 * ticket was filed.
 */
async function answeredWithArticle(services: Services, period: Period, site: string | null, plan: string | null) {
  const { db } = services.store;
  const inPeriod = (column: string) => sql`${sql.ref(column)} >= ${period.start} AND ${sql.ref(column)} < ${period.end}`;
  const [answered, withArticle, perArticle, catalog] = await Promise.all([
    sql<{ n: number | string }>`
      SELECT COUNT(DISTINCT m.ticket_id) AS n FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
      WHERE m.author = 'agent' AND m.internal = 0 AND ${inPeriod('m.created_at')} ${ticketFilter(site, plan)}`.execute(db),
    sql<{ n: number | string }>`
      SELECT COUNT(DISTINCT a.ticket_id) AS n FROM message_articles a JOIN ticket_messages m ON m.id = a.message_id JOIN tickets t ON t.id = a.ticket_id
      WHERE m.internal = 0 AND ${inPeriod('a.created_at')} ${ticketFilter(site, plan)}`.execute(db),
    sql<{ slug: string; replies: number | string; tickets: number | string }>`
      SELECT a.slug, COUNT(DISTINCT a.message_id) AS replies, COUNT(DISTINCT a.ticket_id) AS tickets
      FROM message_articles a JOIN ticket_messages m ON m.id = a.message_id JOIN tickets t ON t.id = a.ticket_id
      WHERE m.internal = 0 AND ${inPeriod('a.created_at')} ${ticketFilter(site, plan)}
      GROUP BY a.slug`.execute(db),
    articleCatalog(services),
  ]);
  const tickets = Number(withArticle.rows[0]?.n ?? 0);
  const all = Number(answered.rows[0]?.n ?? 0);
  return {
    tickets,
    answered: all,
    percent: percentOf(tickets, all),
    articles: perArticle.rows
      .map((r) => ({ slug: r.slug, title: catalog.get(r.slug)?.title ?? null, replies: Number(r.replies), tickets: Number(r.tickets) }))
      .sort((a, b) => b.tickets - a.tickets || b.replies - a.replies || a.slug.localeCompare(b.slug)),
  };
}

export function articlesTables(report: Body): Record<string, Table> {
  return {
    articles: {
      columns: ['slug', 'title', 'views', 'helpful', 'not_helpful', 'helpful_percent'],
      rows: report.articles.map((a) => [a.slug, a.title, a.views, a.helpful, a.notHelpful, a.helpfulPercent]),
    },
    comments: {
      columns: ['id', 'slug', 'title', 'owner', 'comment', 'site', 'created_at', 'handled_at', 'handled_by'],
      rows: report.comments.map((c) => [c.id, c.slug, c.title, c.owner, c.comment, c.site, c.createdAt, c.handledAt, c.handledBy]),
    },
  };
}
