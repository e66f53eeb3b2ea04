/**
 * Roster imports (`northstar people import FILE`, `POST /api/v1/people/imports`).
 *
 * All or nothing: every row is checked (its cells, its unit, and against the other rows of the
 * same employee: overlapping days, a different name, base or eligibility) and a single error
 * rejects the file with every error named by row and field. A file replaces, for each employee
 * it names, that employee's current assignments; employees it does not name are left alone.
 * An employee whose rows equal the current ones is unchanged, so importing the same file again
 * writes nothing at all. Replaced rows are kept, marked superseded (when, by whom, by which
 * import).
 */
import { sha256 } from '../auth/secrets.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import { fileNameOf, type FileSource } from '../measurements/file.ts';
import { overlaps } from '../scoring/payout.ts';
import { selectUnits } from '../units/repository.ts';
import { readRosterFile, type RosterRow, type RosterRowError } from './file.ts';
import * as repo from './repository.ts';

export interface RosterChange {
  employee: string;
  name: string;
  status: 'added' | 'replaced' | 'unchanged';
  assignments: { unit: string; from: string; to: string | null }[];
}

export interface RosterImportResult {
  file: string;
  rows: number;
  employees: number;
  added: number;
  replaced: number;
  unchanged: number;
  dryRun: boolean;
  /** The import's id; null when nothing changed (or on a dry run). */
  importId: number | null;
  changes: RosterChange[];
}

type Comparable = Pick<RosterRow, 'name' | 'unit' | 'from' | 'to' | 'base' | 'eligible'>;
const keyOf = (rows: Comparable[]) =>
  JSON.stringify([...rows].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)).map((r) => [r.name, r.unit, r.from, r.to, r.base, r.eligible]));

/** Errors that need the whole file: one employee's rows must not overlap and must agree on name, base and eligibility. */
function employeeErrors(byEmployee: Map<string, RosterRow[]>): RosterRowError[] {
  const errors: RosterRowError[] = [];
  for (const [employee, rows] of byEmployee) {
    const sorted = [...rows].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.row - b.row));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        if (overlaps(sorted[i], sorted[j])) {
          errors.push({ row: sorted[j].row, field: 'from', code: 'overlapping_assignment', message: `employee ${employee}: ${sorted[j].from}..${sorted[j].to ?? ''} overlaps row ${sorted[i].row} (${sorted[i].from}..${sorted[i].to ?? ''}); a transfer ends the day before the next row starts`, value: sorted[j].from });
        }
      }
    }
    const first = rows[0];
    for (const r of rows.slice(1)) {
      if (r.name !== first.name) errors.push({ row: r.row, field: 'name', code: 'inconsistent_employee', message: `employee ${employee} is "${first.name}" on row ${first.row}`, value: r.name });
      if (r.base !== first.base) errors.push({ row: r.row, field: 'base', code: 'inconsistent_employee', message: `employee ${employee} has base ${first.base} on row ${first.row}; one base per employee`, value: r.base });
      if (r.eligible !== first.eligible) errors.push({ row: r.row, field: 'eligible', code: 'inconsistent_employee', message: `employee ${employee} is ${first.eligible ? '' : 'not '}eligible on row ${first.row}`, value: r.eligible });
    }
  }
  return errors;
}

export async function importRoster(db: Db, actor: Actor, source: FileSource, options: { dryRun?: boolean } = {}): Promise<RosterImportResult> {
  const file = fileNameOf(source);
  const { rows, errors } = await readRosterFile(source);
  const units = new Map((await selectUnits(db)).map((u) => [u.code, u]));
  for (const r of rows) {
    if (!units.has(r.unit)) errors.push({ row: r.row, field: 'unit', code: 'unknown_unit', message: `unknown unit "${r.unit}"`, value: r.unit });
  }
  const byEmployee = new Map<string, RosterRow[]>();
  for (const r of rows) byEmployee.set(r.employee, [...(byEmployee.get(r.employee) ?? []), r]);
  errors.push(...employeeErrors(byEmployee));
  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row);
    throw new DomainError('invalid_roster', `The roster ${file} was not imported: ${errors.length} error${errors.length === 1 ? '' : 's'} (first: row ${errors[0].row}, ${errors[0].field}: ${errors[0].message})`, errors, 422);
  }
  if (rows.length === 0) throw new DomainError('empty_file', `The roster ${file} has no rows`, [{ row: 2, field: 'employee', message: 'no data rows' }]);

  if (!options.dryRun) await repo.lockRoster(db);
  const current = await repo.selectAssignments(db, { employees: [...byEmployee.keys()] });
  const currentBy = new Map<string, repo.AssignmentRow[]>();
  for (const a of current) currentBy.set(a.employee, [...(currentBy.get(a.employee) ?? []), a]);

  const changes: RosterChange[] = [...byEmployee]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([employee, list]) => {
      const before = currentBy.get(employee);
      const status = !before ? 'added' : keyOf(before) === keyOf(list) ? 'unchanged' : 'replaced';
      return { employee, name: list[0].name, status, assignments: list.map((r) => ({ unit: r.unit, from: r.from, to: r.to })) };
    });
  const count = (s: RosterChange['status']) => changes.filter((c) => c.status === s).length;
  const result: RosterImportResult = { file, rows: rows.length, employees: byEmployee.size, added: count('added'), replaced: count('replaced'), unchanged: count('unchanged'), dryRun: Boolean(options.dryRun), importId: null, changes };
  const changed = changes.filter((c) => c.status !== 'unchanged').map((c) => c.employee);
  if (options.dryRun || changed.length === 0) return result;

  const fingerprint = sha256(JSON.stringify([...byEmployee].sort(([a], [b]) => (a < b ? -1 : 1)).map(([e, list]) => [e, keyOf(list)])));
  const importId = await repo.insertRosterImport(db, { fileName: file, fingerprint, rows: rows.length, employees: byEmployee.size, changed: changed.length, by: actor.name });
  const changedSet = new Set(changed);
  await repo.supersedeAssignments(db, changed, { name: actor.name, importId });
  await repo.insertAssignments(
    db,
    rows.filter((r) => changedSet.has(r.employee)).map((r) => ({ ...r, unitId: units.get(r.unit)!.id })),
    { name: actor.name, importId },
  );
  // The audit row names who changed, not their pay: base amounts stay in the roster tables.
  await insertAudit(db, actor, { action: 'import', entity: 'roster', key: String(importId), after: { file, fingerprint, rows: rows.length, added: changes.filter((c) => c.status === 'added').map((c) => c.employee), replaced: changes.filter((c) => c.status === 'replaced').map((c) => c.employee) } });
  return { ...result, importId };
}

/** The roster as pay roles read it: current assignments (or every row with `history`), and the latest imports. */
export async function getRoster(db: Db, options: { history?: boolean; employee?: string } = {}) {
  const [assignments, imports] = await Promise.all([
    repo.selectAssignments(db, { history: options.history, employees: options.employee ? [options.employee] : undefined }),
    repo.selectRosterImports(db),
  ]);
  return {
    employees: new Set(assignments.filter((a) => a.supersededAt === null).map((a) => a.employee)).size,
    assignments: assignments.map((a) => ({ ...a, createdAt: new Date(a.createdAt).toISOString(), supersededAt: a.supersededAt ? new Date(a.supersededAt).toISOString() : null })),
    imports: imports.map((i) => ({ ...i, createdAt: new Date(i.createdAt).toISOString() })),
  };
}
