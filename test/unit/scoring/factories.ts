/** Fixture factories for the scoring tests. */
import type { IndicatorDef, MonthValues, ScorecardModel, SeriesByIndicator } from '../../../server/scoring/index.ts';

export function indicator(code: string, overrides: Partial<IndicatorDef> = {}): IndicatorDef {
  return {
    code,
    objective: null,
    weight: 1,
    kind: 'kpi',
    unit: 'count',
    direction: 'increase',
    scoring: { method: 'ratio' },
    aggregation: { time: 'sum', org: 'sum' },
    ...overrides,
  };
}

export function model(parts: Partial<ScorecardModel>): ScorecardModel {
  return { perspectives: [], objectives: [], indicators: [], ...parts };
}

/** `series({ SALES: { '2026-01': { actual: 1, target: 2 } } })` */
export function series(data: Record<string, Record<string, MonthValues>>): SeriesByIndicator {
  return new Map(Object.entries(data).map(([code, months]) => [code, new Map(Object.entries(months))]));
}

/** Monthly rows from parallel lists starting at `first` (a month of `year`), e.g. actuals Jan-Mar. */
export function months(
  year: number,
  actuals: (number | null)[],
  targets: (number | null)[] = [],
  extra: Partial<MonthValues> = {},
): Record<string, MonthValues> {
  const rows: Record<string, MonthValues> = {};
  const length = Math.max(actuals.length, targets.length);
  for (let i = 0; i < length; i++) {
    rows[`${year}-${String(i + 1).padStart(2, '0')}`] = { actual: actuals[i] ?? null, target: targets[i] ?? null, ...extra };
  }
  return rows;
}
