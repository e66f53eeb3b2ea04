import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { DomainError } from '../http/errors.ts';
import { restoreNeutralized } from '../files/csv.ts';
import { checkFileSize, checkRowCells, checkTextSource, fileLimits, fileProblem, tooManyRows, type FileLimits } from '../files/limits.ts';
import { assertXlsxWithinLimits, notReadable } from '../files/xlsx-guard.ts';
import { numberFormatHint, parseMeasurementNumber } from './numbers.ts';
import type { MeasurementInput, RowError } from './service.ts';

export type FileSource = { path: string } | { buffer: Buffer; name: string };

const REQUIRED = ['indicator', 'unit', 'period', 'value'] as const;
const OPTIONAL = ['target', 'note'] as const;

export const fileNameOf = (source: FileSource) => ('path' in source ? path.basename(source.path) : source.name);
const isXlsx = (name: string) => /\.xlsx$/i.test(name);

export interface TableRow {
  row: number;
  cells: string[];
}

/** How XLSX date cells read: as a month (`YYYY-MM`, measurement periods) or a day (`YYYY-MM-DD`, rosters). */
export interface TableOptions {
  dates?: 'month' | 'day';
}

/**
 * Rows of a CSV (comma, semicolon or tab, detected from the header) or XLSX file, streamed in
 * batches (one await per batch rather than per row: on a million rows the difference is seconds).
 * Every file passes the same limits first (server/files/limits.ts): size, UTF-8 text without NUL
 * bytes for CSV, zip parts that do not inflate past the limits for XLSX; then rows and cells are
 * counted as they stream. Whatever is wrong with a file is a 4xx DomainError naming the problem.
 */
export async function* readTableRows(source: FileSource, limits: FileLimits = fileLimits(), options: TableOptions = {}): AsyncGenerator<TableRow[]> {
  const name = fileNameOf(source);
  const bytes = 'path' in source ? { path: source.path } : { buffer: source.buffer };
  if (!isXlsx(name) && !/\.(csv|tsv|txt)$/i.test(name)) throw new DomainError('unsupported_file', `"${name}" is neither CSV nor XLSX (use .csv or .xlsx)`, undefined, 415);
  await checkFileSize(bytes, limits);
  let rows = 0;
  const counted = (batch: TableRow[]) => {
    rows += batch.length;
    if (rows > limits.maxRows + 1) throw tooManyRows(limits);
    for (const r of batch) checkRowCells(r.cells, r.row, limits);
    return batch;
  };
  if (isXlsx(name)) {
    await assertXlsxWithinLimits(bytes, limits);
    try {
      for await (const batch of readXlsxRows(source, options.dates ?? 'month')) yield counted(batch);
    } catch (err) {
      throw err instanceof DomainError ? err : notReadable();
    }
    return;
  }
  const { hasQuote } = await checkTextSource(bytes);
  const delimiter = await detectDelimiter(source);
  if (!hasQuote) {
    for await (const batch of readUnquotedRows(source, delimiter)) yield counted(batch);
    return;
  }
  const input = 'path' in source ? fs.createReadStream(source.path) : Readable.from(source.buffer);
  const parser = input.pipe(parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, max_record_size: limits.maxCellChars * limits.maxCellsPerRow }));
  let batch: TableRow[] = [];
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      batch.push({ row: record.info.lines, cells: record.record });
      if (batch.length >= ROW_BATCH) {
        yield counted(batch);
        batch = [];
      }
    }
  } catch (err) {
    throw csvProblem(err);
  }
  if (batch.length) yield counted(batch);
}

/** csv-parse's complaint (an unterminated quote, a stray quote) as a 400 naming the line. */
function csvProblem(err: unknown): unknown {
  const e = err as Error & { code?: string; lines?: number };
  if (err instanceof DomainError || typeof e?.code !== 'string' || !e.code.startsWith('CSV_')) return err;
  const reason = e.code === 'CSV_QUOTE_NOT_CLOSED' ? `an unterminated quote (opened before line ${e.lines ?? '?'})` : e.message.replace(/\s+/g, ' ').slice(0, 200);
  return fileProblem('invalid_csv', `The CSV cannot be read: ${reason}`, 400, e.lines);
}

const ROW_BATCH = 1000;

