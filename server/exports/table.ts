/**
 * "Export what you see" (issue 19): the table a view shows, as CSV or XLSX. The web app sends
 * the rows it displays, already rounded and with headers in the reader's language; this writes
 * them through the one CSV writer (server/files/csv.ts: formula neutralising, BOM, CRLF) or as an
 * XLSX sheet with numbers as numeric cells in the shown precision, text as text.
 */
import ExcelJS from 'exceljs';
import { csvFile, neutralizeFormula } from '../files/csv.ts';

export type TableCell = string | number | null;
export interface TableColumn {
  label: string;
  /** Decimals a numeric column is shown with (XLSX display format). */
  digits?: number;
  /** A numeric column holds shares 0-1 shown as percent. */
  percent?: boolean;
}
export interface TableExport {
  format: 'csv' | 'xlsx';
  /** The file name without extension ("scorecard-SEOUL-2026-03"). */
  name: string;
  /** Sheet title (XLSX); also the first line of nothing else: CSV stays a plain table. */
  sheet?: string;
  columns: TableColumn[];
  rows: TableCell[][];
}

export interface ExportedFile {
  contentType: string;
  fileName: string;
  body: Buffer;
}

/** A safe file name: letters, digits (any script), dot, dash and underscore. */
export function safeFileName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 100);
  return cleaned || 'export';
}

function numFmt(column: TableColumn): string | undefined {
  if (column.percent) return column.digits ? `0.${'0'.repeat(column.digits)}%` : '0%';
  if (column.digits === undefined) return undefined;
  return column.digits > 0 ? `#,##0.${'0'.repeat(column.digits)}` : '#,##0';
}

export async function exportTable(table: TableExport): Promise<ExportedFile> {
  const base = safeFileName(table.name);
  if (table.format === 'csv') {
    return { contentType: 'text/csv; charset=utf-8', fileName: `${base}.csv`, body: csvFile([table.columns.map((c) => c.label), ...table.rows]) };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Northstar';
  // Excel refuses sheet names with []:*?/\ and longer than 31 characters
  const sheet = workbook.addWorksheet((table.sheet ?? 'Northstar').replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Northstar');
  sheet.addRow(table.columns.map((c) => neutralizeFormula(c.label)));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell) : cell)));
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    const fmt = numFmt(c);
    if (fmt) column.numFmt = fmt;
    const longest = Math.max(c.label.length, ...table.rows.slice(0, 200).map((r) => String(r[i] ?? '').length));
    column.width = Math.min(50, Math.max(8, longest + 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 1 }];
  return { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: `${base}.xlsx`, body: Buffer.from(await workbook.xlsx.writeBuffer()) };
}
