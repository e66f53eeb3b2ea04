/**
 * VOC records in the database (migration 0014). Set-based throughout: a batch of records, the
 * repeats of the customers and categories a batch touches and the feeds of the (unit, month)
 * cells it touches each cost a few statements, whatever the number of records already stored.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.ts';
import { copyFrom, copyText } from '../db/copy.ts';

export interface VocRow {
  id: string;
  receivedAt: Date;
  month: string;
  channel: string;
  type: string;
  category: string;
  unitId: number;
  severity: string;
  customer: string | null;
  text: string | null;
  status: string;
  assignee: string | null;
  resolvedAt: Date | null;
  resolution: string | null;
  rootCause: string | null;
  repeatOf: string | null;
  isRepeat: boolean;
  deadline: Date | null;
}

/** The columns a write sets (is_repeat follows from them; see refreshRepeats). */
export type VocWrite = Omit<VocRow, 'isRepeat'>;

export const VOC_COLUMNS = sql`r.id, r.received_at as "receivedAt", r.month, r.channel, r.type, r.category, r.unit_id as "unitId", r.severity, r.customer, r.text, r.status,
  r.assignee, r.resolved_at as "resolvedAt", r.resolution, r.root_cause as "rootCause", r.repeat_of as "repeatOf", r.is_repeat as "isRepeat", r.deadline`;

/** Normalises driver differences (timestamps as Date, ids as numbers). */
export function toVocRow(r: any): VocRow {
  const date = (v: unknown) => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
  return { ...r, unitId: Number(r.unitId), receivedAt: date(r.receivedAt)!, resolvedAt: date(r.resolvedAt), deadline: date(r.deadline), isRepeat: Boolean(r.isRepeat) };
}

export async function selectVocByIds(db: Db, ids: string[]): Promise<Map<string, VocRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql`select ${VOC_COLUMNS} from voc_record r where r.id = any(${ids}::text[])`.execute(db);
  return new Map(rows.map((r) => toVocRow(r)).map((r) => [r.id, r]));
}

