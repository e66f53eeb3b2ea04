import type { Db } from '../db/database.ts';
import type { LocalizedName } from '../db/schema.ts';
import { getScorecard, requireUnit } from '../scorecards/service.ts';
import { listInitiatives, type InitiativeJson } from '../initiatives/service.ts';
import { getPriorities } from '../benchmarks/service.ts';
import { getSurveyResult, type StoredSurveyResult } from '../surveys/service.ts';
import type { Window } from '../scoring/types.ts';

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
  /** Scored indicators that are not on track (at risk or off track), worst first. */
  offTarget: ReportIndicator[];
  initiatives: InitiativeJson[];
  priorities: Awaited<ReturnType<typeof getPriorities>>['items'];
  survey: StoredSurveyResult | null;
}

/** Everything the management report (경영위원회 보고) shows for a unit and period. */
export async function loadReportData(db: Db, unitCode: string, period: string, window: Window, options: { visible?: (unitPath: string) => boolean } = {}): Promise<ReportData> {
  const unit = await requireUnit(db, unitCode);
  const scorecard = await getScorecard(db, unitCode, period, { window, history: 6 });
  const indicators: ReportIndicator[] = scorecard.perspectives.flatMap((p) =>
    p.objectives.flatMap((o) => o.indicators.map((i) => ({ ...i, perspective: p.code, objective: o.code, objectiveName: o.name }))),
  );
  const offTarget = indicators
    .filter((i) => i.status === 'at_risk' || i.status === 'off_track')
    .sort((a, b) => (a.score ?? 0) - (b.score ?? 0) || a.code.localeCompare(b.code));
  const initiatives = await listInitiatives(db, { unitPath: unit.path, visible: options.visible });
  const month = scorecard.period.length === 7 ? scorecard.period : null;
  const priorities = (await getPriorities(db, unitCode, period)).items;
  let survey: StoredSurveyResult | null = null;
  if (month) {
    try {
      survey = await getSurveyResult(db, { unit: unitCode, period: month });
    } catch {
      survey = null;
    }
  }
  return { unit: { code: unit.code, name: unit.name }, period, window, generatedAt: new Date().toISOString(), scorecard, offTarget, initiatives, priorities, survey };
}
