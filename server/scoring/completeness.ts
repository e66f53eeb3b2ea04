/**
 * Incomplete data (DESIGN.md §3 "Incomplete data"): where an indicator applies, which months
 * are due, and how complete a figure is. Pure.
 */
import { parseFormula } from './formula.ts';
import type { Completeness, CompletenessPart, Frequency, IndicatorDef, MonthKey, ScorecardModel } from './types.ts';

/** Months an indicator of `frequency` has a value in: every month, the last of a quarter, December. */
export function isDue(frequency: Frequency | string | undefined, month: MonthKey): boolean {
  const m = Number(month.slice(5, 7));
  if (frequency === 'quarterly') return m % 3 === 0;
  if (frequency === 'yearly') return m === 12;
  return true;
}

/**
 * The codes of the indicators that apply at one unit. `inScope(appliesTo)` says whether the unit
 * is inside one of the listed units or an ancestor of one (aggregated from below). A formula
 * without `appliesTo` applies where every one of its inputs applies (an input that is not an
 * indicator of the model, or a formula that does not parse, does not stop it: the scorecard
 * says what is wrong with it instead).
 */
export function applicableIndicators(model: ScorecardModel, inScope: (appliesTo: readonly string[]) => boolean): Set<string> {
  const byCode = new Map(model.indicators.map((indicator) => [indicator.code, indicator]));
  const decided = new Map<string, boolean>();
  const applies = (indicator: IndicatorDef, visiting: Set<string>): boolean => {
    const known = decided.get(indicator.code);
    if (known !== undefined) return known;
    let result: boolean;
    if (indicator.appliesTo && indicator.appliesTo.length > 0) result = inScope(indicator.appliesTo);
    else if (typeof indicator.formula === 'string' && indicator.formula.trim() !== '' && !visiting.has(indicator.code)) {
      visiting.add(indicator.code);
      result = inputsOf(indicator.formula).every((code) => {
        const input = byCode.get(code);
        return input === undefined || applies(input, visiting);
      });
      visiting.delete(indicator.code);
    } else result = true;
    decided.set(indicator.code, result);
    return result;
  };
  return new Set(model.indicators.filter((indicator) => applies(indicator, new Set())).map((indicator) => indicator.code));
}

function inputsOf(formula: string): string[] {
  try {
    return [...parseFormula(formula).inputs];
  } catch {
    return [];
  }
}

/** A part that is missing nothing. */
export function isWhole(part: CompletenessPart | null): boolean {
  return part === null || (part.reported >= part.expected && part.missing.length === 0);
}

export function isCompleteFigure(completeness: Completeness): boolean {
  return isWhole(completeness.units) && isWhole(completeness.months);
}

/**
 * The units of a window from its months' units: the missing units of every month pooled (a
 * unit late in any month of the window is named), out of the most units expected in a month.
 */
export function mergeUnits(parts: readonly (CompletenessPart | null | undefined)[]): CompletenessPart | null {
  const present = parts.filter((part): part is CompletenessPart => part !== null && part !== undefined);
  if (present.length === 0) return null;
  const expected = Math.max(...present.map((part) => part.expected));
  const missing = [...new Set(present.flatMap((part) => part.missing))].sort();
  const fewest = Math.min(...present.map((part) => part.reported));
  return { reported: Math.min(fewest, Math.max(0, expected - missing.length)), expected, missing };
}

/** "3 of 4 units reported (SEOUL-GANGNAM missing)" / "9 of 10 months (2026-10 missing)". */
export function describeCompleteness(completeness: Completeness): string | null {
  const parts: string[] = [];
  const { units, months } = completeness;
  if (units && !isWhole(units)) {
    parts.push(`${units.reported} of ${units.expected} units reported${units.missing.length ? ` (${units.missing.join(', ')} not yet)` : ''}`);
  }
  if (months && !isWhole(months)) {
    parts.push(`${months.reported} of ${months.expected} months${months.missing.length ? ` (no actual for ${months.missing.join(', ')})` : ''}`);
  }
  return parts.length ? `partial: ${parts.join('; ')}` : null;
}
