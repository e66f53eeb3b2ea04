/**
 * Localized labels for the codes the API sends (status, quadrant, window, perspective) and the
 * trend arrow. `msg()` is called at render time, so every label follows the locale switch.
 */
import { msg, str } from '@lit/localize';
import { localName } from './i18n.ts';
import type { Direction, LocalizedName, Quadrant, Status, Window } from './types.ts';

export const STATUSES: readonly Status[] = ['on_track', 'at_risk', 'off_track', 'no_data'];

/**
 * Never colour alone: every status also has a shape and a text. The shapes differ in outline
 * (circle, triangle, square, hollow circle), so they read the same to colour-blind eyes and in
 * a black-and-white print.
 */
export const STATUS_ICON: Record<Status, string> = { on_track: '●', at_risk: '▲', off_track: '■', no_data: '○' };

/** Worst first, for sorting. */
export const STATUS_SEVERITY: Record<Status, number> = { off_track: 0, at_risk: 1, on_track: 3, no_data: 2 };

export const isStatus = (v: unknown): v is Status => typeof v === 'string' && (STATUSES as readonly string[]).includes(v);

export function statusLabel(status: Status | null | undefined): string {
  switch (status) {
    case 'on_track':
      return msg('On track');
    case 'at_risk':
      return msg('At risk');
    case 'off_track':
      return msg('Off track');
    default:
      return msg('No data');
  }
}

export function windowLabel(window: Window): string {
  return window === 'month' ? msg('Month') : msg('Year to date');
}

export function quadrantLabel(q: Quadrant | null | undefined): string {
  switch (q) {
    case 'keep_up':
      return msg('Keep up the good work');
    case 'concentrate':
      return msg('Concentrate here');
    case 'low_priority':
      return msg('Low priority');
    case 'possible_overkill':
      return msg('Possible overkill');
    default:
      return msg('Unplaced');
  }
}

/** Labels of the four default perspectives, used when the API sends no name. */
export function perspectiveLabel(code: string): string {
  switch (code) {
    case 'financial':
      return msg('Financial');
    case 'customer':
      return msg('Customer');
    case 'process':
      return msg('Internal process');
    case 'infrastructure':
      return msg('Learning and growth');
    default:
      return code;
  }
}

/**
 * A perspective's display name: its localized name, unless the model gave none (the API then
 * sends the code), in which case the localized default label.
 */
export function perspectiveName(code: string, name: LocalizedName): string {
  const n = localName(name, '');
  return !n || n === code ? perspectiveLabel(code) : n;
}

export type Arrow = '↑' | '↓' | '→';

export interface TrendReading {
  arrow: Arrow;
  /** Whether the move is good news given the indicator's direction; null when unknown or flat. */
  favourable: boolean | null;
}

/** Reads a change with the direction: for `decrease` indicators a fall is favourable. */
export function readTrend(change: number | null | undefined, direction: Direction | undefined = 'increase'): TrendReading | null {
  if (typeof change !== 'number' || !Number.isFinite(change)) return null;
  if (Math.abs(change) < 1e-9) return { arrow: '→', favourable: null };
  const up = change > 0;
  if (direction === 'maintain') return { arrow: up ? '↑' : '↓', favourable: null };
  return { arrow: up ? '↑' : '↓', favourable: direction === 'decrease' ? !up : up };
}

export function trendText(reading: TrendReading | null): string {
  if (!reading) return msg('No trend');
  const move = reading.arrow === '↑' ? msg('Up') : reading.arrow === '↓' ? msg('Down') : msg('Unchanged');
  if (reading.favourable === null) return move;
  return reading.favourable ? msg(str`${move}, favourable`) : msg(str`${move}, unfavourable`);
}
