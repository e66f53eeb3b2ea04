/**
 * The demo company (server/seed): the model file, the survey definitions and the deterministic
 * data generator. Pure: the files are read, nothing touches a database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANS, DEMO_PLAN_YEAR } from '../../../server/seed/demo-plans.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_MODEL_PATH,
  DEMO_SURVEY_PATHS,
  DEMO_SURVEY_SCHEDULE,
  SURVEY_FED_INDICATORS,
  demoMonths,
  demoSurveyPeriods,
  generateDemoMeasurements,
  generateSurveyResponses,
  type DemoMeasurement,
  type DemoSurveyDefinitionLike,
} from '../../../server/seed/demo-data.ts';
import { modelFileSchema } from '../../../server/model/schema.ts';
import { validateModel } from '../../../server/model/validate.ts';
import { parseSurveyDefinition } from '../../../server/surveys/definition.ts';
import { extractAnswers } from '../../../server/surveys/responses.ts';
import { computeSurvey } from '../../../server/surveys/compute.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures

type Localized = string | Record<string, string>;
interface Unit { code: string; name: Localized; children?: Unit[] }
interface Indicator {
  code: string;
  name?: Localized;
  objective?: string | null;
  weight?: number;
  kind?: string;
  unit?: string;
  direction?: string;
  tolerance?: number;
  scoring?: { method?: string; cap?: number; on?: string; steps?: Record<string, number>[] };
  aggregation?: { time?: string; org?: string };
  formula?: string | null;
  thresholds?: { onTrack?: number; atRisk?: number } | null;
  appliesTo?: string[] | null;
  frequency?: string;
}
interface Target { indicator: string; unit: string; period: string; target: number; baseline?: number; stretch?: number; redFlag?: number }
interface ModelFile {
  units: Unit[];
  perspectives: { code: string; name: Localized; weight: number }[];
  objectives: { code: string; name: Localized; perspective: string; weight: number; drives: string[] }[];
  indicators: Indicator[];
  targets: Target[];
}

const raw = readFileSync(DEMO_MODEL_PATH, 'utf8');
const model = parse(raw) as ModelFile;

function flatten(units: Unit[], parent: string | null = null, depth = 1): { code: string; parent: string | null; depth: number; leaf: boolean; lineage: string[] }[] {
  return units.flatMap((u) => {
    const here = { code: u.code, parent, depth, leaf: !u.children?.length };
    const below = flatten(u.children ?? [], u.code, depth + 1);
    return [here, ...below];
  }).map((u, _, all) => {
    const lineage = [u.code];
    let p = u.parent;
    while (p) {
      lineage.push(p);
      p = all.find((x) => x.code === p)?.parent ?? null;
    }
    return { ...u, lineage };
  });
}
const units = flatten(model.units);
const unitCodes = new Set(units.map((u) => u.code));
const leaves = units.filter((u) => u.leaf).map((u) => u.code);
const indicators = new Map(model.indicators.map((i) => [i.code, i]));
const objectives = new Map(model.objectives.map((o) => [o.code, o]));
const scored = model.indicators.filter((i) => i.objective);
const formulaInputs = (formula: string) => [...new Set(formula.match(/[A-Z_][A-Z0-9_]*/g) ?? [])];
const applies = (indicator: Indicator, unit: string) =>
  !indicator.appliesTo?.length || units.find((u) => u.code === unit)!.lineage.some((code) => indicator.appliesTo!.includes(code));
const bilingual = (name: Localized | undefined) => typeof name === 'object' && name !== null && !!name.en && !!name.ko;

const surveys = Object.fromEntries(
  Object.entries(DEMO_SURVEY_PATHS).map(([kind, path]) => [kind, parse(readFileSync(path, 'utf8')) as DemoSurveyDefinitionLike & { feeds: Record<string, unknown> }]),
) as Record<keyof typeof DEMO_SURVEY_PATHS, DemoSurveyDefinitionLike & { feeds: Record<string, unknown> }>;

