/**
 * Survey responses: read a CSV or XLSX file into a plain table, then pick out the answers a
 * definition needs. Every answer that cannot be used (blank, not a number, outside the scale,
 * a declared missing code) becomes null and is listed in a validation report, so a data
 * problem is visible instead of silently becoming a zero.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { checkFileSize, checkRowCells, checkTextSource, fileLimits, tooManyRows, type FileLimits } from '../files/limits.ts';
import { assertXlsxWithinLimits } from '../files/xlsx-guard.ts';
import { NPS_SCALE, type SurveyDefinition } from './definition.ts';

export type Cell = string | number | null;

export interface ResponseTable {
  columns: string[];
  rows: Record<string, Cell>[];
  /**
   * Where each row sits in the file (the header is row 1): for CSV the line the record starts
   * on, for XLSX the worksheet row number. Optional so that hand-built tables work; without it
   * row i is taken to be row i + 2.
   */
  rowNumbers?: number[];
}

export type Delimiter = ',' | ';' | '\t';

export interface ParseResponsesOptions {
  /** For CSV only; detected from the header line when left out. */
  delimiter?: Delimiter;
}

export class SurveyResponsesError extends Error {
  constructor(message: string, fileName?: string) {
    super(fileName ? `${fileName}: ${message}` : message);
    this.name = 'SurveyResponsesError';
  }
}

const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** The delimiter that occurs most often outside quotes in the header line; ties go to the comma. */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char as Delimiter)) counts.set(char as Delimiter, counts.get(char as Delimiter)! + 1);
  }
  let best: Delimiter = ',';
  for (const delimiter of DELIMITERS) if (counts.get(delimiter)! > counts.get(best)!) best = delimiter;
  return best;
}

/** Header names are trimmed; a blank header gets a positional name so every column has one. */
function headerNames(cells: readonly unknown[]): string[] {
  const names = cells.map((cell, index) => {
    const name = cell === null || cell === undefined ? '' : String(cell).trim();
    return name === '' ? `column ${index + 1}` : name;
  });
  const seen = new Set<string>();
  for (const name of names) {
    // Matching is case-insensitive, so `Q1` and `q1` would be the same column: ambiguous.
    if (seen.has(name.toLowerCase())) throw new SurveyResponsesError(`the header names column ${name} twice`);
    seen.add(name.toLowerCase());
  }
  return names;
}

