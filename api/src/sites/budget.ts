/**
 * A site's support budget: the hours its contract includes, the time agents logged against it
 * (at the policy's hourly rates), what is left, and whether that is running low.
 */
import type { Services } from '../http/env.ts';

export async function budgetFor(services: Services, siteKey: string) {
  const { db } = services.store;
  const site = await services.sites.get(siteKey);
  const rows = await db.selectFrom('time_entries').select(['minutes', 'rate']).where('site_key', '=', siteKey).execute();
  const rates = new Map(services.policy.rates.list.map((r) => [r.id, r.hourly]));
  const usedMinutes = rows.reduce((n, r) => n + Number(r.minutes), 0);
  const cost = rows.reduce((n, r) => n + (Number(r.minutes) / 60) * (rates.get(r.rate as 'standard') ?? 0), 0);
  const budgetHours = site?.budgetHours ?? 0;
  const remainingHours = Math.round((budgetHours - usedMinutes / 60) * 100) / 100;
  return {
    budgetHours,
    usedHours: Math.round((usedMinutes / 60) * 100) / 100,
    remainingHours,
    cost: Math.round(cost * 100) / 100,
    currency: services.policy.rates.currency,
    low: budgetHours > 0 && remainingHours < (budgetHours * services.policy.budget.lowBalancePercent) / 100,
  };
}
