import { sql } from 'kysely';
import { copyFrom, copyText } from '../db/copy.ts';
import type { Db } from '../db/database.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { lockMeasurementWrites, rebuildRollupMonths } from '../rollup/service.ts';
import type { UnitRow } from '../units/repository.ts';
import { checkRow, loadLookup, rejectedBatch } from './check.ts';
import type { CheckedRow, ModelLookup, MeasurementInput, RowError, WriteOptions, WriteResult } from './types.ts';
import { selectLockedPairs } from './repository.ts';

/** Above this many rows, writes take the set-based bulk path (writeMeasurements, file imports). */
export const DEFAULT_BULK_THRESHOLD = 50_000;
/** Rows sent to the staging table per statement. */
export const BULK_CHUNK = 10_000;
/** The bulk path lists at most this many changes in its result (all are counted and applied). */
export const BULK_CHANGES_LIMIT = 10_000;

/**
 * The set-based strategy of the write pipeline (service.ts) for large batches and large files. Each row is checked on
 * its own by checkRow, as on the row-at-a-time path, and the good ones are streamed in chunks
 * into a temporary staging table (`unnest` arrays, one statement per chunk) already resolved to
 * ids and months. What needs the whole set (the same key twice, locked periods, what is stored
 * already) is decided in SQL over one sorted copy of the staged rows, the changes are merged into
 * `measurement` and `measurement_revision` in key order with a handful of statements, and the
 * rollup of the months written is rebuilt once instead of propagated key by key.
 * Everything happens in the caller's transaction (temporary tables live on its connection and
 * vanish with it), so a file is applied wholly or not at all.
 *
 * Same contract as writeMeasurements: unchanged rows are skipped (a second import changes
 * nothing), locked periods refused, one revision per change, targets upserted, an audit row.
 * Not supported here: `expectedRevision` (writeMeasurements keeps such batches on its own path).
 */
