import { describe, expect, it } from 'vitest';
import {
  addMonths,
  isValidPeriod,
  monthIndex,
  monthsInWindow,
  parsePeriod,
  previousPeriod,
  samePeriodLastYear,
} from '../../../server/scoring/index.ts';

describe('periods', () => {
  it('when a month is parsed, then it is its own first and last month', () => {
    expect(parsePeriod('2026-03')).toEqual({ kind: 'month', year: 2026, firstMonth: '2026-03', lastMonth: '2026-03' });
  });

  it('when a quarter is parsed, then it spans its three months', () => {
    expect(parsePeriod('2026-Q2')).toEqual({ kind: 'quarter', year: 2026, firstMonth: '2026-04', lastMonth: '2026-06' });
    expect(parsePeriod('2026-Q4').lastMonth).toBe('2026-12');
  });

  it('when a year is parsed, then it spans January to December', () => {
    expect(parsePeriod('2026')).toEqual({ kind: 'year', year: 2026, firstMonth: '2026-01', lastMonth: '2026-12' });
  });

  it.each(['2026-13', '2026-00', '2026-1', '2026-Q0', '2026-Q5', '2026-q1', '26-01', '2026/01', '', ' 2026', '0000', '2026-01-01'])(
    'when the period is %j, then parsing throws a message naming the accepted forms',
    (bad) => {
      expect(() => parsePeriod(bad)).toThrow(/Invalid period .*YYYY-MM.*YYYY-Qn.*YYYY/);
      expect(isValidPeriod(bad)).toBe(false);
    },
  );

  it('when a value is not text, then it is not a valid period', () => {
    expect(isValidPeriod(202601)).toBe(false);
    expect(isValidPeriod(null)).toBe(false);
    expect(isValidPeriod('2026-Q3')).toBe(true);
  });

  it('when the window is month, then it holds the months of the period itself', () => {
    expect(monthsInWindow('2026-03', 'month')).toEqual(['2026-03']);
    expect(monthsInWindow('2026-Q2', 'month')).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(monthsInWindow('2026', 'month')).toHaveLength(12);
  });

  it('when the window is ytd, then it runs from January to the last month of the period', () => {
    expect(monthsInWindow('2026-03', 'ytd')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(monthsInWindow('2026-Q2', 'ytd')).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    expect(monthsInWindow('2026-01', 'ytd')).toEqual(['2026-01']);
    expect(monthsInWindow('2026', 'ytd')).toHaveLength(12);
  });

  it('when the previous period is asked for, then it is the period of the same kind before, across years', () => {
    expect(previousPeriod('2026-03')).toBe('2026-02');
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2026-Q1')).toBe('2025-Q4');
    expect(previousPeriod('2026-Q3')).toBe('2026-Q2');
    expect(previousPeriod('2026')).toBe('2025');
  });

  it('when the same period last year is asked for, then only the year changes', () => {
    expect(samePeriodLastYear('2026-03')).toBe('2025-03');
    expect(samePeriodLastYear('2026-Q4')).toBe('2025-Q4');
    expect(samePeriodLastYear('2026')).toBe('2025');
  });

  it('when months are added, then the year rolls over both ways', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-06', -18)).toBe('2024-12');
    expect(addMonths('2026-06', 0)).toBe('2026-06');
    expect(() => addMonths('2026-06', 1.5)).toThrow(/whole number/);
    expect(() => addMonths('2026-Q1', 1)).toThrow(/month/);
  });

  it('when the month index is asked for, then January is 1 and December 12', () => {
    expect(monthIndex('2026-01')).toBe(1);
    expect(monthIndex('2026-12')).toBe(12);
  });
});