function textCell(value: string | undefined): Cell {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

function isBlankRecord(values: readonly Cell[]): boolean {
  return values.every((value) => value === null);
}

type CsvRecordWithInfo = { record: string[]; info: { lines: number } };

/** Parse CSV text (comma, semicolon or tab). Cells stay text; extractAnswers reads the numbers. */
export function parseCsvResponses(input: Buffer | string, options: ParseResponsesOptions = {}): ResponseTable {
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  const delimiter = options.delimiter ?? detectDelimiter(text);
  let records: CsvRecordWithInfo[];
  try {
    records = parseCsv(text, { delimiter, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as CsvRecordWithInfo[];
  } catch (error) {
    throw new SurveyResponsesError(`not a readable CSV file (${error instanceof Error ? error.message : String(error)})`);
  }
  if (records.length === 0) throw new SurveyResponsesError('the file is empty (no header row)');
  const [header, ...body] = records;
  const columns = headerNames(header.record);
  const table: ResponseTable = { columns, rows: [], rowNumbers: [] };
  for (const { record, info } of body) {
    const values = columns.map((_, index) => textCell(record[index]));
    if (isBlankRecord(values)) continue;
    table.rows.push(Object.fromEntries(columns.map((name, index) => [name, values[index]])));
    // info.lines is the line the record ends on; a quoted field may span several lines.
    const innerLineBreaks = record.reduce((sum, field) => sum + (field.match(/\n/g)?.length ?? 0), 0);
    table.rowNumbers!.push(info.lines - innerLineBreaks);
  }
  return table;
}

/** An exceljs cell value as a plain cell: numbers stay numbers, formulas give their result. */
function excelCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return textCell(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('result' in value) return excelCell(value.result as ExcelJS.CellValue);
  if ('richText' in value) return textCell(value.richText.map((run) => run.text).join(''));
  if ('text' in value) return textCell(String(value.text));
  if ('error' in value) return String(value.error);
  return null;
}

function rowValues(row: ExcelJS.Row, width: number): Cell[] {
  return Array.from({ length: width }, (_, index) => excelCell(row.getCell(index + 1).value));
}

/** Parse the first worksheet of an XLSX workbook; the first non-empty row is the header. */
export async function parseXlsxResponses(buffer: Buffer): Promise<ResponseTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    throw new SurveyResponsesError(`not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) throw new SurveyResponsesError('the first worksheet is empty (no header row)');
  let columns: string[] | null = null;
  const table: ResponseTable = { columns: [], rows: [], rowNumbers: [] };
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (columns === null) {
      columns = headerNames(rowValues(row, row.cellCount)); // cellCount: up to the last header cell
      return;
    }
    const values = rowValues(row, columns.length);
    if (isBlankRecord(values)) return;
    table.rows.push(Object.fromEntries(columns.map((name, index) => [name, values[index]])));
    table.rowNumbers!.push(rowNumber);
  });
  table.columns = columns ?? [];
  return table;
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function looksLikeXlsx(buffer: Buffer, fileName: string): boolean {
  if (/\.xlsx$/i.test(fileName)) return true;
  if (/\.(csv|tsv|txt)$/i.test(fileName)) return false;
  return buffer.subarray(0, 4).equals(ZIP_SIGNATURE);
}

/** Read a responses file: XLSX by extension (or zip signature), anything else as CSV. */
export async function parseResponses(buffer: Buffer, fileName: string, options: ParseResponsesOptions = {}, limits: FileLimits = fileLimits()): Promise<ResponseTable> {
  if (/\.xls$/i.test(fileName)) throw new SurveyResponsesError('the old binary .xls format is not supported; save it as .xlsx or .csv', fileName);
  // The same limits as every file (server/files/limits.ts), before the file is parsed.
  if (buffer.length > 0) await checkFileSize({ buffer }, limits); // an empty file is reported below, as before
  const xlsx = looksLikeXlsx(buffer, fileName);
  if (xlsx && buffer.length > 0) await assertXlsxWithinLimits({ buffer }, limits);
  else await checkTextSource({ buffer });
  try {
    const table = xlsx ? await parseXlsxResponses(buffer) : parseCsvResponses(buffer, options);
    if (table.rows.length > limits.maxRows) throw tooManyRows(limits);
    checkRowCells(table.columns, 1, limits);
    table.rows.forEach((row, i) => checkRowCells(Object.values(row), table.rowNumbers?.[i] ?? i + 2, limits));
    return table;
  } catch (error) {
    if (error instanceof SurveyResponsesError) throw new SurveyResponsesError(error.message, fileName);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Answers

export interface Respondent {
  /** Row in the responses file (the header is row 1). */
  row: number;
  /** 100-point conversion happens later; these are the raw answers, null when unusable. */
  answers: Record<string, number | null>;
  segment: string | null;
  unit: string | null;
}

export type DropReason = 'blank' | 'not_a_number' | 'missing_code' | 'out_of_scale';

export interface DroppedAnswer {
  row: number;
  column: string;
  value: Cell;
  reason: DropReason;
}

export interface ExtractedAnswers {
  respondents: Respondent[];
  report: DroppedAnswer[];
}

/** A sign, digits and one decimal point; no thousands separators (DESIGN.md §4 import rules). */
const NUMBER_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function readNumber(cell: Cell): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (cell === null || !NUMBER_PATTERN.test(cell.trim())) return null;
  return Number(cell.trim());
}

type Range = { min: number; max: number };
type Reading = { value: number | null; reason?: DropReason };

function readAnswer(cell: Cell, range: Range, missing: ReadonlySet<number>): Reading {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return { value: null, reason: 'blank' };
  const value = readNumber(cell);
  if (value === null) return { value: null, reason: 'not_a_number' };
  if (missing.has(value)) return { value: null, reason: 'missing_code' };
  if (value < range.min || value > range.max) return { value: null, reason: 'out_of_scale' };
  return { value };
}

/** A segment or unit label: text as written, numbers as their shortest decimal form. */
function readLabel(cell: Cell, missing: ReadonlySet<number>): { label: string | null; reason?: DropReason } {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return { label: null, reason: 'blank' };
  const value = readNumber(cell);
  if (value !== null && missing.has(value)) return { label: null, reason: 'missing_code' };
  return { label: typeof cell === 'number' ? String(cell) : cell.trim() };
}

interface AnswerColumn {
  /** Spellings used by the definition; answers are stored under each of them. */
  names: string[];
  header: string;
  range: Range;
}

/** Every answer column the definition reads, once per (case-insensitive) column. */
function answerColumns(definition: SurveyDefinition, headerOf: (name: string) => string): AnswerColumn[] {
  const scaleItems = [definition.overall, ...definition.factors.flatMap((f) => f.items), ...definition.loyalty.map((l) => l.item)];
  const byKey = new Map<string, AnswerColumn>();
  const add = (name: string, range: Range) => {
    const key = name.toLowerCase();
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.names.includes(name)) existing.names.push(name);
    } else byKey.set(key, { names: [name], header: headerOf(name), range });
  };
  // The NPS column goes first so that its 0-10 range wins; the definition only lets it share a
  // column with scale items when the scale is 0-10 as well.
  if (definition.nps !== null) add(definition.nps, NPS_SCALE);
  for (const item of scaleItems) add(item, definition.scale);
  return [...byKey.values()];
}

function requiredColumns(definition: SurveyDefinition): string[] {
  const names = [definition.overall, ...definition.factors.flatMap((f) => f.items), ...definition.loyalty.map((l) => l.item)];
  if (definition.nps !== null) names.push(definition.nps);
  if (definition.segment !== null) names.push(definition.segment.column);
  if (definition.unitColumn !== null) names.push(definition.unitColumn);
  return names;
}

/** Case-insensitive header lookup; throws naming every column the definition needs but the file lacks. */
function headerResolver(table: ResponseTable, definition: SurveyDefinition): (name: string) => string {
  const headers = new Map(table.columns.map((column) => [column.trim().toLowerCase(), column]));
  const missing = [...new Set(requiredColumns(definition).filter((name) => !headers.has(name.toLowerCase())))];
  if (missing.length > 0) {
    throw new SurveyResponsesError(`the responses lack column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} named by definition ${definition.code}`);
  }
  return (name) => headers.get(name.toLowerCase())!;
}

/** Pick the definition's answers out of a parsed table, with a report of every unusable answer. */
export function extractAnswers(table: ResponseTable, definition: SurveyDefinition): ExtractedAnswers {
  const headerOf = headerResolver(table, definition);
  const columns = answerColumns(definition, headerOf);
  const missing = new Set(definition.missing);
  const report: DroppedAnswer[] = [];
  const respondents = table.rows.map((cells, index): Respondent => {
    const row = table.rowNumbers?.[index] ?? index + 2;
    const drop = (column: string, reason: DropReason | undefined) => {
      if (reason) report.push({ row, column, value: cells[column] ?? null, reason });
    };
    const answers: Record<string, number | null> = {};
    for (const column of columns) {
      const reading = readAnswer(cells[column.header] ?? null, column.range, missing);
      drop(column.header, reading.reason);
      for (const name of column.names) answers[name] = reading.value;
    }
    const label = (name: string | undefined) => {
      if (name === undefined) return null;
      const reading = readLabel(cells[headerOf(name)] ?? null, missing);
      drop(headerOf(name), reading.reason);
      return reading.label;
    };
    return { row, answers, segment: label(definition.segment?.column), unit: label(definition.unitColumn ?? undefined) };
  });
  return { respondents, report };
}