export class BulkWriter {
  private staged = 0;
  /** Staged rows that carry a target. */
  private stagedTargets = 0;
  /** The months of the staged rows: the rollup of these is rebuilt. */
  private readonly months = new Set<string>();
  private pending: Promise<void> = Promise.resolve();
  /** Rows of the file that never became inputs (unreadable cells). */
  private parseErrors: RowError[] = [];
  /** Inputs refused on their own (checkRow). */
  private inputErrors: RowError[] = [];
  private readonly unitsById: Map<number, UnitRow>;
  private constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly options: WriteOptions & { label?: string },
    private readonly model: ModelLookup,
    private readonly locked: Set<string>,
  ) {
    this.unitsById = new Map([...model.units.values()].map((u) => [u.id, u]));
  }

  static async open(db: Db, actor: Actor, options: WriteOptions & { label?: string }, lookup?: ModelLookup): Promise<BulkWriter> {
    if (!db.isTransaction) throw new Error('BulkWriter needs a transaction (temporary tables live on one connection)');
    // Large set-based statements: JIT compilation costs more than it saves here, and sorts and
    // hashes over a million narrow rows should stay in memory.
    await sql`set local jit = off`.execute(db);
    await sql`set local work_mem = '256MB'`.execute(db);
    await sql`drop view if exists ns_changes`.execute(db);
    await sql`drop table if exists ns_stage, ns_keyed`.execute(db);
    await sql`create temp table ns_stage (
      row integer not null, indicator_id integer not null, unit_id integer not null, month text collate "C" not null,
      period text, value numeric, target numeric, note text, note_given boolean not null, locked boolean not null) on commit drop`.execute(db);
    const [model, locked] = await Promise.all([lookup ?? loadLookup(db), selectLockedPairs(db)]);
    return new BulkWriter(db, actor, options, model, locked);
  }

  /** Rows that failed before validation (unreadable cells): reported with the others. */
  addErrors(errors: RowError[]): void {
    for (const e of errors) this.parseErrors.push(e);
  }

  async add(inputs: MeasurementInput[]): Promise<void> {
    for (let i = 0; i < inputs.length; i += BULK_CHUNK) {
      if (this.options.signal?.aborted) throw this.options.signal.reason instanceof Error ? this.options.signal.reason : new Error('aborted');
      const chunk = new StagedChunk();
      for (const input of inputs.slice(i, i + BULK_CHUNK)) {
        const checked = checkRow(input, this.model, this.options);
        if (checked.errors) this.inputErrors.push(...checked.errors);
        else {
          chunk.push(checked.row, this.locked.size > 0 && this.locked.has(`${checked.row.unit.id}|${checked.row.period}`));
          if (input.target !== undefined && input.target !== null) this.stagedTargets++;
          this.months.add(checked.row.period);
        }
      }
      if (chunk.size === 0) continue;
      // One chunk travels to the database while the next is parsed: wait for the previous one only now.
      await this.pending;
      this.pending = chunk.insert(this.db);
      this.pending.catch(() => undefined); // surfaced by the next await of `pending`
      this.staged += chunk.size;
    }
  }

  async finish(): Promise<WriteResult> {
    const { db, options } = this;
    const step = options.onStep ?? (() => undefined);
    await this.pending;
    step('parse, check and stage');
    if (this.staged > 1000) await sql`analyze ns_stage (indicator_id, unit_id, month)`.execute(db);

    // Staging needed no lock; what is stored, what is locked and what changes must not move
    // under us from here.
    if (!options.dryRun) {
      await lockMeasurementWrites(db);
      await this.markMonthsLockedSinceOpen();
    }
    await this.keyStagedRows();
    const setErrors = await this.duplicatesAndLocks();
    const inputRejected = mergeByRow(this.inputErrors, setErrors);
    const errors = mergeByRow(this.parseErrors, inputRejected);
    // As on the row-at-a-time path: the audit counts the inputs, the result every row of the file.
    const inputRows = this.staged + new Set(this.inputErrors.map((e) => e.row)).size;
    const rowsTotal = inputRows + new Set(this.parseErrors.map((e) => e.row)).size;
    if (errors.length > 0 && options.accept === 'all') throw rejectedBatch(errors, options.label ? `${errors.length} row${errors.length === 1 ? '' : 's'} of ${options.label}` : `${errors.length} of ${rowsTotal} row${rowsTotal === 1 ? '' : 's'}`);

    // What changes: accepted rows whose value or note differ from what is stored. A view, read
    // by the merge statements: ns_keyed is already in key order, and copying a million rows
    // into another table would cost more than the scans.
    await sql`create temp view ns_changes as
      select k.row, k.indicator_id, k.unit_id, k.month as period, k.value, k.stored_value as previous_value,
             coalesce(k.stored_revision, 0) + 1 as revision, case when k.note_given then nullif(k.note, '') else k.stored_note end as note
      from ns_keyed k
      where k.accepted
        and not (k.stored_revision is null and k.value is null)
        and not (k.stored_value is not distinct from k.value and k.stored_note is not distinct from (case when k.note_given then nullif(k.note, '') else k.stored_note end))`.execute(db);
    const accepted = this.staged - setErrors.length;
    const { rows: counts } = await sql<ChangeCounts & { targets: number }>`
      select count(*) filter (where revision = 1 and value is not null)::int as added,
             count(*) filter (where revision > 1 and value is not null)::int as updated,
             count(*) filter (where value is null)::int as cleared,
             ${this.stagedTargets > 0 ? sql`(select count(*) from ns_keyed where accepted and target is not null)::int` : sql`0`} as targets
      from ns_changes`.execute(db);
    const { targets, ...kinds } = counts[0];
    const changed = kinds.added + kinds.updated + kinds.cleared;
    const { rows: changeRows } = await sql<{ indicator: string; unit: string; period: string; before: number | null; after: number | null; revision: number }>`
      select i.code as indicator, u.code as unit, c.period, c.previous_value as before, c.value as after, c.revision
      from (select * from ns_changes order by row limit ${BULK_CHANGES_LIMIT}) c
      join indicator i on i.id = c.indicator_id join org_unit u on u.id = c.unit_id
      order by c.row`.execute(db);
    const result: WriteResult = { rows: rowsTotal, accepted, changed, unchanged: accepted - changed, rejected: errors, changes: changeRows };
    if (options.dryRun) return this.dropScratch(result);

    step('key, duplicates, locks and changes');
    if (changed > 0) await this.mergeChanges(kinds);
    step('merge into measurement and measurement_revision');
    if (targets > 0) {
      await sql`insert into target (indicator_id, unit_id, period, target, baseline, stretch, red_flag, updated_by, updated_at)
        select indicator_id, unit_id, month, target, null, null, null, ${this.actor.id}::int, now() from ns_keyed where accepted and target is not null
        on conflict (indicator_id, unit_id, period) do update set
          target = excluded.target, baseline = excluded.baseline, stretch = excluded.stretch, red_flag = excluded.red_flag,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(db);
    }
    if (changed > 0 || targets > 0) {
      await rebuildRollupMonths(db, [...this.months]);
      step('rollup');
      await insertAudit(db, this.actor, {
        action: 'write',
        entity: 'measurements',
        key: options.source,
        after: { rows: inputRows, changed, targets, rejected: inputRejected.length, changes: changeRows.slice(0, 100) },
        reason: options.reason ?? null,
      });
    }
    return this.dropScratch(result);
  }

  private async dropScratch<T>(result: T): Promise<T> {
    await sql`drop view if exists ns_changes`.execute(this.db);
    await sql`drop table if exists ns_stage, ns_keyed`.execute(this.db);
    return result;
  }

  /**
   * The staged rows in key order (the order of `measurement` and `measurement_revision`, so
   * that the merge appends to their indexes instead of splitting pages all over them), each
   * with what is stored under its key and the first row of the file with that key. One sort
   * serves both the duplicate check and the merge. A row is accepted when it is the first of
   * its key and its month is not locked (the order the row-at-a-time path checks in).
   */
  private async keyStagedRows(): Promise<void> {
    await sql`create temp table ns_keyed on commit drop as
      select s.*, first_value(s.row) over same_key as first_row,
             first_value(s.row) over same_key = s.row and not s.locked as accepted,
             m.value as stored_value, m.note as stored_note, m.revision as stored_revision
      from ns_stage s
      left join measurement m on m.unit_id = s.unit_id and m.period = s.month and m.indicator_id = s.indicator_id
      window same_key as (partition by s.unit_id, s.month, s.indicator_id order by s.row)
      order by s.unit_id, s.month, s.indicator_id, s.row`.execute(this.db);
  }

  /** Months locked while the rows were being staged (open() read the locks before). */
  private async markMonthsLockedSinceOpen(): Promise<void> {
    const added = [...(await selectLockedPairs(this.db))].filter((pair) => !this.locked.has(pair));
    if (added.length === 0) return;
    const unitIds = added.map((pair) => Number(pair.split('|')[0]));
    const months = added.map((pair) => pair.split('|')[1]);
    await sql`update ns_stage s set locked = true
      from unnest(${unitIds}::int[], ${months}::text[]) as l(unit_id, month)
      where s.unit_id = l.unit_id and s.month = l.month`.execute(this.db);
  }

  /** Rows that repeat an earlier row's key, then rows of locked periods among the rest. */
  private async duplicatesAndLocks(): Promise<RowError[]> {
    const { rows } = await sql<{ row: number; first_row: number; unit_id: number; month: string; period: string }>`
      select k.row, k.first_row, k.unit_id, k.month, coalesce(k.period, k.month) as period
      from ns_keyed k where not k.accepted order by k.row`.execute(this.db);
    return rows.map((r) =>
      r.first_row !== r.row
        ? { row: r.row, field: 'period', code: 'duplicate_key', message: `the same indicator, unit and period as row ${r.first_row}` }
        : { row: r.row, field: 'period', code: 'period_locked', message: `${r.month} is locked for ${this.unitsById.get(r.unit_id)!.code}; an admin must reopen it first`, value: r.period },
    );
  }

  /**
   * One revision per change, then the values: new keys inserted, existing ones updated, cleared
   * ones deleted. New keys take a plain insert (an upsert costs half as much again per row):
   * the writes lock keeps every other writer out until this transaction ends.
   */
  private async mergeChanges(kinds: ChangeCounts): Promise<void> {
    const { db, options, actor } = this;
    await sql`insert into measurement_revision (indicator_id, unit_id, period, revision, value, previous_value, source, note, reason, changed_by, changed_by_name)
      select indicator_id, unit_id, period, revision, value, previous_value, ${options.source}::text, note, ${options.reason ?? null}::text, ${actor.id}::int, ${actor.name}::text
      from ns_changes`.execute(db);
    if (kinds.added > 0) await sql`insert into measurement (indicator_id, unit_id, period, value, source, note, revision, updated_by, updated_at)
      select indicator_id, unit_id, period, value, ${options.source}::text, note, revision, ${actor.id}::int, now()
      from ns_changes where revision = 1 and value is not null`.execute(db);
    if (kinds.updated > 0) await sql`update measurement m set value = c.value, source = ${options.source}::text, note = c.note, revision = c.revision, updated_by = ${actor.id}::int, updated_at = now()
      from ns_changes c
      where c.revision > 1 and c.value is not null and m.indicator_id = c.indicator_id and m.unit_id = c.unit_id and m.period = c.period`.execute(db);
    if (kinds.cleared > 0) await sql`delete from measurement m using ns_changes c
      where c.value is null and m.indicator_id = c.indicator_id and m.unit_id = c.unit_id and m.period = c.period`.execute(db);
  }
}

/** Changes by what they do to `measurement`. */
interface ChangeCounts {
  added: number;
  updated: number;
  cleared: number;
}

/**
 * One chunk of checked rows as `COPY` text (tab-separated, `\N` for null), sent in one
 * `COPY ns_stage … FROM STDIN` on the transaction's connection (server/db/copy.ts): no
 * arrays to build in Node and none to parse in the server.
 */
class StagedChunk {
  private text = '';
  size = 0;

  push(checked: CheckedRow, locked: boolean): void {
    const { input } = checked;
    // row, ids and months need no escaping (numbers, validated months); free text does.
    this.text += `${input.row}\t${checked.indicatorId}\t${checked.unit.id}\t${checked.period}\t${input.period === checked.period ? '\\N' : copyText(input.period)}\t${
      input.value === null ? '\\N' : input.value}\t${input.target === undefined || input.target === null ? '\\N' : input.target}\t${
      input.note === undefined || input.note === null ? '\\N' : copyText(input.note)}\t${input.note !== undefined ? 't' : 'f'}\t${locked ? 't' : 'f'}\n`;
    this.size++;
  }

  insert(db: Db): Promise<void> {
    return copyFrom(db, 'copy ns_stage (row, indicator_id, unit_id, month, period, value, target, note, note_given, locked) from stdin', [this.text]);
  }
}

/** Both lists sorted by row; rows of `a` and `b` are disjoint. */
function mergeByRow(a: RowError[], b: RowError[]): RowError[] {
  if (a.length === 0) return b;
  return [...a, ...b].sort((x, y) => x.row - y.row);
}

/** writeMeasurements' bulk strategy for an in-memory batch, in its transaction. */
export async function writeMeasurementsBulk(trx: Db, actor: Actor, inputs: MeasurementInput[], options: WriteOptions, lookup?: ModelLookup): Promise<WriteResult> {
  const writer = await BulkWriter.open(trx, actor, options, lookup);
  await writer.add(inputs);
  return writer.finish();
}
