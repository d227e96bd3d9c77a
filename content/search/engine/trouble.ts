/**
 * Trouble words on a page ("error", "it doesn't work", "upload failed"): what they mean depends on
 * what else the query says. Alone, they mean trouble with this page; beside a subject, the subject
 * and the page decide.
 */
import { WEAK_WEIGHT, type Concept } from './vocabulary.ts';

const isTrouble = (c: Concept, trouble: ReadonlySet<string>): boolean => c.own.length > 0 && c.own.every((t) => trouble.has(t));

/** A query that says something is wrong but not what ("error", "it is not working"). */
export function isTroubleOnly(concepts: Concept[], trouble: ReadonlySet<string>): boolean {
  return concepts.length > 0 && concepts.every((c) => c.weak || isTrouble(c, trouble));
}

/**
 * On a page, "upload failed" is about the upload on this page: the trouble words count like
 * generic words, so the subject and the page decide (not an article that says "failed" a lot).
 */
export function troubleAsWeak(concepts: Concept[], trouble: ReadonlySet<string>): Concept[] {
  return concepts.map((c) =>
    !c.weak && !c.intent && isTrouble(c, trouble)
      ? { ...c, weak: true, alternatives: c.alternatives.map((a) => ({ ...a, weight: a.weight * WEAK_WEIGHT })) }
      : c,
  );
}
