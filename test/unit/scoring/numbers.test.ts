import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { roundHalfAwayFromZero, tidy } from '../../../server/scoring/index.ts';

describe('tidy (reading binary results as the decimals they stand for)', () => {
  it('when a sum carries binary noise, then it comes out as the decimal', () => {
    expect(tidy(0.1 + 0.2)).toBe(0.3);
    expect(tidy(99.99999999999999)).toBe(100);
  });

  it('when tidy takes its fast path (a value that is n / 10^k), then it answers exactly as formatting to 15 digits does', () => {
    const reference = (value: number) => {
      if (value === 0) return 0;
      if (!Number.isFinite(value)) return value;
      const rounded = Number(value.toPrecision(15));
      return Number.isFinite(rounded) ? rounded : value;
    };
    const decimals = fc.tuple(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), fc.integer({ min: 0, max: 6 })).map(([n, k]) => n / 10 ** k);
    const sums = fc.tuple(decimals, decimals).map(([a, b]) => a + b);
    const products = fc.tuple(decimals, fc.double({ min: -1e3, max: 1e3, noNaN: true })).map(([a, b]) => a * b);
    fc.assert(fc.property(fc.oneof(decimals, sums, products, fc.double({ noNaN: true })), (value) => Object.is(tidy(value), reference(value))), { numRuns: 20_000 });
    for (const value of [0.1 + 0.2, 999999999999999, 99999999999999.99, 1e15 - 0.5, 0.0001, 1e-7, -0.3, 2 ** 53, 1e15]) expect(tidy(value)).toBe(reference(value));
  });

  it('when a number has up to 15 significant digits, then it is unchanged', () => {
    expect(tidy(123456789.012345)).toBe(123456789.012345);
    expect(tidy(-0.000123)).toBe(-0.000123);
  });

  it('when a genuine small shortfall exists, then it is kept (a 1-won miss on 1 trillion still misses)', () => {
    expect(tidy(((1e12 - 1) / 1e12) * 100)).toBeLessThan(100);
  });

  it('when the value is -0, NaN or near the largest double, then it stays safe', () => {
    expect(Object.is(tidy(-0), 0)).toBe(true);
    expect(tidy(Number.NaN)).toBeNaN();
    expect(Number.isFinite(tidy(1.7976931348623151e308))).toBe(true);
  });
});

describe('rounding half away from zero', () => {
  it('when a value is exactly half way, then it moves away from zero', () => {
    expect(roundHalfAwayFromZero(0.5, 0)).toBe(1);
    expect(roundHalfAwayFromZero(-0.5, 0)).toBe(-1);
    expect(roundHalfAwayFromZero(2.675, 2)).toBe(2.68); // stored as 2.67499999…
  });
});
