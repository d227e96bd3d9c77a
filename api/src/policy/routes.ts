/**
 * GET /api/policy and GET /api/sla/preview: what the widget shows, computed from policy.yaml;
 * the policy's texts in the asked language (content/policy.<lang>.yaml), English where a
 * translation is missing or stale.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { Policy } from '#content/policy-schema.ts';
import { LanguageSchema, type Language, type TranslatedPolicy } from '#content/policy-translations.ts';
import type { Config } from '../config.ts';
import { ApiError } from '../http/errors.ts';
import type { AppEnv, Services } from '../http/env.ts';
import { queryParams } from '../http/json-body.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { isOpen, nextOpening } from '../sla/business-time.ts';
import { calendarFor, formatDueTime } from '../sla/targets.ts';
import { ticketSchemas, DESCRIPTION_MAX, SUBJECT_MAX } from '../tickets/schema.ts';
import { duesFor, planFor, slaView } from './sla-view.ts';
import { chatStatus, type ChatStatus } from '../chat/routes.ts';
import type { PolicyView, SlaPreview } from './shapes.ts';

export const PolicyQuery = z.object({ site: z.string().min(1).max(63).optional(), lang: LanguageSchema.optional() });

/** Locales for dates and times in each language's texts. */
const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', de: 'de-DE' };

/** The policy as the widget needs it, for one plan at one instant, in one language. */
export function policyView(
  translated: TranslatedPolicy,
  planId: string,
  now: Date,
  chat: Pick<ChatStatus, 'available' | 'calendarOpen' | 'agentsOnline'>,
): PolicyView {
  const { policy, lang } = translated;
  const plan = planFor(policy, planId);
  const calendar = calendarFor(policy, plan.id);
  const open = isOpen(calendar, now);
  const next = open ? null : nextOpening(calendar, now);
  const nextText = next ? formatDueTime(next, calendar, LOCALES[lang], now) : null;
  return {
    lang,
    /** Ids of the texts served in English (e.g. "severities.S1.name"), so a client can mark them as English. */
    untranslated: translated.untranslated,
    vendor: policy.vendor,
    plan: { id: plan.id, name: plan.name, description: plan.description },
    calendar: {
      timezone: calendar.timezone,
      label: calendar.label ?? calendar.timezone,
      hours: calendar.hours,
      holidays: calendar.holidays,
      openNow: open,
      nextOpening: next?.toISOString() ?? null,
      nextOpeningText: nextText,
    },
    calendarLabel: calendar.label ?? calendar.timezone,
    ticketTypes: policy.ticketTypes.map((t) => ({
      id: t.id,
      name: t.name,
      description: t.description,
      prompt: t.prompt,
      fields: t.fields,
      resolutionTarget: t.resolutionTarget,
      billable: t.billable,
    })),
    severities: policy.severities.map((s) => ({
      id: s.id,
      name: s.name,
      definition: s.definition,
      examples: s.examples,
      target: plan.targets[s.id] ?? s.target,
    })),
    channels: policy.channels.map((ch) => {
      const availableNow = ch.availability === 'always' || (ch.availability === 'business-hours' && open);
      // Live chat also needs an agent online (chatStatus); unstaffed in hours, it is back "soon".
      if (ch.id === 'chat' && availableNow && !chat.available) {
        return { ...ch, availableNow: false, agentsOnline: false, nextOpening: null, nextOpeningText: 'soon' };
      }
      return {
        ...ch,
        availableNow,
        nextOpening: ch.availability === 'business-hours' && !open ? (next?.toISOString() ?? null) : null,
        nextOpeningText: ch.availability === 'business-hours' && !open ? nextText : null,
      };
    }),
    attachments: policy.attachments,
    limits: { subjectMax: SUBJECT_MAX, descriptionMax: DESCRIPTION_MAX },
    generatedAt: now.toISOString(),
  };
}

export function policyRoutes(policy: Policy, config: Config, inLanguage: (lang: Language) => TranslatedPolicy) {
  const reads = limitsFor('reads', config);
  const { SlaQuery } = ticketSchemas(policy);
  // Open/closed changes only on whole minutes (hours are "HH:MM"): one rendering per plan per minute.
  const cache = new Map<string, string>();

  async function planOf(services: Services, key: string | undefined): Promise<string> {
    if (!key) return policy.defaultPlan;
    const site = await services.sites.get(key);
    if (!site)
      throw new ApiError(422, 'unknown_site', `No site is registered with the key "${key}".`, { site: 'is not a registered site key' });
    return site.plan;
  }

  const policyApp = new Hono<AppEnv>().get('/', reads.byIp, queryParams(PolicyQuery), async (c) => {
    const services = c.var.services;
    const planId = await planOf(services, c.var.query.site);
    const now = services.clock.now();
    const chat = await chatStatus(services, planId, now);
    const lang = c.var.query.lang ?? 'en';
    const key = `${lang}:${planId}:${Math.floor(now.getTime() / 60_000)}:${chat.available}`;
    let body = cache.get(key);
    if (!body) {
      if (cache.size > 64) cache.clear();
      body = JSON.stringify(policyView(inLanguage(lang), planId, now, chat));
      cache.set(key, body);
    }
    c.header('Cache-Control', 'public, max-age=30');
    c.header('Content-Type', 'application/json; charset=UTF-8');
    return c.body(body);
  });

  const slaApp = new Hono<AppEnv>().get('/preview', reads.byIp, queryParams(SlaQuery), async (c) => {
    const services = c.var.services;
    const q = c.var.query;
    const planId = await planOf(services, q.site);
    const now = services.clock.now();
    const type = q.type ?? policy.ticketTypes[0].id;
    const severity = policy.severities.find((s) => s.id === q.severity)!;
    const plan = planFor(policy, planId);
    return c.json<SlaPreview>({
      site: q.site,
      plan: plan.id,
      severity: severity.id,
      type,
      target: plan.targets[severity.id] ?? severity.target,
      ...slaView(policy, planId, duesFor(policy, planId, severity.id, type, now), now),
    });
  });

  return { policyApp, slaApp };
}
