/**
 * Indicator detail charts: actual against target over time (target as a line or as a band) and
 * the monthly gap as bars coloured (and patterned) by whether the gap is favourable.
 */
import type { SeriesPoint } from '../types.ts';
import type { ChartOption } from './echarts.ts';
import { baseOption, categoryAxisStyle, valueAxisStyle, type Formatter } from './common.ts';
import { PALETTE } from './palette.ts';

export type TargetMode = 'line' | 'band';

export interface ActualTargetInput {
  points: readonly Pick<SeriesPoint, 'period' | 'actual' | 'target'>[];
  targetMode: TargetMode;
  /** Half-width of the target band in percent of the target (default 5). */
  tolerancePct?: number;
  labels: { actual: string; target: string; band: string; description?: string };
  formatValue: Formatter;
  formatPeriod: Formatter<string>;
  /** Improvement initiatives' start and end months, drawn as vertical markers on the actual line. */
  markers?: readonly { period: string; label: string; kind: 'start' | 'end' }[];
  /** Benchmark series (TOP, competitors) beside the indicator's own, one value per point (null where none). */
  benchmarks?: readonly { name: string; data: readonly (number | null)[] }[];
  /** Months with commentary, drawn as pins on the actual line (label: e.g. "2 comments"). */
  comments?: readonly { period: string; label: string }[];
}

/** Lower and upper edges of the target band (target ∓ tolerance %), null where no target. */
export function targetBand(points: readonly { target: number | null }[], tolerancePct = 5) {
  return points.map((p) => {
    if (typeof p.target !== 'number') return null;
    const half = Math.abs(p.target) * (tolerancePct / 100);
    return { lower: p.target - half, upper: p.target + half };
  });
}

export function actualTargetOption(input: ActualTargetInput): ChartOption {
  const { points, labels, formatValue, formatPeriod } = input;
  const periods = points.map((p) => p.period);
  const actual = points.map((p) => p.actual);
  const series: NonNullable<ChartOption['series']> = [];
  if (input.targetMode === 'band') {
    const band = targetBand(points, input.tolerancePct ?? 5);
    series.push(
      {
        id: 'band-lower',
        name: labels.band,
        type: 'line',
        stack: 'target-band',
        data: band.map((b) => (b ? b.lower : null)),
        lineStyle: { opacity: 0 },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
        z: 1,
      },
      {
        id: 'band',
        name: labels.band,
        type: 'line',
        stack: 'target-band',
        data: band.map((b) => (b ? b.upper - b.lower : null)),
        lineStyle: { opacity: 0 },
        areaStyle: { color: PALETTE.band },
        symbol: 'none',
        silent: true,
        tooltip: { show: false },
        z: 1,
      },
    );
  }
  series.push({
    id: 'target',
    name: labels.target,
    type: 'line',
    data: points.map((p) => p.target),
    lineStyle: { color: PALETTE.target, type: 'dashed', width: input.targetMode === 'band' ? 1 : 2 },
    itemStyle: { color: PALETTE.target },
    symbol: 'none',
    z: 2,
  });
  series.push({
    id: 'actual',
    name: labels.actual,
    type: 'line',
    data: actual,
    lineStyle: { color: PALETTE.actual, width: 2.5 },
    itemStyle: { color: PALETTE.actual },
    symbol: 'circle',
    symbolSize: 6,
    connectNulls: false,
    z: 3,
    ...(input.markers?.length
      ? {
          markLine: {
            symbol: 'none',
            silent: false,
            label: { formatter: (p: { name?: string }) => p.name ?? '', position: 'insideEndTop', fontSize: 10 },
            lineStyle: { type: 'dotted', width: 1.5 },
            data: input.markers.filter((m) => periods.includes(m.period)).map((m) => ({ xAxis: m.period, name: m.label, lineStyle: { color: m.kind === 'start' ? PALETTE.actual : PALETTE.target } })),
          },
        }
      : {}),
    ...(input.comments?.length
      ? {
          markPoint: {
            symbol: 'pin',
            symbolSize: 28,
            itemStyle: { color: PALETTE.target },
            label: { formatter: () => '✎', fontSize: 11, color: '#fff' },
            data: input.comments
              .map((c) => ({ c, index: periods.indexOf(c.period) }))
              .filter(({ index }) => index >= 0 && typeof actual[index] === 'number')
              .map(({ c, index }) => ({ name: c.label, coord: [c.period, actual[index] as number], value: c.label })),
          },
        }
      : {}),
  });
  for (const [n, b] of (input.benchmarks ?? []).entries()) {
    series.push({
      id: `benchmark-${n}`,
      name: b.name,
      type: 'line',
      data: [...b.data],
      lineStyle: { type: 'dashed', width: 1.5, opacity: 0.8 },
      symbol: 'triangle',
      symbolSize: 6,
      connectNulls: true,
      z: 2,
    });
  }
  return {
    ...baseOption(labels.description),
    color: [PALETTE.actual, PALETTE.target],
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, data: [labels.actual, labels.target, ...(input.targetMode === 'band' ? [labels.band] : []), ...(input.benchmarks ?? []).map((b) => b.name)] },
    tooltip: { trigger: 'axis', valueFormatter: (v) => formatValue(typeof v === 'number' ? v : null) },
    xAxis: { type: 'category', data: periods, axisLabel: { ...categoryAxisStyle.axisLabel, formatter: (p: string) => formatPeriod(p) }, axisLine: categoryAxisStyle.axisLine, axisTick: categoryAxisStyle.axisTick },
    yAxis: { type: 'value', scale: true, ...valueAxisStyle, axisLabel: { ...valueAxisStyle.axisLabel, formatter: (v: number) => formatValue(v) } },
    series,
  };
}

