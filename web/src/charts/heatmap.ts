/**
 * The org heatmap: units × perspectives (or × indicators), each cell filled with its STATUS
 * colour from `statusLook` (the same function that picks its icon, so colour and icon can never
 * disagree, whatever per-indicator thresholds decided the status); each cell's label carries the
 * score and the status icon so the colour is never the only signal. Cells without a score are a
 * second series.
 */
import type { Status } from '../types.ts';
import type { ChartOption } from './echarts.ts';
import { baseOption, type Formatter } from './common.ts';
import { escapeHtml } from './indicator.ts';
import { PALETTE } from './palette.ts';
import { statusLook } from '../status.ts';

export interface HeatmapMatrix {
  columns: readonly { code: string; label: string }[];
  rows: readonly { unit: string; label: string; depth: number; cells: readonly { score: number | null; status: Status }[] }[];
}

export interface HeatmapInput extends HeatmapMatrix {
  labels: { noData: string; description?: string };
  formatScore: Formatter;
  statusText: (s: Status) => string;
  statusIcon: (s: Status) => string;
}

/** Heatmap data items: [column, row, score]; the row index counts from the top. */
export function heatmapCells(matrix: HeatmapMatrix) {
  type Item = { value: [number, number, number]; status: Status; itemStyle: { color: string } };
  const scored: Item[] = [];
  const empty: Item[] = [];
  matrix.rows.forEach((row, y) => {
    row.cells.forEach((cell, x) => {
      const look = statusLook(cell.status);
      const item = (score: number): Item => ({ value: [x, y, score], status: look.status, itemStyle: { color: look.fill } });
      if (typeof cell.score === 'number' && Number.isFinite(cell.score)) scored.push(item(cell.score));
      else empty.push(item(0));
    });
  });
  return { scored, empty };
}

export function heatmapOption(input: HeatmapInput): ChartOption {
  const { columns, rows, labels, formatScore, statusIcon, statusText } = input;
  const { scored, empty } = heatmapCells(input);
  const rowLabels = rows.map((r) => `${'  '.repeat(Math.max(0, r.depth - (rows[0]?.depth ?? 0)))}${r.label}`);
  const tooltip = (p: unknown) => {
    const { value, data } = p as { value: [number, number, number]; data: { status: Status } };
    const row = rows[value[1]];
    const col = columns[value[0]];
    const cell = row?.cells[value[0]];
    if (!row || !col || !cell) return '';
    return `${escapeHtml(row.label)} · ${escapeHtml(col.label)}<br><b>${escapeHtml(formatScore(cell.score))}</b> ${escapeHtml(statusIcon(data.status))} ${escapeHtml(statusText(data.status))}`;
  };
  const label = (p: unknown) => {
    const { value, data } = p as { value: [number, number, number]; data: { status: Status } };
    const cell = rows[value[1]]?.cells[value[0]];
    return `${formatScore(cell?.score ?? null)} ${statusIcon(data.status)}`;
  };
  return {
    ...baseOption(labels.description),
    grid: { left: 8, right: 8, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', formatter: tooltip },
    xAxis: {
      type: 'category',
      position: 'top',
      data: columns.map((c) => c.label),
      splitArea: { show: true },
      axisLabel: { color: PALETTE.text, interval: 0, rotate: columns.length > 6 ? 30 : 0 },
      axisTick: { show: false },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rowLabels,
      splitArea: { show: true },
      axisLabel: { color: PALETTE.text },
      axisTick: { show: false },
    },
    series: [
      {
        id: 'scores',
        type: 'heatmap',
        data: scored,
        label: { show: true, formatter: label, color: PALETTE.text },
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        emphasis: { itemStyle: { borderColor: PALETTE.text, borderWidth: 2 } },
      },
      {
        id: 'no-data',
        name: labels.noData,
        type: 'heatmap',
        data: empty,
        label: { show: true, formatter: (p: unknown) => statusIcon((p as { data: { status: Status } }).data.status), color: PALETTE.muted },
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
      },
    ],
  };
}
