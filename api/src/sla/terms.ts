/**
 * The SLA terms a ticket is filed under, and their version id. Terms are the SLA part of the
 * policy as it applies to one site: the calendar, the effective target per severity (policy, then
 * plan, then the site's amendment), which ticket types have a resolution target, and the
 * escalation matrix with each level's contact resolved. A ticket keeps the version id; its dues
 * are always computed from those terms, so editing policy.yaml changes new tickets only.
 */
import { createHash } from 'node:crypto';
import {
  defaultCrmOf,
  SEVERITY_IDS,
  SITE_CRM,
  type EscalationTrigger,
  type MaintenanceClock,
  type Policy,
  type Target,
} from '#content/policy-schema.ts';
import type { Calendar } from './business-time.ts';
import { calendarFor, computeSlaOn, SlaInputError, targetFor, type PauseInterval, type SlaTargets } from './targets.ts';

/** The parts of a site's amendment (sites/sla-amendments.ts) that shape its terms. */
export interface SiteAmendmentTerms {
  crm: string | null;
  targets: Partial<Record<string, Partial<Target>>>;
  contacts: Record<string, string>;
}

export interface SlaTerms {
  calendar: Calendar;
  /** The effective target of each severity. */
  targets: Record<string, Target>;
  /** Ticket types that have a resolution target, sorted. */
  resolutionTypes: string[];
  escalation: {
    warnAtPercent: number;
    levels: Array<{ level: number; role: string; contact: string; on: EscalationTrigger[]; afterWorkingHours: number | null }>;
  };
  /**
   * Whether an announced maintenance window on the ticket's site stops its clocks while it runs.
   * Absent in terms stored before the policy said: the clocks ran (sla/maintenance-pauses.ts).
   */
  maintenance?: MaintenanceClock;
}

/** The terms for a site on `planId` with its amendment (null = the plan as written). */
export function slaTermsFor(policy: Policy, planId: string | null | undefined, amendment: SiteAmendmentTerms | null): SlaTerms {
  const plan = policy.plans.find((p) => p.id === (planId ?? policy.defaultPlan));
  if (!plan) throw new SlaInputError('plan', `unknown plan "${planId}": use one of ${policy.plans.map((p) => p.id).join(', ')}`);
  const targets: Record<string, Target> = {};
  for (const id of SEVERITY_IDS) {
    const base = targetFor(policy, plan.id, id);
    const override = amendment?.targets[id] ?? {};
    targets[id] = { ...base, ...override, replyHours: override.replyHours !== undefined ? override.replyHours : (base.replyHours ?? null) };
  }
  const crm = amendment?.crm ?? defaultCrmOf(policy);
  return {
    calendar: calendarFor(policy, plan.id),
    targets,
    resolutionTypes: policy.ticketTypes
      .filter((t) => t.resolutionTarget)
      .map((t) => t.id)
      .sort(),
    escalation: {
      warnAtPercent: policy.escalation.warnAtPercent,
      levels: policy.escalation.levels.map((l) => {
        const key = String(l.level);
        const contact = amendment?.contacts[key] ?? plan.escalationContacts[key] ?? l.contact;
        return {
          level: l.level,
          role: l.role,
          contact: contact === SITE_CRM ? crm : contact,
          on: [...l.on],
          afterWorkingHours: l.afterWorkingHours ?? null,
        };
      }),
    },
    maintenance: policy.maintenance.slaClock,
  };
}

/** JSON with object keys sorted at every depth: equal terms give equal text, whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** The version id of some terms: "sla-" and 16 hex digits of the SHA-256 of their canonical JSON. */
export const slaVersionId = (terms: SlaTerms): string =>
  `sla-${createHash('sha256').update(canonicalJson(terms)).digest('hex').slice(0, 16)}`;

/** Due times of a ticket on its own terms. */
export function computeSlaFromTerms(
  terms: SlaTerms,
  severityId: string,
  ticketTypeId: string,
  createdAt: Date,
  pauses?: ReadonlyArray<PauseInterval>,
  now?: Date,
): SlaTargets {
  const target = terms.targets[severityId];
  if (!target) throw new SlaInputError('severity', `unknown severity "${severityId}": use one of ${Object.keys(terms.targets).join(', ')}`);
  return computeSlaOn(
    { calendar: terms.calendar, target, resolutionTarget: terms.resolutionTypes.includes(ticketTypeId) },
    createdAt,
    pauses,
    now,
  );
}
