/**
 * The yearly-plan workbook: one row per unit of a subtree, one column per month, pre-filled
 * with last year's actuals, to be filled in and uploaded. Uploads are read with the
 * measurement file reader (same formats and limits), previewed with per-cell errors, and
 * applied all or nothing as draft plans.
 */
import ExcelJS from 'exceljs';
import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import type { Actor } from '../audit/repository.ts';
import type { UnitRow } from '../units/repository.ts';
import { readTableRows, type TableRow } from '../measurements/file.ts';
import { parseMeasurementNumber } from '../measurements/numbers.ts';
import { yearlyOf } from '../scoring/targets.ts';
import { editPlan, EVERYONE, getPlanGrid, type Permissions } from './service.ts';

const nameOf = (name: unknown) => (typeof name === 'string' ? name : ((name as Record<string, string>)?.en ?? Object.values((name as Record<string, string>) ?? {})[0] ?? ''));

export async function renderPlanTemplate(db: Db, indicator: string, unit: string, year: number, visible: (u: UnitRow) => boolean) {
  const grid = await getPlanGrid(db, indicator, unit, year, EVERYONE, visible);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(`${grid.indicator.code} ${year}`.slice(0, 31));
  const header = ['unit', 'name', ...grid.months, `${year - 1} total (reference)`];
  sheet.addRow(header).font = { bold: true };
  for (const row of grid.rows) {
    const months = row.lastYear.months.map((v, i) => (grid.dueMonths.includes(i + 1) ? v : null));
    sheet.addRow([row.unit, `${'  '.repeat(row.depth)}${nameOf(row.name)}`, ...months.map((v) => v ?? undefined), row.lastYear.yearly ?? undefined]);
  }
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }];
  sheet.columns.forEach((c, i) => (c.width = i === 1 ? 30 : 12));
  return { fileName: `targets-${grid.indicator.code}-${grid.unit}-${year}.xlsx`, body: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

export interface CellError {
  row: number;
  column: string;
  unit: string | null;
  value: unknown;
  message: string;
}

export interface UploadRequest {
  indicator: string;
  unit: string;
  year: number;
  dryRun: boolean;
  reason: string | null;
}

/** Reads, checks and (unless dryRun) applies an uploaded plan workbook. */
export async function applyPlanUpload(db: Db, actor: Actor, buffer: Buffer, request: UploadRequest, permissions: Permissions) {
  const grid = await getPlanGrid(db, request.indicator, request.unit, request.year, permissions);
  const table: TableRow[] = [];
  for await (const batch of readTableRows({ buffer, name: 'plan.xlsx' })) table.push(...batch);
  if (table.length === 0) throw new DomainError('empty_file', 'The workbook has no header row', [{ row: 1, column: 'header', message: 'no header row' }]);
  const header = table[0].cells.map((c) => c.trim());
  const unitAt = header.findIndex((h) => h.toLowerCase() === 'unit');
  const monthAt = grid.months.map((m) => header.indexOf(m));
  const errors: CellError[] = [];
  if (unitAt < 0) errors.push({ row: table[0].row, column: 'unit', unit: null, value: null, message: 'the header has no "unit" column' });
  const missingMonths = grid.months.filter((_, i) => monthAt[i] < 0);
  if (missingMonths.length === 12) errors.push({ row: table[0].row, column: 'header', unit: null, value: null, message: `no month columns of ${request.year} (${grid.months[0]} … ${grid.months[11]})` });
  if (errors.length) throw new DomainError('invalid_workbook', errors[0].message, errors);
  const rowsByUnit = new Map(grid.rows.map((r) => [r.unit, r]));
  const seen = new Map<string, number>();
  const parsed: { unit: string; row: number; months: (number | null)[]; before: (number | null)[] }[] = [];
  for (const { row, cells } of table.slice(1)) {
    const code = (cells[unitAt] ?? '').trim();
    const target = rowsByUnit.get(code);
    if (!code) {
      errors.push({ row, column: 'unit', unit: null, value: '', message: 'is empty' });
      continue;
    }
    if (!target) {
      errors.push({ row, column: 'unit', unit: code, value: code, message: `${code} is not a unit of ${grid.unit} where ${grid.indicator.code} applies` });
      continue;
    }
    if (seen.has(code)) {
      errors.push({ row, column: 'unit', unit: code, value: code, message: `${code} is also on row ${seen.get(code)}` });
      continue;
    }
    seen.set(code, row);
    if (!target.can.edit) {
      errors.push({ row, column: 'unit', unit: code, value: code, message: `you may not set targets for ${code}` });
      continue;
    }
    const before = target.plan?.months ?? target.approved.months;
    const months = [...before];
    grid.months.forEach((month, i) => {
      if (monthAt[i] < 0) return;
      const raw = (cells[monthAt[i]] ?? '').trim();
      if (raw === '') {
        months[i] = null;
        return;
      }
      const value = parseMeasurementNumber(raw);
      if (value === null) errors.push({ row, column: month, unit: code, value: raw, message: `"${raw}" is not a number` });
      else if (!grid.dueMonths.includes(i + 1)) errors.push({ row, column: month, unit: code, value: raw, message: `${grid.indicator.code} is ${grid.indicator.frequency}: no target in ${month}` });
      else months[i] = value;
    });
    parsed.push({ unit: code, row, months, before });
  }
  const preview = parsed.map((p) => ({
    unit: p.unit,
    row: p.row,
    months: p.months,
    yearly: yearlyOf(p.months, grid.indicator.aggregationTime),
    before: yearlyOf(p.before, grid.indicator.aggregationTime),
    changed: p.months.some((v, i) => v !== p.before[i]),
  }));
  const result = { indicator: grid.indicator.code, unit: grid.unit, year: request.year, dryRun: request.dryRun, rows: preview, errors, applied: 0 };
  if (request.dryRun) return result;
  if (errors.length) throw new DomainError('invalid_workbook', `${errors.length} cell${errors.length > 1 ? 's' : ''} cannot be applied; nothing was changed. First: row ${errors[0].row}, ${errors[0].column}: ${errors[0].message}`, errors);
  for (const p of preview.filter((r) => r.changed)) {
    await editPlan(db, actor, { indicator: request.indicator, unit: p.unit, year: request.year, months: Object.fromEntries(p.months.map((v, i) => [grid.months[i], v])), reason: request.reason ?? 'uploaded workbook' }, permissions);
    result.applied++;
  }
  return result;
}
