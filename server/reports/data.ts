import type { Db } from '../db/database.ts';
import type { LocalizedName } from '../db/schema.ts';
import { getScorecard, requireUnit } from '../scorecards/service.ts';
import { listInitiatives, type InitiativeJson } from '../initiatives/service.ts';
import { getPriorities } from '../benchmarks/service.ts';
import { getSurveyResult, type StoredSurveyResult } from '../surveys/service.ts';
import type { Window } from '../scoring/types.ts';
import { monthsInWindow } from '../scoring/period.ts';
import { selectComments } from '../comments/repository.ts';

export type ReportScorecard = Awaited<ReturnType<typeof getScorecard>>;
export type ReportIndicator = ReportScorecard['perspectives'][number]['objectives'][number]['indicators'][number] & {
  perspective: string;
  objective: string;
  objectiveName: LocalizedName;
};

export interface ReportData {
  unit: { code: string; name: LocalizedName };
  period: string;
  window: Window;
  generatedAt: string;
  scorecard: ReportScorecard;
  /** Indicators that are not on track: every off-track one, then the at-risk ones; lowest score first within each. */
  offTarget: ReportIndicator[];
  initiatives: InitiativeJson[];
  priorities: Awaited<ReturnType<typeof getPriorities>>['items'];
  survey: StoredSurveyResult | null;
  /** Commentary on each off-target indicator at the unit within the window (newest last, at most 3). */
  comments: Record<string, { period: string; kind: string; body: string; author: string }[]>;
}

/** Everything the management report (경영위원회 보고) shows for a unit and period. */
export async function loadReportData(db: Db, unitCode: string, period: string, window: Window, options: { visible?: (unitPath: string) => boolean } = {}): Promise<ReportData> {
  const unit = await requireUnit(db, unitCode);
  const scorecard = await getScorecard(db, unitCode, period, { window, history: 6 });
  const indicators: ReportIndicator[] = scorecard.perspectives.flatMap((p) =>
    p.objectives.flatMap((o) => o.indicators.map((i) => ({ ...i, perspective: p.code, objective: o.code, objectiveName: o.name }))),
  );
  // off track before at risk (as on the dashboard), then the lowest score first
  const rank = (i: ReportIndicator) => (i.status === 'off_track' ? 0 : 1);
  const offTarget = indicators
    .filter((i) => i.status === 'at_risk' || i.status === 'off_track')
    .sort((a, b) => rank(a) - rank(b) || (a.score ?? Number.POSITIVE_INFINITY) - (b.score ?? Number.POSITIVE_INFINITY) || a.code.localeCompare(b.code));
  const initiatives = await listInitiatives(db, { unitPath: unit.path, visible: options.visible });
  const month = scorecard.period.length === 7 ? scorecard.period : null;
  const priorities = (await getPriorities(db, unitCode, period)).items;
  const survey = await latestSurvey(db, unit.path, month ?? `${period.slice(0, 4)}-12`);
  const comments = await offTargetComments(db, unit.id, offTarget.map((i) => i.code), monthsInWindow(period, window));
  return { unit: { code: unit.code, name: unit.name }, period, window, generatedAt: new Date().toISOString(), scorecard, offTarget, initiatives, priorities, survey, comments };
}

async function offTargetComments(db: Db, unitId: number, codes: string[], months: string[]) {
  if (codes.length === 0 || months.length === 0) return {};
  const ids = (await db.selectFrom('indicator').select('id').where('code', 'in', codes).execute()).map((r) => Number(r.id));
  const rows = await selectComments(db, { indicatorIds: ids, unitIds: [unitId], from: months[0], to: months[months.length - 1] });
  const out: ReportData['comments'] = {};
  for (const c of rows) (out[c.indicator] ??= []).push({ period: c.period, kind: c.kind, body: c.body, author: c.authorName ?? c.author });
  for (const code of Object.keys(out)) out[code] = out[code].slice(-3);
  return out;
}

/**
 * The CS portfolio shown: the newest CSI survey result up to `month` at the unit, else at its
 * nearest ancestor with one (pooled company surveys land on the root).
 */
async function latestSurvey(db: Db, unitPath: string, month: string): Promise<StoredSurveyResult | null> {
  const ids = unitPath.split('/').filter(Boolean).map(Number);
  if (!ids.length) return null;
  const rows = await db
    .selectFrom('survey_run as r')
    .innerJoin('org_unit as u', 'u.id', 'r.unit_id')
    .select(['u.code', 'u.depth', 'r.period', 'r.definition_code as definitionCode'])
    .where('r.unit_id', 'in', ids)
    .where('r.kind', '=', 'csi')
    .where('r.parent_id', 'is', null)
    .where('r.period', '<=', month)
    .execute();
  const best = rows.filter((r) => /^\d{4}-\d{2}$/.test(r.period)).sort((a, b) => b.depth - a.depth || b.period.localeCompare(a.period))[0];
  if (!best) return null;
  try {
    return await getSurveyResult(db, { unit: best.code, period: best.period, code: best.definitionCode });
  } catch {
    return null;
  }
}
