import { describe, expect, it } from 'vitest';
import { changeOf, compareExceptions, offTargetSince, shortfallPct, sortExceptions, type ExceptionRow, type MonthStatus } from '../../../server/scoring/exceptions.ts';

const months = (statuses: Record<string, MonthStatus['status']>): MonthStatus[] => Object.entries(statuses).map(([period, status]) => ({ period, status }));

describe('off target since', () => {
  it('counts the months in a row below target ending with the month asked about', () => {
    const points = months({ '2026-01': 'on_track', '2026-02': 'off_track', '2026-03': 'at_risk', '2026-04': 'off_track' });
    expect(offTargetSince(points, '2026-04')).toEqual({ months: 3, since: '2026-02' });
  });

  it('is zero when the month itself meets its target or has no data', () => {
    expect(offTargetSince(months({ '2026-03': 'off_track', '2026-04': 'on_track' }), '2026-04')).toEqual({ months: 0, since: null });
    expect(offTargetSince(months({ '2026-03': 'off_track', '2026-04': 'no_data' }), '2026-04')).toEqual({ months: 0, since: null });
  });

  it('when a month is missing, then the run stops there instead of bridging the gap', () => {
    const points = months({ '2025-12': 'off_track', '2026-01': 'off_track', '2026-03': 'off_track', '2026-04': 'off_track' });
    expect(offTargetSince(points, '2026-04')).toEqual({ months: 2, since: '2026-03' });
    const withNoData = months({ '2026-01': 'off_track', '2026-02': 'no_data', '2026-03': 'off_track' });
    expect(offTargetSince(withNoData, '2026-03')).toEqual({ months: 1, since: '2026-03' });
  });

  it('crosses a year end and stops at the look-back limit', () => {
    const points = months({ '2025-11': 'off_track', '2025-12': 'off_track', '2026-01': 'at_risk' });
    expect(offTargetSince(points, '2026-01')).toEqual({ months: 3, since: '2025-11' });
    expect(offTargetSince(points, '2026-01', 2)).toEqual({ months: 2, since: '2025-12' });
  });

  it('ignores the order the months come in', () => {
    const points = months({ '2026-03': 'off_track', '2026-01': 'on_track', '2026-02': 'off_track' });
    expect(offTargetSince(points, '2026-03').months).toBe(2);
  });
});

describe('shortfall', () => {
  it('reads the gap % with the direction: positive is worse', () => {
    expect(shortfallPct(-12.5, 'increase')).toBe(12.5);
    expect(shortfallPct(8, 'decrease')).toBe(8);
    expect(shortfallPct(-3, 'maintain')).toBe(3);
    expect(shortfallPct(null, 'increase')).toBeNull();
  });
});

describe('exceptions order', () => {
  const row = (over: Partial<ExceptionRow>): ExceptionRow => ({ unit: 'A', indicator: 'X', status: 'off_track', score: 80, shortfall: 10, offTargetMonths: 1, ...over });

  it('puts the largest shortfall first and rows without a gap % last', () => {
    const rows = [row({ indicator: 'S', shortfall: 5 }), row({ indicator: 'N', shortfall: null }), row({ indicator: 'L', shortfall: 20 })];
    expect(sortExceptions(rows).map((r) => r.indicator)).toEqual(['L', 'S', 'N']);
  });

  it('breaks ties by months off target, then score, then status, then codes', () => {
    const rows = [
      row({ unit: 'B', indicator: 'Z' }),
      row({ unit: 'A', indicator: 'Z' }),
      row({ unit: 'A', indicator: 'Y' }),
      row({ unit: 'C', offTargetMonths: 4 }),
      row({ unit: 'D', score: 60 }),
      row({ unit: 'E', score: 80, status: 'at_risk', offTargetMonths: 1 }),
    ];
    expect(sortExceptions(rows).map((r) => `${r.unit}/${r.indicator}`)).toEqual(['C/X', 'D/X', 'A/Y', 'A/Z', 'B/Z', 'E/X']);
    // a total order: the input order does not matter
    expect(sortExceptions([...rows].reverse())).toEqual(sortExceptions(rows));
    expect(compareExceptions(rows[0], rows[0])).toBe(0);
  });
});

describe('period comparison', () => {
  it('gives the earlier figure and the change in score points and in the actual', () => {
    expect(changeOf({ score: 97.4, actual: 3126 }, { score: 101.2, actual: 3000 })).toEqual({ score: 101.2, scoreDelta: -3.8, actual: 3000, actualDelta: 126 });
  });

  it('has no change without an earlier figure, and no actual for rolled-up rows', () => {
    expect(changeOf({ score: 90, actual: 5 }, null)).toEqual({ score: null, scoreDelta: null, actual: null, actualDelta: null });
    expect(changeOf({ score: 90 }, { score: null })).toEqual({ score: null, scoreDelta: null });
    expect(changeOf({ score: null }, { score: 80 })).toEqual({ score: 80, scoreDelta: null });
  });

  it('a rate compares in percentage points without binary noise', () => {
    expect(changeOf({ score: 100, actual: 0.3 }, { score: 100, actual: 0.1 }).actualDelta).toBe(0.2);
  });
});
