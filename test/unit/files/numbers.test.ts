import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMeasurementNumber } from '../../../server/measurements/numbers.ts';

describe('numbers in files and the entry grid (DESIGN.md §4)', () => {
  it('reads thousands separators in the 1,234,567.8 pattern', () => {
    expect(parseMeasurementNumber('1,234,567.8')).toBe(1234567.8);
    expect(parseMeasurementNumber('6,210')).toBe(6210);
    expect(parseMeasurementNumber('-1,000')).toBe(-1000);
    expect(parseMeasurementNumber('+12.5')).toBe(12.5);
    expect(parseMeasurementNumber(' 42 ')).toBe(42);
    expect(parseMeasurementNumber('.5')).toBe(0.5);
    expect(parseMeasurementNumber('1234567.8')).toBe(1234567.8);
  });

  it('refuses anything else instead of guessing', () => {
    for (const text of ['1,00', '1,0000', ',100', '1.2.3', '1e3', '12abc', '₩100', '1 000', '', '-', '.', '1,234.5.6', 'NaN', 'Infinity']) {
      expect(parseMeasurementNumber(text), text).toBeNull();
    }
  });

  it('with a decimal comma, reads 1.234.567,8 and refuses the point pattern', () => {
    expect(parseMeasurementNumber('1.234.567,8', { decimalComma: true })).toBe(1234567.8);
    expect(parseMeasurementNumber('1234,5', { decimalComma: true })).toBe(1234.5);
    expect(parseMeasurementNumber('1,234,567.8', { decimalComma: true })).toBeNull();
    expect(parseMeasurementNumber('1.23', { decimalComma: true })).toBeNull();
  });

  it('when any number is written with thousands separators, then it reads back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const value = whole + Math.sign(whole || 1) * cents / 100;
        const grouped = value.toLocaleString('en-US', { maximumFractionDigits: 2 });
        expect(parseMeasurementNumber(grouped)).toBe(Number(grouped.replaceAll(',', '')));
        const european = value.toLocaleString('de-DE', { maximumFractionDigits: 2 });
        expect(parseMeasurementNumber(european, { decimalComma: true })).toBe(Number(grouped.replaceAll(',', '')));
      }),
    );
  });
});
