/**
 * `northstar export measurements` and `GET /measurements/export` (DESIGN.md §4): the stored
 * values themselves (entered, imported, fed by VOC or surveys), never rollups, as rows
 * `indicator, unit, period, value, source, note`. A unit filter takes its subtree; a reader
 * sees only the units under their scorecard:read grants.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import { csvFile } from '../files/csv.ts';

export interface MeasurementExportFilter {
  unit?: string;
  indicator?: string;
  from?: string;
  to?: string;
  /** Unit paths the reader may read; undefined for the operator (CLI). */
  roots?: string[];
}

export interface ExportedMeasurement {
  indicator: string;
  unit: string;
  period: string;
  value: number;
  source: string;
  note: string | null;
}

export const EXPORT_COLUMNS = ['indicator', 'unit', 'period', 'value', 'source', 'note'] as const;

/** A period bound as a month: YYYY-MM as it is, a quarter or year at its first (from) or last (to) month. */
export function monthBound(period: string, side: 'from' | 'to'): string {
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) return period;
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}-${String(Number(q[2]) * 3 - (side === 'from' ? 2 : 0)).padStart(2, '0')}`;
  if (/^\d{4}$/.test(period)) return `${period}-${side === 'from' ? '01' : '12'}`;
  throw new DomainError('invalid_input', `--${side} "${period}" is not a period (YYYY-MM, YYYY-Qn or YYYY)`, [{ field: side, message: 'not a period' }], 400);
}

export async function selectMeasurementsForExport(db: Db, f: MeasurementExportFilter): Promise<ExportedMeasurement[]> {
  const where: RawBuilder<unknown>[] = [];
  if (f.unit) {
    const { rows } = await sql<{ path: string }>`select path from org_unit where code = ${f.unit}`.execute(db);
    if (!rows.length) throw new DomainError('not_found', `Unknown unit "${f.unit}"`, undefined, 404);
    where.push(sql`u.path like ${rows[0].path + '%'}`);
  }
  if (f.indicator) {
    const { rows } = await sql<{ id: number }>`select id from indicator where code = ${f.indicator}`.execute(db);
    if (!rows.length) throw new DomainError('not_found', `Unknown indicator "${f.indicator}"`, undefined, 404);
    where.push(sql`i.code = ${f.indicator}`);
  }
  if (f.from) where.push(sql`m.period >= ${monthBound(f.from, 'from')}`);
  if (f.to) where.push(sql`m.period <= ${monthBound(f.to, 'to')}`);
  if (f.roots) where.push(sql`u.path like any(${f.roots.map((r) => r + '%')}::text[])`);
  const { rows } = await sql<{ indicator: string; unit: string; period: string; value: number; source: string; note: string | null }>`
    select i.code as indicator, u.code as unit, m.period, m.value::float8 as value, m.source, m.note
    from measurement m join indicator i on i.id = m.indicator_id join org_unit u on u.id = m.unit_id
    where ${where.length ? sql.join(where, sql` and `) : sql`true`}
    order by i.code, u.path, m.period`.execute(db);
  return rows.map((r) => ({ ...r, value: Number(r.value) }));
}

export function measurementsFile(rows: ExportedMeasurement[], format: 'csv' | 'json'): { body: Buffer; contentType: string } {
  if (format === 'json') return { body: Buffer.from(JSON.stringify({ rows }, null, 2) + '\n'), contentType: 'application/json' };
  return { body: csvFile([[...EXPORT_COLUMNS], ...rows.map((r) => [r.indicator, r.unit, r.period, r.value, r.source, r.note ?? ''])]), contentType: 'text/csv; charset=utf-8' };
}
