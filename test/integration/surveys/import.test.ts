import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds, useTestDatabase } from '../../helpers/database.ts';
import { testActor } from '../../helpers/model.ts';
import { DomainError } from '../../../server/http/errors.ts';
import { getScorecard } from '../../../server/scorecards/service.ts';
import { computeSurvey, extractAnswers, parseCsvResponses } from '../../../server/surveys/index.ts';
import { getSurveyResult, getSurveyTrend, readSurveyDefinition } from '../../../server/surveys/service.ts';
import { exportModel, importModel } from '../../../server/model/service.ts';
import {
  counts,
  definition,
  DIGITS,
  ECSI_FILE,
  ECSI_REFERENCE,
  ecsiWithBranches,
  importSurveyModel,
  lockPeriod,
  measurements,
  REPUTATION_FILE,
  REPUTATION_REFERENCE,
  runImport,
} from './fixtures.ts';

const ecsi = { definition: 'ecsi.yaml', responses: { path: ECSI_FILE }, unit: 'HQ', period: '2026-03' } as const;
const reputation = { definition: 'reputation.yaml', responses: { path: REPUTATION_FILE }, unit: 'SEOUL', period: '2026-03' } as const;

describe.each(testDatabaseKinds())('survey import (%s)', (kind) => {
  const database = useTestDatabase(kind);
  beforeEach(async () => {
    await database.truncate();
    await importSurveyModel(database.db);
  });

  describe('the ECSI mobile-provider survey (real data, 250 respondents)', () => {
    it('when it is imported, then the fed indicators hold the reference values with the respondent count', async () => {
      const result = await runImport(database.db, ecsi);
      const stored = await measurements(database.db);
      expect(Object.keys(stored)).toEqual(['CSI|HQ|2026-03', 'OVERALL_SAT|HQ|2026-03', 'QUALITY_SAT|HQ|2026-03', 'RECOMMEND_RATE|HQ|2026-03', 'REUSE_RATE|HQ|2026-03']);
      expect(stored['CSI|HQ|2026-03'].value).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
      expect(stored['OVERALL_SAT|HQ|2026-03'].value).toBeCloseTo(ECSI_REFERENCE.overall, DIGITS);
      expect(stored['QUALITY_SAT|HQ|2026-03'].value).toBeCloseTo(ECSI_REFERENCE.factors[2].satisfaction, DIGITS);
      expect(stored['REUSE_RATE|HQ|2026-03'].value).toBeCloseTo(ECSI_REFERENCE.loyalty.REUSE, DIGITS);
      expect(stored['RECOMMEND_RATE|HQ|2026-03'].value).toBeCloseTo(ECSI_REFERENCE.loyalty.RECOMMEND, DIGITS);
      for (const m of Object.values(stored)) expect(m).toMatchObject({ source: 'survey:ECSI-MOBI', note: 'n=250', revision: 1 });
      expect(result).toMatchObject({ code: 'ECSI-MOBI', kind: 'csi', unit: 'HQ', period: '2026-03', reused: false, respondents: 250, measurements: { changed: 5, unchanged: 0, rejected: [] } });
      expect(result.report).toEqual({ dropped: 0, byReason: {}, byColumn: {}, answers: [] });
    });

    it('when it is imported, then the Survey JSON matches the reference, factor by factor, with names', async () => {
      const result = await runImport(database.db, ecsi);
      expect(result.csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
      expect(result.overall).toBeCloseTo(ECSI_REFERENCE.overall, DIGITS);
      expect(result.factors.map((f) => f.code)).toEqual(ECSI_REFERENCE.factors.map((f) => f.code));
      result.factors.forEach((factor, i) => {
        const reference = ECSI_REFERENCE.factors[i];
        expect(factor.satisfaction).toBeCloseTo(reference.satisfaction, DIGITS);
        expect(factor.importance).toBeCloseTo(reference.importance, DIGITS);
        expect(factor.weight).toBeCloseTo(reference.weight, DIGITS);
        expect(factor.quadrant).toBe(reference.quadrant);
      });
      expect(result.factors[0].name).toEqual({ en: 'Image', ko: '이미지' });
      expect(result.loyalty.map((l) => [l.code, l.item])).toEqual([['REUSE', 'CUSL1'], ['RECOMMEND', 'CUSL3']]);
      expect(result).toMatchObject({ nps: null, segments: [], competitiveIndex: null, warnings: [] });
    });

    it('when it is imported, then the run keeps the definition, the file hash and settings for audit', async () => {
      const result = await runImport(database.db, ecsi);
      const run = await database.db.selectFrom('survey_run').selectAll().executeTakeFirstOrThrow();
      const fileHash = (await import('node:crypto')).createHash('sha256').update(fs.readFileSync(ECSI_FILE)).digest('hex');
      expect(run).toMatchObject({ definition_code: 'ECSI-MOBI', kind: 'csi', period: '2026-03', file_name: 'ecsi-mobi.csv', file_sha256: fileHash, respondents: 250, created_by_name: 'test', parent_id: null, scope: 'pooled' });
      expect(result.fileSha256).toBe(fileHash);
      expect(run.definition).toMatchObject({ code: 'ECSI-MOBI', overall: 'CUSA1', scale: { min: 1, max: 10 } });
      expect(run.settings).toMatchObject({ format: 'csv', delimiter: ',', accept: 'all', rows: 250, source: 'survey:ECSI-MOBI' });
      expect((run.result as { csi: number }).csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
      const audit = await database.db.selectFrom('audit_log').select(['entity', 'entity_key', 'action']).where('entity', '=', 'survey_run').execute();
      expect(audit).toEqual([{ entity: 'survey_run', entity_key: 'ECSI-MOBI/HQ/2026-03', action: 'import' }]);
    });

    it('when it is imported, then CSI sits on the scorecard like any other indicator', async () => {
      await runImport(database.db, ecsi);
      const card = await getScorecard(database.db, 'HQ', '2026-03', { window: 'month' });
      const csi = card.perspectives.find((p) => p.code === 'customer')!.objectives[0].indicators.find((i) => i.code === 'CSI')!;
      expect(csi.actual).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
      expect(csi.target).toBe(70);
      expect(csi.status).toBe('on_track');
    });

    it('when the same file is imported twice, then no measurement changes and no second run is stored', async () => {
      const first = await runImport(database.db, ecsi);
      const before = await counts(database.db);
      const stored = await measurements(database.db);
      const again = await runImport(database.db, ecsi);
      expect(again).toMatchObject({ reused: true, runId: first.runId, computedAt: first.computedAt, measurements: { changed: 0, unchanged: 5 } });
      expect(await counts(database.db)).toEqual(before);
      expect(before).toMatchObject({ measurements: 5, revisions: 5, runs: 1 });
      expect(await measurements(database.db)).toEqual(stored);
    });

    it('when another month is imported, then the trend lists both months in order', async () => {
      await runImport(database.db, { ...ecsi, period: '2026-04' });
      await runImport(database.db, ecsi);
      const trend = await getSurveyTrend(database.db, { unit: 'HQ', code: 'ECSI-MOBI' });
      expect(trend.map((p) => [p.period, p.respondents])).toEqual([['2026-03', 250], ['2026-04', 250]]);
      expect(trend[0].csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
      expect(trend[0].overall).toBeCloseTo(ECSI_REFERENCE.overall, DIGITS);
      expect(trend[0].competitiveIndex).toBeNull();
      const stored = await getSurveyResult(database.db, { unit: 'HQ', period: '2026-04' });
      expect(stored).toMatchObject({ code: 'ECSI-MOBI', unit: 'HQ', period: '2026-04', respondents: 250, scope: 'pooled', fileName: 'ecsi-mobi.csv' });
      expect(stored.csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
    });

    it('when a file is replaced and then imported again, then the measurements follow the latest import', async () => {
      const text = fs.readFileSync(ECSI_FILE, 'utf8');
      const half = text.trim().split('\n').slice(0, 126).join('\n') + '\n';
      await runImport(database.db, ecsi);
      const corrected = await runImport(database.db, { ...ecsi, responses: { buffer: Buffer.from(half), name: 'ecsi-mobi.csv' } });
      expect(corrected).toMatchObject({ reused: false, respondents: 125 });
      expect((await measurements(database.db))['CSI|HQ|2026-03']).toMatchObject({ note: 'n=125', revision: 2 });
      const back = await runImport(database.db, ecsi);
      expect(back.reused).toBe(false);
      expect((await measurements(database.db))['CSI|HQ|2026-03']).toMatchObject({ note: 'n=250', revision: 3 });
      expect((await getSurveyResult(database.db, { unit: 'HQ', period: '2026-03', code: 'ECSI-MOBI' })).respondents).toBe(250);
      expect((await counts(database.db)).runs).toBe(3);
    });
  });

  describe('the corporate reputation survey (real data: semicolons, -99, four operators)', () => {
    it('when it is imported, then the competitive index is fed and -99 answers are reported as missing', async () => {
      const result = await runImport(database.db, reputation);
      const stored = await measurements(database.db);
      expect(stored['COMPETITIVE_INDEX|SEOUL|2026-03'].value).toBeCloseTo(REPUTATION_REFERENCE.competitiveIndex, DIGITS);
      expect(stored['COMPETITIVE_INDEX|SEOUL|2026-03'].note).toBe('n=344');
      // the company's CSI is its own customers' (operator 1), not the pooled sample's
      expect(stored['CSI|SEOUL|2026-03'].value).toBeCloseTo(REPUTATION_REFERENCE.segments['1'][1], DIGITS);
      expect(stored['CSI|SEOUL|2026-03'].note).toBe('n=130');
      // the headline is the own segment's; the pooled sample (344) is the market
      expect(result).toMatchObject({ respondents: 130 });
      expect(result.csi).toBeCloseTo(REPUTATION_REFERENCE.segments['1'][1], DIGITS);
      expect(result.market!.overall).toBeCloseTo(REPUTATION_REFERENCE.overall, DIGITS);
      expect(result.market!.csi).toBeCloseTo(REPUTATION_REFERENCE.csi, DIGITS);
      expect(result.market!.respondents).toBe(344);
      expect(result.report.dropped).toBe(11);
      expect(result.report.byReason).toEqual({ missing_code: 11 });
      expect(result.report.answers.map((a) => [a.row, a.column])).toEqual(REPUTATION_REFERENCE.missing);
      expect(result.segments.map((s) => [s.value, s.own, s.respondents])).toEqual([['1', true, 130], ['2', false, 127], ['3', false, 44], ['4', false, 43]]);
      for (const segment of result.segments) expect(segment.csi).toBeCloseTo(REPUTATION_REFERENCE.segments[segment.value][1], DIGITS);
      const run = await database.db.selectFrom('survey_run').select(['report', 'settings']).executeTakeFirstOrThrow();
      expect(run.report).toHaveLength(11);
      expect(run.settings).toMatchObject({ delimiter: ';' });
    });

    it('when the same answers come as an XLSX workbook, then the results are the same', async () => {
      const table = parseCsvResponses(fs.readFileSync(REPUTATION_FILE));
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('answers');
      sheet.addRow(table.columns);
      for (const row of table.rows) sheet.addRow(table.columns.map((c) => (row[c] === null ? null : Number(row[c]))));
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const result = await runImport(database.db, { ...reputation, responses: { buffer, name: 'reputation.xlsx' } });
      expect(result.competitiveIndex).toBeCloseTo(REPUTATION_REFERENCE.competitiveIndex, DIGITS);
      expect(result.report.answers.map((a) => [a.row, a.column])).toEqual(REPUTATION_REFERENCE.missing);
    });
  });

  it('when answers are blank, out of the scale or not numbers, then they are missing (never zero) and reported', async () => {
    const lines = fs.readFileSync(ECSI_FILE, 'utf8').trim().split('\n');
    lines[1] = lines[1].replace(/^7,7,6,/, ',11,x,'); // CUEX1-3 of the first respondent
    const result = await runImport(database.db, { ...ecsi, responses: { buffer: Buffer.from(lines.join('\n')), name: 'edited.csv' } });
    expect(result.report).toMatchObject({ dropped: 3, byReason: { blank: 1, out_of_scale: 1, not_a_number: 1 }, byColumn: { CUEX1: 1, CUEX2: 1, CUEX3: 1 } });
    expect(result.report.answers).toEqual([
      { row: 2, column: 'CUEX1', value: null, reason: 'blank' },
      { row: 2, column: 'CUEX2', value: '11', reason: 'out_of_scale' },
      { row: 2, column: 'CUEX3', value: 'x', reason: 'not_a_number' },
    ]);
    const cuex = result.factors.find((f) => f.code === 'CUEX')!;
    expect(cuex.respondents).toBe(249);
    // The first respondent's CUEX answers (7, 7, 6) were below the mean: leaving them out raises it.
    expect(cuex.satisfaction!).toBeGreaterThan(ECSI_REFERENCE.factors[1].satisfaction);
    expect(result.respondents).toBe(250);
  });

  describe('when something is wrong, then nothing is stored and the error says what', () => {
    it('a file whose header lacks a defined item names the column and the definition field', async () => {
      const text = fs.readFileSync(ECSI_FILE, 'utf8').replace('"PERQ7"', '"PERQ_7"');
      const error = await runImport(database.db, { ...ecsi, responses: { buffer: Buffer.from(text), name: 'renamed.csv' } }).catch((e) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'missing_columns', status: 422 });
      expect(error.message).toMatch(/renamed\.csv: the header lacks column PERQ7 named by survey definition ECSI-MOBI/);
      expect(error.details).toEqual([{ row: 1, column: 'PERQ7', field: 'factors[2] (PERQ).items[6]', message: 'column PERQ7 is not in the header' }]);
      expect(await counts(database.db)).toEqual({ measurements: 0, revisions: 0, runs: 0 });
    });

    it('a locked month rejects the import', async () => {
      await lockPeriod(database.db, 'HQ', '2026-03');
      const error = await runImport(database.db, ecsi).catch((e) => e);
      expect(error).toMatchObject({ code: 'period_locked', status: 423 });
      expect(error.message).toMatch(/ECSI-MOBI for 2026-03: 5 of 5 indicator values cannot be written; nothing was changed\. First: CSI for HQ: 2026-03 is locked for HQ/);
      expect(error.details[0]).toMatchObject({ indicator: 'CSI', unit: 'HQ', field: 'period', code: 'period_locked' });
      expect(await counts(database.db)).toEqual({ measurements: 0, revisions: 0, runs: 0 });
    });

    it('feeds naming indicators the model lacks are listed', async () => {
      const def = readSurveyDefinition({ ...definition('ecsi.yaml'), feeds: { csi: 'CSI', overall: 'OVERALL', loyalty: { REUSE: 'REUSE_PCT' } } });
      const error = await runImport(database.db, { ...ecsi, definition: def }).catch((e) => e);
      expect(error).toMatchObject({ code: 'unknown_indicators' });
      expect(error.message).toMatch(/feeds indicators that do not exist: OVERALL, REUSE_PCT/);
      expect(error.details).toEqual([
        { field: 'feeds.overall', value: 'OVERALL', message: 'unknown indicator "OVERALL"' },
        { field: 'feeds.loyalty.REUSE', value: 'REUSE_PCT', message: 'unknown indicator "REUSE_PCT"' },
      ]);
    });

    it('an invalid definition lists every problem by field', () => {
      expect(() => readSurveyDefinition('code: X\nscale: { min: 5, max: 1 }\noverall: Q\nfactors: []\n', 'x.yaml')).toThrow(DomainError);
      try {
        readSurveyDefinition('code: X\nscale: { min: 5, max: 1 }\noverall: Q\nfactors: []\n', 'x.yaml');
      } catch (error) {
        expect(error).toMatchObject({ code: 'invalid_definition' });
        expect((error as DomainError).details).toEqual(expect.arrayContaining([{ field: 'scale', message: 'min must be below max' }, { field: 'factors', message: 'must not be empty' }]));
      }
    });

    it('a missing --unit without a unit column, an unknown unit and a bad period are refused', async () => {
      await expect(runImport(database.db, { ...ecsi, unit: null })).rejects.toMatchObject({ code: 'unit_required' });
      await expect(runImport(database.db, { ...ecsi, unit: 'DAEGU' })).rejects.toMatchObject({ code: 'unknown_unit', message: 'Unknown unit "DAEGU"' });
      await expect(runImport(database.db, { ...ecsi, period: '2026-3' })).rejects.toMatchObject({ code: 'invalid_period' });
      await expect(runImport(database.db, { ...ecsi, responses: { buffer: Buffer.from('CUSA1,IMAG1\n'), name: 'empty.csv' } })).rejects.toMatchObject({ code: 'missing_columns' });
      expect(await counts(database.db)).toEqual({ measurements: 0, revisions: 0, runs: 0 });
    });
  });

  describe('a definition with a unit column (answers belong to branches)', () => {
    const branches = () => ({ ...definition('ecsi.yaml'), unitColumn: 'branch' });

    it('when it is imported without --unit, then each branch gets its own result and the pool feeds nothing', async () => {
      const buffer = Buffer.from(ecsiWithBranches());
      const result = await runImport(database.db, { definition: branches(), responses: { buffer, name: 'branches.csv' }, period: '2026-03' });
      expect(result.unit).toBeNull();
      expect(result.byUnit!.map((u) => [u.unit, u.respondents])).toEqual([['BUSAN', 125], ['SEOUL', 125]]);
      expect(result.csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
      // Each branch's values, computed on its own respondents by the pure engine.
      const def = branches();
      const { respondents } = extractAnswers(parseCsvResponses(buffer), def);
      const stored = await measurements(database.db);
      for (const unit of ['SEOUL', 'BUSAN']) {
        const own = computeSurvey({ ...def, unitColumn: null }, respondents.filter((r) => r.unit === unit));
        expect(stored[`CSI|${unit}|2026-03`]).toMatchObject({ note: 'n=125' });
        expect(stored[`CSI|${unit}|2026-03`].value).toBeCloseTo(own.csi!, DIGITS);
        expect(stored[`OVERALL_SAT|${unit}|2026-03`].value).toBeCloseTo(own.overall!, DIGITS);
        const fromApi = await getSurveyResult(database.db, { unit, period: '2026-03' });
        expect(fromApi).toMatchObject({ unit, scope: 'unit', respondents: 125, code: 'ECSI-MOBI' });
        expect(fromApi.csi).toBeCloseTo(own.csi!, DIGITS);
      }
      expect(Object.keys(stored).some((key) => key.includes('|HQ|'))).toBe(false);
      await expect(getSurveyResult(database.db, { unit: 'HQ', period: '2026-03' })).rejects.toMatchObject({ status: 404 });
      expect((await counts(database.db)).runs).toBe(3);
      // Twice: the stored runs are kept.
      const again = await runImport(database.db, { definition: branches(), responses: { buffer, name: 'branches.csv' }, period: '2026-03' });
      expect(again).toMatchObject({ reused: true, measurements: { changed: 0 } });
      expect((await counts(database.db)).runs).toBe(3);
    });

    it('when --unit is given as well, then the pool goes to it; a unit the model lacks is an error naming its row', async () => {
      const buffer = Buffer.from(ecsiWithBranches());
      await runImport(database.db, { definition: branches(), responses: { buffer, name: 'branches.csv' }, unit: 'HQ', period: '2026-03' });
      const stored = await measurements(database.db);
      expect(stored['CSI|HQ|2026-03'].value).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
      expect(stored['CSI|HQ|2026-03'].note).toBe('n=250');
      await expect(runImport(database.db, { definition: branches(), responses: { buffer, name: 'branches.csv' }, unit: 'SEOUL', period: '2026-04' })).rejects.toMatchObject({ code: 'unit_conflict' });
      const daegu = Buffer.from(ecsiWithBranches().replace(/BUSAN\n/, 'DAEGU\n'));
      const error = await runImport(database.db, { definition: branches(), responses: { buffer: daegu, name: 'daegu.csv' }, period: '2026-05' }).catch((e) => e);
      expect(error).toMatchObject({ code: 'unknown_units', details: [{ row: 3, column: 'branch', value: 'DAEGU' }] });
    });
  });

  describe('survey definitions in the model file', () => {
    it('when a model lists surveys, then they are stored, exported, and re-importing the export changes nothing', async () => {
      const ecsiDefinition = definition('ecsi.yaml');
      const first = await database.db.transaction().execute((trx) => importModel(trx, testActor, { surveys: [ecsiDefinition, definition('reputation.yaml')] }));
      expect(first.created).toEqual({ survey: 2 });
      const exported = await exportModel(database.db);
      expect(exported.surveys.map((s) => s.code)).toEqual(['ECSI-MOBI', 'REPUTATION']);
      const again = await database.db.transaction().execute((trx) => importModel(trx, testActor, JSON.parse(JSON.stringify(exported))));
      expect(again.created).toEqual({});
      expect(again.updated).toEqual({});
      expect(await exportModel(database.db)).toEqual(exported);
      const changed = await database.db.transaction().execute((trx) => importModel(trx, testActor, { surveys: [{ ...ecsiDefinition, loyalty: [] , feeds: { csi: 'CSI' } }] }));
      expect(changed.updated).toEqual({ survey: 1 });
    });

    it('when a survey feeds an unknown indicator, then the model is rejected naming the field', async () => {
      const error = await database.db.transaction().execute((trx) => importModel(trx, testActor, { surveys: [{ ...definition('ecsi.yaml'), feeds: { csi: 'NOPE' } }] })).catch((e) => e);
      expect(error).toMatchObject({ code: 'invalid_model', details: [{ path: 'surveys[0] (ECSI-MOBI).feeds.csi', message: 'unknown indicator "NOPE"' }] });
      const shape = await database.db.transaction().execute((trx) => importModel(trx, testActor, { surveys: [{ code: 'X', scale: { min: 1, max: 5 }, overall: 'Q', factors: [{ code: 'F', items: [] }] }] })).catch((e) => e);
      expect(shape.details[0].path).toBe('surveys[0] (X).factors[0] (F).items');
      expect((await sql<{ n: number }>`select count(*)::int as n from survey_definition`.execute(database.db)).rows[0].n).toBe(0);
    });
  });
});
