import fs from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { counts, DIGITS, ECSI_FILE, ECSI_REFERENCE, ecsiWithBranches, importSurveyModel, lockPeriod, measurements, REPUTATION_FILE, REPUTATION_REFERENCE, surveyFixture } from './fixtures.ts';

const ecsiYaml = fs.readFileSync(surveyFixture('ecsi.yaml'), 'utf8');
const responses = (file: string, fileName = file.split('/').pop()!) => ({ fileName, contentBase64: fs.readFileSync(file).toString('base64') });
const textResponses = (text: string, fileName: string) => ({ fileName, contentBase64: Buffer.from(text).toString('base64') });

describe.each(testDatabaseKinds())('survey API (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await importSurveyModel(app.db);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('seoul', [{ role: 'contributor', unit: 'SEOUL' }]);
    await app.user('viewer', [{ role: 'viewer', unit: 'HQ' }]);
  });

  it('imports the ECSI survey and answers with the Survey JSON; results and trend read it back', async () => {
    const boss = await app.signIn('boss');
    const res = await boss.post('/api/v1/surveys/import', { definition: ecsiYaml, responses: responses(ECSI_FILE), unit: 'HQ', period: '2026-03' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'ECSI-MOBI', unit: 'HQ', period: '2026-03', respondents: 250, nps: null, segments: [], competitiveIndex: null, warnings: [], reused: false });
    expect(res.body.csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
    expect(res.body.overall).toBeCloseTo(ECSI_REFERENCE.overall, DIGITS);
    res.body.factors.forEach((factor: any, i: number) => {
      expect(factor.code).toBe(ECSI_REFERENCE.factors[i].code);
      expect(factor.weight).toBeCloseTo(ECSI_REFERENCE.factors[i].weight, DIGITS);
      expect(factor.quadrant).toBe(ECSI_REFERENCE.factors[i].quadrant);
    });
    expect(res.body.loyalty[1]).toMatchObject({ code: 'RECOMMEND', item: 'CUSL3' });
    expect(res.body.loyalty[1].rate).toBeCloseTo(ECSI_REFERENCE.loyalty.RECOMMEND, DIGITS);
    expect((await measurements(app.db))['CSI|HQ|2026-03']).toMatchObject({ note: 'n=250', source: 'survey:ECSI-MOBI' });

    const result = await boss.get('/api/v1/surveys/results?unit=HQ&period=2026-03');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ code: 'ECSI-MOBI', unit: 'HQ', period: '2026-03', respondents: 250, computedAt: res.body.computedAt, runId: res.body.runId });
    expect(result.body.csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
    expect(result.body.factors).toEqual(res.body.factors);

    const trend = await boss.get('/api/v1/surveys/trend?unit=HQ&code=ECSI-MOBI');
    expect(trend.body).toHaveLength(1);
    expect(trend.body[0]).toMatchObject({ period: '2026-03', respondents: 250, competitiveIndex: null });
    expect(trend.body[0].csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);

    const again = await boss.post('/api/v1/surveys/import', { definition: ecsiYaml, responses: responses(ECSI_FILE), unit: 'HQ', period: '2026-03' });
    expect(again.body).toMatchObject({ reused: true, runId: res.body.runId, measurements: { changed: 0, unchanged: 5 } });
    expect(await counts(app.db)).toMatchObject({ runs: 1, revisions: 5 });
  });

  it('imports the corporate reputation survey with a definition object and feeds the competitive index', async () => {
    const boss = await app.signIn('boss');
    const definition = {
      code: 'REPUTATION',
      scale: { min: 1, max: 7 },
      overall: 'cusa',
      factors: [
        { code: 'QUAL', items: ['qual_1', 'qual_2', 'qual_3', 'qual_4', 'qual_5', 'qual_6', 'qual_7', 'qual_8'] },
        { code: 'PERF', items: ['perf_1', 'perf_2', 'perf_3', 'perf_4', 'perf_5'] },
        { code: 'CSOR', items: ['csor_1', 'csor_2', 'csor_3', 'csor_4', 'csor_5'] },
        { code: 'ATTR', items: ['attr_1', 'attr_2', 'attr_3'] },
      ],
      missing: [-99],
      segment: { column: 'serviceprovider', own: '1' },
      feeds: { competitiveIndex: 'COMPETITIVE_INDEX' },
    };
    const res = await boss.post('/api/v1/surveys/import', { definition, responses: responses(REPUTATION_FILE), unit: 'SEOUL', period: '2026-02' });
    expect(res.status).toBe(200);
    expect(res.body.competitiveIndex).toBeCloseTo(REPUTATION_REFERENCE.competitiveIndex, DIGITS);
    expect(res.body.report).toMatchObject({ dropped: 1, byReason: { missing_code: 1 }, answers: [{ row: 179, column: 'cusa', value: '-99', reason: 'missing_code' }] });
    expect(res.body.segments.map((s: any) => [s.value, s.own, s.respondents])).toEqual([['1', true, 130], ['2', false, 127], ['3', false, 44], ['4', false, 43]]);
    expect((await measurements(app.db))['COMPETITIVE_INDEX|SEOUL|2026-02'].value).toBeCloseTo(REPUTATION_REFERENCE.competitiveIndex, DIGITS);
    const stored = await boss.get('/api/v1/surveys/results?unit=SEOUL&period=2026-02&code=REPUTATION');
    expect(stored.body.competitiveIndex).toBeCloseTo(REPUTATION_REFERENCE.competitiveIndex, DIGITS);
    expect(stored.body.segments).toHaveLength(4);
  });

  it('refuses bad input with 4xx errors that name the problem', async () => {
    const boss = await app.signIn('boss');
    const renamed = fs.readFileSync(ECSI_FILE, 'utf8').replace('"CUSL3"', '"CUSL_3"');
    const missing = await boss.post('/api/v1/surveys/import', { definition: ecsiYaml, responses: textResponses(renamed, 'renamed.csv'), unit: 'HQ', period: '2026-03' });
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: 'missing_columns', details: [{ column: 'CUSL3', field: 'loyalty[1] (RECOMMEND).item' }] });
    expect(missing.body.error.message).toMatch(/lacks column CUSL3/);

    const badDefinition = await boss.post('/api/v1/surveys/import', { definition: 'code: X\nscale: { min: 1, max: 5 }\noverall: Q\nfactor: []\n', responses: responses(ECSI_FILE), unit: 'HQ', period: '2026-03' });
    expect(badDefinition.status).toBe(422);
    expect(badDefinition.body.error.code).toBe('invalid_definition');
    expect(badDefinition.body.error.details).toEqual(expect.arrayContaining([{ field: 'factor', message: 'unknown field' }, { field: 'factors', message: 'is required' }]));

    await lockPeriod(app.db, 'HQ', '2026-03');
    const locked = await boss.post('/api/v1/surveys/import', { definition: ecsiYaml, responses: responses(ECSI_FILE), unit: 'HQ', period: '2026-03' });
    expect(locked.status).toBe(423);
    expect(locked.body.error.message).toMatch(/2026-03 is locked for HQ/);

    const badPeriod = await boss.post('/api/v1/surveys/import', { definition: ecsiYaml, responses: responses(ECSI_FILE), unit: 'HQ', period: '2026-13' });
    expect(badPeriod.status).toBe(400);
    const neither = await boss.post('/api/v1/surveys/import', { responses: responses(ECSI_FILE), unit: 'HQ', period: '2026-04' });
    expect(neither.status).toBe(400);
    const unknownCode = await boss.post('/api/v1/surveys/import', { code: 'NOPE', responses: responses(ECSI_FILE), unit: 'HQ', period: '2026-04' });
    expect(unknownCode.status).toBe(404);
    expect((await boss.get('/api/v1/surveys/results?unit=HQ&period=2026-03')).status).toBe(404);
    expect((await boss.get('/api/v1/surveys/results?unit=NOWHERE&period=2026-03')).status).toBe(404);
    expect(await counts(app.db)).toMatchObject({ measurements: 0, runs: 0 });
  });

  it('checks measurement:write on every receiving unit, and scorecard:read to read results', async () => {
    const seoul = await app.signIn('seoul');
    const toHq = await seoul.post('/api/v1/surveys/import', { definition: ecsiYaml, responses: responses(ECSI_FILE), unit: 'HQ', period: '2026-03' });
    expect(toHq.status).toBe(403);
    expect(toHq.body.error.message).toMatch(/HQ/);
    const branchYaml = `${ecsiYaml}\nunitColumn: branch\n`;
    const both = await seoul.post('/api/v1/surveys/import', { definition: branchYaml, responses: textResponses(ecsiWithBranches(), 'branches.csv'), period: '2026-03' });
    expect(both.status).toBe(403);
    expect(both.body.error.details).toEqual([{ field: 'unit', value: 'BUSAN', message: 'you need the measurement:write permission on this unit' }]);
    const own = await seoul.post('/api/v1/surveys/import', { definition: ecsiYaml, responses: responses(ECSI_FILE), unit: 'SEOUL', period: '2026-03' });
    expect(own.status).toBe(200);
    expect((await seoul.get('/api/v1/surveys/results?unit=SEOUL&period=2026-03')).status).toBe(200);
    expect((await seoul.get('/api/v1/surveys/results?unit=BUSAN&period=2026-03')).status).toBe(403);

    const viewer = await app.signIn('viewer');
    expect((await viewer.post('/api/v1/surveys/import', { definition: ecsiYaml, responses: responses(ECSI_FILE), unit: 'SEOUL', period: '2026-04' })).status).toBe(403);
    expect((await viewer.get('/api/v1/surveys/results?unit=SEOUL&period=2026-03')).status).toBe(200);
    expect((await viewer.get('/api/v1/surveys/trend?unit=SEOUL&code=ECSI-MOBI')).body).toHaveLength(1);
    expect((await app.anonymous().get('/api/v1/surveys/results?unit=SEOUL&period=2026-03')).status).toBe(401);
  });

  it('stores definitions by code, lists them, and imports with a stored definition', async () => {
    const boss = await app.signIn('boss');
    const put = await boss.put('/api/v1/surveys/definitions/ECSI-MOBI', { yaml: ecsiYaml });
    expect(put.body).toEqual({ code: 'ECSI-MOBI', outcome: 'created' });
    expect((await boss.put('/api/v1/surveys/definitions/ECSI-MOBI', { yaml: ecsiYaml })).body.outcome).toBe('unchanged');
    const mismatch = await boss.put('/api/v1/surveys/definitions/OTHER', { yaml: ecsiYaml });
    expect(mismatch.status).toBe(422);
    const unknownFeed = await boss.put('/api/v1/surveys/definitions/SMALL', { scale: { min: 1, max: 5 }, overall: 'Q', factors: [{ code: 'F', items: ['F1'] }], feeds: { csi: 'MISSING' } });
    expect(unknownFeed.status).toBe(422);
    expect(unknownFeed.body.error).toMatchObject({ code: 'unknown_indicators', details: [{ field: 'feeds.csi', value: 'MISSING' }] });

    const list = await boss.get('/api/v1/surveys/definitions');
    expect(list.body.map((d: any) => [d.code, d.kind])).toEqual([['ECSI-MOBI', 'csi']]);
    expect(list.body[0].definition).toMatchObject({ overall: 'CUSA1', factors: [{ code: 'IMAG' }, { code: 'CUEX' }, { code: 'PERQ' }, { code: 'PERV' }] });
    expect(list.body[0].name).toEqual({ en: 'Mobile provider satisfaction', ko: '이동통신 고객만족' });

    const byCode = await boss.post('/api/v1/surveys/import', { code: 'ECSI-MOBI', responses: responses(ECSI_FILE), unit: 'BUSAN', period: '2026-03' });
    expect(byCode.status).toBe(200);
    expect(byCode.body.csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);

    const seoul = await app.signIn('seoul');
    expect((await seoul.put('/api/v1/surveys/definitions/ECSI-MOBI', { yaml: ecsiYaml })).status).toBe(403);
    expect((await seoul.get('/api/v1/surveys/definitions')).status).toBe(200);
  });

  it('documents the survey routes in the OpenAPI document', async () => {
    const doc = await app.anonymous().get('/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/surveys/import', '/api/v1/surveys/results', '/api/v1/surveys/trend', '/api/v1/surveys/definitions', '/api/v1/surveys/definitions/{code}']));
  });
});
