/**
 * VOC charts: volume by month and type (stacked bars), SLA attainment by month against its
 * target (line), and the Pareto chart of categories or root causes (bars largest first, the
 * cumulative share as a line on a 0–100 % axis, the 80 % mark as a dashed line).
 */
import type { ChartOption } from './echarts.ts';
import { baseOption, categoryAxisStyle, valueAxisStyle, type Formatter } from './common.ts';
import { PALETTE } from './palette.ts';
import type { ParetoRow } from '../voc.ts';

const TYPE_COLORS = ['#c0392b', '#1f5fbf', '#8c6d1f', '#2e7d4f'];
/** Decals so that stacked types never rely on colour alone. */
const TYPE_DECALS = [undefined, { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.45)' }, { symbol: 'circle', symbolSize: 0.5, color: 'rgba(255,255,255,0.5)' }, { symbol: 'rect', dashArrayX: [4, 4], dashArrayY: [1, 0], color: 'rgba(255,255,255,0.45)' }];

export interface VolumeInput {
  periods: readonly string[];
  /** One series per type, one count per period. */
  types: readonly { key: string; label: string; data: readonly number[] }[];
  formatPeriod: Formatter<string>;
  formatCount: Formatter;
}

export function vocVolumeOption(input: VolumeInput): ChartOption {
  return {
    ...baseOption(),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => input.formatCount(typeof v === 'number' ? v : null) },
    legend: { top: 0, type: 'scroll', textStyle: { color: PALETTE.text } },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: input.periods.map((p) => input.formatPeriod(p)), ...categoryAxisStyle },
    yAxis: { type: 'value', minInterval: 1, ...valueAxisStyle },
    series: input.types.map((t, i) => ({
      id: t.key,
      name: t.label,
      type: 'bar' as const,
      stack: 'volume',
      data: [...t.data],
      itemStyle: { color: TYPE_COLORS[i % TYPE_COLORS.length], decal: TYPE_DECALS[i % TYPE_DECALS.length] },
      emphasis: { focus: 'series' as const },
    })),
  } as ChartOption;
}

export interface SlaInput {
  periods: readonly string[];
  /** Percent 0–100 per period, null where nothing was due. */
  rates: readonly (number | null)[];
  /** The SLA rate indicator's target per period (null where none). */
  targets?: readonly (number | null)[];
  labels: { rate: string; target: string };
  formatPeriod: Formatter<string>;
  formatPercent: Formatter;
}

export function vocSlaOption(input: SlaInput): ChartOption {
  const values = [...input.rates, ...(input.targets ?? [])].filter((v): v is number => typeof v === 'number');
  const min = values.length ? Math.max(0, Math.floor((Math.min(...values) - 5) / 10) * 10) : 0;
  const series: NonNullable<ChartOption['series']> = [
    {
      id: 'rate',
      name: input.labels.rate,
      type: 'line',
      data: [...input.rates],
      connectNulls: false,
      symbol: 'circle',
      symbolSize: 7,
      lineStyle: { color: PALETTE.actual, width: 2.5 },
      itemStyle: { color: PALETTE.actual },
    },
  ];
  if (input.targets?.some((t) => typeof t === 'number')) {
    series.push({
      id: 'target',
      name: input.labels.target,
      type: 'line',
      data: [...input.targets],
      symbol: 'none',
      lineStyle: { color: PALETTE.target, type: 'dashed', width: 2 },
      itemStyle: { color: PALETTE.target },
    });
  }
  return {
    ...baseOption(),
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => input.formatPercent(typeof v === 'number' ? v : null) },
    legend: { top: 0, textStyle: { color: PALETTE.text } },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: input.periods.map((p) => input.formatPeriod(p)), ...categoryAxisStyle },
    yAxis: { type: 'value', min, max: 100, ...valueAxisStyle, axisLabel: { ...valueAxisStyle.axisLabel, formatter: (v: number) => `${v}%` } },
    series,
  };
}

export interface ParetoInput {
  rows: readonly ParetoRow[];
  /** The bar's label (category or root-cause name). */
  nameOf: (row: ParetoRow) => string;
  labels: { count: string; cumulative: string; threshold: string };
  formatCount: Formatter;
  formatShare: Formatter;
  /** Where the marker goes, 0–1 (default 0.8). */
  threshold?: number;
}

/** Bars of counts (the vital few darker), the cumulative share as a line on its own 0–100 % axis, the 80 % line. */
export function paretoOption(input: ParetoInput): ChartOption {
  const threshold = input.threshold ?? 0.8;
  const names = input.rows.map((r) => input.nameOf(r));
  return {
    ...baseOption(),
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? String(v) : '–'),
      formatter: (params: unknown) => {
        const list = (Array.isArray(params) ? params : [params]) as { dataIndex: number }[];
        const row = input.rows[list[0]?.dataIndex ?? -1];
        if (!row) return '';
        return `${names[list[0].dataIndex]}<br/>${input.labels.count}: ${input.formatCount(row.count)} (${input.formatShare(row.share)})<br/>${input.labels.cumulative}: ${input.formatShare(row.cumulativeShare)}`;
      },
    },
    legend: { top: 0, textStyle: { color: PALETTE.text } },
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: names, ...categoryAxisStyle, axisLabel: { ...categoryAxisStyle.axisLabel, interval: 0, rotate: names.length > 5 ? 30 : 0, width: 90, overflow: 'truncate' } },
    yAxis: [
      { type: 'value', minInterval: 1, ...valueAxisStyle },
      { type: 'value', min: 0, max: 100, splitLine: { show: false }, axisLabel: { color: PALETTE.muted, formatter: (v: number) => `${v}%` } },
    ],
    series: [
      {
        id: 'count',
        name: input.labels.count,
        type: 'bar',
        data: input.rows.map((r) => ({ value: r.count, itemStyle: { color: r.vital ? PALETTE.unfavourable : PALETTE.neutral } })),
        barMaxWidth: 48,
      },
      {
        id: 'cumulative',
        name: input.labels.cumulative,
        type: 'line',
        yAxisIndex: 1,
        data: input.rows.map((r) => Math.round(r.cumulativeShare * 1000) / 10),
        symbol: 'circle',
        symbolSize: 6,
        lineStyle: { color: PALETTE.actual, width: 2 },
        itemStyle: { color: PALETTE.actual },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: PALETTE.target, type: 'dashed' },
          label: { formatter: input.labels.threshold, color: PALETTE.muted, position: 'insideEndTop' },
          data: [{ yAxis: threshold * 100 }],
        },
      },
    ],
  };
}
