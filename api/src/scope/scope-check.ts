/**
 * Scope check: which of the policy's scope rules a free-text question touches. A rule matches
 * when every word of one of its `match` phrases appears in the text, in any order, after
 * normalising case, accents, punctuation and simple plurals.
 */
import type { Policy } from '#content/policy-schema.ts';
import type { ScopeMatch } from './shapes.ts';

export function normaliseWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(stem);
}

/** Plural and possessive endings only: "learners" → "learner", "passwords" → "password". */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export type { ScopeMatch };

export interface ScopeMatcher {
  check(text: string): ScopeMatch[];
}

export function scopeMatcher(policy: Policy): ScopeMatcher {
  const rules = policy.scope.map((rule) => ({
    rule,
    phrases: rule.match.map((phrase) => ({ phrase, words: [...new Set(normaliseWords(phrase))] })),
  }));
  return {
    check(text: string): ScopeMatch[] {
      const words = new Set(normaliseWords(text));
      const found: Array<{ match: ScopeMatch; score: number }> = [];
      for (const { rule, phrases } of rules) {
        const hits = phrases.filter((p) => p.words.length > 0 && p.words.every((w) => words.has(w)));
        if (!hits.length) continue;
        found.push({
          score: hits.reduce((sum, p) => sum + p.words.length, 0),
          match: {
            id: rule.id,
            topic: rule.topic,
            verdict: rule.verdict,
            who: rule.who,
            article: rule.article,
            articleUrl: `/articles/${rule.article}/`,
            matched: hits.map((p) => p.phrase),
          },
        });
      }
      return found.sort((a, b) => b.score - a.score).map((f) => f.match);
    },
  };
}