export async function selectVocForUpdate(db: Db, id: string): Promise<VocRow | null> {
  const { rows } = await sql`select ${VOC_COLUMNS} from voc_record r where r.id = ${id} for update`.execute(db);
  return rows.length ? toVocRow(rows[0]) : null;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/**
 * The staging table of one VOC write (`voc_stage`, temporary, on the transaction's connection):
 * every row of the input with an id, COPYed in chunks (server/db/copy.ts) as it is checked, so
 * that nothing of the whole file is held in Node. `kind` is what the write does with the row:
 * `c` create, `u` update (with what was stored before in the old_ columns), `s` unchanged, `x`
 * refused by the row checks (only its id and row are kept, for the duplicate check).
 */
export async function openVocStage(db: Db): Promise<void> {
  await sql`drop table if exists voc_stage`.execute(db);
  await sql`create temp table voc_stage (
      row integer not null, id text not null, kind "char" not null,
      received_at timestamptz, month text, channel text, type text, category text, unit_id integer, severity text, customer text, text text, status text,
      assignee text, resolved_at timestamptz, resolution text, root_cause text, repeat_of text, deadline timestamptz,
      old_status text, old_unit_id integer, old_month text, old_customer text, old_category text) on commit drop`.execute(db);
}

const field = (v: string | null) => (v === null ? '\\N' : copyText(v));
const timeField = (d: Date | null) => (d === null ? '\\N' : d.toISOString());

const SMALL_STAGE = 200;

/** One chunk of staged rows as COPY text (tab-separated, `\\N` for null). */
export class VocStageChunk {
  private text = '';
  /** The first SMALL_STAGE rows also as values: a small write inserts them (a COPY costs a round trip or two of ~40 ms on postgres.js). */
  private small: { row: number; id: string; kind: string; w?: VocWrite; before?: VocRow }[] = [];
  size = 0;

  push(row: number, id: string, kind: 'c' | 'u' | 's' | 'x', w?: VocWrite, before?: VocRow): void {
    this.size++;
    if (this.size <= SMALL_STAGE) this.small.push({ row, id, kind, w, before });
    if (!w) {
      this.text += `${row}\t${copyText(id)}\t${kind}${'\t\\N'.repeat(21)}\n`;
      return;
    }
    this.text += `${row}\t${copyText(id)}\t${kind}\t${timeField(w.receivedAt)}\t${w.month}\t${w.channel}\t${w.type}\t${field(w.category)}\t${w.unitId}\t${w.severity}\t${field(w.customer)}\t${
      field(w.text)}\t${w.status}\t${field(w.assignee)}\t${timeField(w.resolvedAt)}\t${field(w.resolution)}\t${field(w.rootCause)}\t${field(w.repeatOf)}\t${timeField(w.deadline)}\t${
      before ? `${before.status}\t${before.unitId}\t${before.month}\t${field(before.customer)}\t${field(before.category)}` : '\\N\t\\N\t\\N\t\\N\t\\N'}\n`;
  }

  async copy(db: Db): Promise<void> {
    if (this.size <= SMALL_STAGE) {
      const r = this.small;
      const t = (d: Date | null | undefined) => (d ? d.toISOString() : null);
      await sql`insert into voc_stage (row, id, kind, received_at, month, channel, type, category, unit_id, severity, customer, text, status, assignee, resolved_at, resolution,
          root_cause, repeat_of, deadline, old_status, old_unit_id, old_month, old_customer, old_category)
        select * from unnest(${r.map((x) => x.row)}::int[], ${r.map((x) => x.id)}::text[], ${r.map((x) => x.kind)}::"char"[], ${r.map((x) => t(x.w?.receivedAt))}::timestamptz[],
          ${r.map((x) => x.w?.month ?? null)}::text[], ${r.map((x) => x.w?.channel ?? null)}::text[], ${r.map((x) => x.w?.type ?? null)}::text[], ${r.map((x) => x.w?.category ?? null)}::text[],
          ${r.map((x) => x.w?.unitId ?? null)}::int[], ${r.map((x) => x.w?.severity ?? null)}::text[], ${r.map((x) => x.w?.customer ?? null)}::text[], ${r.map((x) => x.w?.text ?? null)}::text[],
          ${r.map((x) => x.w?.status ?? null)}::text[], ${r.map((x) => x.w?.assignee ?? null)}::text[], ${r.map((x) => t(x.w?.resolvedAt))}::timestamptz[], ${r.map((x) => x.w?.resolution ?? null)}::text[],
          ${r.map((x) => x.w?.rootCause ?? null)}::text[], ${r.map((x) => x.w?.repeatOf ?? null)}::text[], ${r.map((x) => t(x.w?.deadline))}::timestamptz[],
          ${r.map((x) => (x.w ? (x.before?.status ?? null) : null))}::text[], ${r.map((x) => (x.w ? (x.before?.unitId ?? null) : null))}::int[], ${r.map((x) => (x.w ? (x.before?.month ?? null) : null))}::text[],
          ${r.map((x) => (x.w ? (x.before?.customer ?? null) : null))}::text[], ${r.map((x) => (x.w ? (x.before?.category ?? null) : null))}::text[])`.execute(db);
      return;
    }
    return copyFrom(db, `copy voc_stage (row, id, kind, received_at, month, channel, type, category, unit_id, severity, customer, text, status, assignee, resolved_at, resolution,
      root_cause, repeat_of, deadline, old_status, old_unit_id, old_month, old_customer, old_category) from stdin`, [this.text]);
  }
}

/** Rows of the stage whose id an earlier row already has (up to `limit`, by row), with the total. */
export async function selectStagedDuplicates(db: Db, limit: number): Promise<{ rows: { row: number; id: string; first: number }[]; total: number }> {
  const { rows } = await sql<{ row: number; id: string; first: number; total: number }>`
    with dup as (select id, min(row) as first from voc_stage group by id having count(*) > 1)
    select s.row, s.id, dup.first, count(*) over () as total from voc_stage s join dup on dup.id = s.id where s.row > dup.first order by s.row limit ${limit}`.execute(db);
  return { rows: rows.map((r) => ({ row: Number(r.row), id: r.id, first: Number(r.first) })), total: rows.length ? Number(rows[0].total) : 0 };
}

/**
 * Writes the staged creates and updates (one `insert … on conflict` from the stage; is_repeat
 * from repeat_of, customer repeats follow in refreshStagedRepeats) and their status history
 * (on create and on a status change).
 */
export async function mergeStaged(db: Db, by: { name: string; id: number | null }, label: string): Promise<void> {
  await sql`
    insert into voc_record (id, received_at, month, channel, type, category, unit_id, severity, customer, text, status, assignee, resolved_at, resolution, root_cause, repeat_of, is_repeat, deadline, updated_by)
    select k.id, k.received_at, k.month, k.channel, k.type, k.category, k.unit_id, k.severity, k.customer, k.text, k.status, k.assignee, k.resolved_at, k.resolution, k.root_cause, k.repeat_of,
           k.type = 'complaint' and k.repeat_of is not null, k.deadline, ${by.name}::text
    from voc_stage k where k.kind in ('c', 'u')
    on conflict (id) do update set
      received_at = excluded.received_at, month = excluded.month, channel = excluded.channel, type = excluded.type, category = excluded.category,
      unit_id = excluded.unit_id, severity = excluded.severity, customer = excluded.customer, text = excluded.text, status = excluded.status,
      assignee = excluded.assignee, resolved_at = excluded.resolved_at, resolution = excluded.resolution, root_cause = excluded.root_cause,
      repeat_of = excluded.repeat_of, is_repeat = excluded.is_repeat, deadline = excluded.deadline, updated_by = excluded.updated_by, updated_at = now()`.execute(db);
  await sql`
    insert into voc_status_history (voc_id, by_name, by_id, from_status, to_status, note)
    select k.id, ${by.name}::text, ${by.id}::int, k.old_status, k.status, case when k.kind = 'c' then ${`recorded by ${label}`}::text else ${`updated by ${label}`}::text end
    from voc_stage k where k.kind = 'c' or (k.kind = 'u' and k.old_status <> k.status) order by k.row`.execute(db);
}

/** The (unit, month) cells the staged creates and updates touch, before and after. */
export async function selectStagedCells(db: Db): Promise<VocCell[]> {
  const { rows } = await sql<{ unit_id: number; month: string }>`
    select unit_id, month from voc_stage where kind in ('c', 'u')
    union select old_unit_id, old_month from voc_stage where kind = 'u'`.execute(db);
  return rows.map((r) => ({ unitId: Number(r.unit_id), month: r.month }));
}

export interface HistoryEntry {
  vocId: string;
  by: string;
  byId: number | null;
  from: string | null;
  to: string;
  note: string | null;
}

export async function insertHistory(db: Db, entries: HistoryEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 5000) {
    const c = entries.slice(i, i + 5000);
    await sql`
      insert into voc_status_history (voc_id, by_name, by_id, from_status, to_status, note)
      select * from unnest(${c.map((e) => e.vocId)}::text[], ${c.map((e) => e.by)}::text[], ${c.map((e) => e.byId)}::int[], ${c.map((e) => e.from)}::text[], ${c.map((e) => e.to)}::text[], ${c.map((e) => e.note)}::text[])`.execute(db);
  }
}

