/** POST /api/feedback, /api/search-events, /api/widget-events → 202 {accepted}. */
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { checkSiteOrigin } from '../http/site-cors.ts';
import { FeedbackEvent, oneOrMany, recordFeedback, recordSearchEvents, recordWidgetEvents, SearchEvent, WidgetEvent } from './ingest.ts';

import type { Accepted } from './shapes.ts';

const EVENTS_BODY_LIMIT = 256 * 1024;

export function analyticsRoutes(config: Config) {
  const limits = limitsFor('events', config);
  const common = [limits.byIp, limitBody(EVENTS_BODY_LIMIT)] as const;
  const feedback = new Hono<AppEnv>().post('/', ...common, jsonBody(oneOrMany(FeedbackEvent)), limits.bySite, checkSiteOrigin, async (c) =>
    c.json<Accepted>({ accepted: await recordFeedback(c.var.services, c.var.body) }, 202),
  );
  const searchEvents = new Hono<AppEnv>().post(
    '/',
    ...common,
    jsonBody(oneOrMany(SearchEvent)),
    limits.bySite,
    checkSiteOrigin,
    async (c) => c.json<Accepted>({ accepted: await recordSearchEvents(c.var.services, c.var.body) }, 202),
  );
  const widgetEvents = new Hono<AppEnv>().post(
    '/',
    ...common,
    jsonBody(oneOrMany(WidgetEvent)),
    limits.bySite,
    checkSiteOrigin,
    async (c) => c.json<Accepted>({ accepted: await recordWidgetEvents(c.var.services, c.var.body) }, 202),
  );
  return { feedback, searchEvents, widgetEvents };
}
