import YAML from 'yaml';
import type { Db } from '../db/database.ts';
import type { LocalizedName } from '../db/schema.ts';
import { DomainError } from '../http/errors.ts';
import { insertAuditMany, type Actor, type AuditEntry } from '../audit/repository.ts';
import { insertUnit, selectUnits, type UnitRow } from '../units/repository.ts';
import { selectJobs, upsertJob } from '../scheduling/repository.ts';
import { jobDefinitionIssues } from '../scheduling/config.ts';
import { modelFileSchema, DEFAULT_PERSPECTIVES, type IndicatorInput, type ModelFile, type ObjectiveInput, type TargetInput, type UnitInput } from './schema.ts';
import { flattenUnits, validateModel, type ExistingModel, type ModelIssue } from './validate.ts';
import * as repo from './repository.ts';
import { lockMeasurementWrites, rebuildRollups, refreshTargetRollups } from '../rollup/service.ts';
import { listSurveyDefinitions, saveSurveyDefinition, unknownFeedIndicators } from '../surveys/service.ts';
import { initiativeIssues, listInitiativeFiles, saveInitiative } from '../initiatives/service.ts';
import { knownNames, listOwnerFiles, ownerIssues, saveOwnerEntry } from '../owners/service.ts';
import { loadVocSection, saveVocSection, vocSectionIssues } from '../voc/config.ts';
import { listBenchmarkFiles, listPriorityFiles, saveBenchmarks, savePriority } from '../benchmarks/service.ts';

/** Parses a YAML or JSON model file; a syntax error names the line. */
export function parseModelText(text: string): unknown {
  try {
    return YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    throw new DomainError('invalid_model', `The model file is not valid YAML or JSON: ${(err as Error).message}`, [{ path: '', message: (err as Error).message }], 400);
  }
}

/** Validates shape and references; throws a DomainError listing every problem. */
export async function checkModel(db: Db, raw: unknown): Promise<ModelFile> {
  const parsed = modelFileSchema.safeParse(raw ?? {});
  if (!parsed.success) throw invalidModel(parsed.error.issues.map((i) => ({ path: describePath(raw, i.path as (string | number)[]), message: i.message })));
  const existing = await loadExisting(db);
  // A model naming no perspectives on an empty database gets the default four.
  if (parsed.data.perspectives.length === 0 && existing.perspectives.length === 0) existing.perspectives = DEFAULT_PERSPECTIVES.map((p) => p.code);
  const issues = [...validateModel(parsed.data, existing), ...validateSurveys(parsed.data, existing), ...validateJobs(parsed.data), ...validateImprovement(parsed.data, existing), ...(await validateOwners(db, parsed.data, existing)), ...vocSectionIssues(parsed.data, existing)];
  if (issues.length) throw invalidModel(issues);
  return parsed.data;
}

/** Jobs: a known kind, a valid schedule and time zone, and a config its kind accepts. */
function validateJobs(file: ModelFile): ModelIssue[] {
  return file.jobs.flatMap((job, index) => jobDefinitionIssues(job).map((i) => ({ path: `jobs[${index}] (${job.name}).${i.path}`, message: i.message })));
}

/** Survey definitions: unique codes, and the indicators they feed exist (in the file or the database). */
function validateSurveys(file: ModelFile, existing: ExistingModel): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const indicators = new Set([...existing.indicators.map((i) => i.code), ...file.indicators.map((i) => i.code)]);
  const seen = new Map<string, number>();
  file.surveys.forEach((survey, index) => {
    const path = `surveys[${index}] (${survey.code})`;
    const first = seen.get(survey.code);
    if (first !== undefined) issues.push({ path: `${path}.code`, message: `duplicate code "${survey.code}" (also at surveys[${first}])` });
    else seen.set(survey.code, index);
    for (const feed of unknownFeedIndicators(survey, indicators)) issues.push({ path: `${path}.${feed.field}`, message: `unknown indicator "${feed.indicator}"` });
  });
  return issues;
}

