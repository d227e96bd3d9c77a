/**
 * The daily "Fix this article" digest: at HELPWAY_DIGEST_HOUR in the support time zone, each
 * article owner (else the content team) gets one mail with the negative comments that came in
 * before that hour and were neither mailed nor handled yet.
 *
 * Each comment goes out once, with several processes too: a round claims its comments with one
 * UPDATE … SET digested_at WHERE digested_at IS NULL … RETURNING and queues the mails in the same
 * transaction. On PostgreSQL a second process's UPDATE waits for the first's row locks and then
 * finds those rows claimed; a failure rolls back claim and mails together.
 *
 * Rounds run on the shared poller (jobs/poller.ts) every DIGEST_POLL_MS from server start; a
 * round before today's hour does nothing new (yesterday's comments were claimed yesterday).
 */
import type { Services } from '../http/env.ts';
import { Poller } from '../jobs/poller.ts';
import { enqueueMail, type OutgoingMail } from '../mail/outbox.ts';
import { articleFeedbackDigestMail } from '../mail/templates.ts';
import { DAY_MS, HOUR_MS, localDayOf, localToUtc, zoneInfo } from '../sla/time-zone.ts';
import { articleCatalog, ownerOf } from './catalog.ts';
import { negativeComments } from './feedback.ts';

export interface DigestReport {
  /** Comments mailed in this round. */
  comments: number;
  /** Mails queued (one per owner). */
  mails: number;
}

/** How often a process looks whether the day's digest is due: the mail goes out at most this late. */
const DIGEST_POLL_MS = 10 * 60_000;

/** The latest digest time at or before `now`: today's hour in `timezone` once it has come, else yesterday's. */
export function lastDigestTime(timezone: string, hour: number, now: Date): Date {
  const zone = zoneInfo(timezone);
  if (!zone) throw new Error(`unknown time zone ${timezone}`);
  const today = localDayOf(zone, now.getTime());
  // localToUtc takes the wall-clock time as a "local ms" value (time-zone.ts), not the time of day.
  const on = (day: number) => localToUtc(zone, day, day * DAY_MS + hour * HOUR_MS);
  const at = on(today);
  return new Date(at <= now.getTime() ? at : on(today - 1));
}

/** One digest round at the services' clock. Safe to run in several processes at once. */
export async function digestFeedback(services: Services): Promise<DigestReport> {
  const { db } = services.store;
  const now = services.clock.now();
  const cutoff = lastDigestTime(services.policy.calendar.timezone, services.config.content.digestHour, now).toISOString();
  const catalog = await articleCatalog(services);
  const report = await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('feedback')
      .set({ digested_at: now.toISOString() })
      .where(negativeComments)
      .where('digested_at', 'is', null)
      .where('handled_at', 'is', null)
      .where('created_at', '<', cutoff)
      .returning(['id', 'slug', 'comment', 'created_at'])
      .execute();
    // Owner → slug → comments, oldest first.
    const byOwner = new Map<string, Map<string, Array<{ comment: string; createdAt: string }>>>();
    for (const row of [...claimed].sort((a, b) => a.created_at.localeCompare(b.created_at) || Number(a.id) - Number(b.id))) {
      const owner = ownerOf(services, catalog.get(row.slug));
      const articles = byOwner.get(owner) ?? new Map();
      byOwner.set(owner, articles);
      const comments = articles.get(row.slug) ?? [];
      articles.set(row.slug, comments);
      comments.push({ comment: row.comment ?? '', createdAt: row.created_at });
    }
    const mails: OutgoingMail[] = [...byOwner].map(([owner, articles]) => ({
      kind: 'article_feedback_digest',
      to: owner,
      ticketId: null,
      ...articleFeedbackDigestMail({
        articles: [...articles].map(([slug, comments]) => ({ slug, title: catalog.get(slug)?.title ?? null, comments })),
        inboxUrl: services.links.articleFeedback,
      }),
    }));
    await enqueueMail(trx, mails);
    return { comments: claimed.length, mails: mails.length };
  });
  if (report.mails) services.outbox.kick();
  return report;
}

/** Runs `digestFeedback` from server start (server.ts); `digestOnce()` runs one now (tests, after moving their clock). */
export class FeedbackDigest {
  readonly #poller: Poller<DigestReport>;

  constructor(services: () => Services) {
    this.#poller = new Poller({
      name: 'article feedback digest',
      round: () => digestFeedback(services()),
      delayMs: () => DIGEST_POLL_MS,
      log: (entry) => services().log(entry),
    });
  }

  async digestOnce(): Promise<DigestReport> {
    return (await this.#poller.runOnce()) ?? { comments: 0, mails: 0 };
  }

  run(): void {
    this.#poller.start(DIGEST_POLL_MS);
  }

  stop(): Promise<void> {
    return this.#poller.stop();
  }
}