/**
 * The fast path for files without quotes (what exports and generated files usually are): lines
 * split on the delimiter, cells trimmed, blank lines skipped, rows numbered by line, exactly as
 * the CSV parser does for such files, several times faster.
 */
async function* readUnquotedRows(source: FileSource, delimiter: string): AsyncGenerator<TableRow[]> {
  const input = 'path' in source ? fs.createReadStream(source.path, { encoding: 'utf8', highWaterMark: 1 << 18 }) : Readable.from([source.buffer.toString('utf8')]);
  let line = 0;
  let rest = '';
  let first = true;
  const rowOf = (text: string) => {
    line++;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.trim() === '') return null;
    const cells = text.split(delimiter);
    for (let i = 0; i < cells.length; i++) cells[i] = cells[i].trim();
    return { row: line, cells };
  };
  for await (const chunk of input as AsyncIterable<string>) {
    const text = rest + chunk;
    const lines = text.split('\n');
    rest = lines.pop()!;
    const batch: TableRow[] = [];
    for (const l of lines) {
      const r = rowOf(l);
      if (r) batch.push(r);
    }
    if (batch.length) yield batch;
  }
  if (rest !== '') {
    const r = rowOf(rest);
    if (r) yield [r];
  }
}

async function detectDelimiter(source: FileSource): Promise<string> {
  let head: string;
  if ('buffer' in source) head = source.buffer.subarray(0, 4096).toString('utf8');
  else {
    const fd = await fs.promises.open(source.path, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fd.read(buf, 0, 4096, 0);
      head = buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fd.close();
    }
  }
  const firstLine = head.split(/\r?\n/)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  return counts.sort((a, b) => b.n - a.n)[0].n > 0 ? counts[0].d : ',';
}

async function* readXlsxRows(source: FileSource, dates: 'month' | 'day'): AsyncGenerator<TableRow[]> {
  const input = 'path' in source ? fs.createReadStream(source.path) : Readable.from(source.buffer);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' });
  for await (const worksheet of reader) {
    let batch: TableRow[] = [];
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as unknown[]).slice(1).map((v) => cellText(v, dates));
      if (values.every((v) => v === '')) continue;
      batch.push({ row: row.number, cells: values });
      if (batch.length >= ROW_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
    break; // the first worksheet only
  }
}

function cellText(value: unknown, dates: 'month' | 'day' = 'month'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, dates === 'day' ? 10 : 7);
  if (typeof value === 'object') {
    const v = value as { result?: unknown; text?: unknown; richText?: { text: string }[] };
    if (v.result !== undefined) return cellText(v.result, dates);
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return String(v.text);
  }
  return String(value).trim();
}

export interface ParsedMeasurementFile {
  inputs: MeasurementInput[];
  errors: RowError[];
}

/** One data row of a measurement file: an input, or the errors that kept it from being one. */
export type FileRow = { input: MeasurementInput; errors?: undefined } | { input?: undefined; errors: RowError[] };

/**
 * Streams measurement rows (DESIGN.md §4 columns; headers case-insensitive) in batches, so a
 * file of any size is read in constant memory. Cells that are not numbers become per-row
 * errors naming the row and column. A missing header or missing columns throw.
 */
export async function* readMeasurementRows(source: FileSource, options: { decimalComma?: boolean } = {}): AsyncGenerator<FileRow[]> {
  let toFileRow: ((r: TableRow) => FileRow) | null = null;
  const spreadsheet = isXlsx(fileNameOf(source));
  for await (const batch of readTableRows(source)) {
    let start = 0;
    if (!toFileRow) {
      const header = batch[0].cells;
      toFileRow = withCellCount(measurementRowReader(headerColumns(header), options), header.length, spreadsheet);
      start = 1;
    }
    const rows: FileRow[] = new Array(batch.length - start);
    for (let i = start; i < batch.length; i++) rows[i - start] = toFileRow(batch[i]);
    if (rows.length) yield rows;
  }
  if (!toFileRow) throw new DomainError('empty_file', `"${fileNameOf(source)}" has no header row`, [{ row: 1, field: 'header', message: 'no header row' }]);
}