/** Initiatives, benchmarks and priorities name units and indicators that exist (in the file or the database). */
function validateImprovement(file: ModelFile, existing: ExistingModel): ModelIssue[] {
  const units = new Set([...existing.units.map((u) => u.code), ...flattenUnits(file.units).map((u) => u.code)]);
  const indicators = new Set([...existing.indicators.map((i) => i.code), ...file.indicators.map((i) => i.code)]);
  const issues: ModelIssue[] = [];
  file.initiatives.forEach((initiative, index) => {
    for (const issue of initiativeIssues(initiative, units, indicators)) issues.push({ path: `initiatives[${index}] (${initiative.code}).${issue.path}`, message: issue.message });
  });
  file.benchmarks.forEach((b, index) => {
    if (!indicators.has(b.indicator)) issues.push({ path: `benchmarks[${index}].indicator`, message: `unknown indicator "${b.indicator}"` });
  });
  file.priorities.forEach((p, index) => {
    if (!units.has(p.unit)) issues.push({ path: `priorities[${index}].unit`, message: `unknown unit "${p.unit}"` });
    if (!indicators.has(p.indicator)) issues.push({ path: `priorities[${index}].indicator`, message: `unknown indicator "${p.indicator}"` });
  });
  return issues;
}

/** Owners name indicators, objectives and units (in the file or the database) and existing users. */
async function validateOwners(db: Db, file: ModelFile, existing: ExistingModel): Promise<ModelIssue[]> {
  if (file.owners.length === 0) return [];
  const known = await knownNames(db);
  for (const u of flattenUnits(file.units)) known.units.add(u.code);
  for (const o of file.objectives) known.objectives.add(o.code);
  for (const i of file.indicators) known.indicators.add(i.code);
  for (const u of existing.units) known.units.add(u.code);
  return ownerIssues(file.owners, known);
}

const invalidModel = (issues: ModelIssue[]) =>
  new DomainError('invalid_model', `The model has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${issues.slice(0, 3).map((i) => `${i.path}: ${i.message}`).join('; ')}${issues.length > 3 ? '; …' : ''}`, issues);

/** `indicators.3.weight` → `indicators[3] (SALES).weight`, so the user can find the item. */
function describePath(raw: unknown, path: (string | number)[]): string {
  let out = '';
  let node: any = raw;
  for (const part of path) {
    node = node?.[part];
    if (typeof part === 'number') {
      out += `[${part}]`;
      if (node && typeof node === 'object' && typeof node.code === 'string') out += ` (${node.code})`;
      else if (node && typeof node === 'object' && typeof node.indicator === 'string') out += ` (${node.indicator} ${node.unit ?? ''} ${node.period ?? ''})`.replace(/\s+\)/, ')');
    } else out += out ? `.${part}` : part;
  }
  return out;
}

async function loadExisting(db: Db): Promise<ExistingModel> {
  const [units, perspectives, objectives, links, indicators] = await Promise.all([selectUnits(db), repo.selectPerspectives(db), repo.selectObjectives(db), repo.selectObjectiveLinks(db), repo.selectIndicators(db)]);
  const codeById = new Map(units.map((u) => [u.id, u.code]));
  return {
    units: units.map((u) => ({ code: u.code, parent: u.parentId === null ? null : (codeById.get(u.parentId) ?? null) })),
    perspectives: perspectives.map((p) => p.code),
    objectives: objectives.map((o) => ({ code: o.code, drives: links.filter((l) => l.from === o.code).map((l) => l.to) })),
    indicators: indicators.map((i) => ({ code: i.code, formula: i.formula, aggregationOrg: i.aggregationOrg, scoringMethod: String((i.scoring as { method?: string }).method ?? 'ratio'), objective: i.objective })),
  };
}

export interface ImportSummary {
  created: Record<string, number>;
  updated: Record<string, number>;
  unchanged: number;
  rebuilt: boolean;
}

/**
 * Merges a model file into the database by code: new items are created, changed ones updated,
 * unchanged ones left alone (so importing an export changes nothing). Runs inside the caller's
 * transaction; anything invalid throws before the first write.
 */
