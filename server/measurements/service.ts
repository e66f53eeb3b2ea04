/**
 * The entry point of the measurement write pipeline: parse (file.ts, import.ts) → check
 * (check.ts: one checkRow for every row) → stage → merge → rollup. Two strategies do the last
 * three: row-strategy.ts row by row for small batches (and any batch with expectedRevision),
 * bulk-strategy.ts set-based in SQL for large ones. They accept and refuse the same rows and
 * leave the same state; only the cost differs. Callers write through writeMeasurements (or
 * importMeasurementFile for a file) and never pick a strategy themselves.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../audit/repository.ts';
import { DEFAULT_BULK_THRESHOLD, writeMeasurementsBulk } from './bulk-strategy.ts';
import { writeRows } from './row-strategy.ts';
import type { MeasurementInput, ModelLookup, WriteOptions, WriteResult } from './types.ts';

// The pipeline's public face: the shapes callers pass and get back, and the model lookup a caller
// reuses across several batches.
export type { MeasurementInput, ModelLookup, RowError, WriteOptions, WriteResult } from './types.ts';
export { loadLookup } from './check.ts';

/**
 * Validates and writes a batch of measurements in the caller's transaction (one is opened when
 * the caller has none): per-row errors naming row, field and reason; locked periods refused;
 * unchanged values skipped (so the same file twice changes nothing); one revision per change;
 * rollups refreshed before returning.
 */
export async function writeMeasurements(db: Db, actor: Actor, inputs: MeasurementInput[], options: WriteOptions, lookup?: ModelLookup): Promise<WriteResult> {
  if (!db.isTransaction) return db.transaction().execute((trx) => writeMeasurements(trx, actor, inputs, options, lookup));
  if (inputs.length > (options.bulkThreshold ?? DEFAULT_BULK_THRESHOLD) && inputs.every((i) => i.expectedRevision === undefined)) {
    return writeMeasurementsBulk(db, actor, inputs, options, lookup);
  }
  return writeRows(db, actor, inputs, options, lookup);
}
