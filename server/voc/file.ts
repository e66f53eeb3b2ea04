/**
 * VOC files (CSV/XLSX) with the DESIGN.md §3 names as columns (`id, received_at, channel,
 * type, category, unit, severity, customer, text, status, assignee, resolved_at, resolution,
 * root_cause, repeat_of`; headers case-insensitive, `receivedAt` spellings accepted), read
 * through the measurement files' table reader (same size, UTF-8, XLSX and row limits) and
 * streamed in batches.
 */
import { DomainError } from '../http/errors.ts';
import { restoreNeutralized } from '../files/csv.ts';
import { fileLimits, type FileLimits } from '../files/limits.ts';
import { fileNameOf, readTableRows, type FileSource } from '../measurements/file.ts';
import type { VocBatchRow, VocInput } from './service.ts';

export const VOC_COLUMNS = ['id', 'received_at', 'channel', 'type', 'category', 'unit', 'severity', 'customer', 'text', 'status', 'assignee', 'resolved_at', 'resolution', 'root_cause', 'repeat_of'] as const;
const REQUIRED = ['id', 'received_at', 'type', 'category', 'unit'] as const;
const FIELD: Record<(typeof VOC_COLUMNS)[number], keyof VocInput> = {
  id: 'id',
  received_at: 'receivedAt',
  channel: 'channel',
  type: 'type',
  category: 'category',
  unit: 'unit',
  severity: 'severity',
  customer: 'customer',
  text: 'text',
  status: 'status',
  assignee: 'assignee',
  resolved_at: 'resolvedAt',
  resolution: 'resolution',
  root_cause: 'rootCause',
  repeat_of: 'repeatOf',
};

const normal = (header: string) => header.trim().toLowerCase().replace(/[\s_-]/g, '');

/** An Excel date-time serial (the streaming reader skips styles) as a wall-clock ISO text. */
function excelSerial(text: string): string {
  if (!/^\d{5}(\.\d+)?$/.test(text)) return text;
  const ms = Math.round((Number(text) - 25569) * 86_400_000);
  return new Date(ms).toISOString().slice(0, 19);
}

/** Streams a VOC file as batches of rows for writeVocRecords; a missing column throws. */
export async function* readVocFile(source: FileSource, limits: FileLimits = fileLimits()): AsyncGenerator<VocBatchRow[]> {
  let columns: { field: keyof VocInput; at: number }[] | null = null;
  let width = 0;
  const spreadsheet = /\.xlsx$/i.test(fileNameOf(source));
  for await (const batch of readTableRows(source, limits, { dates: 'day' })) {
    let start = 0;
    if (!columns) {
      const header = batch[0].cells.map(normal);
      width = header.length;
      const missing = REQUIRED.filter((c) => !header.includes(normal(c)));
      if (missing.length) {
        throw new DomainError('missing_columns', `The header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (VOC files have ${VOC_COLUMNS.join(',')})`, { rows: missing.map((m) => ({ row: 1, field: m, reason: 'missing column' })) }, 422);
      }
      columns = VOC_COLUMNS.map((c) => ({ field: FIELD[c], at: header.indexOf(normal(c)) })).filter((c) => c.at >= 0);
      start = 1;
    }
    const rows: VocBatchRow[] = [];
    for (let i = start; i < batch.length; i++) {
      const { row, cells } = batch[i];
      if (!spreadsheet && cells.length !== width) {
        rows.push({ row, issues: [{ row, field: 'row', code: 'cell_count', reason: `has ${cells.length} cells where the header has ${width}` }] });
        continue;
      }
      const input: Record<string, string | null> = {};
      for (const c of columns) {
        const raw = (cells[c.at] ?? '').trim();
        input[c.field] = raw === '' ? null : c.field === 'receivedAt' || c.field === 'resolvedAt' ? excelSerial(raw) : restoreNeutralized(raw);
      }
      rows.push({ row, input: input as unknown as VocInput });
    }
    if (rows.length) yield rows;
  }
  if (!columns) throw new DomainError('empty_file', `"${fileNameOf(source)}" has no header row`, { rows: [{ row: 1, field: 'header', reason: 'no header row' }] }, 400);
}

/** A pulled record (JSON object or SQL row) as a VOC input: fields by DESIGN.md name or camelCase, any case. */
export function vocInputFromRecord(record: unknown): VocInput {
  const byName = new Map<string, unknown>();
  if (record && typeof record === 'object') for (const [k, v] of Object.entries(record)) byName.set(normal(k), v);
  const input: Record<string, string | null> = {};
  for (const column of VOC_COLUMNS) {
    const v = byName.get(normal(column));
    input[FIELD[column]] = v === null || v === undefined || v === '' ? null : v instanceof Date ? v.toISOString() : String(v);
  }
  return input as unknown as VocInput;
}