export async function importModel(db: Db, actor: Actor, raw: unknown): Promise<ImportSummary> {
  const file = await checkModel(db, raw);
  // Units, indicators and targets shape the rollup: no measurement write may interleave.
  await lockMeasurementWrites(db);
  const summary: ImportSummary = { created: {}, updated: {}, unchanged: 0, rebuilt: false };
  const audit: AuditEntry[] = [];
  const note = (entity: string, key: string, before: unknown, after: unknown) => {
    if (before === null) summary.created[entity] = (summary.created[entity] ?? 0) + 1;
    else summary.updated[entity] = (summary.updated[entity] ?? 0) + 1;
    audit.push({ action: before === null ? 'create' : 'update', entity, key, before, after });
  };

  const unitsMoved = await importUnits(db, file.units, note, summary);
  await importPerspectives(db, file, note, summary);
  await importObjectives(db, file.objectives, note, summary);
  const aggregationChanged = await importIndicators(db, file.indicators, note, summary);
  const structural = unitsMoved || aggregationChanged;
  const targetKeys = await importTargets(db, file.targets, actor, note, summary);
  for (const job of file.jobs) {
    const before = (await selectJobs(db)).find((j) => j.name === job.name) ?? null;
    if (before && canonical(before) === canonical(job)) summary.unchanged++;
    else {
      await upsertJob(db, job);
      note('job', job.name, before, job);
    }
  }
  for (const survey of file.surveys) {
    const { outcome, before } = await saveSurveyDefinition(db, actor, survey, { audit: false });
    if (outcome === 'unchanged') summary.unchanged++;
    else note('survey', survey.code, before, survey);
  }
  for (const initiative of file.initiatives) {
    const { outcome, before } = await saveInitiative(db, actor, initiative, { audit: false });
    if (outcome === 'unchanged') summary.unchanged++;
    else note('initiative', initiative.code, before, initiative);
  }
  if (file.benchmarks.length) {
    const saved = await saveBenchmarks(db, actor, file.benchmarks, { audit: false });
    summary.unchanged += saved.unchanged;
    if (saved.created) summary.created.benchmark = (summary.created.benchmark ?? 0) + saved.created;
    if (saved.updated) summary.updated.benchmark = (summary.updated.benchmark ?? 0) + saved.updated;
    if (saved.created || saved.updated) audit.push({ action: 'import', entity: 'benchmark', key: `${file.benchmarks.length} rows`, after: saved });
  }
  for (const priority of file.priorities) {
    const outcome = await savePriority(db, actor, priority, { audit: false });
    if (outcome === 'unchanged') summary.unchanged++;
    else note('improvement_priority', `${priority.unit} ${priority.indicator}`, outcome === 'created' ? null : {}, priority);
  }
  for (const entry of file.owners) {
    const { outcome, before, after } = await saveOwnerEntry(db, actor, entry, { audit: false, validate: false });
    if (outcome === 'unchanged') summary.unchanged++;
    else note('owner', `${entry.indicator ?? entry.objective}@${entry.unit ?? '*'}`, before, after);
  }
  if (file.voc) {
    const saved = await saveVocSection(db, file.voc);
    if (saved.changed) note('voc', 'voc', saved.before, file.voc);
    else summary.unchanged++;
  }
  await insertAuditMany(db, actor, audit);
  if (structural) {
    await rebuildRollups(db);
    summary.rebuilt = true;
  } else if (targetKeys.length) {
    await refreshTargetRollups(db, targetKeys);
  }
  return summary;
}

type Note = (entity: string, key: string, before: unknown, after: unknown) => void;

