import fs from 'node:fs';
import path from 'node:path';
import { importModel, parseModelText } from '../../server/model/service.ts';
import { writeMeasurements, type MeasurementInput } from '../../server/measurements/service.ts';
import { systemActor } from '../../server/audit/repository.ts';
import type { Db } from '../../server/db/database.ts';
import { repoRoot } from './cli.ts';

export const fixturePath = (...parts: string[]) => path.join(repoRoot, 'test', 'fixtures', ...parts);
export const testActor = systemActor('test');

export async function importModelFile(db: Db, name: string) {
  const raw = parseModelText(fs.readFileSync(fixturePath('model', name), 'utf8'));
  return db.transaction().execute((trx) => importModel(trx, testActor, raw));
}

/** Writes measurements given as [indicator, unit, period, value] tuples, all or nothing. */
export async function measure(db: Db, rows: [string, string, string, number | null][], source = 'test') {
  const inputs: MeasurementInput[] = rows.map(([indicator, unit, period, value], i) => ({ row: i + 1, indicator, unit, period, value }));
  return db.transaction().execute((trx) => writeMeasurements(trx, testActor, inputs, { source, accept: 'all' }));
}
