/**
 * A site's support budget: the hours its contract includes, the time agents logged against it
 * (at the policy's hourly rates), what is left, and whether that is running low. The one owner of
 * these rules: the inbox's budget line and the budget report (api/src/reports/budget.ts) both
 * read them from here. Time is summed in SQL, per rate.
 */
import { sql, type Kysely } from 'kysely';
import type { Policy } from '#content/policy-schema.ts';
import type { Services } from '../http/env.ts';
import type { Database } from '../store/schema.ts';

export interface RateUse {
  rate: string;
  minutes: number;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Minutes logged against `siteKey` per rate, optionally only entries before `before` and from `from` on (ISO instants). */
export async function minutesByRate(db: Kysely<Database>, siteKey: string, before?: string, from?: string): Promise<RateUse[]> {
  let query = db
    .selectFrom('time_entries')
    .select(['rate', sql<number | string>`SUM(minutes)`.as('minutes')])
    .where('site_key', '=', siteKey)
    .groupBy('rate')
    .orderBy('rate');
  if (before) query = query.where('created_at', '<', before);
  if (from) query = query.where('created_at', '>=', from);
  const rows = await query.execute();
  return rows.map((r) => ({ rate: r.rate, minutes: Number(r.minutes) }));
}

/** The budget's figures from the hours bought and the minutes used per rate. */
export function budgetFrom(policy: Policy, budgetHours: number, used: RateUse[]) {
  const rates = new Map(policy.rates.list.map((r) => [r.id as string, r]));
  const byRate = used.map((u) => {
    const rate = rates.get(u.rate);
    const hourly = rate?.hourly ?? 0;
    return { rate: u.rate, name: rate?.name ?? u.rate, hourly, hours: round2(u.minutes / 60), cost: round2((u.minutes / 60) * hourly) };
  });
  const usedMinutes = used.reduce((n, u) => n + u.minutes, 0);
  const cost = used.reduce((n, u) => n + (u.minutes / 60) * (rates.get(u.rate)?.hourly ?? 0), 0);
  const remainingHours = round2(budgetHours - usedMinutes / 60);
  return {
    budgetHours,
    usedHours: round2(usedMinutes / 60),
    remainingHours,
    cost: round2(cost),
    currency: policy.rates.currency,
    low: budgetHours > 0 && remainingHours < (budgetHours * policy.budget.lowBalancePercent) / 100,
    byRate,
  };
}

export async function budgetFor(services: Services, siteKey: string) {
  const site = await services.sites.get(siteKey);
  const { byRate: _, ...budget } = budgetFrom(services.policy, site?.budgetHours ?? 0, await minutesByRate(services.store.db, siteKey));
  return budget;
}
