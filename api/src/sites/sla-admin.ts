/**
 * A site's SLA as an admin sees it before amending it: the amendment in force, every earlier one
 * (who changed what, when), and the terms new tickets of the site get from them (each severity's
 * target, each escalation level's contact resolved). Changes go through `amendSiteSla`
 * (sla-amendments.ts), the one function the admin CLI and the admin API both call.
 */
import type { Kysely } from 'kysely';
import { defaultCrmOf, type Policy } from '#content/policy-schema.ts';
import { planFor } from '../policy/sla-view.ts';
import { slaTermsFor } from '../sla/terms.ts';
import type { Database } from '../store/schema.ts';
import { amendmentHistory, type SiteSlaAmendment } from './sla-amendments.ts';

export interface SiteSla {
  site: string;
  plan: string;
  current: SiteSlaAmendment | null;
  history: SiteSlaAmendment[];
  defaultCrm: string;
  terms: {
    targets: ReturnType<typeof slaTermsFor>['targets'];
    levels: Array<{ level: number; role: string; contact: string }>;
  };
}

/** The site's SLA amendments and the terms they give; null when there is no such site. */
export async function siteSla(db: Kysely<Database>, policy: Policy, siteKey: string): Promise<SiteSla | null> {
  const site = await db.selectFrom('sites').select(['key', 'plan']).where('key', '=', siteKey).executeTakeFirst();
  if (!site) return null;
  const history = await amendmentHistory(db, siteKey);
  const current = history.at(-1) ?? null;
  const plan = planFor(policy, site.plan).id;
  const terms = slaTermsFor(policy, plan, current);
  return {
    site: site.key,
    plan,
    current,
    history,
    defaultCrm: defaultCrmOf(policy),
    terms: {
      targets: terms.targets,
      levels: terms.escalation.levels.map(({ level, role, contact }) => ({ level, role, contact })),
    },
  };
}
