/**
 * The scorecard as the rows of a tree (perspectives → objectives → indicators): flattening,
 * sorting within each level and the visible rows for an expanded set. Pure, so it is tested alone.
 */
import { STATUS_SEVERITY } from '../labels.ts';
import type { Direction, LocalizedName, Scorecard, ScoreHistoryPoint, ScorecardIndicator, ScorecardObjective, ScorecardPerspective, Status } from '../types.ts';

export type RowKind = 'perspective' | 'objective' | 'indicator';

export interface TreeRow {
  key: string;
  kind: RowKind;
  code: string;
  level: 1 | 2 | 3;
  parent: string | null;
  children: string[];
  name: LocalizedName;
  score: number | null;
  status: Status;
  weight: number;
  coverage: number | null;
  history: ScoreHistoryPoint[];
  indicator: ScorecardIndicator | null;
  /** The perspective or objective itself (for its completeness); null on indicator rows. */
  group: ScorecardPerspective | ScorecardObjective | null;
  direction: Direction;
  /** Objectives and indicators: the owner and updaters at the unit (DESIGN.md §3). */
  owner: string | null;
  updaters: string[];
}

export type SortKey = 'name' | 'score' | 'gap' | 'status' | 'weight';
export const SORT_KEYS: readonly SortKey[] = ['name', 'score', 'gap', 'status', 'weight'];

export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** `score` → ascending by score, `-score` → descending; anything else → model order. */
export function parseSort(value: string | undefined): Sort | null {
  if (!value) return null;
  const descending = value.startsWith('-');
  const key = (descending ? value.slice(1) : value) as SortKey;
  return SORT_KEYS.includes(key) ? { key, descending } : null;
}

export function formatSort(sort: Sort | null): string | undefined {
  return sort ? `${sort.descending ? '-' : ''}${sort.key}` : undefined;
}

export const rowKey = (kind: RowKind, code: string, parent: string | null = null) =>
  kind === 'indicator' ? `i:${parent?.slice(2) ?? ''}/${code}` : `${kind[0]}:${code}`;

/** Every row of the card, keyed; children lists keep the model order. */
export function buildRows(card: Scorecard): Map<string, TreeRow> {
  const rows = new Map<string, TreeRow>();
  for (const p of card.perspectives) {
    const pk = rowKey('perspective', p.code);
    rows.set(pk, {
      key: pk, kind: 'perspective', code: p.code, level: 1, parent: null, children: [], name: p.name ?? null,
      score: p.score, status: p.status, weight: p.weight, coverage: p.coverage, history: p.history ?? [], indicator: null, group: p, direction: 'increase', owner: null, updaters: [],
    });
    for (const o of p.objectives) {
      const ok = rowKey('objective', o.code);
      rows.get(pk)!.children.push(ok);
      rows.set(ok, {
        key: ok, kind: 'objective', code: o.code, level: 2, parent: pk, children: [], name: o.name ?? null,
        score: o.score, status: o.status, weight: o.weight, coverage: o.coverage, history: o.history ?? [], indicator: null, group: o, direction: 'increase', owner: o.owner ?? null, updaters: o.updaters ?? [],
      });
      for (const i of o.indicators) {
        const ik = rowKey('indicator', i.code, ok);
        rows.get(ok)!.children.push(ik);
        rows.set(ik, {
          key: ik, kind: 'indicator', code: i.code, level: 3, parent: ok, children: [], name: i.name ?? null,
          score: i.score, status: i.status, weight: i.weight, coverage: null,
          history: i.history ?? [], indicator: i, group: null, direction: i.direction ?? 'increase', owner: i.owner ?? null, updaters: i.updaters ?? [],
        });
      }
    }
  }
  return rows;
}

