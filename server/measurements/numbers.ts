/**
 * Numbers as files and the entry grid carry them (DESIGN.md §4): an optional sign, digits, an
 * optional decimal part, and thousands separators in the `1,234,567.8` pattern (groups of
 * exactly three digits); with `decimalComma`, `1.234.567,8`. No exponents, no currency signs,
 * no spaces inside. Anything else is not a number (null), never a guess: `1,00` and `1.2.3`
 * are refused rather than read as 100 or 1.2. Every path that reads a typed or filed number
 * (CSV/XLSX import, the entry grid, the measurements API) goes through this one parser.
 */
const POINT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+|\.)?$/;
const COMMA = /^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)?(?:,\d+|,)?$/;
const HAS_DIGIT = /\d/;

export type NumberFormat = { decimalComma?: boolean };

/** Digits with an optional sign and decimal part, no separators: what most files hold, read as is. */
const PLAIN = /^[+-]?\d+(?:\.\d+)?$/;
const INTEGER = /^[+-]?\d+$/;

export function parseMeasurementNumber(raw: unknown, options: NumberFormat = {}): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  // The common case (runs once per cell of million-row files): no separators to remove.
  if ((options.decimalComma ? INTEGER : PLAIN).test(text)) {
    const value = Number(text);
    return Number.isFinite(value) ? value : null;
  }
  if (!HAS_DIGIT.test(text)) return null;
  const pattern = options.decimalComma ? COMMA : POINT;
  if (!pattern.test(text)) return null;
  const plain = options.decimalComma ? text.replaceAll('.', '').replace(',', '.') : text.replaceAll(',', '');
  // "1." and ".5" are numbers; a lone sign or point is not (HAS_DIGIT above).
  const value = Number(plain.endsWith('.') ? plain.slice(0, -1) : plain);
  return Number.isFinite(value) ? value : null;
}

/** What a cell must look like, for error messages. */
export function numberFormatHint(options: NumberFormat = {}): string {
  return options.decimalComma
    ? 'digits with an optional sign, a decimal comma and thousands points in the 1.234.567,8 pattern'
    : 'digits with an optional sign, a decimal point and thousands commas in the 1,234,567.8 pattern';
}
