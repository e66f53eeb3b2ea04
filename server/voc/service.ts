/**
 * The one VOC write path (DESIGN.md §3 "VOC"), used by `northstar voc import`, `POST /voc`,
 * `POST /voc/imports` and the scheduled sources with `target: voc`: check every row (errors name
 * row, column and reason; any error changes nothing), upsert by id, keep the status history,
 * bring repeats up to date for the customers and categories touched, then rewrite the feeds of
 * the (unit, month) cells touched, all in the caller's transaction.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import { selectUnits, type UnitRow } from '../units/repository.ts';
import { parseVocTime, slaDeadline, vocMonth, VOC_CHANNELS, VOC_ROOT_CAUSES, VOC_SEVERITIES, VOC_STATUSES, VOC_TYPES } from '../scoring/voc.ts';
import { loadVocConfig, type VocConfig } from './config.ts';
import { mergeStaged, openVocStage, refreshStagedRepeats, selectStagedCells, selectStagedDuplicates, selectVocByIds, VocStageChunk, type VocCell, type VocRow, type VocWrite, cellKey } from './repository.ts';
import { writeVocFeeds } from './feeds.ts';

/** A VOC as a request or a file row gives it (DESIGN.md names; camelCase in JSON). */
export interface VocInput {
  id: string;
  receivedAt: string;
  channel?: string | null;
  type: string;
  category: string;
  unit: string;
  severity?: string | null;
  customer?: string | null;
  text?: string | null;
  status?: string | null;
  assignee?: string | null;
  resolvedAt?: string | null;
  resolution?: string | null;
  rootCause?: string | null;
  repeatOf?: string | null;
}

export interface VocRowIssue {
  row: number;
  field: string;
  reason: string;
  code: string;
  value?: unknown;
}

/** One row of a batch: an input, or the problems a file reader found before it could be one. */
export type VocBatchRow = { row: number; input: VocInput; issues?: undefined } | { row: number; input?: undefined; issues: VocRowIssue[] };

export interface VocWriteSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  notices: string[];
  feeds: { cells: number; changed: number; locked: { unit: string; period: string }[] };
}

export interface VocWriteOptions {
  /** Units the writer may change VOC of (API callers); others are row errors. */
  canWrite?: (unit: UnitRow) => boolean;
  /** For messages and the audit log: a file name or `api`. */
  label: string;
  now?: Date;
}

const ALIASES: Record<string, Record<string, string>> = {
  channel: { 전화: 'call', 콜센터: 'call', phone: 'call', 웹: 'web', 홈페이지: 'web', 매장: 'store', 현장: 'store', 앱: 'app', 모바일: 'app', sns: 'sns', 이메일: 'email', 메일: 'email', 기타: 'other' },
  type: { 불만: 'complaint', 불만족: 'complaint', 문의: 'inquiry', 제안: 'suggestion', 칭찬: 'praise' },
  severity: { 낮음: 'low', 보통: 'normal', 높음: 'high', 긴급: 'critical', medium: 'normal' },
  status: { 접수: 'received', 배정: 'assigned', 처리중: 'in_progress', 'in progress': 'in_progress', 완료: 'resolved', 처리완료: 'resolved', 종결: 'closed' },
  rootCause: { 인적요인: 'people', 인적: 'people', 업무절차: 'procedure', '업무절차 요인': 'procedure', 절차: 'procedure', 시설: 'facility', '시설·환경': 'facility', 시설환경: 'facility', 상품: 'product', 기타: 'other' },
};

function enumValue(field: string, raw: string, allowed: readonly string[]): string | null {
  const v = raw.trim().toLowerCase();
  if (allowed.includes(v)) return v;
  return ALIASES[field]?.[v] ?? ALIASES[field]?.[raw.trim()] ?? null;
}

const blank = (v: string | null | undefined) => v === undefined || v === null || v.trim() === '';
const MAX_REPORTED = 1000;
const STAGE_CHUNK = 10_000;

