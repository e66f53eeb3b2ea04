/**
 * Like-for-like formula inputs over the org tree (DESIGN.md §3 "Over the org tree", formulas):
 * each input is aggregated over the units below that reported **every** input, decided at the
 * units that enter data and carried up, so profit per employee never divides one store's
 * profit by four stores' headcount. Pure.
 */
import { isFiniteNumber, preciseSum, tidy } from './numbers.ts';

/** How an input aggregates over the org tree: `sum`, `avg`, `none`, or `weighted:<CODE>`. */
export type OrgMethod = string;

export type FormulaTree = {
  /** The formula's inputs. */
  inputs: readonly string[];
  /** Direct children of a unit. */
  children: (unit: string) => readonly string[];
  /** Whether the formula applies at the unit (DESIGN.md §3 "Applies"). */
  applies: (unit: string) => boolean;
  /** The value the unit entered itself for an input (not one aggregated from below). */
  own: (unit: string, input: string) => number | null | undefined;
  /** The input's `aggregation.org`. */
  method: (input: string) => OrgMethod;
  /** For `weighted:<CODE>`: the unit's value of CODE (its weight). */
  weight?: (unit: string, code: string) => number | null | undefined;
};

export type LikeForLikeInputs = {
  /** input → value over the units that reported every input; null when no unit did. */
  values: Record<string, number> | null;
  /** Units that entered data and reported every input (or the inputs left to them), in tree order. */
  reported: string[];
  /** Units where the formula applies that did not. */
  missing: string[];
};

export function likeForLikeInputs(tree: FormulaTree, unit: string): LikeForLikeInputs {
  return visit(tree, unit, tree.inputs);
}

function visit(tree: FormulaTree, unit: string, inputs: readonly string[]): LikeForLikeInputs {
  const own: Record<string, number> = {};
  for (const input of inputs) {
    const value = tree.own(unit, input);
    if (isFiniteNumber(value)) own[input] = value;
  }
  const rest = inputs.filter((input) => !(input in own));
  if (rest.length === 0) return { values: own, reported: [unit], missing: [] };
  const children = tree.children(unit).filter(tree.applies);
  // An input that is not aggregated (`none`) must be entered here; without it there is nothing to carry up.
  if (children.length === 0 || rest.some((input) => tree.method(input) === 'none')) return { values: null, reported: [], missing: [unit] };
  const below = children.map((child) => ({ child, result: visit(tree, child, rest) }));
  const complete = below.filter(({ result }) => result.values !== null);
  const reported = below.flatMap(({ result }) => result.reported);
  const missing = below.flatMap(({ result }) => result.missing);
  if (complete.length === 0) return { values: null, reported, missing };
  const values: Record<string, number> = { ...own };
  for (const input of rest) {
    const aggregated = aggregateOrg(tree, input, complete.map(({ child, result }) => ({ child, value: result.values![input] })));
    if (aggregated === null) return { values: null, reported, missing };
    values[input] = aggregated;
  }
  return { values, reported, missing };
}

function aggregateOrg(tree: FormulaTree, input: string, children: { child: string; value: number }[]): number | null {
  const method = tree.method(input);
  if (method === 'avg') return tidy(preciseSum(children.map((c) => c.value)) / children.length);
  if (method.startsWith('weighted:')) {
    const code = method.slice('weighted:'.length);
    const weighted = children
      .map((c) => ({ value: c.value, weight: tree.weight?.(c.child, code) }))
      .filter((c): c is { value: number; weight: number } => isFiniteNumber(c.weight));
    const total = preciseSum(weighted.map((c) => c.weight));
    return total === 0 ? null : tidy(preciseSum(weighted.map((c) => c.value * c.weight)) / total);
  }
  return tidy(preciseSum(children.map((c) => c.value)));
}
