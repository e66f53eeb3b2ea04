/**
 * Survey definitions and runs in the database. One exported query per function; each takes the
 * Kysely instance or a transaction first. The math lives in compute.ts, the orchestration in
 * service.ts.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';

export interface SurveyDefinitionRow {
  code: string;
  kind: string;
  definition: Record<string, unknown>;
  updatedAt: Date;
}

export async function selectSurveyDefinitions(db: Db): Promise<SurveyDefinitionRow[]> {
  return db.selectFrom('survey_definition').select(['code', 'kind', 'definition', 'updated_at as updatedAt']).orderBy('code').execute();
}

export async function selectSurveyDefinition(db: Db, code: string): Promise<SurveyDefinitionRow | undefined> {
  return db.selectFrom('survey_definition').select(['code', 'kind', 'definition', 'updated_at as updatedAt']).where('code', '=', code).executeTakeFirst();
}

export async function upsertSurveyDefinition(db: Db, row: { code: string; kind: string; definition: Record<string, unknown>; updatedBy: number | null }): Promise<void> {
  const values = { code: row.code, kind: row.kind, definition: jsonb(row.definition), updated_by: row.updatedBy, updated_at: sql<Date>`now()` as unknown as Date };
  await db
    .insertInto('survey_definition')
    .values(values)
    .onConflict((oc) => oc.column('code').doUpdateSet({ kind: values.kind, definition: values.definition, updated_by: values.updated_by, updated_at: values.updated_at }))
    .execute();
}

/**
 * Serialises imports of the same definition, unit and period until the transaction ends, so two
 * identical imports at once cannot both store a run. Works on PostgreSQL and PGlite alike.
 */
export async function lockSurveyRunKey(db: Db, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`survey_run|${key}`}, 0))`.execute(db);
}

export interface LatestRunKey {
  definitionSha256: string;
  fileSha256: string;
  id: number;
}

/** The newest pooled run of a definition code for a unit (null: no `--unit`) and period. */
export async function selectLatestPooledRun(db: Db, key: { code: string; unitId: number | null; period: string }): Promise<LatestRunKey | undefined> {
  return db
    .selectFrom('survey_run')
    .select(['id', 'definition_sha256 as definitionSha256', 'file_sha256 as fileSha256'])
    .where('definition_code', '=', key.code)
    .where('period', '=', key.period)
    .where('parent_id', 'is', null)
    .$call((qb) => (key.unitId === null ? qb.where('unit_id', 'is', null) : qb.where('unit_id', '=', key.unitId)))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface NewSurveyRun {
  parentId: number | null;
  scope: 'pooled' | 'unit';
  code: string;
  kind: string;
  definition: Record<string, unknown>;
  definitionSha256: string;
  unitId: number | null;
  period: string;
  fileName: string;
  fileSha256: string;
  settings: Record<string, unknown>;
  respondents: number;
  result: Record<string, unknown>;
  report: unknown;
  createdBy: number | null;
  createdByName: string;
}

export async function insertSurveyRun(db: Db, run: NewSurveyRun): Promise<{ id: number; createdAt: Date }> {
  return db
    .insertInto('survey_run')
    .values({
      parent_id: run.parentId,
      scope: run.scope,
      definition_code: run.code,
      kind: run.kind,
      definition: jsonb(run.definition),
      definition_sha256: run.definitionSha256,
      unit_id: run.unitId,
      period: run.period,
      file_name: run.fileName,
      file_sha256: run.fileSha256,
      settings: jsonb(run.settings),
      respondents: run.respondents,
      result: jsonb(run.result),
      report: jsonb(run.report),
      created_by: run.createdBy,
      created_by_name: run.createdByName,
    })
    .returning(['id', 'created_at as createdAt'])
    .executeTakeFirstOrThrow();
}

const runColumns = [
  'r.id',
  'r.parent_id as parentId',
  'r.scope',
  'r.definition_code as code',
  'r.kind',
  'r.definition',
  'r.unit_id as unitId',
  'u.code as unit',
  'r.period',
  'r.file_name as fileName',
  'r.file_sha256 as fileSha256',
  'r.settings',
  'r.respondents',
  'r.result',
  'r.report',
  'r.created_by_name as createdByName',
  'r.created_at as createdAt',
] as const;

export type SurveyRunRow = NonNullable<Awaited<ReturnType<typeof selectSurveyRun>>>;

export async function selectSurveyRun(db: Db, id: number) {
  return db.selectFrom('survey_run as r').leftJoin('org_unit as u', 'u.id', 'r.unit_id').select(runColumns).where('r.id', '=', id).executeTakeFirst();
}

/** The per-unit rows stored with a pooled run (a definition with a unit column). */
export async function selectChildRuns(db: Db, parentId: number) {
  return db.selectFrom('survey_run as r').leftJoin('org_unit as u', 'u.id', 'r.unit_id').select(runColumns).where('r.parent_id', '=', parentId).orderBy('r.id').execute();
}

/**
 * The newest result for a unit and period, pooled or the unit's own slice of a run with a unit
 * column. Without a code, a CSI survey comes before the internal ones (ESI, ICSI, COI).
 */
export async function selectLatestResult(db: Db, key: { unitId: number; period: string; code?: string }) {
  return db
    .selectFrom('survey_run as r')
    .leftJoin('org_unit as u', 'u.id', 'r.unit_id')
    .select(runColumns)
    .where('r.unit_id', '=', key.unitId)
    .where('r.period', '=', key.period)
    .$if(key.code !== undefined, (qb) => qb.where('r.definition_code', '=', key.code!))
    .orderBy(sql`case when r.kind = 'csi' then 0 else 1 end`)
    .orderBy('r.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface SurveyTrendRow {
  period: string;
  csi: number | null;
  overall: number | null;
  competitiveIndex: number | null;
  respondents: number;
}

/** One point per period: the newest run of `code` for the unit, oldest period first. */
export async function selectSurveyTrend(db: Db, key: { unitId: number; code: string }): Promise<SurveyTrendRow[]> {
  const rows = await db
    .selectFrom('survey_run')
    .distinctOn('period')
    .select([
      'period',
      sql<number | null>`(result->>'csi')::float8`.as('csi'),
      sql<number | null>`(result->>'overall')::float8`.as('overall'),
      sql<number | null>`(result->>'competitiveIndex')::float8`.as('competitiveIndex'),
      'respondents',
    ])
    .where('unit_id', '=', key.unitId)
    .where('definition_code', '=', key.code)
    .orderBy('period')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ period: r.period, csi: toNumber(r.csi), overall: toNumber(r.overall), competitiveIndex: toNumber(r.competitiveIndex), respondents: Number(r.respondents) }));
}

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