/** Checks one input against the configuration and what is stored; a write or the row's issues. */
function checkInput(row: number, input: VocInput, config: VocConfig, units: Map<string, UnitRow>, unitsById: Map<number, UnitRow>, existing: VocRow | undefined, options: VocWriteOptions): { write: VocWrite; issues?: undefined } | { issues: VocRowIssue[] } {
  const issues: VocRowIssue[] = [];
  const bad = (field: string, code: string, reason: string, value?: unknown) => issues.push({ row, field, code, reason, value });
  const id = (input.id ?? '').trim();
  if (id === '') bad('id', 'required', 'is empty');
  else if (id.length > 100) bad('id', 'too_long', 'is longer than 100 characters', id);
  // A record already stored keeps what a blank cell leaves out (a partial update by id).
  const receivedAt = blank(input.receivedAt) ? (existing?.receivedAt ?? null) : parseVocTime(input.receivedAt, config.timezone);
  if (blank(input.receivedAt) && !existing) bad('received_at', 'required', 'is empty');
  else if (!blank(input.receivedAt) && (!receivedAt || receivedAt.getUTCFullYear() < 2000 || receivedAt.getUTCFullYear() > 2100)) bad('received_at', 'invalid_date', `"${input.receivedAt}" is not an ISO 8601 date and time (2026-03-31T23:30:00+09:00; without an offset it is read in ${config.timezone})`, input.receivedAt);
  const pick = (field: string, column: string, raw: string | null | undefined, allowed: readonly string[], fallback: string | null) => {
    if (blank(raw)) {
      if (fallback === null) bad(column, 'required', 'is empty');
      return fallback;
    }
    const v = enumValue(field, raw!, allowed);
    if (v === null) bad(column, 'invalid_value', `"${raw}" is not one of ${allowed.join(', ')}`, raw);
    return v;
  };
  const channel = pick('channel', 'channel', input.channel, VOC_CHANNELS, existing?.channel ?? 'other');
  const type = pick('type', 'type', input.type, VOC_TYPES, existing?.type ?? null);
  const severity = pick('severity', 'severity', input.severity, VOC_SEVERITIES, existing?.severity ?? 'normal');
  const category = blank(input.category) && existing ? existing.category : (input.category ?? '').trim();
  if (category === '') bad('category', 'required', 'is empty');
  else if (!config.categoryNames.has(category)) bad('category', 'unknown_category', `unknown category "${category}" (the model's voc.categories)`, category);
  const unit = blank(input.unit) && existing ? unitsById.get(existing.unitId) : units.get((input.unit ?? '').trim());
  if (blank(input.unit) && !existing) bad('unit', 'required', 'is empty');
  else if (!unit) bad('unit', 'unknown_unit', `unknown unit "${input.unit}"`, input.unit);
  else if (options.canWrite && !options.canWrite(unit)) bad('unit', 'forbidden', `you may not record VOC for unit ${unit.code}`, input.unit);
  // Workflow fields left blank keep what Northstar holds (the workflow may have moved on since the source system's export).
  let resolvedAt: Date | null = existing?.resolvedAt ?? null;
  if (!blank(input.resolvedAt)) {
    resolvedAt = parseVocTime(input.resolvedAt!, config.timezone);
    if (!resolvedAt) bad('resolved_at', 'invalid_date', `"${input.resolvedAt}" is not an ISO 8601 date and time`, input.resolvedAt);
  }
  const statusFallback = !blank(input.resolvedAt) ? (existing?.status === 'closed' ? 'closed' : 'resolved') : (existing?.status ?? 'received');
  const status = pick('status', 'status', input.status, VOC_STATUSES, statusFallback);
  if (blank(input.resolvedAt) && status && !['resolved', 'closed'].includes(status) && !blank(input.status)) resolvedAt = null;
  if (status && ['resolved', 'closed'].includes(status) && !resolvedAt && issues.every((i) => i.field !== 'resolved_at')) bad('resolved_at', 'required', `is required when the status is ${status}`);
  if (status && !['resolved', 'closed'].includes(status) && resolvedAt && !blank(input.resolvedAt)) bad('resolved_at', 'invalid_value', `a record with status ${status} has not been resolved; leave resolved_at empty or set the status to resolved`, input.resolvedAt);
  if (resolvedAt && receivedAt && resolvedAt.getTime() < receivedAt.getTime()) bad('resolved_at', 'before_received', 'is before received_at', input.resolvedAt);
  const rootCause = blank(input.rootCause) ? (existing?.rootCause ?? null) : enumValue('rootCause', input.rootCause!, VOC_ROOT_CAUSES);
  if (!blank(input.rootCause) && rootCause === null) bad('root_cause', 'invalid_value', `"${input.rootCause}" is not one of ${VOC_ROOT_CAUSES.join(', ')}`, input.rootCause);
  const repeatOf = blank(input.repeatOf) ? (existing?.repeatOf ?? null) : input.repeatOf!.trim();
  if (repeatOf !== null && repeatOf === id) bad('repeat_of', 'invalid_value', 'a VOC cannot repeat itself', repeatOf);
  const text = blank(input.text) ? (existing?.text ?? null) : input.text!.trim();
  if (text && text.length > 4000) bad('text', 'too_long', 'is longer than 4,000 characters');
  const customer = blank(input.customer) ? (existing?.customer ?? null) : input.customer!.trim();
  if (customer && customer.length > 100) bad('customer', 'too_long', 'is longer than 100 characters');
  const assignee = blank(input.assignee) ? (existing?.assignee ?? null) : input.assignee!.trim();
  const resolution = blank(input.resolution) ? (existing?.resolution ?? null) : input.resolution!.trim();
  if (issues.length) return { issues };
  return {
    write: {
      id,
      receivedAt: receivedAt!,
      month: vocMonth(receivedAt!, config.timezone),
      channel: channel!,
      type: type!,
      category,
      unitId: unit!.id,
      severity: severity!,
      customer,
      text,
      status: status!,
      assignee,
      resolvedAt,
      resolution,
      rootCause,
      repeatOf,
      deadline: slaDeadline(receivedAt!, type!, config.sla),
    },
  };
}

