/**
 * VOC feeds written as measurements (source `voc`) through the measurement write pipeline, in
 * the caller's transaction. Only the (unit, month) cells given are recomputed; locked months
 * are left as they are and named in the notices.
 */
import type { Db } from '../db/database.ts';
import type { Actor } from '../audit/repository.ts';
import { selectUnits } from '../units/repository.ts';
import { selectLockedPairs } from '../measurements/repository.ts';
import { writeMeasurements, type MeasurementInput } from '../measurements/service.ts';
import { VOC_FEED_KEYS } from '../scoring/voc.ts';
import { cellKey, computeCellFeeds, type VocCell } from './repository.ts';
import type { VocConfig } from './config.ts';

export interface FeedResult {
  cells: number;
  changed: number;
  /** Human-readable: locked months left alone, feed values the pipeline refused. */
  notices: string[];
  lockedCells: { unit: string; period: string }[];
}

export async function writeVocFeeds(db: Db, actor: Actor, config: VocConfig, cells: Iterable<VocCell>, now: Date): Promise<FeedResult> {
  const unique = new Map<string, VocCell>();
  for (const c of cells) unique.set(cellKey(c), c);
  const list = [...unique.values()];
  const result: FeedResult = { cells: list.length, changed: 0, notices: [], lockedCells: [] };
  const feeds = VOC_FEED_KEYS.filter((k) => config.feeds[k]);
  if (list.length === 0) return result;
  const units = new Map((await selectUnits(db)).map((u) => [u.id, u]));
  const locked = await selectLockedPairs(db, { unitIds: list.map((c) => c.unitId), periods: list.map((c) => c.month) });
  const open = list.filter((c) => !locked.has(`${c.unitId}|${c.month}`));
  if (feeds.length) for (const c of list) if (locked.has(`${c.unitId}|${c.month}`)) result.lockedCells.push({ unit: units.get(c.unitId)!.code, period: c.month });
  // Locked cells are not recomputed at all: their records keep what the locked measurement counted (feed_due).
  const counts = await computeCellFeeds(db, open, now);
  const inputs: MeasurementInput[] = [];
  if (feeds.length) {
    for (const c of counts) {
      const unit = units.get(c.unitId)!;
      for (const feed of feeds) inputs.push({ row: inputs.length + 1, indicator: config.feeds[feed]!, unit: unit.code, period: c.month, value: c[feed] });
    }
  }
  result.lockedCells.sort((a, b) => a.period.localeCompare(b.period) || a.unit.localeCompare(b.unit));
  if (result.lockedCells.length) {
    const shown = result.lockedCells.slice(0, 20).map((l) => `${l.unit} ${l.period}`).join(', ');
    result.notices.push(`Locked month${result.lockedCells.length === 1 ? '' : 's'} not rewritten (their VOC measurements stay as they were until an admin reopens them): ${shown}${result.lockedCells.length > 20 ? ` and ${result.lockedCells.length - 20} more` : ''}`);
  }
  if (inputs.length === 0) return result;
  const written = await writeMeasurements(db, actor, inputs, { source: 'voc', accept: 'valid', reason: 'VOC feed', mayChangeSubmitted: () => true });
  result.changed = written.changed;
  const refused = new Map<string, string>();
  for (const e of written.rejected) {
    const input = inputs[e.row - 1];
    refused.set(`${input.indicator}|${e.code}`, `${input.indicator} ${input.unit} ${input.period}: ${e.message}`);
  }
  for (const message of refused.values()) result.notices.push(`VOC feed not written: ${message}`);
  return result;
}