const fedIndicators = (feeds: Record<string, unknown>): string[] =>
  Object.values(feeds).flatMap((v) => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v as Record<string, string>) : []));

// ---------------------------------------------------------------------------------------------
// The model file

describe('the demo model file', () => {
  it('is valid YAML that the model schema accepts without cross-reference issues', () => {
    const parsed = modelFileSchema.safeParse(model);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const issues = validateModel(parsed.data!, { units: [], perspectives: [], objectives: [], indicators: [] });
    expect(issues).toEqual([]);
  });

  it('has a company (HQ), at least three divisions and at least ten leaf branches or teams', () => {
    expect(model.units).toHaveLength(1);
    expect(model.units[0].code).toBe('HQ');
    const divisions = units.filter((u) => u.depth === 2);
    expect(divisions.map((d) => d.code)).toEqual(expect.arrayContaining(['RETAIL', 'SERVICE', 'ONLINE']));
    expect(leaves.length).toBeGreaterThanOrEqual(10);
    expect(leaves).toEqual(expect.arrayContaining(['SEOUL-GANGNAM', 'BUSAN-SEOMYEON']));
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
  });

  it('names every unit, perspective, objective and indicator in English and Korean', () => {
    const walk = (list: Unit[]): Unit[] => list.flatMap((u) => [u, ...walk(u.children ?? [])]);
    for (const u of walk(model.units)) expect(bilingual(u.name), u.code).toBe(true);
    for (const p of model.perspectives) expect(bilingual(p.name), p.code).toBe(true);
    for (const o of model.objectives) expect(bilingual(o.name), o.code).toBe(true);
    for (const i of model.indicators) expect(bilingual(i.name), i.code).toBe(true);
  });

  it('weights the four default perspectives', () => {
    expect(model.perspectives.map((p) => p.code).sort()).toEqual(['customer', 'financial', 'infrastructure', 'process']);
    for (const p of model.perspectives) expect(p.weight).toBeGreaterThan(0);
  });

  it('has at least 25 scored indicators spread over all four perspectives', () => {
    expect(scored.length).toBeGreaterThanOrEqual(25);
    const perspectives = new Set(scored.map((i) => objectives.get(i.objective!)?.perspective));
    expect([...perspectives].sort()).toEqual(['customer', 'financial', 'infrastructure', 'process']);
    for (const o of model.objectives) expect(scored.some((i) => i.objective === o.code), `${o.code} has an indicator`).toBe(true);
  });

  it('uses every scoring method, direction and band form', () => {
    const methods = new Set(scored.map((i) => i.scoring?.method ?? 'ratio'));
    expect([...methods].sort()).toEqual(['bands', 'binary', 'progress', 'ratio', 'threshold']);
    const directions = new Set(scored.map((i) => i.direction ?? 'increase'));
    expect([...directions].sort()).toEqual(['decrease', 'increase', 'maintain']);
    const bands = scored.filter((i) => i.scoring?.method === 'bands');
    expect(bands.some((i) => (i.scoring?.on ?? 'ratio') === 'ratio')).toBe(true);
    expect(bands.some((i) => i.scoring?.on === 'value' && i.direction !== 'decrease' && i.scoring.steps!.every((s) => 'from' in s))).toBe(true);
    expect(bands.some((i) => i.scoring?.on === 'value' && i.direction === 'decrease' && i.scoring.steps!.every((s) => 'upTo' in s))).toBe(true);
    expect(scored.some((i) => i.scoring?.method === 'threshold' && i.direction === 'decrease')).toBe(true);
    expect(scored.some((i) => i.scoring?.cap !== undefined)).toBe(true);
    expect(scored.some((i) => i.direction === 'maintain' && i.tolerance !== undefined)).toBe(true);
    expect(scored.some((i) => i.thresholds)).toBe(true);
    expect(new Set(model.indicators.map((i) => i.kind))).toEqual(new Set(['kpi', 'sqi', 'index']));
  });

  it('aggregates with sum, avg and last over time and sum, avg, none and weighted over the org', () => {
    const time = new Set(model.indicators.map((i) => i.aggregation?.time).filter(Boolean));
    expect([...time]).toEqual(expect.arrayContaining(['sum', 'avg', 'last']));
    const org = model.indicators.map((i) => i.aggregation?.org).filter(Boolean) as string[];
    expect(org).toEqual(expect.arrayContaining(['sum', 'avg', 'none']));
    const weighted = org.filter((o) => o.startsWith('weighted:')).map((o) => o.slice('weighted:'.length));
    expect(weighted.length).toBeGreaterThan(0);
    for (const by of weighted) expect(indicators.has(by), by).toBe(true);
  });

  it('gives every indicator without a formula an aggregation over time', () => {
    for (const i of model.indicators.filter((x) => !x.formula)) expect(i.aggregation?.time, i.code).toBeTruthy();
  });

  it('has the seed deck formula indicators, whose inputs exist as supporting measures', () => {
    const formulas = model.indicators.filter((i) => i.formula);
    expect(formulas.map((i) => i.code)).toEqual(
      expect.arrayContaining(['CLAIM_RATE', 'REPEAT_CLAIM_RATE', 'PROFIT_PER_EMPLOYEE', 'ON_TIME_DELIVERY', 'STOCKOUT_RATE']),
    );
    for (const f of formulas) {
      for (const input of formulaInputs(f.formula!)) {
        expect(indicators.has(input), `${f.code} needs ${input}`).toBe(true);
      }
    }
    for (const code of ['CLAIMS', 'ORDERS', 'REPEAT_CLAIMS', 'ON_TIME_ORDERS', 'OPERATING_PROFIT', 'HEADCOUNT', 'STOCKOUT_SKUS', 'SKUS_CHECKED']) {
      expect(indicators.has(code), code).toBe(true);
    }
    expect(model.indicators.filter((i) => !i.objective).map((i) => i.code)).toEqual(expect.arrayContaining(['CLAIMS', 'ORDERS', 'HEADCOUNT']));
  });

  it('a formula indicator applies only where its inputs are entered', () => {
    for (const f of model.indicators.filter((i) => i.formula && i.appliesTo)) {
      for (const input of formulaInputs(f.formula!)) {
        const inputIndicator = indicators.get(input)!;
        for (const leaf of leaves.filter((l) => applies(f, l))) expect(applies(inputIndicator, leaf), `${f.code} at ${leaf} needs ${input}`).toBe(true);
      }
    }
  });

  it('restricts some indicators to branches with appliesTo and measures one quarterly', () => {
    const restricted = model.indicators.filter((i) => i.appliesTo?.length);
    expect(restricted.length).toBeGreaterThan(0);
    for (const i of restricted) for (const u of i.appliesTo!) expect(unitCodes.has(u), `${i.code} → ${u}`).toBe(true);
    expect(model.indicators.some((i) => i.frequency === 'quarterly')).toBe(true);
  });

  it('draws a strategy map from infrastructure through process and customer to financial', () => {
    const layer: Record<string, number> = { infrastructure: 0, process: 1, customer: 2, financial: 3 };
    let links = 0;
    for (const o of model.objectives) {
      for (const d of o.drives) {
        expect(objectives.has(d), `${o.code} drives ${d}`).toBe(true);
        expect(layer[objectives.get(d)!.perspective], `${o.code} → ${d}`).toBeGreaterThanOrEqual(layer[o.perspective]);
        links++;
      }
    }
    expect(links).toBeGreaterThanOrEqual(model.objectives.length);
    for (const p of ['infrastructure', 'process', 'customer']) {
      for (const o of model.objectives.filter((x) => x.perspective === p)) expect(o.drives.length, `${o.code} drives something`).toBeGreaterThan(0);
    }
  });

  it('sets targets on existing indicators and units, for 2025 and 2026, with what each method needs', () => {
    expect(model.targets.length).toBeGreaterThan(50);
    for (const t of model.targets) {
      const key = `${t.indicator} ${t.unit} ${t.period}`;
      expect(indicators.has(t.indicator), key).toBe(true);
      expect(unitCodes.has(t.unit), key).toBe(true);
      expect(t.period, key).toMatch(/^(2025|2026)(-(0[1-9]|1[0-2])|-Q[1-4])?$/);
      expect(Number.isFinite(t.target), key).toBe(true);
      const method = indicators.get(t.indicator)!.scoring?.method;
      if (method === 'progress') expect(t.baseline, `${key} baseline`).toBeTypeOf('number');
      if (method === 'threshold') expect(t.redFlag, `${key} red flag`).toBeTypeOf('number');
      if (method === 'threshold') {
        const direction = indicators.get(t.indicator)!.direction;
        if (direction === 'decrease') expect(t.redFlag!, key).toBeGreaterThan(t.target);
        else expect(t.redFlag!, key).toBeLessThan(t.target);
      }
      if (method === 'progress') expect(t.baseline, key).not.toBe(t.target);
    }
    const periods = model.targets.map((t) => t.period);
    expect(periods).toEqual(expect.arrayContaining(['2025', '2026']));
    expect(periods.some((p) => /-Q\d$/.test(p))).toBe(true);
    expect(periods.some((p) => /-\d\d$/.test(p))).toBe(true);
    expect(model.targets.some((t) => t.stretch !== undefined)).toBe(true);
    const keys = model.targets.map((t) => `${t.indicator}|${t.unit}|${t.period}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every scored indicator a target somewhere for both years (the current year’s amounts from the cascaded company plan)', () => {
    const planned = (code: string, year: string) => DEMO_PLANS.some((p) => p.indicator === code && String(DEMO_PLAN_YEAR) === year);
    for (const i of scored) {
      for (const year of ['2025', '2026']) {
        expect(model.targets.some((t) => t.indicator === i.code && t.period.startsWith(year)) || planned(i.code, year), `${i.code} ${year}`).toBe(true);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Months and accounts

describe('demoMonths', () => {
  it('lists 26 months by default, oldest first, ending with the given month', () => {
    const months = demoMonths('2026-10');
    expect(months).toHaveLength(26);
    expect(months[0]).toBe('2024-09');
    expect(months.at(-1)).toBe('2026-10');
    expect(demoMonths('2026-01', 3)).toEqual(['2025-11', '2025-12', '2026-01']);
  });

  it('rejects what is not a month', () => {
    expect(() => demoMonths('2026-13')).toThrow();
    expect(() => demoMonths('2026-Q1')).toThrow();
    expect(() => demoMonths('2026-01', 0)).toThrow();
  });
});

describe('demo accounts and paths', () => {
  it('has one account per role, granted on units of the model', () => {
    expect(DEMO_ACCOUNTS.map((a) => a.role).sort()).toEqual(['admin', 'contributor', 'manager', 'reviewer', 'viewer']);
    for (const a of DEMO_ACCOUNTS) {
      expect(a.username).toMatch(/^demo-[a-z]+$/);
      expect(a.units.length).toBeGreaterThan(0);
      for (const u of a.units) expect(unitCodes.has(u), `${a.username} → ${u}`).toBe(true);
    }
    expect(DEMO_ACCOUNTS.find((a) => a.role === 'manager')!.units).toEqual(['RETAIL']);
    expect(leaves).toContain(DEMO_ACCOUNTS.find((a) => a.role === 'contributor')!.units[0]);
  });

  it('points at files that exist, by absolute path', () => {
    for (const path of [DEMO_MODEL_PATH, ...Object.values(DEMO_SURVEY_PATHS)]) {
      expect(isAbsolute(path), path).toBe(true);
      expect(existsSync(path), path).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Measurements

describe('generateDemoMeasurements', () => {
  const months = demoMonths('2026-10');
  let rows: DemoMeasurement[];
  const value = new Map<string, number>();
  const series = (indicator: string, unit: string) => months.map((m) => value.get(`${indicator}|${unit}|${m}`));
  beforeAll(() => {
    rows = generateDemoMeasurements(model, months);
    for (const r of rows) value.set(`${r.indicator}|${r.unit}|${r.period}`, r.value);
  });

  it('is deterministic', () => {
    expect(generateDemoMeasurements(model, months)).toEqual(rows);
  });

  it('repeats the same history whatever the window (only the last month may be incomplete)', () => {
    const longer = generateDemoMeasurements(model, demoMonths('2026-12', 30));
    const fromLonger = new Map(longer.map((r) => [`${r.indicator}|${r.unit}|${r.period}`, r.value]));
    let compared = 0;
    for (const r of rows.filter((x) => x.period !== '2026-10')) {
      expect(fromLonger.get(`${r.indicator}|${r.unit}|${r.period}`), `${r.indicator} ${r.unit} ${r.period}`).toBe(r.value);
      compared++;
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it('covers at least 24 months with finite numbers', () => {
    expect(new Set(rows.map((r) => r.period)).size).toBeGreaterThanOrEqual(24);
    for (const r of rows) expect(Number.isFinite(r.value), `${r.indicator} ${r.unit} ${r.period}`).toBe(true);
  });

  it('enters only non-formula indicators, at units they apply to: leaves, and every level for org: none', () => {
    for (const r of rows) {
      const indicator = indicators.get(r.indicator)!;
      expect(indicator.formula ?? null, r.indicator).toBeNull();
      expect(applies(indicator, r.unit), `${r.indicator} at ${r.unit}`).toBe(true);
      if (!leaves.includes(r.unit)) expect(indicator.aggregation?.org, `${r.indicator} at ${r.unit}`).toBe('none');
    }
    const noneRows = rows.filter((r) => indicators.get(r.indicator)!.aggregation?.org === 'none');
    expect(noneRows.some((r) => r.unit === 'HQ')).toBe(true);
    expect(noneRows.some((r) => r.unit === 'RETAIL')).toBe(true);
    for (const i of model.indicators.filter((x) => !x.formula)) expect(rows.some((r) => r.indicator === i.code), i.code).toBe(true);
  });

  it('enters quarterly indicators only in quarter-end months', () => {
    const quarterly = new Set(model.indicators.filter((i) => i.frequency === 'quarterly').map((i) => i.code));
    const months = rows.filter((r) => quarterly.has(r.indicator)).map((r) => Number(r.period.slice(5)));
    expect(months.length).toBeGreaterThan(0);
    for (const m of months) expect(m % 3).toBe(0);
  });

  it('leaves a few genuine gaps, and the demo contributor still has the last month to enter', () => {
    const expected = model.indicators
      .filter((i) => !i.formula)
      .flatMap((i) => units.filter((u) => applies(i, u.code) && (u.leaf || i.aggregation?.org === 'none')).flatMap((u) =>
        months.filter((m) => i.frequency !== 'quarterly' || Number(m.slice(5)) % 3 === 0).map((m) => `${i.code}|${u.code}|${m}`)));
    const missing = expected.filter((k) => !value.has(k));
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length / expected.length).toBeLessThan(0.05);
    const missingBefore = missing.filter((k) => !k.endsWith('|2026-10'));
    expect(missingBefore.length, 'gaps inside the history, not only in the last month').toBeGreaterThan(0);
    const contributor = DEMO_ACCOUNTS.find((a) => a.role === 'contributor')!.units[0];
    expect(rows.some((r) => r.unit === contributor && r.period === '2026-10')).toBe(false);
    expect(rows.some((r) => r.unit === contributor && r.period === '2026-09')).toBe(true);
  });

  it('rounds: integers for counts and money, at most two decimals otherwise, and rates within 0-100', () => {
    for (const r of rows) {
      const unit = indicators.get(r.indicator)!.unit;
      if (unit === 'count' || unit === 'persons' || unit === 'KRW mn') expect(Number.isInteger(r.value), `${r.indicator} ${r.value}`).toBe(true);
      else expect(Math.abs(r.value * 100 - Math.round(r.value * 100)), `${r.indicator} ${r.value}`).toBeLessThan(1e-6);
      if (unit === '%') {
        expect(r.value, r.indicator).toBeGreaterThanOrEqual(0);
        expect(r.value, r.indicator).toBeLessThanOrEqual(100);
      }
      if (unit === 'count' || unit === 'persons') expect(r.value).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps formula inputs consistent with each other', () => {
    for (const r of rows.filter((x) => x.indicator === 'CLAIMS')) {
      const orders = value.get(`ORDERS|${r.unit}|${r.period}`);
      const repeat = value.get(`REPEAT_CLAIMS|${r.unit}|${r.period}`);
      const onTime = value.get(`ON_TIME_ORDERS|${r.unit}|${r.period}`);
      expect(orders, `${r.unit} ${r.period}`).toBeDefined();
      expect(r.value).toBeLessThan(orders! * 0.1);
      expect(repeat!).toBeLessThanOrEqual(r.value);
      expect(onTime!).toBeLessThanOrEqual(orders!);
      expect(onTime! / orders!).toBeGreaterThan(0.8);
    }
    for (const r of rows.filter((x) => x.indicator === 'STOCKOUT_SKUS')) {
      expect(r.value).toBeLessThan(value.get(`SKUS_CHECKED|${r.unit}|${r.period}`)! * 0.2);
    }
  });

  it('peaks in December at the stores and grows online', () => {
    for (const store of ['SEOUL-GANGNAM', 'SEOUL-JAMSIL', 'BUSAN-SEOMYEON']) {
      const dec = value.get(`REVENUE|${store}|2025-12`);
      const feb = value.get(`REVENUE|${store}|2025-02`);
      const jun = value.get(`REVENUE|${store}|2025-06`);
      expect(dec, store).toBeGreaterThan(feb! * 1.2);
      expect(dec, store).toBeGreaterThan(jun!);
    }
    // 추석 2025 is on 6 October, 2026 on 25 September: the run-up lifts those months.
    expect(value.get('REVENUE|SEOUL-GANGNAM|2026-09')!).toBeGreaterThan(value.get('REVENUE|SEOUL-GANGNAM|2026-08')! * 1.1);
    const online = (year: string) => rows.filter((r) => r.indicator === 'REVENUE' && r.unit === 'ONLINE-MALL' && r.period.startsWith(year) && r.period <= `${year}-09`).reduce((s, r) => s + r.value, 0);
    expect(online('2026')).toBeGreaterThan(online('2025') * 1.1);
    // Air-conditioner season at the service centres.
    expect(value.get('REVENUE|SVC-SEOUL|2025-07')!).toBeGreaterThan(value.get('REVENUE|SVC-SEOUL|2025-02')!);
  });

  it('has trends both ways: the CS programme works in most places, not in Daegu', () => {
    const avg = (indicator: string, unit: string, year: string) => {
      const xs = rows.filter((r) => r.indicator === indicator && r.unit === unit && r.period.startsWith(year)).map((r) => r.value);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    expect(avg('CSI', 'SEOUL-GANGNAM', '2026')).toBeGreaterThan(avg('CSI', 'SEOUL-GANGNAM', '2025'));
    expect(avg('MARKET_SHARE', 'DAEGU-DONGSEONGNO', '2026')).toBeLessThan(avg('MARKET_SHARE', 'DAEGU-DONGSEONGNO', '2025'));
    expect(avg('AVG_REPAIR_DAYS', 'SVC-DAEJEON', '2026')).toBeGreaterThan(avg('AVG_REPAIR_DAYS', 'SVC-SEOUL', '2026'));
    expect(series('REVENUE', 'DAEGU-DONGSEONGNO').filter((v) => v !== undefined).length).toBeGreaterThan(20);
  });

  it('lands near the targets: some units beat them, some miss', () => {
    const ratios = leaves
      .filter((u) => applies(indicators.get('REVENUE')!, u))
      .map((u) => {
        const target = model.targets.find((t) => t.indicator === 'REVENUE' && t.unit === u && t.period === '2025')!;
        const actual = rows.filter((r) => r.indicator === 'REVENUE' && r.unit === u && r.period.startsWith('2025')).reduce((s, r) => s + r.value, 0);
        return actual / target.target;
      });
    for (const r of ratios) {
      expect(r).toBeGreaterThan(0.85);
      expect(r).toBeLessThan(1.15);
    }
    expect(ratios.some((r) => r >= 1)).toBe(true);
    expect(ratios.some((r) => r < 0.97)).toBe(true);
  });

  it('leaves out excluded indicators', () => {
    const without = generateDemoMeasurements(model, months.slice(-3), { exclude: SURVEY_FED_INDICATORS });
    expect(without.some((r) => SURVEY_FED_INDICATORS.includes(r.indicator))).toBe(false);
    expect(without.length).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Surveys

describe('the demo survey definitions', () => {
  it('feed indicators that exist in the model, and SURVEY_FED_INDICATORS lists them all', () => {
    const all = new Set<string>();
    for (const [kind, definition] of Object.entries(surveys)) {
      const fed = fedIndicators(definition.feeds);
      expect(fed.length, kind).toBeGreaterThan(0);
      for (const code of fed) {
        expect(indicators.has(code), `${kind} feeds ${code}`).toBe(true);
        all.add(code);
      }
    }
    expect([...all].sort()).toEqual([...SURVEY_FED_INDICATORS].sort());
    expect(fedIndicators(surveys.csi.feeds)).toEqual(expect.arrayContaining(['CSI', 'OVERALL_SAT', 'COMPETITIVE_INDEX', 'REUSE_RATE', 'RECOMMEND_RATE']));
    expect(fedIndicators(surveys.esi.feeds)).toContain('ESI');
    expect(fedIndicators(surveys.icsi.feeds)).toContain('ICSI');
    expect(fedIndicators(surveys.coi.feeds)).toContain('COI');
  });

  it('pass the survey definition schema', () => {
    for (const [kind, path] of Object.entries(DEMO_SURVEY_PATHS)) {
      const definition = parseSurveyDefinition(readFileSync(path, 'utf8'), path);
      expect(definition.kind).toBe(kind);
    }
  });

  it('the CSI survey compares own customers with competitors, per branch', () => {
    expect(surveys.csi.segment).toEqual({ column: 'BRAND', own: '자사' });
    expect(surveys.csi.unitColumn).toBeTruthy();
    for (const kind of ['esi', 'icsi', 'coi'] as const) expect(surveys[kind].unitColumn, kind).toBeTruthy();
  });
});

describe('demoSurveyPeriods', () => {
  it('fields the customer survey monthly and the employee surveys at quarter ends', () => {
    const months = demoMonths('2026-10', 6);
    expect(demoSurveyPeriods('csi', months)).toEqual(months);
    expect(demoSurveyPeriods('esi', months)).toEqual(['2026-06', '2026-09']);
    for (const kind of Object.keys(DEMO_SURVEY_PATHS) as (keyof typeof DEMO_SURVEY_PATHS)[]) {
      expect(DEMO_SURVEY_SCHEDULE[kind].respondentsPerUnit).toBeGreaterThan(0);
      // A quarterly survey feeds quarterly indicators.
      if (DEMO_SURVEY_SCHEDULE[kind].frequency === 'quarterly') {
        for (const code of fedIndicators(surveys[kind].feeds)) expect(indicators.get(code)!.frequency, code).toBe('quarterly');
      }
    }
  });
});

describe('generateSurveyResponses', () => {
  const opts = { units: ['SEOUL-GANGNAM', 'DAEGU-DONGSEONGNO', 'ONLINE-MALL', 'SVC-DAEJEON'], period: '2026-09', respondentsPerUnit: 120, seed: 7 };

  it('is deterministic for the same seed and differs for another', () => {
    expect(generateSurveyResponses(surveys.csi, opts)).toEqual(generateSurveyResponses(surveys.csi, opts));
    expect(generateSurveyResponses(surveys.csi, { ...opts, seed: 8 })).not.toEqual(generateSurveyResponses(surveys.csi, opts));
  });

  for (const kind of ['csi', 'esi', 'icsi', 'coi'] as const) {
    it(`${kind}: contains every column the definition names, with answers on the scale or declared missing`, () => {
      const definition = surveys[kind];
      const table = generateSurveyResponses(definition, opts);
      const named = [
        definition.overall,
        ...definition.factors.flatMap((f) => f.items),
        ...(definition.loyalty ?? []).map((l) => l.item),
        ...(definition.nps ? [definition.nps] : []),
        ...(definition.segment ? [definition.segment.column] : []),
        ...(definition.unitColumn ? [definition.unitColumn] : []),
      ];
      for (const column of named) expect(table.columns, column).toContain(column);
      expect(table.rows).toHaveLength(opts.units.length * opts.respondentsPerUnit);
      for (const row of table.rows) expect(row).toHaveLength(table.columns.length);

      const scaleColumns = [definition.overall, ...definition.factors.flatMap((f) => f.items), ...(definition.loyalty ?? []).map((l) => l.item)];
      const missing = new Set(definition.missing ?? []);
      let blanks = 0;
      let codes = 0;
      for (const column of scaleColumns) {
        const index = table.columns.indexOf(column);
        for (const row of table.rows) {
          const cell = row[index];
          if (cell === null) blanks++;
          else if (missing.has(cell as number)) codes++;
          else {
            expect(Number.isInteger(cell)).toBe(true);
            expect(cell as number).toBeGreaterThanOrEqual(definition.scale.min);
            expect(cell as number).toBeLessThanOrEqual(definition.scale.max);
          }
        }
      }
      expect(blanks).toBeGreaterThan(0);
      expect(codes).toBeGreaterThan(0);

      const unitIndex = table.columns.indexOf(definition.unitColumn!);
      expect(new Set(table.rows.map((r) => r[unitIndex]))).toEqual(new Set(opts.units));
    });
  }

  it('mixes own customers with competitor respondents in the segment column', () => {
    const table = generateSurveyResponses(surveys.csi, opts);
    const brand = table.columns.indexOf('BRAND');
    const counts = new Map<unknown, number>();
    for (const row of table.rows) counts.set(row[brand], (counts.get(row[brand]) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['A사', 'B사', '자사'].sort());
    expect(counts.get('자사')!).toBeGreaterThan(table.rows.length / 2);
  });

  it('gives believable survey results: indices in range, every importance positive, a competitive index, better branches scoring higher', () => {
    for (const [kind, path] of Object.entries(DEMO_SURVEY_PATHS)) {
      const definition = parseSurveyDefinition(readFileSync(path, 'utf8'), path);
      const table = generateSurveyResponses(definition, { ...opts, respondentsPerUnit: 150 });
      const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
      const { respondents, report } = extractAnswers({ columns: table.columns, rows }, definition);
      expect(report.some((d) => d.reason === 'missing_code'), kind).toBe(true);
      expect(report.some((d) => d.reason === 'blank'), kind).toBe(true);
      const result = computeSurvey(definition, respondents);
      expect(result.warnings, kind).toEqual([]);
      expect(result.csi!, kind).toBeGreaterThan(55);
      expect(result.csi!, kind).toBeLessThan(90);
      for (const f of result.factors) expect(f.importance, `${kind} ${f.code}`).toBeGreaterThan(0.2);
      const quadrants = new Set(result.factors.map((f) => f.quadrant));
      expect(quadrants.size, `${kind} spreads over the CS portfolio`).toBeGreaterThan(1);
      if (kind === 'csi') {
        expect(result.competitiveIndex!).toBeGreaterThan(90);
        expect(result.competitiveIndex!).toBeLessThan(115);
        expect(result.segments.map((s) => s.value).sort()).toEqual(['A사', 'B사', '자사'].sort());
        const byUnit = new Map((result.byUnit ?? []).map((u) => [u.unit, u.csi!]));
        expect(byUnit.get('SEOUL-GANGNAM')!).toBeGreaterThan(byUnit.get('SVC-DAEJEON')!);
        for (const l of result.loyalty) {
          expect(l.rate!).toBeGreaterThan(30);
          expect(l.rate!).toBeLessThan(90);
        }
      }
    }
  });
});
