/**
 * Sparklines are small inline SVGs (dozens per scorecard would be too many canvases); this pure
 * function turns a series into the SVG path and the end point.
 */

export interface Sparkline {
  /** `M x y L x y …`; a gap (null) starts a new sub-path. Empty when fewer than one value. */
  path: string;
  /** The last point with a value, for the end dot. */
  last: { x: number; y: number } | null;
  min: number | null;
  max: number | null;
  /** y of the reference line (e.g. 100 = target met) when it falls inside the range drawn. */
  referenceY: number | null;
}

export function sparkline(
  values: readonly (number | null | undefined)[],
  width: number,
  height: number,
  options: { padding?: number; reference?: number | null } = {},
): Sparkline {
  const pad = options.padding ?? 2;
  const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (nums.length === 0) return { path: '', last: null, min: null, max: null, referenceY: null };
  let min = Math.min(...nums);
  let max = Math.max(...nums);
  const ref = options.reference;
  if (typeof ref === 'number') {
    // keep the reference in view when it is close to the data
    const span = Math.max(max - min, Math.abs(ref) * 0.05, 1e-9);
    if (ref >= min - span && ref <= max + span) {
      min = Math.min(min, ref);
      max = Math.max(max, ref);
    }
  }
  const range = max - min || 1;
  const n = values.length;
  const x = (i: number) => round(n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
  const y = (v: number) => round(max === min ? height / 2 : height - pad - ((v - min) * (height - 2 * pad)) / range);
  const parts: string[] = [];
  let pen = false;
  let last: Sparkline['last'] = null;
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    parts.push(`${pen ? 'L' : 'M'}${x(i)} ${y(v)}`);
    pen = true;
    last = { x: x(i), y: y(v) };
  });
  const path = parts.join(' ');
  const referenceY = typeof ref === 'number' && ref >= min && ref <= max ? y(ref) : null;
  return { path, last, min: Math.min(...nums), max: Math.max(...nums), referenceY };
}

const round = (v: number) => Math.round(v * 10) / 10;
