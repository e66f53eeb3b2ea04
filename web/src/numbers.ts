/**
 * Numbers typed in the entry grid, read the way the server reads measurement files (DESIGN.md
 * §4): an optional sign, digits, one decimal point, and thousands separators only in the
 * `1,234,567.8` pattern. `6,210` is 6210; `1,00`, `1.000,5`, `1e3` and `12,34,567` are not
 * numbers. Null for anything else (and for blank).
 */
const GROUPED = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$/;
const FRACTION = /^[+-]?\.\d+$/;

export function parseEntryNumber(text: string): number | null {
  const t = text.trim();
  if (!GROUPED.test(t) && !FRACTION.test(t)) return null;
  const value = Number(t.replace(/,/g, ''));
  return Number.isFinite(value) ? value : null;
}
