import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import type { Actor } from '../audit/repository.ts';
import { fileNameOf, readMeasurementRows, type FileSource } from './file.ts';
import { writeMeasurements, type MeasurementInput, type ModelLookup, type RowError, type WriteOptions, type WriteResult } from './service.ts';
import { BULK_CHUNK, BulkWriter, DEFAULT_BULK_THRESHOLD } from './bulk-strategy.ts';

/**
 * A measurement file, end to end, in the caller's transaction: parse (cells that are not
 * numbers are row errors), validate against the model and locks, then write. With
 * `accept: 'all'` any error rejects the file and every error is reported together.
 *
 * The file is streamed: up to `bulkThreshold` rows are gathered and written by the
 * row-at-a-time path; a larger file switches to the bulk strategy, which stages the rows in
 * chunks as they are read, so memory stays flat whatever the file's size.
 */
export async function importMeasurementFile(
  db: Db,
  actor: Actor,
  source: FileSource,
  options: Omit<WriteOptions, 'source'> & { source?: string; decimalComma?: boolean },
  lookup?: ModelLookup,
): Promise<WriteResult> {
  const writeOptions: WriteOptions = { ...options, source: options.source ?? `file:${fileNameOf(source)}` };
  const threshold = options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD;
  let inputs: MeasurementInput[] = [];
  const errors: RowError[] = [];
  let bulk: BulkWriter | null = null;
  for await (const batch of readMeasurementRows(source, { decimalComma: options.decimalComma })) {
    for (const r of batch) {
      if (r.errors) {
        if (bulk) bulk.addErrors(r.errors);
        else errors.push(...r.errors);
        continue;
      }
      inputs.push(r.input);
      if (!bulk && inputs.length > threshold) {
        bulk = await BulkWriter.open(db, actor, { ...writeOptions, label: fileNameOf(source) }, lookup);
        bulk.addErrors(errors.splice(0));
      }
      if (bulk && inputs.length >= BULK_CHUNK) {
        await bulk.add(inputs);
        inputs = [];
      }
    }
  }
  if (bulk) {
    await bulk.add(inputs);
    return bulk.finish();
  }
  const errorRows = new Set(errors.map((e) => e.row)).size;
  if (errors.length && options.accept === 'all') {
    const checked = await writeMeasurements(db, actor, inputs, { ...writeOptions, accept: 'valid', dryRun: true }, lookup);
    const all = [...errors, ...checked.rejected].sort((a, b) => a.row - b.row);
    throw new DomainError('invalid_rows', `${all.length} row${all.length === 1 ? '' : 's'} of ${fileNameOf(source)} cannot be applied; nothing was changed. First: row ${all[0].row}, ${all[0].field}: ${all[0].message}`, all);
  }
  const written = await writeMeasurements(db, actor, inputs, { ...writeOptions, bulkThreshold: Number.POSITIVE_INFINITY }, lookup);
  return { ...written, rows: written.rows + errorRows, rejected: [...errors, ...written.rejected].sort((a, b) => a.row - b.row) };
}
