/**
 * "Export what you see": a view describes the table it shows as export columns (a label in the
 * reader's language and the value of each cell, rounded as displayed); `tableExport` turns that
 * into the body of POST /exports/table. Numbers stay numbers (XLSX numeric cells) at the shown
 * precision; everything else is the text the view shows.
 */
import type { TableExport } from './api.ts';

export type ExportCell = string | number | null;

export interface ExportColumn<R> {
  label: string;
  value: (row: R) => ExportCell | undefined;
  /** Decimals shown on screen: numbers are rounded to these before they leave the browser. */
  digits?: number;
  percent?: boolean;
}

/** Rounds half away from zero to `digits` (as Intl.NumberFormat shows it), never "-0". */
export function roundShown(value: number, digits: number): number {
  const scale = 10 ** digits;
  const r = (Math.sign(value) * Math.round(Math.abs(value) * scale + 1e-9)) / scale;
  return r === 0 ? 0 : r;
}

export function tableExport<R>(format: 'csv' | 'xlsx', name: string, sheet: string, columns: ExportColumn<R>[], rows: readonly R[]): TableExport {
  return {
    format,
    name,
    sheet,
    columns: columns.map((c) => ({ label: c.label, ...(c.digits !== undefined ? { digits: c.digits } : {}), ...(c.percent ? { percent: true } : {}) })),
    rows: rows.map((r) =>
      columns.map((c) => {
        const v = c.value(r);
        if (v === undefined || v === null) return null;
        if (typeof v === 'number') {
          if (!Number.isFinite(v)) return null;
          return c.digits !== undefined ? roundShown(v, c.digits + (c.percent ? 2 : 0)) : v;
        }
        return v;
      }),
    ),
  };
}
