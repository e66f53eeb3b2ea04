/**
 * The one place a status becomes something to see: its icon, its strong colour, its light fill
 * and its words. Every badge, heatmap cell, chart node and list reads a status through
 * `statusLook`, so a cell's colour can never contradict its icon (both come from the status,
 * never from the score band).
 */
import { STATUS_ICON, isStatus, statusLabel } from './labels.ts';
import { STATUS_COLOR, STATUS_FILL } from './charts/palette.ts';
import type { Status } from './types.ts';

export interface StatusLook {
  status: Status;
  icon: string;
  /** Strong colour (lines, borders, bars, icon discs). */
  color: string;
  /** Light fill under dark text (cells, nodes). */
  fill: string;
  /** Localized words ("Off track" / "미달"). */
  label: string;
}

/** Anything that is not a known status reads as `no_data`. */
export function statusLook(status: unknown): StatusLook {
  const s: Status = isStatus(status) ? status : 'no_data';
  return { status: s, icon: STATUS_ICON[s], color: STATUS_COLOR[s], fill: STATUS_FILL[s], label: statusLabel(s) };
}
