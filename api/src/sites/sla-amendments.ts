/**
 * A site's amendment of the SLA: its client relationship manager (the `site-crm` escalation
 * contact), per-severity target overrides and per-level contact overrides. Each change is stored
 * as a new row holding the whole amendment, with who changed it and when, so the history of what
 * was agreed with a client stays readable; the latest row is the one in force.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { SEVERITY_IDS, TargetSchema, type Policy, type Target } from '#content/policy-schema.ts';
import type { Database } from '../store/schema.ts';
import { SiteError } from './sites.ts';

const LevelKey = z.string().regex(/^[1-9]\d*$/, 'key by the escalation level number, e.g. "2"');

/** A change to a site's amendment; absent parts stay as they are, `crm: null` goes back to the default. */
export const SlaAmendmentChange = z.strictObject({
  crm: z.email("use the relationship manager's email address").nullable().optional(),
  targets: z.partialRecord(z.enum(SEVERITY_IDS), TargetSchema.partial().strict()).optional(),
  contacts: z.record(LevelKey, z.email('use an email address')).optional(),
});
export type SlaAmendmentChange = z.input<typeof SlaAmendmentChange>;

export interface SiteSlaAmendment {
  crm: string | null;
  targets: Partial<Record<(typeof SEVERITY_IDS)[number], Partial<Target>>>;
  contacts: Record<string, string>;
  changedBy: string;
  changedAt: string;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

type Row = Database['site_sla_amendments'];
const fromRow = (row: Pick<Row, 'crm_email' | 'targets' | 'contacts' | 'changed_by' | 'changed_at'>): SiteSlaAmendment => ({
  crm: row.crm_email,
  targets: parseJson(row.targets, {}),
  contacts: parseJson(row.contacts, {}),
  changedBy: row.changed_by,
  changedAt: row.changed_at,
});

/** The amendment in force for a site, or null when its SLA is the plan's as written. */
export async function currentAmendment(db: Kysely<Database>, siteKey: string): Promise<SiteSlaAmendment | null> {
  const row = await db
    .selectFrom('site_sla_amendments')
    .select(['crm_email', 'targets', 'contacts', 'changed_by', 'changed_at'])
    .where('site_key', '=', siteKey)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? fromRow(row) : null;
}

/** Every amendment of a site, oldest first. */
export async function amendmentHistory(db: Kysely<Database>, siteKey: string): Promise<SiteSlaAmendment[]> {
  const rows = await db
    .selectFrom('site_sla_amendments')
    .select(['crm_email', 'targets', 'contacts', 'changed_by', 'changed_at'])
    .where('site_key', '=', siteKey)
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

/**
 * Applies `change` on top of the site's amendment in force and stores the result as a new row.
 * Throws SiteError naming the field on bad input (an unknown level, a malformed address).
 */
export async function amendSiteSla(
  db: Kysely<Database>,
  policy: Policy,
  siteKey: string,
  change: SlaAmendmentChange,
  changedBy: string,
  now: Date,
): Promise<SiteSlaAmendment> {
  const parsed = SlaAmendmentChange.safeParse(change);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SiteError(issue.path.join('.'), issue.message);
  }
  for (const level of Object.keys(parsed.data.contacts ?? {}))
    if (!policy.escalation.levels.some((l) => String(l.level) === level))
      throw new SiteError(
        `contacts.${level}`,
        `no escalation level ${level} in the policy; use one of ${policy.escalation.levels.map((l) => l.level).join(', ')}`,
      );
  const site = await db.selectFrom('sites').select('key').where('key', '=', siteKey).executeTakeFirst();
  if (!site) throw new SiteError('key', `no site "${siteKey}": add it first with sites add`);
  const current = await currentAmendment(db, siteKey);
  const targets = { ...current?.targets };
  for (const [severity, override] of Object.entries(parsed.data.targets ?? {}))
    targets[severity as keyof typeof targets] = { ...targets[severity as keyof typeof targets], ...override };
  const next = {
    site_key: siteKey,
    crm_email: parsed.data.crm === undefined ? (current?.crm ?? null) : parsed.data.crm,
    targets: JSON.stringify(targets),
    contacts: JSON.stringify({ ...current?.contacts, ...parsed.data.contacts }),
    changed_by: changedBy,
    changed_at: now.toISOString(),
  };
  await db.insertInto('site_sla_amendments').values(next).execute();
  return fromRow(next);
}
