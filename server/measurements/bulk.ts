import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { rebuildRollups } from '../rollup/service.ts';
import type { ModelLookup, MeasurementInput, RowError, WriteOptions, WriteResult } from './service.ts';

/** Above this many rows, writes take the set-based bulk path (writeMeasurements, file imports). */
export const DEFAULT_BULK_THRESHOLD = 50_000;
/** Rows sent to the staging table per statement. */
export const BULK_CHUNK = 10_000;
/** The bulk path lists at most this many changes in its result (all are counted and applied). */
export const BULK_CHANGES_LIMIT = 10_000;

/**
 * The set-based strategy behind writeMeasurements for large batches: rows are streamed in
 * chunks into a temporary staging table (`unnest` arrays, one statement per chunk), validated
 * in SQL with the same per-row errors as the row-at-a-time path, merged into `measurement` and
 * `measurement_revision` with a handful of statements, and the rollup is rebuilt once instead
 * of being propagated key by key. Everything happens in the caller's transaction (temporary
 * tables live on its connection and vanish with it), so a file is applied wholly or not at all.
 *
 * Same contract as writeMeasurements: unchanged rows are skipped (a second import changes
 * nothing), locked periods refused, one revision per change, targets upserted, an audit row.
 * Not supported here: `expectedRevision` (writeMeasurements keeps such batches on its own path).
 */
export class BulkWriter {
  private staged = 0;
  private pending: Promise<void> = Promise.resolve();
  /** Rows of the file that never became inputs (unreadable cells). */
  private parseErrors: RowError[] = [];
  /** Inputs refused before staging (values that are not finite numbers). */
  private inputErrors: RowError[] = [];
  private constructor(
    private readonly db: Db,
    private readonly actor: Actor,
    private readonly options: WriteOptions & { label?: string },
    private readonly model: ModelLookup | null,
  ) {}

  static async open(db: Db, actor: Actor, options: WriteOptions & { label?: string }, lookup?: ModelLookup): Promise<BulkWriter> {
    if (!db.isTransaction) throw new Error('BulkWriter needs a transaction (temporary tables live on one connection)');
    // Large set-based statements: JIT compilation costs more than it saves here (seconds, on
    // cost estimates inflated by correlated subqueries), and sorts should stay in memory.
    await sql`set local jit = off`.execute(db);
    await sql`set local work_mem = '64MB'`.execute(db);
    await sql`drop table if exists ns_stage`.execute(db);
    await sql`create temp table ns_stage (
      row integer not null, indicator text not null, unit text not null, period text not null,
      value numeric, target numeric, note text, note_given boolean not null) on commit drop`.execute(db);
    return new BulkWriter(db, actor, options, lookup ?? null);
  }

  /** Rows that failed before validation (unreadable cells): reported with the others. */
  addErrors(errors: RowError[]): void {
    for (const e of errors) this.parseErrors.push(e);
  }