export async function selectHistory(db: Db, id: string) {
  const { rows } = await sql<{ at: Date; by: string; from: string | null; to: string; note: string | null }>`
    select at, by_name as by, from_status as from, to_status as to, note from voc_status_history where voc_id = ${id} order by at, id`.execute(db);
  return rows.map((r) => ({ ...r, at: new Date(r.at as unknown as string) }));
}

/** A cell of the feeds: a unit and a month of receipt. */
export interface VocCell {
  unitId: number;
  month: string;
}
export const cellKey = (c: VocCell) => `${c.unitId}|${c.month}`;
export const parseCellKey = (k: string): VocCell => {
  const [u, m] = k.split('|');
  return { unitId: Number(u), month: m };
};

/**
 * Recomputes is_repeat for every record of the given customers and categories (a complaint
 * repeats by repeat_of or a complaint of the same customer and category in the 30 days before
 * it; see scoring/voc.ts isRepeat). Returns the cells whose repeat counts changed.
 */
export async function refreshRepeats(db: Db, pairs: { customer: string; category: string }[]): Promise<VocCell[]> {
  const cells: VocCell[] = [];
  for (let i = 0; i < pairs.length; i += 5000) {
    const c = pairs.slice(i, i + 5000);
    cells.push(...(await refreshRepeatsOf(db, sql`select distinct * from unnest(${c.map((p) => p.customer)}::text[], ${c.map((p) => p.category)}::text[]) as t(customer, category)`)));
  }
  return cells;
}

/** refreshRepeats for the customers and categories of the staged creates and updates (before and after). */
export function refreshStagedRepeats(db: Db): Promise<VocCell[]> {
  return refreshRepeatsOf(db, sql`select customer, category from voc_stage where kind in ('c', 'u') and customer is not null
    union select old_customer, old_category from voc_stage where kind = 'u' and old_customer is not null`);
}

async function refreshRepeatsOf(db: Db, touched: RawBuilder<unknown>): Promise<VocCell[]> {
  const { rows } = await sql<{ unit_id: number; month: string }>`
    with touched as (${touched}),
    computed as (
      select r.id, r.is_repeat,
        (r.type = 'complaint' and (r.repeat_of is not null or exists (
           select 1 from voc_record p
           where p.customer = r.customer and p.category = r.category and p.type = 'complaint' and p.id <> r.id
             and p.received_at >= r.received_at - interval '30 days'
             and (p.received_at < r.received_at or (p.received_at = r.received_at and p.id < r.id))))) as v
      from touched t cross join lateral (select * from voc_record r2 where r2.customer = t.customer and r2.category = t.category) r
    ),
    changed as (
      update voc_record r set is_repeat = computed.v from computed
      where r.id = computed.id and r.is_repeat <> computed.v
      returning r.unit_id, r.month
    )
    select distinct unit_id, month from changed`.execute(db);
  return rows.map((r) => ({ unitId: Number(r.unit_id), month: r.month }));
}

