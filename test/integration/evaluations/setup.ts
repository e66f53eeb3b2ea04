/** The evaluation fixtures: a four-branch company whose scores can be worked out by hand. */
import fs from 'node:fs';
import YAML from 'yaml';
import type { Db } from '../../../server/db/database.ts';
import { importModel, parseModelText } from '../../../server/model/service.ts';
import { importMeasurementFile } from '../../../server/measurements/import.ts';
import { fixturePath, testActor } from '../../helpers/model.ts';

export const evaluationFixture = (name: string) => fixturePath('evaluations', name);

/** A cycle file of test/fixtures/evaluations as the JSON an API client would send. */
export function cycleFile(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...(YAML.parse(fs.readFileSync(evaluationFixture(name), 'utf8')) as Record<string, unknown>), ...overrides };
}

/** Model, targets and January-March measurements (see the fixture files for the numbers). */
export async function loadEvaluationCompany(db: Db) {
  const raw = parseModelText(fs.readFileSync(evaluationFixture('model.yaml'), 'utf8'));
  await db.transaction().execute((trx) => importModel(trx, testActor, raw));
  await db.transaction().execute((trx) => importMeasurementFile(trx, testActor, { path: evaluationFixture('measurements.csv') }, { accept: 'all' }));
}

/** The DESIGN.md §3 keys of one result row, for comparing with worked examples. */
export const row = (r: any) => ({ unit: r.unit, score: r.score, adjustment: r.adjustment, total: r.total, coverage: r.coverage, rank: r.rank, grade: r.grade });
