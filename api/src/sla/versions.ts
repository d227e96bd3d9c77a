/**
 * SLA versions in the store: each distinct set of terms (sla/terms.ts) is stored once, under its
 * id, and never changed; tickets point at it. Read versions are kept in memory: the id is the
 * hash of the content, so a cached copy is right for any store and never stale. Writes always go
 * to the store (one insert that does nothing when the row exists): a process may serve tests or
 * stores side by side, and "written to one" says nothing of another.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { slaVersionId, type SlaTerms } from './terms.ts';

const known = new Map<string, SlaTerms>();

/** Stores `terms` unless their version is already stored; returns the version id. */
export async function ensureSlaVersion(db: Kysely<Database>, terms: SlaTerms, now: Date): Promise<string> {
  const id = slaVersionId(terms);
  await db
    .insertInto('sla_versions')
    .values({ id, terms: JSON.stringify(terms), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return id;
}

/** The terms of a stored version, or undefined when the store has no such version. */
export async function slaTermsOf(db: Kysely<Database>, id: string): Promise<SlaTerms | undefined> {
  const cached = known.get(id);
  if (cached) return cached;
  const row = await db.selectFrom('sla_versions').select('terms').where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const terms = JSON.parse(row.terms) as SlaTerms;
  if (known.size > 10_000) known.clear();
  known.set(id, terms);
  return terms;
}