/** JSON with sorted keys and no undefined, for comparing what a file says with what is stored. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, v[k]])) : v));
}

async function importUnits(db: Db, units: UnitInput[], note: Note, summary: ImportSummary): Promise<boolean> {
  const flat = flattenUnits(units);
  if (flat.length === 0) return false;
  let changed = false;
  const existing = new Map((await selectUnits(db)).map((u) => [u.code, u]));
  const byCode = new Map(flat.map((u) => [u.code, u]));
  // Parents first: a unit is placed once its parent exists.
  const ordered: typeof flat = [];
  const placed = new Set<string>();
  const place = (code: string) => {
    if (placed.has(code)) return;
    const u = byCode.get(code)!;
    if (u.parent && byCode.has(u.parent)) place(u.parent);
    placed.add(code);
    ordered.push(u);
  };
  flat.forEach((u) => place(u.code));
  for (const u of ordered) {
    const parent = u.parent ? (existing.get(u.parent) ?? null) : null;
    const current = existing.get(u.code);
    if (!current) {
      existing.set(u.code, await insertUnit(db, { code: u.code, name: u.name, parent, sortOrder: u.sortOrder }));
      note('unit', u.code, null, { name: u.name, parent: u.parent });
      continue;
    }
    const currentParentCode = current.parentId === null ? null : [...existing.values()].find((e) => e.id === current.parentId)?.code ?? null;
    if (canonical(current.name) === canonical(u.name) && currentParentCode === u.parent && current.sortOrder === u.sortOrder) {
      summary.unchanged++;
      continue;
    }
    const newPath = `${parent?.path ?? '/'}${current.id}/`;
    await repo.updateUnit(db, { id: current.id, name: u.name, parentId: parent?.id ?? null, sortOrder: u.sortOrder }, current.path, newPath, (parent?.depth ?? 0) + 1 - current.depth);
    note('unit', u.code, { name: current.name, parent: currentParentCode }, { name: u.name, parent: u.parent });
    if (newPath !== current.path) {
      changed = true;
      for (const [code, row] of (await selectUnits(db)).map((r) => [r.code, r] as [string, UnitRow])) existing.set(code, row);
    }
  }
  return changed;
}

async function importPerspectives(db: Db, file: ModelFile, note: Note, summary: ImportSummary): Promise<boolean> {
  const existing = await repo.selectPerspectives(db);
  const wanted = file.perspectives.length === 0 && existing.length === 0 ? DEFAULT_PERSPECTIVES : file.perspectives;
  let changed = false;
  for (const [index, p] of wanted.entries()) {
    const before = existing.find((e) => e.code === p.code);
    const after = { name: p.name ?? before?.name ?? p.code, weight: p.weight, sortOrder: index };
    if (before && canonical({ name: before.name, weight: before.weight, sortOrder: before.sortOrder }) === canonical(after)) {
      summary.unchanged++;
      continue;
    }
    await repo.upsertPerspective(db, { code: p.code, ...after });
    note('perspective', p.code, before ? { name: before.name, weight: before.weight } : null, { name: after.name, weight: after.weight });
    changed = true;
  }
  return changed;
}

function objectiveShape(o: { name: LocalizedName; description: LocalizedName | null; perspective: string; weight: number; drives: string[]; sortOrder: number }) {
  return { name: o.name, description: o.description, perspective: o.perspective, weight: o.weight, drives: [...o.drives].sort(), sortOrder: o.sortOrder };
}

async function importObjectives(db: Db, objectives: ObjectiveInput[], note: Note, summary: ImportSummary): Promise<boolean> {
  if (objectives.length === 0) return false;
  const perspectives = new Map((await repo.selectPerspectives(db)).map((p) => [p.code, p.id]));
  const existing = new Map((await repo.selectObjectives(db)).map((o) => [o.code, o]));
  const links = await repo.selectObjectiveLinks(db);
  let changed = false;
  const changedCodes: ObjectiveInput[] = [];
  for (const [index, o] of objectives.entries()) {
    const before = existing.get(o.code);
    const beforeShape = before ? objectiveShape({ ...before, drives: links.filter((l) => l.from === o.code).map((l) => l.to) }) : null;
    const afterShape = objectiveShape({ name: o.name, description: o.description ?? null, perspective: o.perspective, weight: o.weight, drives: o.drives, sortOrder: index });
    if (beforeShape && canonical(beforeShape) === canonical(afterShape)) {
      summary.unchanged++;
      continue;
    }
    await repo.upsertObjective(db, { code: o.code, name: o.name, description: o.description ?? null, perspectiveId: perspectives.get(o.perspective)!, weight: o.weight, sortOrder: index });
    note('objective', o.code, beforeShape, afterShape);
    changedCodes.push(o);
    changed = true;
  }
  // Links after every objective exists, so an objective may drive one defined later in the file.
  const ids = new Map((await repo.selectObjectives(db)).map((o) => [o.code, o.id]));
  for (const o of changedCodes) await repo.replaceObjectiveLinks(db, ids.get(o.code)!, o.drives.map((d) => ids.get(d)!));
  return changed;
}

/** The stored shape of an indicator, in the file's terms (also what export writes). */
export function indicatorToFile(row: repo.IndicatorRow): IndicatorInput {
  return {
    code: row.code,
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    objective: row.objective ?? null,
    weight: row.weight,
    kind: row.kind as IndicatorInput['kind'],
    unit: row.unit,
    direction: row.direction as IndicatorInput['direction'],
    ...(row.tolerance !== null ? { tolerance: row.tolerance } : {}),
    scoring: row.scoring as IndicatorInput['scoring'],
    aggregation: { ...(row.aggregationTime ? { time: row.aggregationTime as NonNullable<IndicatorInput['aggregation']['time']> } : {}), org: row.aggregationOrg },
    ...(row.formula ? { formula: row.formula } : {}),
    ...(row.thresholds ? { thresholds: row.thresholds } : {}),
    ...(row.appliesTo ? { appliesTo: row.appliesTo } : {}),
    frequency: row.frequency as IndicatorInput['frequency'],
  };
}

