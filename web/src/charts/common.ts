/**
 * Pieces every option builder shares: text style and axis looks. Accessible names come from
 * <ns-chart> (`role="img"` + `label`), and every chart has its data in a table or list beside it.
 */
import { PALETTE } from './palette.ts';

export const FONT = 'system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif';

/** Options common to every chart: a calm text style, short animations. */
export function baseOption(_description?: string) {
  return {
    animationDuration: 300,
    textStyle: { fontFamily: FONT, color: PALETTE.text },
  };
}

export const categoryAxisStyle = {
  axisLine: { lineStyle: { color: PALETTE.grid } },
  axisTick: { show: false },
  axisLabel: { color: PALETTE.muted },
};

export const valueAxisStyle = {
  splitLine: { lineStyle: { color: PALETTE.grid } },
  axisLabel: { color: PALETTE.muted },
};

export type Formatter<T = number | null> = (value: T) => string;

/** Reads the numeric value out of a tooltip/label param (`value` or `value[i]`). */
export function paramValue(value: unknown, index?: number): number | null {
  const v = Array.isArray(value) && index !== undefined ? value[index] : value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
