import type { Db } from '../db/database.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { upsertTargets } from '../model/repository.ts';
import { applyMeasurementChanges, lockMeasurementWrites, refreshTargetRollups } from '../rollup/service.ts';
import { checkRows, loadLookup, rejectedBatch } from './check.ts';
import { applyMeasurementWrites, selectCurrentMeasurements, selectLockedPairs, type MeasurementWrite } from './repository.ts';
import type { CheckedRow, MeasurementInput, ModelLookup, RowError, WriteOptions, WriteResult } from './types.ts';

type TargetWrite = { indicatorId: number; unitId: number; period: string; target: number };

/**
 * The row-at-a-time strategy of the write pipeline (small batches, and any batch with
 * `expectedRevision`), in the caller's transaction: check each row (checkRows), refuse locked
 * periods, compare with what is stored (stage), then write the revisions and values (merge) and
 * refresh the rollups key by key. Per-row errors name row, field and reason; unchanged values
 * are skipped (so the same file twice changes nothing); one revision per change.
 */
export async function writeRows(db: Db, actor: Actor, inputs: MeasurementInput[], options: WriteOptions, lookup?: ModelLookup): Promise<WriteResult> {
  // Before reading the current revisions: a concurrent writer of the same key waits, then sees ours.
  if (!options.dryRun) await lockMeasurementWrites(db);
  const model = lookup ?? (await loadLookup(db, inputs));
  const { valid, errors } = checkRows(inputs, model, options);
  const unlocked = await refuseLockedPeriods(db, valid, errors);
  const { result, writes, targets } = await stageChanges(db, inputs, unlocked, errors, options);
  if (errors.length > 0 && options.accept === 'all') throw rejectedBatch(errors, `${errors.length} of ${inputs.length} row${inputs.length === 1 ? '' : 's'}`);
  if (options.dryRun) return result;
  await mergeAndRollUp(db, actor, inputs.length, { result, writes, targets }, options);
  return result;
}

/** The rows whose month is open; the others become `period_locked` errors. */
async function refuseLockedPeriods(db: Db, valid: CheckedRow[], errors: RowError[]): Promise<CheckedRow[]> {
  const locked = await selectLockedPairs(db, { unitIds: valid.map((v) => v.unit.id), periods: valid.map((v) => v.period) });
  return valid.filter((v) => {
    if (!locked.has(`${v.unit.id}|${v.period}`)) return true;
    errors.push({ row: v.input.row, field: 'period', value: v.input.period, code: 'period_locked', message: `${v.period} is locked for ${v.unit.code}; an admin must reopen it first` });
    return false;
  });
}

/**
 * Each accepted row against what is stored under its key: a stale `expectedRevision` is a
 * `conflict` error, an equal value and note is unchanged, anything else is a change with the
 * next revision. Targets given with the rows are collected alongside.
 */
async function stageChanges(db: Db, inputs: MeasurementInput[], rows: CheckedRow[], errors: RowError[], options: WriteOptions) {
  const current = new Map((await selectCurrentMeasurements(db, rows.map((v) => ({ indicatorId: v.indicatorId, unitId: v.unit.id, period: v.period })))).map((m) => [`${m.indicatorId}|${m.unitId}|${m.period}`, m]));
  const writes: MeasurementWrite[] = [];
  const result: WriteResult = { rows: inputs.length, accepted: 0, changed: 0, unchanged: 0, rejected: errors, changes: [] };
  const targets: TargetWrite[] = [];
  for (const v of rows) {
    const existing = current.get(`${v.indicatorId}|${v.unit.id}|${v.period}`);
    if (v.input.expectedRevision !== undefined && (existing?.revision ?? 0) !== v.input.expectedRevision) {
      errors.push({
        row: v.input.row,
        field: 'value',
        code: 'conflict',
        value: existing?.value ?? null,
        message: `${v.input.indicator} for ${v.unit.code} ${v.period} was changed by someone else (now ${existing?.value ?? 'empty'}, revision ${existing?.revision ?? 0})`,
      });
      continue;
    }
    result.accepted++;
    if (v.input.target !== undefined && v.input.target !== null) targets.push({ indicatorId: v.indicatorId, unitId: v.unit.id, period: v.period, target: v.input.target });
    const note = v.input.note === undefined ? (existing?.note ?? null) : v.input.note || null;
    if ((existing?.value ?? null) === v.input.value && (existing?.note ?? null) === note) {
      result.unchanged++;
      continue;
    }
    if (!existing && v.input.value === null) {
      result.unchanged++;
      continue;
    }
    const revision = (existing?.revision ?? 0) + 1;
    writes.push({ indicatorId: v.indicatorId, unitId: v.unit.id, period: v.period, value: v.input.value, previousValue: existing?.value ?? null, revision, note, source: options.source });
    result.changes.push({ indicator: v.input.indicator, unit: v.unit.code, period: v.period, before: existing?.value ?? null, after: v.input.value, revision });
  }
  result.changed = writes.length;
  result.rejected.sort((a, b) => a.row - b.row);
  return { result, writes, targets };
}

/** Revisions and values, then targets, each followed by the rollup of the keys they touch; one audit row. */
async function mergeAndRollUp(db: Db, actor: Actor, inputRows: number, staged: { result: WriteResult; writes: MeasurementWrite[]; targets: TargetWrite[] }, options: WriteOptions): Promise<void> {
  const { result, writes, targets } = staged;
  await applyMeasurementWrites(db, writes, actor, options.reason ?? null);
  await applyMeasurementChanges(db, writes);
  if (targets.length) {
    await upsertTargets(db, targets.map((t) => ({ ...t, baseline: null, stretch: null, redFlag: null, updatedBy: actor.id })));
    await refreshTargetRollups(db, targets);
  }
  if (writes.length || targets.length) {
    await insertAudit(db, actor, {
      action: 'write',
      entity: 'measurements',
      key: options.source,
      after: { rows: inputRows, changed: writes.length, targets: targets.length, rejected: result.rejected.length, changes: result.changes.slice(0, 100) },
      reason: options.reason ?? null,
    });
  }
}
