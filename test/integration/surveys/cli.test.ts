import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { runCli } from '../../helpers/cli.ts';
import { createPostgresDatabase, testDatabaseKinds } from '../../helpers/database.ts';
import { DIGITS, ECSI_FILE, ECSI_REFERENCE, REPUTATION_FILE, REPUTATION_REFERENCE, surveyFixture } from './fixtures.ts';

const LONG = 300_000;

describe.each(testDatabaseKinds())('northstar survey import, end to end (%s)', (kind) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-survey-cli-'));
  let env: Record<string, string | undefined> = { NORTHSTAR_DATA_DIR: dir, DATABASE_URL: undefined };
  let drop: (() => Promise<void>) | null = null;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    if (kind === 'postgres') {
      const database = await createPostgresDatabase();
      env = { ...env, DATABASE_URL: database.url };
      drop = database.drop;
    }
    const model = await cli('model', 'import', surveyFixture('model.yaml'), '--json');
    expect(model.stderr).toBe('');
    expect(model.code).toBe(0);
  }, LONG);
  afterAll(async () => {
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the Survey JSON of the ECSI data, and the scorecard shows the CSI it wrote', async () => {
    const run = await cli('survey', 'import', '--definition', surveyFixture('ecsi.yaml'), '--responses', ECSI_FILE, '--unit', 'HQ', '--period', '2026-03', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = run.json;
    expect(json).toMatchObject({ code: 'ECSI-MOBI', unit: 'HQ', period: '2026-03', respondents: 250, nps: null, segments: [], competitiveIndex: null, warnings: [], reused: false });
    expect(json.csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
    expect(json.overall).toBeCloseTo(ECSI_REFERENCE.overall, DIGITS);
    json.factors.forEach((factor: any, i: number) => {
      const reference = ECSI_REFERENCE.factors[i];
      expect(factor.code).toBe(reference.code);
      expect(factor.satisfaction).toBeCloseTo(reference.satisfaction, DIGITS);
      expect(factor.importance).toBeCloseTo(reference.importance, DIGITS);
      expect(factor.weight).toBeCloseTo(reference.weight, DIGITS);
      expect(factor.quadrant).toBe(reference.quadrant);
    });
    expect(json.loyalty.map((l: any) => l.code)).toEqual(['REUSE', 'RECOMMEND']);
    expect(json.loyalty[0].rate).toBeCloseTo(ECSI_REFERENCE.loyalty.REUSE, DIGITS);
    expect(json.measurements.values.map((v: any) => [v.indicator, v.unit, v.respondents])).toEqual([
      ['CSI', 'HQ', 250], ['OVERALL_SAT', 'HQ', 250], ['QUALITY_SAT', 'HQ', 250], ['REUSE_RATE', 'HQ', 250], ['RECOMMEND_RATE', 'HQ', 250],
    ]);

    const card = await cli('scorecard', '--unit', 'HQ', '--period', '2026-03', '--window', 'month', '--json');
    expect(card.code).toBe(0);
    const csi = card.json.perspectives.find((p: any) => p.code === 'customer').objectives[0].indicators.find((i: any) => i.code === 'CSI');
    expect(csi.actual).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
    expect(csi).toMatchObject({ target: 70, status: 'on_track' });

    const again = await cli('survey', 'import', '--definition', surveyFixture('ecsi.yaml'), '--responses', ECSI_FILE, '--unit', 'HQ', '--period', '2026-03', '--json');
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ reused: true, runId: json.runId, measurements: { changed: 0, unchanged: 5 } });

    const results = await cli('survey', 'results', '--unit', 'HQ', '--period', '2026-03', '--json');
    expect(results.json).toMatchObject({ code: 'ECSI-MOBI', runId: json.runId, respondents: 250 });
    const trend = await cli('survey', 'trend', '--unit', 'HQ', '--code', 'ECSI-MOBI', '--json');
    expect(trend.json.map((p: any) => p.period)).toEqual(['2026-03']);
  }, LONG);

  it('without --json, prints a summary on stdout and the validation report on stderr (corporate reputation, -99)', async () => {
    const run = await cli('survey', 'import', '--definition', surveyFixture('reputation.yaml'), '--responses', REPUTATION_FILE, '--unit', 'SEOUL', '--period', '2026-03');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^REPUTATION 2026-03 → SEOUL: 130 respondents, CSI 57\.90, overall \d+\.\d\d, competitive index 102\.40/);
    expect(run.stdout).toMatch(/segment 1 \(own\): 130 respondents/);
    expect(run.stderr).toMatch(/validation: 11 answers counted as missing \(11 missing code\)/);
    expect(run.stderr).toMatch(/row 179, cusa: "-99" \(missing code\)/);
    const results = await cli('survey', 'results', '--unit', 'SEOUL', '--period', '2026-03', '--code', 'REPUTATION', '--json');
    expect(results.json.competitiveIndex).toBeCloseTo(REPUTATION_REFERENCE.competitiveIndex, DIGITS);
  }, LONG);

  it('imports with a definition stored by a model file, named by its code', async () => {
    const file = path.join(dir, 'surveys.yaml');
    fs.writeFileSync(file, YAML.stringify({ surveys: [YAML.parse(fs.readFileSync(surveyFixture('ecsi.yaml'), 'utf8'))] }));
    const model = await cli('model', 'import', file, '--json');
    expect(model.code).toBe(0);
    expect(model.json.created).toEqual({ survey: 1 });
    const run = await cli('survey', 'import', '--definition', 'ECSI-MOBI', '--responses', ECSI_FILE, '--unit', 'BUSAN', '--period', '2026-04', '--json');
    expect(run.code).toBe(0);
    expect(run.json.csi).toBeCloseTo(ECSI_REFERENCE.csi, DIGITS);
  }, LONG);

  it('when the responses lack a defined item, or the input is wrong, then it exits non-zero naming the reason', async () => {
    const renamed = path.join(dir, 'renamed.csv');
    fs.writeFileSync(renamed, fs.readFileSync(ECSI_FILE, 'utf8').replace('"IMAG4"', '"IMAGE4"'));
    const missing = await cli('survey', 'import', '--definition', surveyFixture('ecsi.yaml'), '--responses', renamed, '--unit', 'HQ', '--period', '2026-05');
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(/renamed\.csv: the header lacks column IMAG4 named by survey definition ECSI-MOBI/);
    expect(missing.stderr).toMatch(/row 1, factors\[0\] \(IMAG\)\.items\[3\]: column IMAG4/);

    const noPeriod = await cli('survey', 'import', '--definition', surveyFixture('ecsi.yaml'), '--responses', ECSI_FILE, '--unit', 'HQ');
    expect(noPeriod.code).not.toBe(0);
    expect(noPeriod.stderr).toMatch(/--period/);
    const noUnit = await cli('survey', 'import', '--definition', surveyFixture('ecsi.yaml'), '--responses', ECSI_FILE, '--period', '2026-05', '--json');
    expect(noUnit.code).not.toBe(0);
    expect(JSON.parse(noUnit.stderr).error.code).toBe('unit_required');
  }, LONG);
});
