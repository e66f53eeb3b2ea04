import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import { DomainError } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { selectUnits, type UnitRow } from '../units/repository.ts';
import { selectIndicators } from '../model/repository.ts';
import { improvementRate } from '../scoring/improvement.ts';
import type { Direction } from '../scoring/types.ts';
import type { InitiativeInput, InitiativeStatus } from './schema.ts';

/** An initiative in the file's terms (what the model file export writes and the API reads). */
export interface InitiativeFile {
  code: string;
  title: string;
  unit: string;
  indicators: string[];
  owner?: string | null;
  start?: string | null;
  end?: string | null;
  evaluation?: string | null;
  target?: number | null;
  baseline?: number | null;
  current?: number | null;
  status: InitiativeStatus;
  actions: { title: string; due?: string | null; done: boolean }[];
}

export interface InitiativeJson extends InitiativeFile {
  unitPath: string;
  /** The first linked indicator's display unit and direction (what the improvement rate reads). */
  measure: { indicator: string; unit: string; direction: string } | null;
  improvement: { change: number | null; rate: number | null; improved: boolean | null; warning: string | null };
  /** Share of action items done, 0–100 (null without action items). */
  progress: number | null;
  updatedAt: string;
}

type Row = Awaited<ReturnType<typeof selectRows>>[number];

function selectRows(db: Db) {
  return db
    .selectFrom('initiative as i')
    .innerJoin('org_unit as u', 'u.id', 'i.unit_id')
    .select(['i.id', 'i.code', 'i.title', 'i.indicators', 'i.owner', 'i.start_date', 'i.end_date', 'i.evaluation', 'i.target_value', 'i.baseline_value', 'i.current_value', 'i.status', 'i.actions', 'i.updated_at', 'u.code as unit', 'u.path as unit_path'])
    .orderBy('i.code')
    .execute();
}

export function rowToFile(r: Row): InitiativeFile {
  const opt = <K extends string, V>(key: K, value: V | null) => (value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    code: r.code,
    title: r.title,
    unit: r.unit,
    indicators: r.indicators ?? [],
    ...opt('owner', r.owner),
    ...opt('start', r.start_date),
    ...opt('end', r.end_date),
    ...opt('evaluation', r.evaluation),
    ...opt('target', r.target_value),
    ...opt('baseline', r.baseline_value),
    ...opt('current', r.current_value),
    status: r.status as InitiativeStatus,
    actions: (r.actions ?? []).map((a) => ({ title: a.title, ...(a.due ? { due: a.due } : {}), done: a.done })),
  };
}

export async function listInitiativeFiles(db: Db): Promise<InitiativeFile[]> {
  return (await selectRows(db)).map(rowToFile);
}

/** Initiatives of the units under `unitPath` (and optionally linked to `indicator`), with improvement rate and progress. */
export async function listInitiatives(db: Db, filter: { unitPath?: string; indicator?: string; visible?: (unitPath: string) => boolean } = {}): Promise<InitiativeJson[]> {
  const [rows, indicators] = await Promise.all([selectRows(db), selectIndicators(db)]);
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  return rows
    .filter((r) => (!filter.unitPath || r.unit_path.startsWith(filter.unitPath)) && (!filter.visible || filter.visible(r.unit_path)))
    .filter((r) => !filter.indicator || (r.indicators ?? []).includes(filter.indicator))
    .map((r) => {
      const file = rowToFile(r);
      const first = file.indicators.map((c) => byCode.get(c)).find(Boolean);
      const direction = (first?.direction ?? 'increase') as Direction;
      const actions = file.actions;
      return {
        ...file,
        unitPath: r.unit_path,
        measure: first ? { indicator: first.code, unit: first.unit, direction: first.direction } : null,
        improvement: improvementRate(file.baseline ?? null, file.current ?? null, direction, file.target ?? null),
        progress: actions.length ? Math.round((actions.filter((a) => a.done).length / actions.length) * 1000) / 10 : null,
        updatedAt: new Date(r.updated_at).toISOString(),
      };
    });
}

export async function getInitiative(db: Db, code: string): Promise<InitiativeJson> {
  const found = (await listInitiatives(db)).find((i) => i.code === code);
  if (!found) throw new DomainError('not_found', `Unknown initiative "${code}"`, undefined, 404);
  return found;
}

