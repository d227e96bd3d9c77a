/**
 * The csat report: the requesters' "How did we do?" answers (satisfaction) given in the period,
 * by when each ticket was first rated (a changed answer counts as it stands now, in the week of the
 * first): in total, per ISO week (one GROUP BY per day and rating, folded into weeks), and the
 * answers that came with a comment.
 */
import { sql } from 'kysely';
import type { Services } from '../http/env.ts';
import { referenceFor } from '../tickets/reference.ts';
import { percentOf } from './articles.ts';
import type { Table } from './csv.ts';
import { siteScope } from './filter.ts';
import { byLocalDay, daysTable, type Period } from './range.ts';
import type { CsatReport } from './shapes.ts';

type Body = Omit<CsatReport, 'report' | 'period' | 'tables'>;

const COMMENTS_LISTED = 500;

export async function csatReport(services: Services, period: Period, site: string | null, plan: string | null = null): Promise<Body> {
  const { db } = services.store;
  const [perDay, comments] = await Promise.all([
    sql<{ week: string; rating: string; n: number | string }>`WITH ${daysTable(period)}
      SELECT d.week AS week, s.rating, COUNT(*) AS n FROM ${byLocalDay(sql`satisfaction s`, 's.created_at')} ${siteScope('s.site_key', site, plan)}
      GROUP BY d.week, s.rating`.execute(db),
    db
      .selectFrom('satisfaction as s')
      .innerJoin('tickets as t', 't.id', 's.ticket_id')
      .select(['s.ticket_id', 't.subject', 's.site_key', 's.rating', 's.comment', 's.created_at'])
      .where('s.comment', 'is not', null)
      .where('s.created_at', '>=', period.start)
      .where('s.created_at', '<', period.end)
      .$if(site !== null, (q) => q.where('s.site_key', '=', site))
      .$if(plan !== null, (q) => q.where('s.site_key', 'in', db.selectFrom('sites').select('key').where('plan', '=', plan)))
      .orderBy('s.created_at', 'desc')
      .orderBy('s.id', 'desc')
      .limit(COMMENTS_LISTED)
      .execute(),
  ]);
  const figures = () => ({ responses: 0, good: 0, bad: 0, goodPercent: null as number | null });
  const total = figures();
  const weeks = new Map(period.days.map(({ week }) => [week, { week, ...figures() }]));
  for (const r of perDay.rows) {
    const n = Number(r.n);
    for (const f of [total, weeks.get(r.week)!]) {
      f.responses += n;
      if (r.rating === 'good') f.good += n;
      else f.bad += n;
    }
  }
  for (const f of [total, ...weeks.values()]) f.goodPercent = percentOf(f.good, f.responses);
  return {
    total,
    weeks: [...weeks.values()],
    comments: comments.map((c) => ({
      reference: referenceFor(Number(c.ticket_id)),
      subject: c.subject,
      site: c.site_key,
      rating: c.rating as 'good' | 'bad',
      comment: c.comment ?? '',
      createdAt: c.created_at,
    })),
  };
}

export function csatTables(report: Body): Record<string, Table> {
  return {
    weeks: {
      columns: ['week', 'responses', 'good', 'bad', 'good_percent'],
      rows: report.weeks.map((w) => [w.week, w.responses, w.good, w.bad, w.goodPercent]),
    },
    comments: {
      columns: ['reference', 'subject', 'site', 'rating', 'comment', 'created_at'],
      rows: report.comments.map((c) => [c.reference, c.subject, c.site, c.rating, c.comment, c.createdAt]),
    },
  };
}