function normalizeIndicator(i: IndicatorInput): IndicatorInput {
  return {
    ...i,
    name: i.name ?? i.code,
    objective: i.objective ?? null,
    formula: i.formula ?? undefined,
    thresholds: i.thresholds ?? undefined,
    appliesTo: i.appliesTo ?? undefined,
  };
}

async function importIndicators(db: Db, indicators: IndicatorInput[], note: Note, summary: ImportSummary): Promise<boolean> {
  if (indicators.length === 0) return false;
  const objectives = new Map((await repo.selectObjectives(db)).map((o) => [o.code, o.id]));
  const existing = new Map((await repo.selectIndicators(db)).map((i) => [i.code, i]));
  let changed = false;
  for (const [index, raw] of indicators.entries()) {
    const input = normalizeIndicator(raw);
    const before = existing.get(input.code);
    const beforeShape = before ? normalizeIndicator(indicatorToFile(before)) : null;
    if (beforeShape && canonical(beforeShape) === canonical(input) && before!.sortOrder === index) {
      summary.unchanged++;
      continue;
    }
    await repo.upsertIndicator(db, {
      code: input.code,
      name: input.name!,
      description: input.description ?? null,
      objectiveId: input.objective ? objectives.get(input.objective)! : null,
      weight: input.weight,
      kind: input.kind,
      unit: input.unit,
      direction: input.direction,
      tolerance: input.tolerance ?? null,
      scoring: input.scoring,
      aggregationTime: input.aggregation.time ?? null,
      aggregationOrg: input.aggregation.org,
      formula: input.formula ?? null,
      thresholds: (input.thresholds as Record<string, number> | undefined) ?? null,
      appliesTo: input.appliesTo ?? null,
      frequency: input.frequency,
      sortOrder: index,
    });
    note('indicator', input.code, beforeShape, input);
    // Weights, names and scoring are read at scoring time; only aggregation changes the stored rollup.
    if (beforeShape && (beforeShape.aggregation.org !== input.aggregation.org || (beforeShape.aggregation.time ?? null) !== (input.aggregation.time ?? null) || (beforeShape.formula ?? null) !== (input.formula ?? null))) changed = true;
  }
  return changed;
}

export interface TargetKey {
  indicatorId: number;
  unitId: number;
  period: string;
}

