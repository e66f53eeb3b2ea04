import { stringify } from 'csv-stringify/sync';

/**
 * Text a spreadsheet would run as a formula: a cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return (OWASP "CSV injection"). Notes, names and error messages come from users and
 * source systems, and these files are opened in Excel by others (=HYPERLINK(…) exfiltrates, DDE
 * runs commands), so such text gets a leading apostrophe, which spreadsheets show as text.
 * Plain numbers (`-12.5`) are left alone: they are numbers, not formulas.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The inverse for cells read back from our own files (a template re-uploaded keeps its notes). */
export function restoreNeutralized(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) && !PLAIN_NUMBER.test(text.slice(1)) ? text.slice(1) : text;
}

/**
 * A CSV download: RFC 4180 (CRLF, quotes where needed), numbers at full precision, text cells
 * neutralised (above), and a UTF-8 byte-order mark so that Excel, the tool reward reviewers and
 * teams open these in, shows Korean names instead of mojibake. Northstar's own importers skip
 * the mark. Every CSV Northstar writes goes through here.
 */
export function csvFile(rows: unknown[][]): Buffer {
  // quoted_match: a lone CR or LF inside a cell is quoted too (csv-stringify quotes only the record delimiter).
  const text = stringify(rows, { record_delimiter: 'windows', quoted_match: /[\r\n]/, cast: { number: (n) => String(n), string: (s) => neutralizeFormula(s) } });
  return Buffer.from('\uFEFF' + text, 'utf8');
}
