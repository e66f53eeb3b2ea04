import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { benchmarkGap, improvementRate, rankPriorities, shortfallPercent } from '../../../server/scoring/improvement.ts';

describe('improvement rate (향상도)', () => {
  it('reads an increase indicator: (A − B) / |B| × 100', () => {
    expect(improvementRate(80, 88, 'increase')).toEqual({ change: 8, rate: 10, improved: true, warning: null });
    expect(improvementRate(80, 72, 'increase')).toMatchObject({ change: -8, rate: -10, improved: false });
  });
  it('reads a decrease indicator: (B − A) / |B| × 100', () => {
    expect(improvementRate(20, 15, 'decrease')).toEqual({ change: -5, rate: 25, improved: true, warning: null });
    expect(improvementRate(20, 25, 'decrease')).toMatchObject({ rate: -25, improved: false });
  });
  it('uses |B| for a negative before value', () => {
    expect(improvementRate(-10, -5, 'increase').rate).toBe(50);
    expect(improvementRate(-10, -5, 'decrease').rate).toBe(-50);
  });
  it('gives no rate for a zero before value, with a warning', () => {
    expect(improvementRate(0, 5, 'increase')).toMatchObject({ change: 5, rate: null, improved: true, warning: expect.stringMatching(/before value is 0/) });
  });
  it('reads maintain as the distance to the target, and needs one', () => {
    expect(improvementRate(90, 98, 'maintain', 100).rate).toBeCloseTo(8.888888888889, 9);
    expect(improvementRate(90, 98, 'maintain')).toMatchObject({ rate: null, warning: expect.stringMatching(/target/) });
  });
  it('has nothing to say without both values', () => {
    expect(improvementRate(null, 5, 'increase')).toEqual({ change: null, rate: null, improved: null, warning: null });
  });
  it('keeps decimals exact', () => {
    expect(improvementRate(0.3, 0.33, 'increase').rate).toBe(10);
  });
});

describe('benchmark gap', () => {
  it('is positive when we are better, for an increase indicator', () => {
    expect(benchmarkGap(85, 80, 'increase')).toEqual({ gap: 5, gapPct: 6.25, favourable: true, warning: null });
    expect(benchmarkGap(75, 80, 'increase')).toMatchObject({ gap: -5, gapPct: -6.25, favourable: false });
  });
  it('is positive when we are lower, for a decrease indicator', () => {
    expect(benchmarkGap(3, 4, 'decrease')).toEqual({ gap: 1, gapPct: 25, favourable: true, warning: null });
    expect(benchmarkGap(5, 4, 'decrease')).toMatchObject({ gap: -1, gapPct: -25, favourable: false });
  });
  it('treats maintain as a distance, never favourable unless equal', () => {
    expect(benchmarkGap(98, 100, 'maintain')).toMatchObject({ gap: -2, favourable: false });
    expect(benchmarkGap(100, 100, 'maintain')).toMatchObject({ gap: 0, favourable: true });
  });
  it('gives no percent against a zero benchmark', () => {
    expect(benchmarkGap(2, 0, 'decrease')).toMatchObject({ gap: -2, gapPct: null, favourable: false, warning: expect.any(String) });
    expect(benchmarkGap(null, 3, 'increase').gap).toBeNull();
  });
});

describe('improvement priorities', () => {
  it('ranks by importance × shortfall, reading each direction, with no priority when met', () => {
    const out = rankPriorities([
      { key: 'CSI', direction: 'increase', expected: 90, current: 81, importance: 0.5 }, // 10% short → 5
      { key: 'COMPLAINTS', direction: 'decrease', expected: 4, current: 5, importance: 0.3 }, // 1 / max(5, 4) = 20% short → 6
      { key: 'NPS', direction: 'increase', expected: 40, current: 45, importance: 0.9 }, // ahead → 0
      { key: 'WAIT', direction: 'decrease', expected: null, current: 5, importance: 1 },
    ]);
    expect(out.map((r) => [r.key, r.gap, r.shortfallPct, r.priority, r.rank])).toEqual([
      ['CSI', 9, 10, 5, 2],
      ['COMPLAINTS', 1, 20, 6, 1],
      ['NPS', -5, 0, 0, 3],
      ['WAIT', null, null, null, null],
    ]);
    expect(out[3].warning).toMatch(/expected/);
  });

  it('when a lower-is-better gap is large, then its shortfall is capped like a higher-is-better one: |gap| / max(|current|, |expected|) × 100', () => {
    // 15 days against 1: 14 / 15 = 93.33 (not 1,400); 60 points against 95: 35 / 95 = 36.84
    expect(shortfallPercent(15, 1, 'decrease')).toBeCloseTo(93.333333, 5);
    expect(shortfallPercent(60, 95, 'increase')).toBeCloseTo(36.842105, 5);
    // met or beaten: 0; a maintain indicator counts any distance; nothing to measure: null
    expect(shortfallPercent(1, 15, 'decrease')).toBe(0);
    expect(shortfallPercent(95, 60, 'increase')).toBe(0);
    expect(shortfallPercent(90, 100, 'maintain')).toBe(10);
    expect(shortfallPercent(0, 0, 'increase')).toBeNull();
    // negative levels: −10 against an expected 5 (increase) is 15 short of max(10, 5)
    expect(shortfallPercent(-10, 5, 'increase')).toBe(150);
  });

  it('when any levels are compared, then the shortfall of a non-maintain indicator lies in [0, 100] for same-sign levels', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom('increase' as const, 'decrease' as const), (current, expected, direction) => {
        const s = shortfallPercent(current, expected, direction);
        if (s !== null) expect(s >= 0 && s <= 100).toBe(true);
      }),
    );
  });
});