async function importTargets(db: Db, targets: TargetInput[], actor: Actor, note: Note, summary: ImportSummary): Promise<TargetKey[]> {
  if (targets.length === 0) return [];
  const indicators = new Map((await repo.selectIndicators(db)).map((i) => [i.code, i.id]));
  const units = new Map((await selectUnits(db)).map((u) => [u.code, u.id]));
  const existing = new Map((await repo.selectTargets(db)).map((t) => [`${t.indicator}|${t.unit}|${t.period}`, t]));
  const rows: Parameters<typeof repo.upsertTargets>[1] = [];
  for (const t of targets) {
    const before = existing.get(`${t.indicator}|${t.unit}|${t.period}`);
    const after = { target: t.target, baseline: t.baseline ?? null, stretch: t.stretch ?? null, redFlag: t.redFlag ?? null };
    if (before && canonical({ target: before.target, baseline: before.baseline, stretch: before.stretch, redFlag: before.redFlag }) === canonical(after)) {
      summary.unchanged++;
      continue;
    }
    rows.push({ indicatorId: indicators.get(t.indicator)!, unitId: units.get(t.unit)!, period: t.period, ...after, updatedBy: actor.id });
    note('target', `${t.indicator}/${t.unit}/${t.period}`, before ? { target: before.target, baseline: before.baseline, stretch: before.stretch, redFlag: before.redFlag } : null, after);
  }
  await repo.upsertTargets(db, rows);
  return rows.map((r) => ({ indicatorId: r.indicatorId, unitId: r.unitId, period: r.period }));
}

/** The whole model in the file format; importing it again changes nothing. */
export async function exportModel(db: Db): Promise<ModelFile> {
  const [units, perspectives, objectives, links, indicators, targets, jobs, surveys, initiatives, benchmarks, priorities, owners] = await Promise.all([
    selectUnits(db),
    repo.selectPerspectives(db),
    repo.selectObjectives(db),
    repo.selectObjectiveLinks(db),
    repo.selectIndicators(db),
    repo.selectTargets(db),
    selectJobs(db),
    listSurveyDefinitions(db),
    listInitiativeFiles(db),
    listBenchmarkFiles(db),
    listPriorityFiles(db),
    listOwnerFiles(db),
  ]);
  const voc = await loadVocSection(db);
  const childrenOf = (parentId: number | null): UnitInput[] =>
    units
      .filter((u) => u.parentId === parentId)
      .sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code))
      .map((u) => {
        const children = childrenOf(u.id);
        return { code: u.code, name: u.name, ...(children.length ? { children } : {}) };
      });
  return {
    units: childrenOf(null),
    perspectives: perspectives.map((p) => ({ code: p.code, name: p.name, weight: p.weight })),
    objectives: objectives.map((o) => ({
      code: o.code,
      name: o.name,
      ...(o.description ? { description: o.description } : {}),
      perspective: o.perspective,
      weight: o.weight,
      drives: links.filter((l) => l.from === o.code).map((l) => l.to),
    })),
    indicators: indicators.map(indicatorToFile),
    targets: targets.map((t) => ({
      indicator: t.indicator,
      unit: t.unit,
      period: t.period,
      target: t.target,
      ...(t.baseline !== null ? { baseline: t.baseline } : {}),
      ...(t.stretch !== null ? { stretch: t.stretch } : {}),
      ...(t.redFlag !== null ? { redFlag: t.redFlag } : {}),
    })),
    jobs: jobs.map((j) => ({ name: j.name, kind: j.kind, schedule: j.schedule, timezone: j.timezone, enabled: j.enabled, timeLimitSeconds: j.timeLimitSeconds, maxAttempts: j.maxAttempts, config: j.config })),
    surveys: surveys.map((s) => s.definition),
    initiatives,
    benchmarks,
    priorities,
    owners,
    ...(voc ? { voc } : {}),
  };
}

export const modelToYaml = (model: ModelFile) => YAML.stringify(model, { lineWidth: 120 });
