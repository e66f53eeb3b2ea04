/**
 * Evaluation cycles and their versions. Every function takes the Kysely instance (or a
 * transaction) first; the route handler or CLI command owns the transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { jsonb } from '../db/json.ts';
import type { LocalizedName } from '../db/schema.ts';

export type VersionStatus = 'provisional' | 'final' | 'superseded';

export interface CycleRow {
  code: string;
  name: LocalizedName;
  definition: Record<string, unknown>;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

export interface VersionRow {
  cycleCode: string;
  version: number;
  status: VersionStatus;
  definition: Record<string, unknown> | null;
  results: Record<string, unknown> | null;
  breakdown: Record<string, unknown> | null;
  fingerprint: string | null;
  finalizedBy: string | null;
  finalizedById: number | null;
  finalizedAt: Date | null;
  reopenedReason: string | null;
  reopenedBy: string | null;
  supersededAt: Date | null;
  createdAt: Date;
}

const cycleColumns = ['code', 'name', 'definition', 'created_at as createdAt', 'created_by as createdBy', 'updated_at as updatedAt', 'updated_by as updatedBy'] as const;

/** Without the (large) snapshot columns: for version lists. */
const versionSummaryColumns = [
  'cycle_code as cycleCode',
  'version',
  'status',
  'fingerprint',
  'finalized_by as finalizedBy',
  'finalized_by_id as finalizedById',
  'finalized_at as finalizedAt',
  'reopened_reason as reopenedReason',
  'reopened_by as reopenedBy',
  'superseded_at as supersededAt',
  'created_at as createdAt',
] as const;

export type VersionSummary = Omit<VersionRow, 'definition' | 'results' | 'breakdown'>;

export async function selectCycles(db: Db): Promise<CycleRow[]> {
  return db.selectFrom('evaluation_cycle').select(cycleColumns).orderBy('created_at', 'desc').orderBy('code').execute() as Promise<CycleRow[]>;
}

/** The latest version of every cycle. */
export async function selectLatestVersions(db: Db): Promise<VersionSummary[]> {
  return db
    .selectFrom('evaluation_version')
    .distinctOn('cycle_code')
    .select(versionSummaryColumns)
    .orderBy('cycle_code')
    .orderBy('version', 'desc')
    .execute() as Promise<VersionSummary[]>;
}

export async function selectCycle(db: Db, code: string, options: { forUpdate?: boolean } = {}): Promise<CycleRow | undefined> {
  return db
    .selectFrom('evaluation_cycle')
    .select(cycleColumns)
    .where('code', '=', code)
    .$if(options.forUpdate === true, (qb) => qb.forUpdate())
    .executeTakeFirst() as Promise<CycleRow | undefined>;
}

export async function insertCycle(db: Db, cycle: { code: string; name: LocalizedName; definition: Record<string, unknown>; by: string }) {
  await db
    .insertInto('evaluation_cycle')
    .values({ code: cycle.code, name: jsonb(cycle.name), definition: jsonb(cycle.definition), created_by: cycle.by, updated_by: cycle.by })
    .execute();
}

export async function updateCycleDefinition(db: Db, code: string, cycle: { name: LocalizedName; definition: Record<string, unknown>; by: string }) {
  await db
    .updateTable('evaluation_cycle')
    .set({ name: jsonb(cycle.name), definition: jsonb(cycle.definition), updated_by: cycle.by, updated_at: sql<Date>`now()` })
    .where('code', '=', code)
    .execute();
}

export async function selectVersions(db: Db, code: string): Promise<VersionSummary[]> {
  return db.selectFrom('evaluation_version').select(versionSummaryColumns).where('cycle_code', '=', code).orderBy('version').execute() as Promise<VersionSummary[]>;
}

/** One version with its snapshot; the latest when `version` is left out. */
export async function selectVersion(db: Db, code: string, version?: number): Promise<VersionRow | undefined> {
  return db
    .selectFrom('evaluation_version')
    .select([...versionSummaryColumns, 'definition', 'results', 'breakdown'])
    .where('cycle_code', '=', code)
    .$if(version !== undefined, (qb) => qb.where('version', '=', version!))
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst() as Promise<VersionRow | undefined>;
}

export async function insertVersion(db: Db, row: { code: string; version: number; reopenedReason?: string | null; reopenedBy?: string | null }) {
  await db
    .insertInto('evaluation_version')
    .values({
      cycle_code: row.code,
      version: row.version,
      definition: jsonb(null),
      results: jsonb(null),
      breakdown: jsonb(null),
      reopened_reason: row.reopenedReason ?? null,
      reopened_by: row.reopenedBy ?? null,
    })
    .execute();
}

export interface Snapshot {
  definition: Record<string, unknown>;
  results: Record<string, unknown>;
  breakdown: Record<string, unknown>;
  fingerprint: string;
  finalizedBy: string;
  finalizedById: number | null;
}

/** Stores the snapshot on a provisional version; returns false when it was not provisional. */
export async function finalizeVersion(db: Db, code: string, version: number, snapshot: Snapshot): Promise<boolean> {
  const result = await db
    .updateTable('evaluation_version')
    .set({
      status: 'final',
      definition: jsonb(snapshot.definition),
      results: jsonb(snapshot.results),
      breakdown: jsonb(snapshot.breakdown),
      fingerprint: snapshot.fingerprint,
      finalized_by: snapshot.finalizedBy,
      finalized_by_id: snapshot.finalizedById,
      finalized_at: sql<Date>`now()`,
    })
    .where('cycle_code', '=', code)
    .where('version', '=', version)
    .where('status', '=', 'provisional')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function supersedeVersion(db: Db, code: string, version: number): Promise<boolean> {
  const result = await db
    .updateTable('evaluation_version')
    .set({ status: 'superseded', superseded_at: sql<Date>`now()` })
    .where('cycle_code', '=', code)
    .where('version', '=', version)
    .where('status', '=', 'final')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
