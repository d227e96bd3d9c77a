/** What POST /api/scope-check answers: the scope rules a question touches, worded in `lang`. */
import { z } from 'zod';
import { ScopeRuleSchema } from '#content/policy-schema.ts';
import { LanguageSchema } from '#content/policy-translations.ts';
import { Untranslated } from '../policy/shapes.ts';

export const ScopeMatch = z.object({
  id: z.string(),
  topic: z.string(),
  verdict: ScopeRuleSchema.shape.verdict,
  who: z.string().describe('Who acts on it, in `lang`.'),
  article: z.string(),
  articleUrl: z.string(),
  matched: z.array(z.string()).describe('The phrases of the rule found in the text.'),
});
export type ScopeMatch = z.infer<typeof ScopeMatch>;

export const ScopeMatches = z.object({ lang: LanguageSchema, untranslated: Untranslated, matches: z.array(ScopeMatch) });
export type ScopeMatches = z.infer<typeof ScopeMatches>;