  async add(inputs: MeasurementInput[]): Promise<void> {
    for (let i = 0; i < inputs.length; i += BULK_CHUNK) {
      if (this.options.signal?.aborted) throw this.options.signal.reason instanceof Error ? this.options.signal.reason : new Error('aborted');
      const chunk = inputs.slice(i, i + BULK_CHUNK);
      const rows: number[] = [];
      const indicators: string[] = [];
      const units: string[] = [];
      const periods: string[] = [];
      const values: (string | null)[] = [];
      const targets: (string | null)[] = [];
      const notes: (string | null)[] = [];
      const noteGiven: boolean[] = [];
      for (const r of chunk) {
        // Values that are not finite numbers are row errors, as on the row-at-a-time path.
        const bad: RowError[] = [];
        if (r.value !== null && !Number.isFinite(r.value)) bad.push({ row: r.row, field: 'value', code: 'not_a_number', message: 'is not a number', value: r.value });
        if (r.target !== undefined && r.target !== null && !Number.isFinite(r.target)) bad.push({ row: r.row, field: 'target', code: 'not_a_number', message: 'is not a number', value: r.target });
        if (bad.length) {
          this.inputErrors.push(...bad);
          continue;
        }
        rows.push(r.row);
        indicators.push(r.indicator);
        units.push(r.unit);
        periods.push(r.period);
        values.push(r.value === null ? null : String(r.value));
        targets.push(r.target === undefined || r.target === null ? null : String(r.target));
        notes.push(r.note === undefined || r.note === null ? null : r.note);
        noteGiven.push(r.note !== undefined);
      }
      if (rows.length === 0) continue;
      // One chunk travels to the database while the next is parsed: wait for the previous one only now.
      await this.pending;
      this.pending = sql`insert into ns_stage (row, indicator, unit, period, value, target, note, note_given)
        select * from unnest(${rows}::int[], ${indicators}::text[], ${units}::text[], ${periods}::text[],
                             ${values}::numeric[], ${targets}::numeric[], ${notes}::text[], ${noteGiven.map((g) => (g ? 't' : 'f'))}::text[]::bool[])`
        .execute(this.db)
        .then(() => undefined);
      this.pending.catch(() => undefined); // surfaced by the next await of `pending`
      this.staged += rows.length;
    }
  }

