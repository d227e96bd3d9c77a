/**
 * Feedback and analytics ingestion: validated, batched into one insert, nothing else.
 * Each endpoint takes one event or an array of up to 100.
 */
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';
import { linkRead, SessionId, sessionOwners, touchSession, type SessionStep } from './sessions.ts';

export const MAX_BATCH = 100;
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-/]{0,199}$/, 'must be an article slug like "bulk-upload-users"');
const Page = z.string().max(2048);
const SiteKey = z.string().min(1).max(63);
export const FeedbackEvent = z.object({
  slug: Slug,
  helpful: z.boolean(),
  comment: z.string().trim().max(2000, 'must be at most 2,000 characters').optional(),
  site: SiteKey.optional(),
  page: Page.optional(),
});

export const SearchEvent = z
  .object({
    query: z.string().trim().max(500),
    resultCount: z.number().int().min(0).max(100_000),
    clickedSlug: Slug.optional(),
    source: z.enum(['kb', 'widget']),
    page: Page.optional(),
    site: SiteKey.optional(),
    session: SessionId.optional(),
  })
  .refine((e) => !e.session || e.site, { path: ['site'], message: 'is required with a session' });

export const WIDGET_EVENT_TYPES = [
  'opened',
  'suggestion_shown',
  'suggestion_clicked',
  'article_read',
  'escalation_started',
  'ticket_created',
] as const;
export const WidgetEvent = z.object({
  site: SiteKey,
  type: z.enum(WIDGET_EVENT_TYPES),
  slug: Slug.optional(),
  page: Page.optional(),
  session: SessionId.optional(),
});

/** One event or a batch: the same schema either way. */
export const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1).max(MAX_BATCH)]);

export type FeedbackEvent = z.output<typeof FeedbackEvent>;
export type SearchEvent = z.output<typeof SearchEvent>;
export type WidgetEvent = z.output<typeof WidgetEvent>;

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

async function checkSites(services: Services, keys: Array<string | undefined>): Promise<void> {
  for (const key of new Set(keys)) {
    if (key !== undefined && !(await services.sites.get(key))) {
      throw new ApiError(422, 'unknown_site', `No site is registered with the key "${key}".`, { site: 'is not a registered site key' });
    }
  }
}

export async function recordFeedback(services: Services, input: FeedbackEvent | FeedbackEvent[]): Promise<number> {
  const events = list(input);
  await checkSites(
    services,
    events.map((e) => e.site),
  );
  const at = services.clock.now().toISOString();
  await services.store.db
    .insertInto('feedback')
    .values(
      events.map((e) => ({
        slug: e.slug,
        helpful: e.helpful ? 1 : 0,
        comment: e.comment || null,
        site_key: e.site ?? null,
        page: e.page ?? null,
        created_at: at,
      })),
    )
    .execute();
  return events.length;
}

/** A query as the reports group it: lower-case, runs of white space as one space. */
export const normaliseQuery = (query: string): string => query.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Each event's session id, or null where that session belongs to another site (first come owns
 * it; earlier events of the same batch count). The event itself is kept, without the session.
 */
async function ownSessions(db: Services['store']['db'], events: Array<{ site?: string; session?: string }>): Promise<Array<string | null>> {
  const owners = await sessionOwners(
    db,
    events.map((e) => e.session),
  );
  return events.map(({ site, session }) => {
    if (!session || !site) return null;
    if (!owners.has(session)) owners.set(session, site);
    return owners.get(session) === site ? session : null;
  });
}

export async function recordSearchEvents(services: Services, input: SearchEvent | SearchEvent[]): Promise<number> {
  const events = list(input);
  await checkSites(
    services,
    events.map((e) => e.site),
  );
  const at = services.clock.now().toISOString();
  await services.store.db.transaction().execute(async (trx) => {
    const sessions = await ownSessions(trx, events);
    await trx
      .insertInto('search_events')
      .values(
        events.map((e, i) => ({
          query: normaliseQuery(e.query),
          result_count: e.resultCount,
          clicked_slug: e.clickedSlug ?? null,
          source: e.source,
          page: e.page ?? null,
          site_key: e.site ?? null,
          session_id: sessions[i],
          created_at: at,
        })),
      )
      .execute();
    for (const [i, e] of events.entries()) {
      const session = sessions[i];
      if (!session) continue;
      const steps: SessionStep[] = e.clickedSlug ? ['searched_at', 'clicked_at'] : ['searched_at'];
      await touchSession(trx, { id: session, site: e.site!, at, page: e.page, steps });
    }
  });
  return events.length;
}

/** The funnel step each widget event marks in its session (opening only starts it; the ticket comes from the ticket itself). */
const STEP_OF: Partial<Record<WidgetEvent['type'], SessionStep>> = {
  suggestion_shown: 'suggested_at',
  suggestion_clicked: 'clicked_at',
  article_read: 'read_at',
  escalation_started: 'escalated_at',
};

export async function recordWidgetEvents(services: Services, input: WidgetEvent | WidgetEvent[]): Promise<number> {
  const events = list(input);
  await checkSites(
    services,
    events.map((e) => e.site),
  );
  const at = services.clock.now().toISOString();
  await services.store.db.transaction().execute(async (trx) => {
    const sessions = await ownSessions(trx, events);
    await trx
      .insertInto('widget_events')
      .values(
        events.map((e, i) => ({
          site_key: e.site,
          type: e.type,
          slug: e.slug ?? null,
          page: e.page ?? null,
          session_id: sessions[i],
          created_at: at,
        })),
      )
      .execute();
    // One write per session of the batch; its page is the one it was opened on, else the first named.
    const touched = new Map<string, { site: string; page: string | null; opened: boolean; steps: Set<SessionStep> }>();
    for (const [i, e] of events.entries()) {
      const session = sessions[i];
      if (!session) continue;
      const touch = touched.get(session) ?? { site: e.site, page: null, opened: false, steps: new Set<SessionStep>() };
      touched.set(session, touch);
      if (e.page && !touch.opened && (e.type === 'opened' || touch.page === null)) {
        touch.page = e.page;
        touch.opened = e.type === 'opened';
      }
      const step = STEP_OF[e.type];
      if (step) touch.steps.add(step);
    }
    for (const [id, touch] of touched) await touchSession(trx, { id, site: touch.site, at, page: touch.page, steps: touch.steps });
    for (const [i, e] of events.entries()) {
      const session = sessions[i];
      if (session && e.type === 'article_read') await linkRead(trx, session, e.site, e.slug ?? null, at);
    }
  });
  return events.length;
}
