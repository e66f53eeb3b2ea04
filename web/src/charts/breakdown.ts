/** The breakdown of an indicator over the unit's children: one bar per child, by score. */
import type { Status } from '../types.ts';
import type { ChartOption } from './echarts.ts';
import { baseOption, categoryAxisStyle, valueAxisStyle, type Formatter } from './common.ts';
import { escapeHtml } from './indicator.ts';
import { PALETTE } from './palette.ts';
import { statusLook } from '../status.ts';

export interface BreakdownBar {
  unit: string;
  label: string;
  score: number | null;
  status: Status;
  actual: number | null;
}

export interface BreakdownInput {
  children: readonly BreakdownBar[];
  labels: { score: string; target: string; description?: string };
  formatScore: Formatter;
  formatActual: Formatter;
  statusText: (s: Status) => string;
  statusIcon: (s: Status) => string;
}

export function breakdownOption(input: BreakdownInput): ChartOption {
  const { children, labels, formatScore, statusIcon } = input;
  return {
    ...baseOption(labels.description),
    grid: { left: 8, right: 56, top: 28, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const child = children[(p as { dataIndex: number }).dataIndex];
        if (!child) return '';
        return `${escapeHtml(child.label)}<br>${escapeHtml(labels.score)}: <b>${escapeHtml(formatScore(child.score))}</b> · ${escapeHtml(input.statusText(child.status))}<br>${escapeHtml(input.formatActual(child.actual))}`;
      },
    },
    xAxis: { type: 'value', ...valueAxisStyle, axisLabel: { ...valueAxisStyle.axisLabel, formatter: (v: number) => formatScore(v) } },
    yAxis: { type: 'category', inverse: true, data: children.map((c) => c.label), ...categoryAxisStyle },
    series: [
      {
        id: 'score',
        name: labels.score,
        type: 'bar',
        barMaxWidth: 22,
        data: children.map((c) => ({
          value: c.score,
          itemStyle: { color: statusLook(c.status).color },
          label: { show: true, position: 'right', formatter: () => `${formatScore(c.score)} ${statusIcon(c.status)}`, color: PALETTE.text },
        })),
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: PALETTE.target, type: 'dashed' },
          label: { formatter: labels.target, position: 'start', color: PALETTE.muted },
          data: [{ xAxis: 100 }],
        },
      },
    ],
  };
}
