import fs from 'node:fs';
import { seedDemoOwners } from './demo-owners.ts';
import { csvFile } from '../files/csv.ts';
import YAML from 'yaml';
import type { Db } from '../db/database.ts';
import type { Actor } from '../audit/repository.ts';
import { importModel } from '../model/service.ts';
import { writeMeasurements } from '../measurements/service.ts';
import { importSurvey, readSurveyDefinition } from '../surveys/service.ts';
import { createUser } from '../auth/service.ts';
import { selectUserByUsername } from '../auth/repository.ts';
import { feedIndicators } from '../surveys/service.ts';
import { createCycle, finalizeDefinition, listCycles } from '../evaluations/service.ts';
import {
  DEMO_ACCOUNTS,
  DEMO_MODEL_PATH,
  DEMO_SURVEY_PATHS,
  DEMO_SURVEY_SCHEDULE,
  demoMonths,
  demoSurveyPeriods,
  generateDemoMeasurements,
  generateSurveyResponses,
  type DemoModelLike,
  type DemoSurveyKind,
  type DemoUnitNode,
} from './demo-data.ts';
import { demoBenchmarks, demoInitiatives, demoPriorities } from './demo-improvement.ts';
import { seedDemoPlans } from './demo-plans.ts';
import { DEMO_PAY_POLICY, demoRosterCsv, generateDemoRoster } from './demo-people.ts';
import { importRoster } from '../people/service.ts';
import { approvePayout, freezePayout, listRuns, preparePayout } from '../pay/service.ts';
import { selectVersions } from '../evaluations/repository.ts';
import { demoVocBatches, generateDemoVoc } from './demo-voc.ts';
import { writeVocRecords } from '../voc/service.ts';

export interface DemoSeedOptions {
  /** The last month with data (YYYY-MM); 26 months up to it are generated. */
  endMonth: string;
  /** Create the demo accounts (one per role) with this password; none when null. */
  accountPassword: string | null;
}

export interface DemoSeedResult {
  months: { from: string; to: string };
  measurements: number;
  surveys: number;
  accounts: { username: string; role: string; units: string[] }[];
}

/** The company root is where pooled survey results land. */
const COMPANY = 'HQ';

function leavesOf(units: DemoUnitNode[]): string[] {
  return units.flatMap((u) => (u.children?.length ? leavesOf(u.children) : [u.code]));
}

/**
 * Loads the demo company (DESIGN.md issue "demo company"): the model and survey definitions,
 * 26 months of measurements, customer and employee surveys imported like any survey file, and
 * one account per role. Runs in the caller's transaction; running it again changes nothing.
 */
export async function seedDemo(db: Db, actor: Actor, options: DemoSeedOptions): Promise<DemoSeedResult> {
  const model = YAML.parse(fs.readFileSync(DEMO_MODEL_PATH, 'utf8')) as DemoModelLike & Record<string, unknown>;
  const surveys = (Object.keys(DEMO_SURVEY_PATHS) as DemoSurveyKind[]).map((kind) => ({ kind, raw: YAML.parse(fs.readFileSync(DEMO_SURVEY_PATHS[kind], 'utf8')) }));
  await importModel(db, actor, {
    ...model,
    surveys: surveys.map((s) => s.raw),
    initiatives: demoInitiatives(options.endMonth),
    benchmarks: demoBenchmarks(options.endMonth),
    priorities: demoPriorities(),
  });

  const months = demoMonths(options.endMonth);
  const leaves = leavesOf(model.units);
  const plan = surveys.map(({ kind, raw }) => {
    const definition = readSurveyDefinition(raw);
    const fed = new Set(feedIndicators(definition).map((f) => f.indicator));
    return { kind, definition, fed, periods: demoSurveyPeriods(kind, months) };
  });
  // Values a survey will produce are left to the survey import, so their history tells the truth.
  const fromSurvey = new Set(plan.flatMap((p) => p.periods.flatMap((period) => [...p.fed].flatMap((indicator) => [...leaves, COMPANY].map((unit) => `${indicator}|${unit}|${period}`)))));
  // VOC feeds come from the VOC records below, not from the generator.
  const vocFed = Object.values((model.voc as { feeds?: Record<string, string> } | undefined)?.feeds ?? {});
  const generated = generateDemoMeasurements(model, months, { exclude: vocFed }).filter((m) => !fromSurvey.has(`${m.indicator}|${m.unit}|${m.period}`));
  const written = await writeMeasurements(
    db,
    actor,
    generated.map((m, i) => ({ row: i + 1, indicator: m.indicator, unit: m.unit, period: m.period, value: m.value })),
    { source: 'demo', accept: 'all' },
  );
  await writeVocRecords(db, actor, demoVocBatches(generateDemoVoc(months)), { label: 'demo VOC' });
  // The current year's amounts are planned top-down from last year's actuals (target setting).
  await seedDemoPlans(db, actor);

  let surveyCount = 0;
  for (const p of plan) {
    for (const period of p.periods) {
      const table = generateSurveyResponses(p.definition, { units: leaves, period, respondentsPerUnit: DEMO_SURVEY_SCHEDULE[p.kind].respondentsPerUnit, seed: 'demo' });
      const csv = csvFile([table.columns, ...table.rows]);
      await importSurvey(db, actor, { definition: p.definition, responses: { buffer: csv, name: `${p.definition.code}-${period}.csv` }, unit: COMPANY, period });
      surveyCount++;
    }
  }

  await seedDemoEvaluations(db, actor, options.endMonth, leaves);
  await seedDemoPeople(db, actor, options.endMonth);

  const accounts: DemoSeedResult['accounts'] = [];
  if (options.accountPassword !== null) {
    for (const account of DEMO_ACCOUNTS) {
      if (!(await selectUserByUsername(db, account.username))) {
        await createUser(db, actor, { username: account.username, displayName: account.displayName, password: options.accountPassword, locale: account.locale, grants: account.units.map((unit) => ({ role: account.role, unit })) });
      }
      accounts.push({ username: account.username, role: account.role, units: account.units });
    }
    await seedDemoOwners(db, actor, options.endMonth);
  }
  return { months: { from: months[0], to: months[months.length - 1] }, measurements: written.changed, surveys: surveyCount, accounts };
}

