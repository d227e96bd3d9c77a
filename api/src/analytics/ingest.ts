/**
 * Feedback and analytics ingestion: validated, batched into one insert, nothing else.
 * Each endpoint takes one event or an array of up to 100.
 */
import { z } from 'zod';
import { ApiError } from '../http/errors.ts';
import type { Services } from '../http/env.ts';

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

export const SearchEvent = z.object({
  query: z.string().trim().max(500),
  resultCount: z.number().int().min(0).max(100_000),
  clickedSlug: Slug.optional(),
  source: z.enum(['kb', 'widget']),
  page: Page.optional(),
  site: SiteKey.optional(),
});

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

export async function recordSearchEvents(services: Services, input: SearchEvent | SearchEvent[]): Promise<number> {
  const events = list(input);
  await checkSites(
    services,
    events.map((e) => e.site),
  );
  const at = services.clock.now().toISOString();
  await services.store.db
    .insertInto('search_events')
    .values(
      events.map((e) => ({
        query: e.query,
        result_count: e.resultCount,
        clicked_slug: e.clickedSlug ?? null,
        source: e.source,
        page: e.page ?? null,
        site_key: e.site ?? null,
        created_at: at,
      })),
    )
    .execute();
  return events.length;
}

export async function recordWidgetEvents(services: Services, input: WidgetEvent | WidgetEvent[]): Promise<number> {
  const events = list(input);
  await checkSites(
    services,
    events.map((e) => e.site),
  );
  const at = services.clock.now().toISOString();
  await services.store.db
    .insertInto('widget_events')
    .values(events.map((e) => ({ site_key: e.site, type: e.type, slug: e.slug ?? null, page: e.page ?? null, created_at: at })))
    .execute();
  return events.length;
}