export interface GapBarsInput {
  points: readonly Pick<SeriesPoint, 'period' | 'gap' | 'favourable'>[];
  labels: { gap: string; favourable: string; unfavourable: string; description?: string };
  /** Signed format for gaps ("+126", "−0.4%"). */
  formatGap: Formatter;
  formatPeriod: Formatter<string>;
}

/** The colour of a gap bar: favourable green, unfavourable red, unknown grey. */
export function gapColor(favourable: boolean | null | undefined): string {
  return favourable === true ? PALETTE.favourable : favourable === false ? PALETTE.unfavourable : PALETTE.neutral;
}

/** Bar label: the signed gap and a mark (▲ favourable, ▼ unfavourable) so colour is not alone. */
export function gapLabel(gap: number | null, favourable: boolean | null | undefined, formatGap: Formatter): string {
  if (gap === null) return '';
  const mark = favourable === true ? ' ▲' : favourable === false ? ' ▼' : '';
  return `${formatGap(gap)}${mark}`;
}

export function gapBarsOption(input: GapBarsInput): ChartOption {
  const { points, labels, formatGap, formatPeriod } = input;
  // with many bars the labels would collide: then only the latest bar carries one
  const labelled = (i: number) => points.length <= 12 || i === points.length - 1;
  return {
    ...baseOption(labels.description),
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const p = (Array.isArray(params) ? params[0] : params) as { dataIndex: number };
        const point = points[p.dataIndex];
        if (!point) return '';
        const verdict = point.favourable === true ? labels.favourable : point.favourable === false ? labels.unfavourable : '';
        return `${escapeHtml(formatPeriod(point.period))}<br>${escapeHtml(labels.gap)}: <b>${escapeHtml(formatGap(point.gap))}</b>${verdict ? ` (${escapeHtml(verdict)})` : ''}`;
      },
    },
    xAxis: { type: 'category', data: points.map((p) => p.period), axisLabel: { ...categoryAxisStyle.axisLabel, formatter: (p: string) => formatPeriod(p) }, axisLine: categoryAxisStyle.axisLine, axisTick: categoryAxisStyle.axisTick },
    yAxis: { type: 'value', ...valueAxisStyle, axisLabel: { ...valueAxisStyle.axisLabel, formatter: (v: number) => formatGap(v) } },
    series: [
      {
        id: 'gap',
        name: labels.gap,
        type: 'bar',
        barMaxWidth: 28,
        data: points.map((p, i) => ({
          value: p.gap,
          itemStyle: {
            color: gapColor(p.favourable),
            ...(p.favourable === false ? { decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 5], rotation: -Math.PI / 4, color: 'rgba(255,255,255,0.45)' } } : {}),
          },
          label: { show: p.gap !== null && labelled(i), position: (p.gap ?? 0) >= 0 ? 'top' : 'bottom', formatter: () => gapLabel(p.gap, p.favourable, formatGap), color: PALETTE.text, fontSize: 11 },
        })),
      },
    ],
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
