import { describe, expect, it } from 'vitest';
import { roundHalfAwayFromZero, tidy } from '../../../server/scoring/index.ts';

describe('tidy (reading binary results as the decimals they stand for)', () => {
  it('when a sum carries binary noise, then it comes out as the decimal', () => {
    expect(tidy(0.1 + 0.2)).toBe(0.3);
    expect(tidy(99.99999999999999)).toBe(100);
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
