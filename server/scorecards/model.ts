import type { Db } from '../db/database.ts';
import type { LocalizedName } from '../db/schema.ts';
import type { IndicatorDef, ScorecardModel } from '../scoring/types.ts';
import { selectIndicators, selectObjectiveLinks, selectObjectives, selectPerspectives } from '../model/repository.ts';

export interface IndicatorMeta {
  id: number;
  code: string;
  name: LocalizedName;
  objective: string | null;
  unit: string;
  direction: string;
  kind: string;
  frequency: string;
  formula: string | null;
  aggregationTime: string | null;
  aggregationOrg: string;
  weight: number;
}

/** The scoring model plus what the API adds around it (ids, names, drives links). */
export interface LoadedModel {
  scoring: ScorecardModel;
  indicators: IndicatorMeta[];
  indicatorById: Map<number, IndicatorMeta>;
  indicatorByCode: Map<string, IndicatorMeta>;
  names: { perspectives: Map<string, LocalizedName>; objectives: Map<string, LocalizedName> };
  drives: Map<string, string[]>;
}

export async function loadModel(db: Db): Promise<LoadedModel> {
  const [perspectives, objectives, links, indicators] = await Promise.all([selectPerspectives(db), selectObjectives(db), selectObjectiveLinks(db), selectIndicators(db)]);
  const drives = new Map<string, string[]>();
  for (const l of links) drives.set(l.from, [...(drives.get(l.from) ?? []), l.to]);
  const scoringIndicators: IndicatorDef[] = indicators.map((i) => ({
    code: i.code,
    name: i.name,
    objective: i.objective ?? null,
    weight: i.weight,
    kind: i.kind as IndicatorDef['kind'],
    unit: i.unit,
    direction: i.direction as IndicatorDef['direction'],
    tolerance: i.tolerance ?? undefined,
    scoring: i.scoring as unknown as IndicatorDef['scoring'],
    aggregation: { time: (i.aggregationTime ?? undefined) as IndicatorDef['aggregation']['time'], org: i.aggregationOrg },
    formula: i.formula,
    thresholds: i.thresholds,
    frequency: i.frequency as IndicatorDef['frequency'],
    appliesTo: i.appliesTo ?? null,
  }));
  const meta: IndicatorMeta[] = indicators.map((i) => ({
    id: i.id,
    code: i.code,
    name: i.name,
    objective: i.objective ?? null,
    unit: i.unit,
    direction: i.direction,
    kind: i.kind,
    frequency: i.frequency,
    formula: i.formula,
    aggregationTime: i.aggregationTime,
    aggregationOrg: i.aggregationOrg,
    weight: i.weight,
  }));
  return {
    scoring: {
      perspectives: perspectives.map((p) => ({ code: p.code, weight: p.weight, name: p.name })),
      objectives: objectives.map((o) => ({ code: o.code, perspective: o.perspective, weight: o.weight, name: o.name, drives: drives.get(o.code) ?? [] })),
      indicators: scoringIndicators,
    },
    indicators: meta,
    indicatorById: new Map(meta.map((m) => [m.id, m])),
    indicatorByCode: new Map(meta.map((m) => [m.code, m])),
    names: { perspectives: new Map(perspectives.map((p) => [p.code, p.name])), objectives: new Map(objectives.map((o) => [o.code, o.name])) },
    drives,
  };
}

/** Targets of rates and formulas hold for the units below the one they were set on; amounts add up instead. */
export const inheritsTargets = (i: IndicatorMeta) => i.formula !== null || i.aggregationOrg !== 'sum';
