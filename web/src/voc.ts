/**
 * VOC (고객의 소리) in the web app: the calls to /api/v1/voc and the pure helpers the VOC view,
 * the record dialog and the intake form share (Pareto shares, time left to the SLA deadline,
 * intake ids, which VOC feed an indicator counts, the per-row errors of a 422).
 */
import { api, isApiError, request } from './api.ts';
import type {
  Locale,
  LocalizedName,
  VocCategory,
  VocConfig,
  VocHistoryEntry,
  VocList,
  VocListQuery,
  VocMonth,
  VocRecord,
  VocRecordDetail,
  VocRecordInput,
  VocSummary,
  VocTransition,
  VocWriteResult,
} from './types.ts';

export const VOC_STATUSES = ['received', 'assigned', 'in_progress', 'resolved', 'closed'] as const;
export const VOC_TYPES = ['complaint', 'inquiry', 'suggestion', 'praise'] as const;
export const VOC_CHANNELS = ['store', 'call', 'web', 'app', 'sns', 'email', 'other'] as const;
export const VOC_SEVERITIES = ['low', 'normal', 'high', 'critical'] as const;
export const ROOT_CAUSES = ['people', 'procedure', 'facility', 'product', 'other'] as const;
export const VOC_FEEDS = ['received', 'complaints', 'slaDue', 'slaMet', 'resolved', 'resolutionHours', 'repeats'] as const;

export type VocStatus = (typeof VOC_STATUSES)[number];
export type VocType = (typeof VOC_TYPES)[number];
export type VocChannel = (typeof VOC_CHANNELS)[number];
export type VocSeverity = (typeof VOC_SEVERITIES)[number];
export type RootCause = (typeof ROOT_CAUSES)[number];
export type VocFeed = (typeof VOC_FEEDS)[number];

export type { VocCategory, VocConfig, VocHistoryEntry, VocList, VocListQuery, VocMonth, VocRecord, VocRecordDetail, VocRecordInput, VocSummary, VocTransition, VocWriteResult };

/**
 * The VOC calls: the typed client (web/src/api.ts) for JSON, and the raw upload of a VOC file
 * (like the measurement and roster imports).
 */
