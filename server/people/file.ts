/**
 * The roster file (DESIGN.md §3 "People and pay"): CSV or XLSX with the columns
 * `employee,name,unit,from,to,base,eligible` (headers case-insensitive), read through the same
 * table reader as measurement files. Each row is checked on its own here (dates, amounts,
 * flags); what needs the whole file or the database (overlaps, unknown units) is checked by the
 * import.
 */
import { DomainError } from '../http/errors.ts';
import { readTableRows, fileNameOf, type FileSource } from '../measurements/file.ts';
import { fileLimits } from '../files/limits.ts';
import { parseMeasurementNumber } from '../measurements/numbers.ts';
import { hundredths, isIsoDate } from '../scoring/payout.ts';

export const ROSTER_COLUMNS = ['employee', 'name', 'unit', 'from', 'to', 'base', 'eligible'] as const;
const REQUIRED = ['employee', 'name', 'unit', 'from', 'base'] as const;

export interface RosterRow {
  row: number;
  employee: string;
  name: string;
  unit: string;
  from: string;
  to: string | null;
  base: number;
  eligible: boolean;
}

export interface RosterRowError {
  row: number;
  field: string;
  code: string;
  message: string;
  value?: unknown;
}

const TRUE = new Set(['', 'true', 'yes', 'y', '1', 'o', '예', '대상']);
const FALSE = new Set(['false', 'no', 'n', '0', 'x', '아니오', '제외', '비대상']);

/** Amounts as payroll files write them: `3000000`, `3000000.50`, or `"3,000,000"` (thousands groups). */
export function parseAmount(raw: string): number | null {
  const text = raw.trim();
  const plain = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) ? text.replaceAll(',', '') : text;
  const value = parseMeasurementNumber(plain);
  return value === null || value < 0 || hundredths(value) === null ? null : value;
}

/** Dates as YYYY-MM-DD; `2026.03.01` and `2026/03/01` (common in Korean spreadsheets) too. */
export function parseDate(raw: string): string | null {
  const text = raw.trim().replace(/[./]/g, '-');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * The streaming XLSX reader skips styles, so a date cell arrives as its serial number (days
 * since 1899-12-30, Excel's epoch after its 1900 leap-year bug).
 */
function excelSerialDate(raw: string): string | null {
  if (!/^\d{5}$/.test(raw)) return null;
  return new Date(Date.UTC(1899, 11, 30) + Number(raw) * 86_400_000).toISOString().slice(0, 10);
}

export async function readRosterFile(source: FileSource): Promise<{ rows: RosterRow[]; errors: RosterRowError[] }> {
  const xlsx = /\.xlsx$/i.test(fileNameOf(source));
  const dateOf = (raw: string) => (xlsx ? excelSerialDate(raw) : null) ?? parseDate(raw);
  const rows: RosterRow[] = [];
  const errors: RosterRowError[] = [];
  let columns: Map<string, number> | null = null;
  for await (const batch of readTableRows(source, fileLimits(), { dates: 'day' })) {
    for (const table of batch) {
      if (!columns) {
        columns = headerOf(table.cells);
        continue;
      }
      const cell = (name: string) => (table.cells[columns!.get(name) ?? -1] ?? '').trim();
      const rowErrors: RosterRowError[] = [];
      const bad = (field: string, message: string, value: unknown) => rowErrors.push({ row: table.row, field, code: 'invalid_cell', message, value });
      const employee = cell('employee');
      const name = cell('name');
      const unit = cell('unit');
      if (employee === '') bad('employee', 'is empty', '');
      else if (employee.length > 64) bad('employee', 'is longer than 64 characters', employee);
      if (name === '') bad('name', 'is empty', '');
      if (unit === '') bad('unit', 'is empty', '');
      const from = dateOf(cell('from'));
      if (from === null) bad('from', cell('from') === '' ? 'is empty' : `"${cell('from')}" is not a date (YYYY-MM-DD)`, cell('from'));
      const to = cell('to') === '' ? null : dateOf(cell('to'));
      if (cell('to') !== '' && to === null) bad('to', `"${cell('to')}" is not a date (YYYY-MM-DD; empty while still there)`, cell('to'));
      if (from !== null && to !== null && to < from) bad('to', `ends (${to}) before it starts (${from})`, cell('to'));
      const base = parseAmount(cell('base'));
      if (base === null) bad('base', cell('base') === '' ? 'is empty' : `"${cell('base')}" is not a number (an amount ≥ 0, at most two decimals)`, cell('base'));
      const flag = cell('eligible').toLowerCase();
      const eligible = TRUE.has(flag) ? true : FALSE.has(flag) ? false : null;
      if (eligible === null) bad('eligible', `"${cell('eligible')}" is neither true nor false`, cell('eligible'));
      if (rowErrors.length) errors.push(...rowErrors);
      else rows.push({ row: table.row, employee, name, unit, from: from!, to, base: base!, eligible: eligible! });
    }
  }
  if (!columns) throw new DomainError('empty_file', `"${fileNameOf(source)}" has no header row`, [{ row: 1, field: 'header', message: 'no header row' }]);
  return { rows, errors };
}

function headerOf(cells: string[]): Map<string, number> {
  const columns = new Map<string, number>();
  cells.forEach((c, i) => columns.set(c.trim().toLowerCase(), i));
  const missing = REQUIRED.filter((r) => !columns.has(r));
  if (missing.length) {
    throw new DomainError('missing_columns', `The roster header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${ROSTER_COLUMNS.join(',')})`, missing.map((m) => ({ row: 1, field: m, message: 'missing column' })));
  }
  return columns;
}
