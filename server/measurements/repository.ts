import { sql } from 'kysely';
import type { Db } from '../db/database.ts';

export interface MeasurementKey {
  indicatorId: number;
  unitId: number;
  period: string;
}

export interface CurrentMeasurement extends MeasurementKey {
  value: number;
  note: string | null;
  revision: number;
}

const keyColumns = (keys: MeasurementKey[]) => ({
  indicatorIds: keys.map((k) => k.indicatorId),
  unitIds: keys.map((k) => k.unitId),
  periods: keys.map((k) => k.period),
});

/** The stored measurements at `keys` (absent keys are simply missing from the result). */
export async function selectCurrentMeasurements(db: Db, keys: MeasurementKey[]): Promise<CurrentMeasurement[]> {
  if (keys.length === 0) return [];
  const { indicatorIds, unitIds, periods } = keyColumns(keys);
  const { rows } = await sql<CurrentMeasurement>`
    select m.indicator_id as "indicatorId", m.unit_id as "unitId", m.period, m.value, m.note, m.revision
    from unnest(${indicatorIds}::int[], ${unitIds}::int[], ${periods}::text[]) as k(indicator_id, unit_id, period)
    join measurement m on m.indicator_id = k.indicator_id and m.unit_id = k.unit_id and m.period = k.period`.execute(db);
  return rows;
}

export interface MeasurementWrite extends MeasurementKey {
  /** null removes the measurement (the revision keeps what it was). */
  value: number | null;
  previousValue: number | null;
  revision: number;
  note: string | null;
  source: string;
}

/** Applies changed values set-based: upserts, deletions and one revision row each. */
export async function applyMeasurementWrites(db: Db, writes: MeasurementWrite[], actor: { id: number | null; name: string }, reason: string | null): Promise<void> {
  for (let i = 0; i < writes.length; i += 5000) {
    const chunk = writes.slice(i, i + 5000);
    const upserts = chunk.filter((w) => w.value !== null);
    const deletes = chunk.filter((w) => w.value === null);
    if (upserts.length) {
      const { indicatorIds, unitIds, periods } = keyColumns(upserts);
      await sql`
        insert into measurement (indicator_id, unit_id, period, value, source, note, revision, updated_by, updated_at)
        select k.indicator_id, k.unit_id, k.period, k.value, k.source, k.note, k.revision, ${actor.id}::int, now()
        from unnest(${indicatorIds}::int[], ${unitIds}::int[], ${periods}::text[], ${upserts.map((w) => String(w.value))}::numeric[],
                    ${upserts.map((w) => w.source)}::text[], ${upserts.map((w) => w.note)}::text[], ${upserts.map((w) => w.revision)}::int[])
             as k(indicator_id, unit_id, period, value, source, note, revision)
        on conflict (indicator_id, unit_id, period) do update set
          value = excluded.value, source = excluded.source, note = excluded.note, revision = excluded.revision,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(db);
    }
    if (deletes.length) {
      const { indicatorIds, unitIds, periods } = keyColumns(deletes);
      await sql`
        delete from measurement m using unnest(${indicatorIds}::int[], ${unitIds}::int[], ${periods}::text[]) as k(indicator_id, unit_id, period)
        where m.indicator_id = k.indicator_id and m.unit_id = k.unit_id and m.period = k.period`.execute(db);
    }
    const { indicatorIds, unitIds, periods } = keyColumns(chunk);
    await sql`
      insert into measurement_revision (indicator_id, unit_id, period, revision, value, previous_value, source, note, reason, changed_by, changed_by_name)
      select k.indicator_id, k.unit_id, k.period, k.revision, k.value, k.previous_value, k.source, k.note, ${reason}::text, ${actor.id}::int, ${actor.name}::text
      from unnest(${indicatorIds}::int[], ${unitIds}::int[], ${periods}::text[], ${chunk.map((w) => w.revision)}::int[],
                  ${chunk.map((w) => (w.value === null ? null : String(w.value)))}::numeric[], ${chunk.map((w) => (w.previousValue === null ? null : String(w.previousValue)))}::numeric[],
                  ${chunk.map((w) => w.source)}::text[], ${chunk.map((w) => w.note)}::text[])
           as k(indicator_id, unit_id, period, revision, value, previous_value, source, note)`.execute(db);
  }
}

/** unit id|period pairs that are locked, by a lock on the unit itself or on any ancestor. */
/**
 * Locked (unit, month) pairs as `unitId|period` keys: a lock on a unit covers its subtree.
 * Narrowed to the given units and months, or every pair when no filter is given (bulk writes).
 */
export async function selectLockedPairs(db: Db, filter?: { unitIds: number[]; periods: string[] }): Promise<Set<string>> {
  if (filter && filter.unitIds.length === 0) return new Set();
  const { rows } = await sql<{ unit_id: number; period: string }>`
    select distinct u.id as unit_id, l.period
    from period_lock l
    join org_unit lu on lu.id = l.unit_id
    join org_unit u on u.path like lu.path || '%'
    where ${filter ? sql`l.period = any(${[...new Set(filter.periods)]}::text[]) and u.id = any(${[...new Set(filter.unitIds)]}::int[])` : sql`true`}`.execute(db);
  return new Set(rows.map((r) => `${r.unit_id}|${r.period}`));
}

/**
 * Unit months whose values are frozen by the period workflow (submitted or approved), as
 * `unitId|YYYY-MM` → state. The state is the unit's own (a parent's submission does not freeze
 * its children), as the entry grid reads it.
 */
export async function selectFrozenPairs(db: Db, filter?: { unitIds: number[]; periods: string[] }): Promise<Map<string, string>> {
  if (filter && (filter.unitIds.length === 0 || filter.periods.length === 0)) return new Map();
  let query = db.selectFrom('period_submission').select(['unit_id as unitId', 'period', 'state']).where('state', 'in', ['submitted', 'approved']);
  if (filter) query = query.where('unit_id', 'in', [...new Set(filter.unitIds)]).where('period', 'in', [...new Set(filter.periods)]);
  return new Map((await query.execute()).map((r) => [`${r.unitId}|${r.period}`, String(r.state)]));
}

export async function selectRevisions(db: Db, key: MeasurementKey) {
  return db
    .selectFrom('measurement_revision')
    .select(['revision', 'value', 'previous_value as previousValue', 'source', 'note', 'reason', 'changed_by_name as changedBy', 'changed_at as changedAt'])
    .where('indicator_id', '=', key.indicatorId)
    .where('unit_id', '=', key.unitId)
    .where('period', '=', key.period)
    .orderBy('revision', 'desc')
    .execute();
}