/** Problems with an initiative's references (unit, indicators), given what exists. */
export function initiativeIssues(input: InitiativeInput, units: ReadonlySet<string>, indicators: ReadonlySet<string>): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  if (!units.has(input.unit)) issues.push({ path: 'unit', message: `unknown unit "${input.unit}"` });
  input.indicators.forEach((c, i) => {
    if (!indicators.has(c)) issues.push({ path: `indicators[${i}]`, message: `unknown indicator "${c}"` });
  });
  return issues;
}

function values(input: InitiativeInput, unit: UnitRow, actor: Actor) {
  return {
    title: input.title,
    unit_id: unit.id,
    indicators: jsonb(input.indicators),
    owner: input.owner ?? null,
    start_date: input.start ?? null,
    end_date: input.end ?? null,
    evaluation: input.evaluation ?? null,
    target_value: input.target ?? null,
    baseline_value: input.baseline ?? null,
    current_value: input.current ?? null,
    status: input.status,
    actions: jsonb(input.actions.map((a) => ({ title: a.title, due: a.due ?? null, done: a.done }))),
    updated_at: new Date(),
    updated_by: actor.name,
  };
}

export type SaveOutcome = 'created' | 'updated' | 'unchanged';

/** Creates or replaces an initiative by code; `mode` refuses a create of an existing one or an update of a missing one. */
export async function saveInitiative(db: Db, actor: Actor, input: InitiativeInput, options: { mode?: 'create' | 'update' | 'upsert'; audit?: boolean } = {}): Promise<{ outcome: SaveOutcome; before: InitiativeFile | null }> {
  const mode = options.mode ?? 'upsert';
  const [units, indicators] = await Promise.all([selectUnits(db), selectIndicators(db)]);
  const issues = initiativeIssues(input, new Set(units.map((u) => u.code)), new Set(indicators.map((i) => i.code)));
  if (issues.length) throw new DomainError('invalid_initiative', `The initiative has problems: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues, 422);
  const unit = units.find((u) => u.code === input.unit)!;
  const existingRow = (await selectRows(db)).find((r) => r.code === input.code);
  const before = existingRow ? rowToFile(existingRow) : null;
  if (mode === 'create' && before) throw new DomainError('conflict', `Initiative "${input.code}" already exists`, undefined, 409);
  if (mode === 'update' && !before) throw new DomainError('not_found', `Unknown initiative "${input.code}"`, undefined, 404);
  const after = normalize(input);
  if (before && canonicalJson(before) === canonicalJson(after)) return { outcome: 'unchanged', before };
  if (before) await db.updateTable('initiative').set(values(input, unit, actor)).where('code', '=', input.code).execute();
  else await db.insertInto('initiative').values({ code: input.code, ...values(input, unit, actor) }).execute();
  if (options.audit !== false) await insertAudit(db, actor, { action: before ? 'update' : 'create', entity: 'initiative', key: input.code, before, after });
  return { outcome: before ? 'updated' : 'created', before };
}

export async function deleteInitiative(db: Db, actor: Actor, code: string): Promise<void> {
  const before = (await selectRows(db)).find((r) => r.code === code);
  if (!before) throw new DomainError('not_found', `Unknown initiative "${code}"`, undefined, 404);
  await db.deleteFrom('initiative').where('code', '=', code).execute();
  await insertAudit(db, actor, { action: 'delete', entity: 'initiative', key: code, before: rowToFile(before), after: null });
}

/** The file form of an input (absent optionals dropped), for comparing with what is stored. */
export function normalize(input: InitiativeInput): InitiativeFile {
  const opt = <K extends string, V>(key: K, value: V | null | undefined) => (value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    code: input.code,
    title: input.title,
    unit: input.unit,
    indicators: input.indicators,
    ...opt('owner', input.owner),
    ...opt('start', input.start),
    ...opt('end', input.end),
    ...opt('evaluation', input.evaluation),
    ...opt('target', input.target),
    ...opt('baseline', input.baseline),
    ...opt('current', input.current),
    status: input.status,
    actions: input.actions.map((a) => ({ title: a.title, ...(a.due ? { due: a.due } : {}), done: a.done })),
  };
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, v[k]])) : v));
}
