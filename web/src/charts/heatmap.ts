/**
 * The org heatmap: units × perspectives (or × indicators) coloured by score through a piecewise
 * visualMap (the same bands as `scoreColor`); each cell's label carries the score and the status
 * icon so the colour is never the only signal. Cells without a score are drawn grey by a second
 * series that the visualMap does not control.
 */
import type { Status } from '../types.ts';
import type { ChartOption } from './echarts.ts';
import { baseOption, type Formatter } from './common.ts';
import { escapeHtml } from './indicator.ts';
import { NO_DATA_FILL, PALETTE, SCORE_BANDS } from './palette.ts';

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

/** visualMap pieces from the score bands, with readable range labels. */
export function heatmapPieces(formatScore: Formatter) {
  return SCORE_BANDS.map((b) => ({
    ...(b.gte !== null ? { gte: b.gte } : {}),
    ...(b.lt !== null ? { lt: b.lt } : {}),
    color: b.color,
    label: b.gte === null ? `< ${formatScore(b.lt)}` : b.lt === null ? `≥ ${formatScore(b.gte)}` : `${formatScore(b.gte)} – ${formatScore(b.lt)}`,
  }));
}

/** Heatmap data items: [column, row, score]; the row index counts from the top. */
export function heatmapCells(matrix: HeatmapMatrix) {
  const scored: { value: [number, number, number]; status: Status }[] = [];
  const empty: { value: [number, number, number]; status: Status }[] = [];
  matrix.rows.forEach((row, y) => {
    row.cells.forEach((cell, x) => {
      if (typeof cell.score === 'number' && Number.isFinite(cell.score)) scored.push({ value: [x, y, cell.score], status: cell.status });
      else empty.push({ value: [x, y, 0], status: cell.status });
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
    grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
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
    visualMap: {
      type: 'piecewise',
      seriesIndex: 0,
      dimension: 2,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      pieces: heatmapPieces(formatScore),
      textStyle: { color: PALETTE.text },
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
        itemStyle: { color: NO_DATA_FILL, borderColor: '#ffffff', borderWidth: 2 },
      },
    ],
  };
}
