/**
 * Colours for the canvas charts (a canvas cannot read CSS custom properties); they mirror the
 * theme in web/src/theme.css. Fills are light enough to carry dark text (WCAG AA).
 */
import type { Quadrant, Status } from '../types.ts';

export const PALETTE = {
  text: '#1d2433',
  muted: '#5b6577',
  grid: '#e3e7ee',
  actual: '#1f5fbf',
  target: '#4a5568',
  band: 'rgba(74, 85, 104, 0.16)',
  favourable: '#2e7d4f',
  unfavourable: '#c0392b',
  neutral: '#9aa3b2',
  series: ['#1f5fbf', '#e07b39', '#6a4fb3', '#2a9d8f', '#8c6d1f', '#c2185b'],
} as const;

/** Strong status colours (lines, borders, bars): a bluish green, amber, red and grey, told apart by colour-blind readers (with the shapes). */
export const STATUS_COLOR: Record<Status, string> = {
  on_track: '#0f7b6c',
  at_risk: '#b7791f',
  off_track: '#c0392b',
  no_data: '#8a94a6',
};

/** Light status fills (node and cell backgrounds under dark text). */
export const STATUS_FILL: Record<Status, string> = {
  on_track: '#d3efe9',
  at_risk: '#fcebc4',
  off_track: '#f9d6d2',
  no_data: '#e8ebf0',
};

export const QUADRANT_COLOR: Record<Quadrant, string> = {
  keep_up: '#2e7d4f',
  concentrate: '#c0392b',
  low_priority: '#8a94a6',
  possible_overkill: '#1f5fbf',
};

/** A distinct marker per quadrant, so the portfolio never relies on colour alone. */
export const QUADRANT_SYMBOL: Record<Quadrant, string> = {
  keep_up: 'circle',
  concentrate: 'triangle',
  low_priority: 'rect',
  possible_overkill: 'diamond',
};
