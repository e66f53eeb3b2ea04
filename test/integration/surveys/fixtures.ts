/**
 * Shared by the survey integration tests: the fixture files, the real survey data and the
 * reference values of test/unit/surveys/real-data.test.ts (computed independently by
 * test/fixtures/surveys/reference.py from DESIGN.md §3 alone).
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Db } from '../../../server/db/database.ts';
import { importModel, parseModelText } from '../../../server/model/service.ts';
import { importSurvey, readSurveyDefinition, type SurveyImportInput } from '../../../server/surveys/service.ts';
import { repoRoot } from '../../helpers/cli.ts';
import { testActor } from '../../helpers/model.ts';

export const DIGITS = 9;

export const surveyFixture = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'surveys', name);
/** Real survey microdata copied into the repository (see test/fixtures/external/NOTICE.md). */
export const externalData = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'external', name);

export const ECSI_FILE = externalData('ecsi-mobi.csv');
export const REPUTATION_FILE = externalData('corporate-reputation.csv');

export const ECSI_REFERENCE = {
  respondents: 250,
  csi: 71.03178753060257,
  overall: 77.64444444444445,
  factors: [
    { code: 'IMAG', satisfaction: 72.63111111111111, importance: 0.5576553672103577, weight: 0.2661656158433488, quadrant: 'keep_up' },
    { code: 'CUEX', satisfaction: 72.35555555555555, importance: 0.4967714057390664, weight: 0.23710606033139395, quadrant: 'possible_overkill' },
    { code: 'PERQ', satisfaction: 74.5904761904762, importance: 0.6390870721972972, weight: 0.30503248807565125, quadrant: 'keep_up' },
    { code: 'PERV', satisfaction: 61.51111111111111, importance: 0.4016304335138423, weight: 0.1916958357496061, quadrant: 'low_priority' },
  ],
  loyalty: { REUSE: 59.199999999999996, RECOMMEND: 62.8 },
};

export const REPUTATION_REFERENCE = {
  respondents: 344,
  csi: 56.957218174962335,
  overall: 74.00388726919338,
  competitiveIndex: 102.403241524396,
  segments: { '1': [130, 57.90367749649752], '2': [127, 58.43966004704222], '3': [44, 54.95027932977642], '4': [43, 52.599447115896325] } as Record<string, [number, number]>,
  /** Rows (file lines) and columns answered -99. */
  missing: [
    [179, 'cusa'], [179, 'cusl_2'], [179, 'cusl_3'], [200, 'cusl_2'], [200, 'cusl_3'], [205, 'cusl_1'],
    [219, 'cusl_1'], [280, 'cusl_2'], [283, 'cusl_1'], [301, 'cusl_2'], [339, 'cusl_3'],
  ] as [number, string][],
};

export async function importSurveyModel(db: Db) {
  const raw = parseModelText(fs.readFileSync(surveyFixture('model.yaml'), 'utf8'));
  return db.transaction().execute((trx) => importModel(trx, testActor, raw));
}

export function definition(name: string) {
  return readSurveyDefinition(fs.readFileSync(surveyFixture(name), 'utf8'), name);
}

export function runImport(db: Db, input: Omit<SurveyImportInput, 'definition'> & { definition: string | SurveyImportInput['definition'] }) {
  const def = typeof input.definition === 'string' ? definition(input.definition) : input.definition;
  return db.transaction().execute((trx) => importSurvey(trx, testActor, { ...input, definition: def }));
}

/** The current measurements as { 'INDICATOR|UNIT|PERIOD': { value, note, source, revision } }. */
export async function measurements(db: Db) {
  const { rows } = await sql<{ indicator: string; unit: string; period: string; value: number; note: string | null; source: string; revision: number }>`
    select i.code as indicator, u.code as unit, m.period, m.value, m.note, m.source, m.revision
    from measurement m join indicator i on i.id = m.indicator_id join org_unit u on u.id = m.unit_id
    order by i.code, u.code, m.period`.execute(db);
  return Object.fromEntries(rows.map((r) => [`${r.indicator}|${r.unit}|${r.period}`, { value: Number(r.value), note: r.note, source: r.source, revision: r.revision }]));
}

export async function counts(db: Db) {
  const { rows } = await sql<{ measurements: number; revisions: number; runs: number }>`
    select (select count(*) from measurement)::int as measurements,
           (select count(*) from measurement_revision)::int as revisions,
           (select count(*) from survey_run)::int as runs`.execute(db);
  return rows[0];
}

export async function lockPeriod(db: Db, unit: string, period: string) {
  const row = await db.selectFrom('org_unit').select('id').where('code', '=', unit).executeTakeFirstOrThrow();
  await db.insertInto('period_lock').values({ unit_id: row.id, period, locked_by: null }).execute();
}

/** The ECSI file with a `branch` column: odd data rows SEOUL, even rows BUSAN. */
export function ecsiWithBranches(): string {
  const lines = fs.readFileSync(ECSI_FILE, 'utf8').trim().split(/\r?\n/);
  return [`${lines[0]},"branch"`, ...lines.slice(1).map((line, i) => `${line},${i % 2 === 0 ? 'SEOUL' : 'BUSAN'}`)].join('\n') + '\n';
}