export const vocApi = {
  config: (signal?: AbortSignal, unit?: string) => api.vocConfig(unit, signal),
  summary: (q: { unit: string; from: string; to: string }, signal?: AbortSignal) => api.vocSummary(q, signal),
  list: (q: VocListQuery, signal?: AbortSignal) => api.vocList(q, signal),
  record: (id: string, signal?: AbortSignal) => api.vocRecord(id, signal),
  create: (records: VocRecordInput[]) => api.createVoc(records),
  transition: (id: string, body: VocTransition) => api.vocTransition(id, body),
  async importFile(file: File) {
    return request<VocWriteResult>('POST', '/voc/imports', {
      query: { filename: file.name },
      raw: { body: await file.arrayBuffer(), contentType: 'application/octet-stream' },
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Pure helpers

export interface ParetoRow {
  code: string;
  name?: LocalizedName;
  count: number;
  /** 0–1 of the total. */
  share: number;
  /** 0–1, running total of the shares, largest first. */
  cumulativeShare: number;
  /** Among the few that make up the first `threshold` of the total (the 80/20). */
  vital: boolean;
}

/**
 * Pareto rows from counts: largest first (ties by code), each row's share of the total and the
 * running cumulative share; `vital` marks the rows up to and including the one that reaches
 * `threshold` (0.8: the categories behind 80 % of the VOC). Zero counts are dropped.
 */
export function pareto(items: readonly { code: string; name?: LocalizedName; count: number }[], threshold = 0.8): ParetoRow[] {
  const rows = items.filter((i) => Number.isFinite(i.count) && i.count > 0).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  const total = rows.reduce((s, r) => s + r.count, 0);
  let running = 0;
  let reached = false;
  return rows.map((r) => {
    running += r.count;
    const cumulativeShare = total ? Math.min(1, running / total) : 0;
    const vital = !reached;
    if (cumulativeShare >= threshold - 1e-9) reached = true;
    return { code: r.code, ...(r.name !== undefined ? { name: r.name } : {}), count: r.count, share: total ? r.count / total : 0, cumulativeShare, vital };
  });
}

export interface Duration {
  days: number;
  hours: number;
  minutes: number;
}

/** Whole days, hours and minutes of an absolute number of hours (rounded to the minute). */
export function splitHours(hours: number): Duration {
  const totalMinutes = Math.round(Math.abs(hours) * 60);
  return { days: Math.floor(totalMinutes / 1440), hours: Math.floor((totalMinutes % 1440) / 60), minutes: totalMinutes % 60 };
}

/**
 * A duration the way a VOC desk reads it: "2 d 4 h", "5 h 30 min", "45 min" (en) /
 * "2일 4시간", "5시간 30분", "45분" (ko). Minutes only under a day.
 */
export function formatDuration(hours: number, locale: Locale): string {
  const { days, hours: h, minutes } = splitHours(hours);
  const u = locale === 'ko' ? { d: '일', h: '시간', m: '분', sep: ' ' } : { d: ' d', h: ' h', m: ' min', sep: ' ' };
  const parts: string[] = [];
  if (days) parts.push(`${days}${u.d}`);
  if (h) parts.push(`${h}${u.h}`);
  if (!days && minutes) parts.push(`${minutes}${u.m}`);
  if (!parts.length) parts.push(`0${u.m}`);
  return parts.join(u.sep);
}

export type TimeLeftKind = 'none' | 'done' | 'ok' | 'soon' | 'overdue';

/**
 * How to read a record's clock: no SLA, already resolved or closed, time left, less than
 * `soonHours` left (default 4), or overdue.
 */
export function timeLeftKind(r: Pick<VocRecord, 'deadline' | 'hoursLeft' | 'overdue' | 'status'>, soonHours = 4): TimeLeftKind {
  if (r.status === 'resolved' || r.status === 'closed') return 'done';
  if (r.overdue) return 'overdue';
  if (r.deadline === null || r.hoursLeft === null || !Number.isFinite(r.hoursLeft)) return 'none';
  if (r.hoursLeft < 0) return 'overdue';
  return r.hoursLeft < soonHours ? 'soon' : 'ok';
}

/** Open records by deadline, the most urgent first; records without a deadline last. */
export function byDeadline<T extends Pick<VocRecord, 'deadline' | 'receivedAt' | 'id'>>(records: readonly T[]): T[] {
  const t = (iso: string | null) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);
  return [...records].sort((a, b) => t(a.deadline) - t(b.deadline) || Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.id.localeCompare(b.id));
}

/** An id for a VOC taken at a counter or on the phone: `NS-20260312-7KQ2XM` (date + 6 random). */
export function newVocId(now: Date = new Date(), random?: (n: number) => number): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const date = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')}`;
  const values = random ? null : globalThis.crypto.getRandomValues(new Uint32Array(6));
  let tail = '';
  for (let i = 0; i < 6; i++) tail += alphabet[values ? values[i] % alphabet.length : random!(alphabet.length)];
  return `NS-${date}-${tail}`;
}

/** An instant in a list: "11/22, 7:13 AM" / "11. 22. 오전 7:13" (the year when it is not this year). */
export function formatShortDateTime(iso: string | null | undefined, locale: Locale, now: Date = new Date()): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameYear = d.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-US', { ...(sameYear ? {} : { year: '2-digit' }), month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(d);
}

/** `datetime-local` value (local time, minutes) of an instant. */
export function localDateTimeValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A `datetime-local` value as ISO 8601 with the browser's offset (the server reads offsets). */
export function localDateTimeToIso(value: string): string | null {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return d.toISOString();
}

/** The category tree flattened for a select: parents before children, with their depth. */
export interface CategoryNode {
  code: string;
  name: LocalizedName;
  children?: readonly unknown[];
}

export function flattenCategories(categories: readonly CategoryNode[], depth = 0): { code: string; name: LocalizedName; depth: number; leaf: boolean }[] {
  return categories.flatMap((c) => [{ code: c.code, name: c.name, depth, leaf: !c.children?.length }, ...flattenCategories((c.children ?? []) as CategoryNode[], depth + 1)]);
}

/**
 * The VOC feeds an indicator counts, the one to drill into first: the indicator itself when it is
 * a feed; for a formula over feeds, the denominator's feed first (the records behind
 * `VOC_SLA_MET / VOC_SLA_DUE * 100` are the SLA-due ones), then the others in formula order.
 */
export function vocFeedsOf(indicator: { code: string; formula?: string | null }, feeds: Partial<Record<VocFeed, string>>): VocFeed[] {
  const byCode = new Map<string, VocFeed>();
  for (const [key, code] of Object.entries(feeds)) if (code) byCode.set(code, key as VocFeed);
  const own = byCode.get(indicator.code);
  if (own) return [own];
  const formula = indicator.formula ?? '';
  if (!formula) return [];
  const found: { feed: VocFeed; denominator: boolean; at: number }[] = [];
  const token = /[A-Za-z_][A-Za-z0-9_.-]*/g;
  for (let m = token.exec(formula); m; m = token.exec(formula)) {
    const feed = byCode.get(m[0]);
    if (!feed || found.some((f) => f.feed === feed)) continue;
    const before = formula.slice(0, m.index).trimEnd();
    found.push({ feed, denominator: before.endsWith('/') || /\/\s*\($/.test(before), at: m.index });
  }
  return found.sort((a, b) => Number(b.denominator) - Number(a.denominator) || a.at - b.at).map((f) => f.feed);
}

export interface RowProblem {
  row: number | null;
  field: string;
  reason: string;
}

/** The per-row errors of a 4xx (`details.rows` or a bare array; `reason` or `message`). */
export function rowProblems(error: unknown): RowProblem[] {
  if (!isApiError(error)) return [];
  const d = error.details as { rows?: unknown } | unknown[] | undefined;
  const list = Array.isArray(d) ? d : Array.isArray((d as { rows?: unknown })?.rows) ? ((d as { rows: unknown[] }).rows) : [];
  return list
    .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object')
    .map((x) => ({
      row: typeof x.row === 'number' ? x.row : null,
      field: typeof x.field === 'string' ? x.field : typeof x.column === 'string' ? x.column : '',
      reason: typeof x.reason === 'string' ? x.reason : typeof x.message === 'string' ? x.message : '',
    }));
}

/** The field of a form a 4xx is about (`details.field`, or the first row's field), camelCased. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const camel = (f: string) => f.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/^records\.\d+\./, '');
  for (const p of rowProblems(error)) if (p.field && !out[camel(p.field)]) out[camel(p.field)] = p.reason;
  if (isApiError(error)) {
    const d = error.details as { field?: unknown; issues?: unknown } | undefined;
    if (d && typeof d.field === 'string' && !out[camel(d.field)]) out[camel(d.field)] = error.message;
    if (d && Array.isArray(d.issues)) {
      for (const i of d.issues as { path?: unknown; message?: unknown }[]) {
        const path = Array.isArray(i.path) ? i.path.filter((p) => typeof p === 'string').pop() : typeof i.path === 'string' ? i.path.split('.').pop() : undefined;
        if (typeof path === 'string' && typeof i.message === 'string' && !out[camel(path)]) out[camel(path)] = i.message;
      }
    }
  }
  return out;
}

/** The status a workflow action moves a record to, and which actions a status offers. */
export type VocAction = 'assign' | 'start' | 'resolve' | 'close' | 'reopen';

export const ACTION_TARGET: Record<VocAction, VocStatus> = { assign: 'assigned', start: 'in_progress', resolve: 'resolved', close: 'closed', reopen: 'in_progress' };

export function actionsFor(status: VocStatus): VocAction[] {
  switch (status) {
    case 'received':
      return ['assign', 'start', 'resolve'];
    case 'assigned':
      return ['assign', 'start', 'resolve'];
    case 'in_progress':
      return ['assign', 'resolve'];
    case 'resolved':
      return ['close', 'reopen'];
    case 'closed':
      return ['reopen'];
  }
}

export const isOpen = (status: VocStatus) => status !== 'resolved' && status !== 'closed';

let feedsPromise: Promise<Partial<Record<VocFeed, string>> | null> | null = null;

/**
 * The model's VOC feeds (feed key → indicator code), loaded once per page; null when the model
 * has no VOC section or the caller may not read it (then no view offers a VOC drill).
 */
export function loadVocFeeds(): Promise<Partial<Record<VocFeed, string>> | null> {
  feedsPromise ??= vocApi.config().then(
    (c) => c.feeds ?? {},
    () => null,
  );
  return feedsPromise;
}

/** The VOC view's URL options of a drill from an indicator: its first feed, and where it came from. */
export function vocDrillParams(indicator: { code: string; formula?: string | null }, feeds: Partial<Record<VocFeed, string>> | null): { feed: VocFeed; indicator: string } | null {
  const feed = feeds ? vocFeedsOf(indicator, feeds)[0] : undefined;
  return feed ? { feed, indicator: indicator.code } : null;
}
