/** POST /api/scope-check {text, site?, lang?} → the scope rules the text touches, worded in `lang`. */
import { Hono } from 'hono';
import { z } from 'zod';
import { LanguageSchema, type Language, type TranslatedPolicy } from '#content/policy-translations.ts';
import type { Config } from '../config.ts';
import type { AppEnv } from '../http/env.ts';
import { jsonBody, limitBody } from '../http/json-body.ts';
import { limitsFor } from '../http/rate-limit.ts';
import { scopeMatcher, type ScopeMatcher } from './scope-check.ts';
import type { ScopeMatches } from './shapes.ts';

export const ScopeCheckRequest = z.object({
  text: z.string().max(20_000),
  site: z.string().min(1).max(63).optional(),
  lang: LanguageSchema.optional(),
});

export function scopeRoutes(config: Config, inLanguage: (lang: Language) => TranslatedPolicy) {
  // The rules match the same phrases in every language; only their topic and "who" are translated.
  const matchers = new Map<Language, { matcher: ScopeMatcher; untranslated: Set<string> }>();
  const matcherIn = (lang: Language) => {
    let entry = matchers.get(lang);
    if (!entry) {
      const translated = inLanguage(lang);
      matchers.set(lang, (entry = { matcher: scopeMatcher(translated.policy), untranslated: new Set(translated.untranslated) }));
    }
    return entry;
  };
  const limits = limitsFor('events', config);
  return new Hono<AppEnv>().post('/', limits.byIp, limitBody(64 * 1024), jsonBody(ScopeCheckRequest), limits.bySite, (c) => {
    const lang = c.var.body.lang ?? 'en';
    const { matcher, untranslated } = matcherIn(lang);
    const matches = matcher.check(c.var.body.text);
    const english = matches.flatMap((m) => [`scope.${m.id}.topic`, `scope.${m.id}.who`]).filter((key) => untranslated.has(key));
    return c.json<ScopeMatches>({ lang, matches, untranslated: english });
  });
}