const DEMO_BANDS = [
  { grade: 'S', from: 100 },
  { grade: 'A', from: 97 },
  { grade: 'B', from: 93 },
  { grade: 'C', from: 85 },
  { grade: 'D', from: 0 },
];

/**
 * Reward reviews need results to read: the first half of the demo year, finalised (absolute
 * bands, one audited deduction), and the year to date, open for preview (relative distribution).
 * Cycles that exist already are left as they are.
 */
async function seedDemoEvaluations(db: Db, actor: Actor, endMonth: string, units: string[]) {
  const year = endMonth.slice(0, 4);
  const existing = new Set((await listCycles(db)).map((c) => c.code));
  if (endMonth >= `${year}-06` && !existing.has(`${year}-H1`)) {
    await finalizeDefinition(db, actor, {
      code: `${year}-H1`,
      name: { ko: `${year} 상반기 CS평가`, en: `${year} first-half CS evaluation` },
      from: `${year}-01`,
      to: `${year}-06`,
      window: 'ytd',
      units,
      missing: 'exclude',
      adjustments: [{ unit: 'DAEGU-DONGSEONGNO', points: -1.5, reason: 'Complaint audit finding (고객불만 감사 지적)', approvedBy: 'CS committee' }],
      grading: { method: 'bands', bands: DEMO_BANDS },
      pay: DEMO_PAY_POLICY,
    });
  }
  if (!existing.has(`${year}-YTD`)) {
    await createCycle(db, actor, {
      code: `${year}-YTD`,
      name: { ko: `${year} 연간 CS평가 (진행 중)`, en: `${year} annual CS evaluation (in progress)` },
      from: `${year}-01`,
      to: endMonth,
      window: 'ytd',
      units,
      missing: 'zero',
      grading: { method: 'distribution', distribution: [{ grade: 'S', share: 10 }, { grade: 'A', share: 20 }, { grade: 'B', share: 40 }, { grade: 'C', share: 20 }, { grade: 'D', share: 10 }] },
      pay: DEMO_PAY_POLICY,
      // Units scored on less than 90 % of their scorecard are listed before anyone finalises.
      fairness: { minCoverage: 0.9, minCompleteness: 0.9 },
    });
  }
}

/**
 * The roster (about 300 employees, imported like any roster file) and the first half's payout
 * run, prepared by the reviewer, approved by hr and frozen: what a signed-off run looks like.
 */
async function seedDemoPeople(db: Db, actor: Actor, endMonth: string) {
  const year = endMonth.slice(0, 4);
  const csv = demoRosterCsv(generateDemoRoster(year));
  await importRoster(db, actor, { buffer: Buffer.from(csv), name: `roster-${year}.csv` });
  const code = `${year}-H1`;
  const versions = await selectVersions(db, code);
  const final = versions.find((v) => v.status === 'final');
  if (!final || (await listRuns(db, code)).some((r) => r.version === final.version)) return;
  const stored = await db.selectFrom('evaluation_version').select('definition').where('cycle_code', '=', code).where('version', '=', final.version).executeTakeFirst();
  if (!(stored?.definition as { pay?: unknown } | null)?.pay) return; // finalised by an older seed, before pay policies
  await preparePayout(db, { id: null, name: 'demo-reviewer' }, code);
  await approvePayout(db, { id: null, name: 'demo-hr' }, code);
  await freezePayout(db, { id: null, name: 'demo-hr' }, code);
}

/** The latest complete month as of `now`: the demo's data runs up to it. */
export function lastCompleteMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
