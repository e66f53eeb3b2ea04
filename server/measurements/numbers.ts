/**
 * Measurement numbers as files carry them: an optional sign, digits and one decimal point. No
 * thousands separators or exponents: `1,234` is ambiguous across locales and is refused.
 * With `decimalComma`, `1234,5` reads as 1234.5 (the documented locale option).
 */
const PLAIN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const COMMA = /^[+-]?(\d+(,\d*)?|,\d+)$/;

export function parseMeasurementNumber(raw: unknown, options: { decimalComma?: boolean } = {}): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (options.decimalComma) return COMMA.test(text) ? Number(text.replace(',', '.')) : null;
  return PLAIN.test(text) ? Number(text) : null;
}