/**
 * A CSV row with more or fewer cells than the header is an error naming the row (DESIGN.md §4):
 * an unquoted `1,000` is two cells, and reading the first as the value would import 1. A
 * spreadsheet leaves trailing empty cells out, so there only extra non-empty cells count.
 */
function withCellCount(read: (r: TableRow) => FileRow, width: number, spreadsheet: boolean): (r: TableRow) => FileRow {
  return (r) => {
    const extra = r.cells.length > width && (!spreadsheet || r.cells.slice(width).some((cell) => cell !== ''));
    if (!extra && (spreadsheet || r.cells.length === width)) return read(r);
    const message = `has ${r.cells.length} cells where the header has ${width}${r.cells.length > width ? ' (a number with a thousands separator must be quoted: "1,000")' : ''}`;
    return { errors: [{ row: r.row, field: 'row', code: 'cell_count', message, value: r.cells.join(',') }] };
  };
}

/**
 * Turns one data row into an input, or into the errors that keep it from being one. Runs once
 * per row of million-row files, so it creates no closures per row (tsx names each one).
 */
function measurementRowReader(columns: Map<string, number>, options: { decimalComma?: boolean }): (r: TableRow) => FileRow {
  const at = (name: string) => columns.get(name) ?? -1;
  const [indicatorAt, unitAt, periodAt, valueAt, targetAt, noteAt] = [at('indicator'), at('unit'), at('period'), at('value'), at('target'), at('note')];
  return ({ row, cells }) => {
    const rawValue = cellAt(cells, valueAt);
    const value = rawValue === '' ? null : parseMeasurementNumber(rawValue, options);
    const rawTarget = targetAt < 0 ? '' : cellAt(cells, targetAt);
    const target = rawTarget === '' ? undefined : parseMeasurementNumber(rawTarget, options);
    const indicator = cellAt(cells, indicatorAt);
    const unit = cellAt(cells, unitAt);
    const period = cellAt(cells, periodAt);
    // The errors array only for rows that have one: allocations are most of the cost here.
    if (value === null || target === null || indicator === '' || unit === '' || period === '') {
      const errors: RowError[] = [];
      if (rawValue === '') errors.push(invalidCell(row, 'value', 'is empty', rawValue));
      else if (value === null) errors.push(invalidCell(row, 'value', `"${rawValue}" is not a number (${numberFormatHint(options)})`, rawValue));
      if (rawTarget !== '' && target === null) errors.push(invalidCell(row, 'target', `"${rawTarget}" is not a number (${numberFormatHint(options)})`, rawTarget));
      if (indicator === '') errors.push(invalidCell(row, 'indicator', 'is empty', ''));
      if (unit === '') errors.push(invalidCell(row, 'unit', 'is empty', ''));
      if (period === '') errors.push(invalidCell(row, 'period', 'is empty', ''));
      return { errors };
    }
    return { input: { row, indicator, unit, period, value, target: target ?? undefined, note: noteAt < 0 ? undefined : restoreNeutralized(cellAt(cells, noteAt)) || null } };
  };
}

function cellAt(cells: string[], index: number): string {
  return index < 0 ? '' : (cells[index] ?? '').trim();
}

function invalidCell(row: number, field: string, message: string, value: unknown): RowError {
  return { row, field, code: 'invalid_cell', message, value };
}

/** Reads a whole measurement file into memory (small files; large ones are streamed by the import). */
export async function parseMeasurementFile(source: FileSource, options: { decimalComma?: boolean } = {}): Promise<ParsedMeasurementFile> {
  const inputs: MeasurementInput[] = [];
  const errors: RowError[] = [];
  for await (const batch of readMeasurementRows(source, options)) {
    for (const r of batch) {
      if (r.input) inputs.push(r.input);
      else errors.push(...r.errors);
    }
  }
  return { inputs, errors };
}

function headerColumns(cells: string[]): Map<string, number> {
  const columns = new Map<string, number>();
  cells.forEach((c, i) => columns.set(c.trim().toLowerCase(), i));
  const missing = REQUIRED.filter((r) => !columns.has(r));
  if (missing.length) {
    throw new DomainError('missing_columns', `The header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${REQUIRED.join(',')} and optionally ${OPTIONAL.join(', ')})`, missing.map((m) => ({ row: 1, field: m, message: 'missing column' })));
  }
  return columns;
}