  async finish(): Promise<WriteResult> {
    const db = this.db;
    const options = this.options;
    await this.pending;
    if (this.staged > 1000) await sql`analyze ns_stage`.execute(db);
    const forbidden = options.canWrite && this.model ? [...this.model.units.values()].filter((u) => !options.canWrite!(u)).map((u) => u.id) : await this.forbiddenUnits();

    // Resolve codes and periods, and decide each row's fate, in the order the row-at-a-time path
    // checks: unknown codes and bad periods, computed indicators, applicability, permission, the
    // same key twice (among rows that passed so far), locked periods. One statement, one pass.
    await sql`drop table if exists ns_resolved`.execute(db);
    await sql`create temp table ns_resolved on commit drop as
      with r as (
        select s.*, i.id as indicator_id, i.code as indicator_code, i.formula, i.applies_to, i.frequency,
               u.id as unit_id, u.code as unit_code, u.path as unit_path,
               case when s.period ~ '^\\d{4}-(0[1-9]|1[0-2])$' then s.period
                    when i.frequency = 'quarterly' and s.period ~ '^\\d{4}-Q[1-4]$' then left(s.period, 4) || '-' || lpad((substr(s.period, 7, 1)::int * 3)::text, 2, '0')
                    when i.frequency = 'yearly' and s.period ~ '^\\d{4}$' then s.period || '-12' end as month
        from ns_stage s left join indicator i on i.code = s.indicator left join org_unit u on u.code = s.unit
      ), f as (
        select r.*, case
            when r.indicator_id is null or r.unit_id is null or r.month is null then 'invalid'
            when r.formula is not null then 'computed_indicator'
            when r.applies_to is not null and not exists (
              select 1 from jsonb_array_elements_text(r.applies_to) a(code) join org_unit au on au.code = a.code where r.unit_path like au.path || '%') then 'not_applicable'
            when r.unit_id = any(${forbidden}::int[]) then 'forbidden' end as early
        from r
      ), d as (
        select f.*, row_number() over w as n, min(f.row) over w as first_row
        from f window w as (partition by f.early is null, f.indicator_id, f.unit_id, f.month order by f.row)
      )
      select d.row, d.indicator, d.unit, d.period, d.value, d.target, d.note, d.note_given, d.indicator_id, d.indicator_code, d.formula,
             d.applies_to, d.frequency, d.unit_id, d.unit_code, d.unit_path, d.month,
             case when d.early is not null then d.early
                  when d.n > 1 then 'duplicate_key:' || d.first_row
                  when lk.unit_id is not null then 'period_locked' end as fate
      from d left join (
        select distinct u.id as unit_id, l.period from period_lock l join org_unit lu on lu.id = l.unit_id join org_unit u on u.path like lu.path || '%'
      ) lk on lk.unit_id = d.unit_id and lk.period = d.month`.execute(db);

    const { rows: errorRows } = await sql<{ row: number; field: string; code: string; message: string; value: string | null; has_value: boolean }>`
      select row, field, code, message, value, has_value from (
        select row, 1 as seq, 'indicator' as field, 'unknown_indicator' as code, 'unknown indicator "' || indicator || '"' as message, indicator as value, true as has_value
          from ns_resolved where fate = 'invalid' and indicator_id is null
        union all
        select row, 2, 'unit', 'unknown_unit', 'unknown unit "' || unit || '"', unit, true from ns_resolved where fate = 'invalid' and unit_id is null
        union all
        select row, 3, 'period', 'bad_period',
               '"' || period || '" is not a month (YYYY-MM)' || case when frequency = 'quarterly' then ' or a quarter (YYYY-Qn)' when frequency = 'yearly' then ' or a year (YYYY)' else '' end,
               period, true
          from ns_resolved where fate = 'invalid' and month is null
        union all
        select row, 4, 'indicator', 'computed_indicator', '"' || indicator_code || '" is computed by its formula (' || formula || '); enter its inputs instead', null, false
          from ns_resolved where fate = 'computed_indicator'
        union all
        select row, 4, 'unit', 'not_applicable', '"' || indicator_code || '" does not apply to unit ' || unit_code || ' (applies to '
               || (select string_agg(a.code, ', ' order by a.n) from jsonb_array_elements_text(applies_to) with ordinality a(code, n)) || ')', null, false
          from ns_resolved where fate = 'not_applicable'
        union all
        select row, 4, 'unit', 'forbidden', 'you may not enter data for unit ' || unit_code, null, false from ns_resolved where fate = 'forbidden'
        union all
        select row, 4, 'period', 'duplicate_key', 'the same indicator, unit and period as row ' || substr(fate, 15), null, false from ns_resolved where fate like 'duplicate_key:%'
        union all
        select row, 4, 'period', 'period_locked', month || ' is locked for ' || unit_code || '; an admin must reopen it first', period, true from ns_resolved where fate = 'period_locked'
      ) e order by row, seq`.execute(db);
    const validationErrors: RowError[] = errorRows.map((e) => (e.has_value ? { row: e.row, field: e.field, code: e.code, message: e.message, value: e.value } : { row: e.row, field: e.field, code: e.code, message: e.message }));
    const inputRejected = mergeByRow(this.inputErrors, validationErrors);
    const errors = mergeByRow(this.parseErrors, inputRejected);
    // As on the row-at-a-time path: the audit counts the inputs, the result every row of the file.
    const inputRows = this.staged + new Set(this.inputErrors.map((e) => e.row)).size;
    const rowsTotal = inputRows + new Set(this.parseErrors.map((e) => e.row)).size;

    // What changes: accepted rows whose value or note differ from what is stored.
    await sql`drop table if exists ns_changes`.execute(db);
    await sql`create temp table ns_changes on commit drop as
      select r.row, r.indicator_code, r.unit_code, r.month as period, r.indicator_id, r.unit_id, r.value, m.value as previous_value,
             coalesce(m.revision, 0) + 1 as revision, case when r.note_given then nullif(r.note, '') else m.note end as note
      from ns_resolved r
      left join measurement m on m.indicator_id = r.indicator_id and m.unit_id = r.unit_id and m.period = r.month
      where r.fate is null
        and not (m.indicator_id is null and r.value is null)
        and not (m.value is not distinct from r.value and m.note is not distinct from (case when r.note_given then nullif(r.note, '') else m.note end))`.execute(db);
    const { rows: counts } = await sql<{ accepted: number; changed: number; targets: number }>`
      select (select count(*) from ns_resolved where fate is null)::int as accepted,
             (select count(*) from ns_changes)::int as changed,
             (select count(*) from ns_resolved where fate is null and target is not null)::int as targets`.execute(db);
    const { accepted, changed, targets } = counts[0];
    const { rows: changeRows } = await sql<{ indicator: string; unit: string; period: string; before: number | null; after: number | null; revision: number }>`
      select indicator_code as indicator, unit_code as unit, period, previous_value as before, value as after, revision
      from ns_changes order by row limit ${BULK_CHANGES_LIMIT}`.execute(db);
    const result: WriteResult = { rows: rowsTotal, accepted, changed, unchanged: accepted - changed, rejected: errors, changes: changeRows };

    if (errors.length > 0 && options.accept === 'all') {
      const what = options.label ? `${errors.length} row${errors.length === 1 ? '' : 's'} of ${options.label}` : `${errors.length} of ${rowsTotal} row${rowsTotal === 1 ? '' : 's'}`;
      const status = errors.every((e) => e.code === 'period_locked') ? 423 : 422;
      throw new DomainError('invalid_rows', `${what} cannot be applied; nothing was changed. First: row ${errors[0].row}, ${errors[0].field}: ${errors[0].message}`, errors, status);
    }
    if (options.dryRun) return result;

    if (changed > 0) {
      await sql`insert into measurement_revision (indicator_id, unit_id, period, revision, value, previous_value, source, note, reason, changed_by, changed_by_name)
        select indicator_id, unit_id, period, revision, value, previous_value, ${options.source}::text, note, ${options.reason ?? null}::text, ${this.actor.id}::int, ${this.actor.name}::text
        from ns_changes order by row`.execute(db);
      await sql`insert into measurement (indicator_id, unit_id, period, value, source, note, revision, updated_by, updated_at)
        select indicator_id, unit_id, period, value, ${options.source}::text, note, revision, ${this.actor.id}::int, now()
        from ns_changes where value is not null
        on conflict (indicator_id, unit_id, period) do update set
          value = excluded.value, source = excluded.source, note = excluded.note, revision = excluded.revision,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(db);
      await sql`delete from measurement m using ns_changes c
        where c.value is null and m.indicator_id = c.indicator_id and m.unit_id = c.unit_id and m.period = c.period`.execute(db);
    }
    if (targets > 0) {
      await sql`insert into target (indicator_id, unit_id, period, target, baseline, stretch, red_flag, updated_by, updated_at)
        select indicator_id, unit_id, month, target, null, null, null, ${this.actor.id}::int, now() from ns_resolved where fate is null and target is not null
        on conflict (indicator_id, unit_id, period) do update set
          target = excluded.target, baseline = excluded.baseline, stretch = excluded.stretch, red_flag = excluded.red_flag,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(db);
    }
    if (changed > 0 || targets > 0) {
      await rebuildRollups(db);
      await insertAudit(db, this.actor, {
        action: 'write',
        entity: 'measurements',
        key: options.source,
        after: { rows: inputRows, changed, targets, rejected: inputRejected.length, changes: changeRows.slice(0, 100) },
        reason: options.reason ?? null,
      });
    }
    await sql`drop table if exists ns_stage, ns_resolved, ns_changes`.execute(db);
    return result;
  }

  private async forbiddenUnits(): Promise<number[]> {
    if (!this.options.canWrite) return [];
    const { selectUnits } = await import('../units/repository.ts');
    return (await selectUnits(this.db)).filter((u) => !this.options.canWrite!(u)).map((u) => u.id);
  }
}

/** Both lists sorted by row; rows of `a` and `b` are disjoint. */
function mergeByRow(a: RowError[], b: RowError[]): RowError[] {
  if (a.length === 0) return b;
  return [...a, ...b].sort((x, y) => x.row - y.row);
}

/** writeMeasurements' bulk strategy for an in-memory batch. */
export async function writeMeasurementsBulk(db: Db, actor: Actor, inputs: MeasurementInput[], options: WriteOptions, lookup?: ModelLookup): Promise<WriteResult> {
  const run = async (trx: Db) => {
    const writer = await BulkWriter.open(trx, actor, options, lookup);
    await writer.add(inputs);
    return writer.finish();
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
