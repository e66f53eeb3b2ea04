import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import type { Actor } from '../audit/repository.ts';
import { fileNameOf, parseMeasurementFile, type FileSource } from './file.ts';
import { writeMeasurements, type ModelLookup, type WriteOptions, type WriteResult } from './service.ts';

/**
 * A measurement file, end to end, in the caller's transaction: parse (cells that are not
 * numbers are row errors), validate against the model and locks, then write. With
 * `accept: 'all'` any error rejects the file and every error is reported together.
 */
export async function importMeasurementFile(db: Db, actor: Actor, source: FileSource, options: Omit<WriteOptions, 'source'> & { source?: string; decimalComma?: boolean }, lookup?: ModelLookup): Promise<WriteResult> {
  const parsed = await parseMeasurementFile(source, { decimalComma: options.decimalComma });
  const writeOptions: WriteOptions = { ...options, source: options.source ?? `file:${fileNameOf(source)}` };
  if (parsed.errors.length && options.accept === 'all') {
    const checked = await writeMeasurements(db, actor, parsed.inputs, { ...writeOptions, accept: 'valid', dryRun: true }, lookup);
    const errors = [...parsed.errors, ...checked.rejected].sort((a, b) => a.row - b.row);
    throw new DomainError('invalid_rows', `${errors.length} row${errors.length === 1 ? '' : 's'} of ${fileNameOf(source)} cannot be applied; nothing was changed. First: row ${errors[0].row}, ${errors[0].field}: ${errors[0].message}`, errors);
  }
  const written = await writeMeasurements(db, actor, parsed.inputs, writeOptions, lookup);
  return { ...written, rows: written.rows + parsed.errors.length, rejected: [...parsed.errors, ...written.rejected].sort((a, b) => a.row - b.row) };
}