export interface CellCounts extends VocCell {
  received: number;
  complaints: number;
  slaDue: number;
  slaMet: number;
  resolved: number;
  resolutionHours: number;
  repeats: number;
}

/**
 * The feeds of the given cells at `now` (DESIGN.md §3; the same rules as scoring/voc.ts
 * feedContribution), and feed_due brought up to date for their records. Cells without records
 * count zero.
 */
export async function computeCellFeeds(db: Db, cells: VocCell[], now: Date): Promise<CellCounts[]> {
  const out: CellCounts[] = [];
  for (let i = 0; i < cells.length; i += 2000) {
    const c = cells.slice(i, i + 2000);
    const unitIds = c.map((x) => x.unitId);
    const months = c.map((x) => x.month);
    // A lateral aggregate per cell: an index lookup on (unit_id, month) whatever the table's size
    // (a join on unnest() may be planned as a scan of every record).
    const { rows } = await sql<any>`
      select k.unit_id, k.month, c.* from unnest(${unitIds}::int[], ${months}::text[]) as k(unit_id, month)
      cross join lateral (
        select count(*)::int as received,
          count(*) filter (where r.type = 'complaint')::int as complaints,
          count(*) filter (where r.deadline is not null and (r.resolved_at is not null or r.deadline < ${now.toISOString()}::timestamptz))::int as sla_due,
          count(*) filter (where r.deadline is not null and r.resolved_at is not null and r.resolved_at <= r.deadline)::int as sla_met,
          count(*) filter (where r.resolved_at is not null)::int as resolved,
          coalesce(round((sum(extract(epoch from (r.resolved_at - r.received_at))) filter (where r.resolved_at is not null) / 3600.0)::numeric, 2), 0)::float8 as resolution_hours,
          count(*) filter (where r.type = 'complaint' and r.is_repeat)::int as repeats
        from voc_record r where r.unit_id = k.unit_id and r.month = k.month) c`.execute(db);
    for (const r of rows) {
      out.push({ unitId: Number(r.unit_id), month: r.month, received: Number(r.received), complaints: Number(r.complaints), slaDue: Number(r.sla_due), slaMet: Number(r.sla_met), resolved: Number(r.resolved), resolutionHours: Number(r.resolution_hours), repeats: Number(r.repeats) });
    }
    await sql`
      update voc_record r set feed_due = (r.deadline is not null and (r.resolved_at is not null or r.deadline < ${now.toISOString()}::timestamptz))
      where r.id in (select x.id from unnest(${unitIds}::int[], ${months}::text[]) as k(unit_id, month)
                     cross join lateral (select id from voc_record r2 where r2.unit_id = k.unit_id and r2.month = k.month) x)
        and r.feed_due <> (r.deadline is not null and (r.resolved_at is not null or r.deadline < ${now.toISOString()}::timestamptz))`.execute(db);
  }
  return out;
}

/** Open records past their deadline that the feeds have not yet counted as due (the nightly job's work). */
export async function selectNewlyOverdue(db: Db, now: Date): Promise<{ id: string; unitId: number; month: string; type: string; overdueNotified: boolean }[]> {
  const { rows } = await sql<any>`
    select id, unit_id, month, type, overdue_notified from voc_record
    where resolved_at is null and deadline is not null and deadline < ${now.toISOString()}::timestamptz and (not feed_due or not overdue_notified)`.execute(db);
  return rows.map((r) => ({ id: r.id, unitId: Number(r.unit_id), month: r.month, type: r.type, overdueNotified: Boolean(r.overdue_notified) }));
}

export async function markOverdueNotified(db: Db, ids: string[]): Promise<void> {
  if (ids.length) await sql`update voc_record set overdue_notified = true where id = any(${ids}::text[])`.execute(db);
}

export async function updateWorkflow(db: Db, id: string, set: { status: string; assignee: string | null; resolvedAt: Date | null; resolution: string | null; rootCause: string | null }, by: string): Promise<void> {
  await sql`
    update voc_record set status = ${set.status}, assignee = ${set.assignee}, resolved_at = ${iso(set.resolvedAt)}::timestamptz, resolution = ${set.resolution},
      root_cause = ${set.rootCause}, updated_by = ${by}, updated_at = now(),
      overdue_notified = case when ${set.resolvedAt === null} then overdue_notified else false end
    where id = ${id}`.execute(db);
}
