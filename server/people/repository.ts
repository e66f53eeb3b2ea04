/**
 * The roster: effective-dated assignments of employees to units, and the imports that wrote
 * them. Every function takes the Kysely instance (or a transaction) first.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { LocalizedName } from '../db/schema.ts';

export interface AssignmentRow {
  id: number;
  employee: string;
  name: string;
  unit: string;
  unitName: LocalizedName;
  from: string;
  to: string | null;
  base: number;
  eligible: boolean;
  importId: number;
  sourceRow: number;
  createdAt: Date;
  createdBy: string;
  supersededAt: Date | null;
  supersededBy: string | null;
}

/** Assignments, current only unless `history`; optionally of some employees. Ordered by employee and start. */
export async function selectAssignments(db: Db, options: { history?: boolean; employees?: string[] } = {}): Promise<AssignmentRow[]> {
  if (options.employees && options.employees.length === 0) return [];
  const rows = await db
    .selectFrom('employee_assignment as a')
    .innerJoin('org_unit as u', 'u.id', 'a.unit_id')
    .select([
      'a.id',
      'a.employee',
      'a.name',
      'u.code as unit',
      'u.name as unitName',
      sql<string>`to_char(a.valid_from, 'YYYY-MM-DD')`.as('from'),
      sql<string | null>`to_char(a.valid_to, 'YYYY-MM-DD')`.as('to'),
      sql<string>`a.base::text`.as('base'),
      'a.eligible',
      'a.import_id as importId',
      'a.source_row as sourceRow',
      'a.created_at as createdAt',
      'a.created_by as createdBy',
      'a.superseded_at as supersededAt',
      'a.superseded_by as supersededBy',
    ])
    .$if(!options.history, (qb) => qb.where('a.superseded_at', 'is', null))
    .$if(options.employees !== undefined, (qb) => qb.where('a.employee', 'in', options.employees!))
    .orderBy('a.employee')
    .orderBy('a.valid_from')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({ ...r, base: Number(r.base) })) as AssignmentRow[];
}

export async function insertRosterImport(db: Db, row: { fileName: string; fingerprint: string; rows: number; employees: number; changed: number; by: string }): Promise<number> {
  const inserted = await db
    .insertInto('roster_import')
    .values({ file_name: row.fileName, fingerprint: row.fingerprint, rows: row.rows, employees: row.employees, changed: row.changed, created_by: row.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function selectRosterImports(db: Db, limit = 50) {
  return db
    .selectFrom('roster_import')
    .select(['id', 'file_name as fileName', 'fingerprint', 'rows', 'employees', 'changed', 'created_at as createdAt', 'created_by as createdBy'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Marks the current rows of these employees superseded by an import (they stay, as history). */
export async function supersedeAssignments(db: Db, employees: string[], by: { name: string; importId: number }) {
  if (employees.length === 0) return;
  await db
    .updateTable('employee_assignment')
    .set({ superseded_at: sql<Date>`now()`, superseded_by: by.name, superseded_by_import: by.importId })
    .where('employee', 'in', employees)
    .where('superseded_at', 'is', null)
    .execute();
}

export async function insertAssignments(
  db: Db,
  rows: { employee: string; name: string; unitId: number; from: string; to: string | null; base: number; eligible: boolean; row: number }[],
  by: { name: string; importId: number },
) {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('employee_assignment')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          employee: r.employee,
          name: r.name,
          unit_id: r.unitId,
          valid_from: r.from,
          valid_to: r.to,
          base: r.base.toFixed(2),
          eligible: r.eligible,
          import_id: by.importId,
          source_row: r.row,
          created_by: by.name,
        })),
      )
      .execute();
  }
}

/** One roster import at a time: two files naming the same employee must not interleave. */
export async function lockRoster(db: Db) {
  await sql`select pg_advisory_xact_lock(hashtextextended('northstar.roster', 0))`.execute(db);
}