function sortValue(row: TreeRow, key: SortKey, nameOf: (row: TreeRow) => string): number | string | null {
  switch (key) {
    case 'name':
      return nameOf(row);
    case 'score':
      return row.score;
    case 'gap':
      return row.indicator ? (row.indicator.favourable === false ? -Math.abs(row.indicator.gapPct ?? 0) : Math.abs(row.indicator.gapPct ?? 0)) : row.score === null ? null : row.score - 100;
    case 'status':
      return STATUS_SEVERITY[row.status];
    case 'weight':
      return row.weight;
  }
}

/** Sorts siblings; rows without a value go last in either direction. */
export function sortKeys(keys: readonly string[], rows: Map<string, TreeRow>, sort: Sort | null, nameOf: (row: TreeRow) => string): string[] {
  if (!sort) return [...keys];
  const dir = sort.descending ? -1 : 1;
  return [...keys].sort((a, b) => {
    const va = sortValue(rows.get(a)!, sort.key, nameOf);
    const vb = sortValue(rows.get(b)!, sort.key, nameOf);
    if (va === null && vb === null) return 0;
    if (va === null) return 1;
    if (vb === null) return -1;
    if (typeof va === 'string' || typeof vb === 'string') return String(va).localeCompare(String(vb)) * dir;
    return (va - vb) * dir;
  });
}

/** The rows to show, depth first, skipping the children of collapsed rows. */
export function visibleRows(card: Scorecard, rows: Map<string, TreeRow>, expanded: ReadonlySet<string>, sort: Sort | null, nameOf: (row: TreeRow) => string): TreeRow[] {
  const out: TreeRow[] = [];
  const walk = (keys: readonly string[]) => {
    for (const key of sortKeys(keys, rows, sort, nameOf)) {
      const row = rows.get(key)!;
      out.push(row);
      if (row.children.length && expanded.has(key)) walk(row.children);
    }
  };
  walk(card.perspectives.map((p) => rowKey('perspective', p.code)));
  return out;
}

/** Whether `username` owns or updates the indicator (the "My indicators" filter). */
export const isMine = (i: Pick<ScorecardIndicator, 'owner' | 'updaters'>, username: string) => !!username && (i.owner === username || (i.updaters ?? []).includes(username));

/**
 * The card cut down to the indicators `username` owns or updates; objectives and perspectives
 * left without any indicator go too. Scores of the groups stay the unit's (the filter hides rows,
 * it does not rescore).
 */
export function mineOnly(card: Scorecard, username: string): Scorecard {
  const perspectives = card.perspectives
    .map((p) => ({ ...p, objectives: p.objectives.map((o) => ({ ...o, indicators: o.indicators.filter((i) => isMine(i, username)) })).filter((o) => o.indicators.length) }))
    .filter((p) => p.objectives.length);
  return { ...card, perspectives };
}

/** The key of the row for a perspective, objective or indicator code (first match). */
export function findRow(rows: Map<string, TreeRow>, code: string): TreeRow | null {
  for (const row of rows.values()) if (row.code === code) return row;
  return null;
}

/** The row and every ancestor (to expand them all). */
export function ancestry(rows: Map<string, TreeRow>, key: string): string[] {
  const out: string[] = [];
  for (let k: string | null = key; k; k = rows.get(k)?.parent ?? null) out.push(k);
  return out;
}

/** The change of a score series from the month before (for group trend arrows). */
export function lastChange(history: readonly ScoreHistoryPoint[]): number | null {
  const [a, b] = history.slice(-2);
  return a && b && typeof a.score === 'number' && typeof b.score === 'number' ? b.score - a.score : null;
}

/**
 * The trend column of a row: the sparkline's values and the arrow's change come from the same
 * score series, so they can never point opposite ways. A score is higher-is-better whatever
 * the indicator's direction, so the arrow is read as `increase`.
 */
export function scoreTrend(history: readonly ScoreHistoryPoint[]): { values: (number | null)[]; change: number | null } {
  return { values: history.map((h) => h.score), change: lastChange(history) };
}
