/**
 * The demo company's current-year plan (전사 목표 → 부문별 목표 → 월별): the company's yearly
 * targets of its summed amounts, cascaded down the tree by last year's shares, phased by each
 * unit's last-year profile and approved, through the same path a planning manager uses. The
 * company totals are what the branches' separate 2026 targets used to add up to.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../audit/repository.ts';
import { selectChildren, selectUnitByCode } from '../units/repository.ts';
import { approvePlans, cascadePlan } from '../targets/service.ts';

export const DEMO_PLAN_YEAR = 2026;

export const DEMO_PLANS: readonly { indicator: string; unit: string; target: number }[] = [
  { indicator: 'REVENUE', unit: 'HQ', target: 557900 },
  { indicator: 'OPERATING_PROFIT', unit: 'HQ', target: 37580 },
  { indicator: 'NEW_MEMBERS', unit: 'HQ', target: 198700 },
];

/** Cascades every demo plan from the company down to the leaves and approves the whole tree. */
export async function seedDemoPlans(db: Db, actor: Actor): Promise<{ indicator: string; units: number }[]> {
  const results = [];
  for (const plan of DEMO_PLANS) {
    const units: string[] = [];
    const cascadeDown = async (unit: string, target: number) => {
      const row = await selectUnitByCode(db, unit);
      if (!row || (await selectChildren(db, row.id)).length === 0) return;
      const preview = await cascadePlan(db, actor, { indicator: plan.indicator, unit, year: DEMO_PLAN_YEAR, target, by: 'last_year', phasing: 'last_year', reason: `${DEMO_PLAN_YEAR} company plan` });
      for (const r of preview.rows) if (!units.includes(r.unit)) units.push(r.unit);
      for (const child of preview.rows.filter((r) => r.role === 'child')) await cascadeDown(child.unit, child.yearly ?? 0);
    };
    await cascadeDown(plan.unit, plan.target);
    await approvePlans(db, actor, { indicator: plan.indicator, year: DEMO_PLAN_YEAR, units, reason: `${DEMO_PLAN_YEAR} company plan` });
    results.push({ indicator: plan.indicator, units: units.length });
  }
  return results;
}
