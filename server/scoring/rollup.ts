/**
 * Weighted rollup (DESIGN.md §3 "Rollup"): indicator → objective → perspective → unit.
 */
import { isFiniteNumber, preciseSum, tidy } from './numbers.ts';

export type RollupItem = {
  weight: number;
  score: number | null;
  /**
   * Share of the item's own weight that had data, for items that are themselves rollups.
   * Leave it out for leaves: a scored leaf is fully covered, an unscored one not at all.
   */
  coverage?: number | null;
};

export type Rollup = { score: number | null; coverage: number };

/**
 * score = Σ wᵢ·sᵢ / Σ wᵢ over the items that have a score (the others are left out and the
 * weights renormalised); coverage = Σ wᵢ·cᵢ / Σ wᵢ over all items, where cᵢ is 1 for a scored
 * leaf, 0 for an unscored item and the item's own coverage for a rollup. Weights ≤ 0 (or not
 * numbers) count as 0; with no weight at all there is no score and coverage 0.
 */
export function rollupScores(items: readonly RollupItem[]): Rollup {
  const weights = items.map((item) => (isFiniteNumber(item.weight) && item.weight > 0 ? item.weight : 0));
  // Weights are relative: dividing by the largest keeps every product in range however tiny or
  // huge the weights are written (a weight of 1e-320 times a score would underflow to 0).
  const largest = Math.max(0, ...weights);
  const weighted = items.map((item, i) => ({
    weight: largest > 0 ? weights[i] / largest : 0,
    score: isFiniteNumber(item.score) ? item.score : null,
    coverage: itemCoverage(item),
  }));
  const totalWeight = preciseSum(weighted.map((item) => item.weight));
  const scored = weighted.filter((item) => item.score !== null && item.weight > 0);
  const scoredWeight = preciseSum(scored.map((item) => item.weight));
  if (!(totalWeight > 0) || !Number.isFinite(totalWeight)) return { score: null, coverage: 0 };

  const coverage = tidy(preciseSum(weighted.map((item) => item.weight * item.coverage)) / totalWeight);
  if (!(scoredWeight > 0)) return { score: null, coverage };
  const score = preciseSum(scored.map((item) => item.weight * item.score!)) / scoredWeight;
  return { score: Number.isFinite(score) ? tidy(score) : null, coverage };
}

function itemCoverage(item: RollupItem): number {
  if (!isFiniteNumber(item.score)) return 0;
  if (item.coverage === undefined || item.coverage === null) return 1;
  return isFiniteNumber(item.coverage) ? Math.min(1, Math.max(0, item.coverage)) : 0;
}
