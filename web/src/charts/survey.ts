/** Survey charts: the CSI trend over periods and the comparison with competitors. */
import type { SurveyTrendPoint } from '../types.ts';
import type { ChartOption } from './echarts.ts';
import { baseOption, categoryAxisStyle, valueAxisStyle, type Formatter } from './common.ts';
import { PALETTE } from './palette.ts';

export interface CsiTrendInput {
  points: readonly SurveyTrendPoint[];
  labels: { csi: string; overall: string; competitiveIndex: string; description?: string };
  formatScore: Formatter;
  formatPeriod: Formatter<string>;
}

export function csiTrendOption(input: CsiTrendInput): ChartOption {
  const { points, labels, formatScore, formatPeriod } = input;
  const hasCompetitive = points.some((p) => typeof p.competitiveIndex === 'number');
  const line = (id: string, name: string, data: (number | null)[], color: string, dashed = false) => ({
    id,
    name,
    type: 'line' as const,
    data,
    symbol: 'circle',
    symbolSize: 6,
    lineStyle: { color, width: 2, type: dashed ? ('dashed' as const) : ('solid' as const) },
    itemStyle: { color },
  });
  return {
    ...baseOption(labels.description),
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => formatScore(typeof v === 'number' ? v : null) },
    xAxis: { type: 'category', data: points.map((p) => p.period), axisLabel: { ...categoryAxisStyle.axisLabel, formatter: (p: string) => formatPeriod(p) }, axisLine: categoryAxisStyle.axisLine, axisTick: categoryAxisStyle.axisTick },
    yAxis: { type: 'value', scale: true, ...valueAxisStyle },
    series: [
      line('csi', labels.csi, points.map((p) => p.csi), PALETTE.series[0]),
      line('overall', labels.overall, points.map((p) => p.overall), PALETTE.series[1]),
      ...(hasCompetitive ? [line('competitive', labels.competitiveIndex, points.map((p) => p.competitiveIndex), PALETTE.series[2], true)] : []),
    ],
  };
}

export interface CompetitorInput {
  /** The measures compared (CSI, overall, then each factor). */
  categories: readonly { code: string; label: string }[];
  /** One entry per segment: own first; `values` align with `categories`. */
  segments: readonly { label: string; own: boolean; values: readonly (number | null)[] }[];
  labels: { description?: string };
  formatScore: Formatter;
}

export function competitorOption(input: CompetitorInput): ChartOption {
  const { categories, segments, formatScore } = input;
  let other = 1;
  return {
    ...baseOption(input.labels.description),
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => formatScore(typeof v === 'number' ? v : null) },
    xAxis: { type: 'category', data: categories.map((c) => c.label), ...categoryAxisStyle, axisLabel: { ...categoryAxisStyle.axisLabel, interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', scale: true, ...valueAxisStyle },
    series: segments.map((s, i) => ({
      id: `segment-${i}`,
      name: s.label,
      type: 'bar' as const,
      barMaxWidth: 22,
      data: [...s.values],
      itemStyle: s.own
        ? { color: PALETTE.series[0] }
        : { color: PALETTE.series[other++ % PALETTE.series.length], decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.5)' } },
    })),
  };
}