const time = (d: Date | null) => (d === null ? null : d.getTime());
function sameRecord(a: VocWrite, b: VocRow): boolean {
  return (
    a.month === b.month && time(a.receivedAt) === time(b.receivedAt) && a.channel === b.channel && a.type === b.type && a.category === b.category && a.unitId === b.unitId &&
    a.severity === b.severity && a.customer === b.customer && a.text === b.text && a.status === b.status && a.assignee === b.assignee && time(a.resolvedAt) === time(b.resolvedAt) &&
    a.resolution === b.resolution && a.rootCause === b.rootCause && a.repeatOf === b.repeatOf && time(a.deadline) === time(b.deadline)
  );
}

/**
 * Upserts VOC records from batches (a file's rows arrive in batches), all or nothing: any row
 * error throws a 422 naming every bad row (up to 1,000) and nothing is kept (the caller's
 * transaction rolls back). Memory stays flat whatever the size: each batch is checked in JS
 * (against the records stored under its ids) and COPYed into the staging table `voc_stage`;
 * duplicate ids, the upsert, the status history, the repeats and the (unit, month) feed cells
 * touched are then set-based statements over the stage. Small batches (POST /voc) take the same
 * path: a temporary table and one COPY cost a few milliseconds.
 */
export async function writeVocRecords(db: Db, actor: Actor, batches: AsyncIterable<VocBatchRow[]> | Iterable<VocBatchRow[]>, options: VocWriteOptions): Promise<VocWriteSummary> {
  if (!db.isTransaction) return db.transaction().execute((trx) => writeVocRecords(trx, actor, batches, options));
  const now = options.now ?? new Date();
  const config = await loadVocConfig(db);
  const unitList = await selectUnits(db);
  const units = new Map(unitList.map((u) => [u.code, u]));
  const unitsById = new Map(unitList.map((u) => [u.id, u]));
  const summary: VocWriteSummary = { rows: 0, created: 0, updated: 0, unchanged: 0, notices: [], feeds: { cells: 0, changed: 0, locked: [] } };
  const issues: VocRowIssue[] = [];
  let issueCount = 0;
  const report = (list: VocRowIssue[]) => {
    issueCount += list.length;
    for (const i of list) if (issues.length < MAX_REPORTED) issues.push(i);
  };
  await openVocStage(db);
  let staged = 0;
  // Batches are gathered into COPY chunks of up to STAGE_CHUNK rows: each COPY costs a round
  // trip or two whatever its size (tens of ms on postgres.js), so a 1,000-row batch per COPY
  // would spend most of a large import waiting.
  let chunk = new VocStageChunk();
  const flush = async () => {
    if (chunk.size === 0) return;
    await chunk.copy(db);
    staged += chunk.size;
    chunk = new VocStageChunk();
  };
  for await (const batch of batches) {
    summary.rows += batch.length;
    const existing = await selectVocByIds(db, batch.flatMap((r) => (r.input ? [String(r.input.id ?? '').trim()] : [])));
    for (const r of batch) {
      if (!r.input) {
        report(r.issues);
        continue;
      }
      const id = String(r.input.id ?? '').trim();
      const before = existing.get(id);
      const checked = checkInput(r.row, r.input, config, units, unitsById, before, options);
      if (checked.issues) {
        report(checked.issues);
        if (id) chunk.push(r.row, id, 'x');
        continue;
      }
      // Once a row failed nothing will be written: later rows are only checked, and staged for the duplicate check.
      if (issueCount) {
        chunk.push(r.row, id, 'x');
        continue;
      }
      const w = checked.write;
      if (before && sameRecord(w, before)) {
        summary.unchanged++;
        chunk.push(r.row, id, 's');
        continue;
      }
      if (before) summary.updated++;
      else summary.created++;
      chunk.push(r.row, id, before ? 'u' : 'c', w, before);
    }
    if (chunk.size >= STAGE_CHUNK) await flush();
  }
  await flush();
  if (staged > 1000) await sql`analyze voc_stage (id, kind)`.execute(db);
  const duplicates = await selectStagedDuplicates(db, MAX_REPORTED);
  if (duplicates.total) {
    issueCount += duplicates.total;
    issues.push(...duplicates.rows.map((d) => ({ row: d.row, field: 'id', code: 'duplicate_id', reason: `the same id as row ${d.first}`, value: d.id })));
  }
  if (issueCount) {
    issues.sort((a, b) => a.row - b.row);
    issues.length = Math.min(issues.length, MAX_REPORTED);
    const f = issues[0];
    throw new DomainError('invalid_rows', `${issueCount} problem${issueCount === 1 ? '' : 's'} in ${options.label}; nothing was changed. First: row ${f.row}, ${f.field}: ${f.reason}`, { rows: issues, total: issueCount }, 422);
  }
  const cells = new Map<string, VocCell>();
  if (summary.created || summary.updated) {
    if (staged > 50_000) await sql`set local jit = off`.execute(db);
    await mergeStaged(db, { name: actor.name, id: actor.id }, options.label);
    // After a large import the planner needs fresh statistics for the set-based steps below.
    if (summary.created + summary.updated > 50_000) await sql`analyze voc_record`.execute(db);
    for (const c of await selectStagedCells(db)) cells.set(cellKey(c), c);
    for (const c of await refreshStagedRepeats(db)) cells.set(cellKey(c), c);
  }
  await sql`drop table if exists voc_stage`.execute(db);
  const feeds = await writeVocFeeds(db, actor, config, cells.values(), now);
  summary.feeds = { cells: feeds.cells, changed: feeds.changed, locked: feeds.lockedCells };
  summary.notices.push(...feeds.notices);
  if (summary.created || summary.updated) {
    await insertAudit(db, actor, { action: 'import', entity: 'voc', key: options.label, after: { rows: summary.rows, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, locked: feeds.lockedCells.length } });
  }
  return summary;
}

/** Rewrites the feeds of the given cells (the nightly job, a transition). */
export async function rewriteVocFeeds(db: Db, actor: Actor, cells: VocCell[], now = new Date()) {
  return writeVocFeeds(db, actor, await loadVocConfig(db), cells, now);
}
