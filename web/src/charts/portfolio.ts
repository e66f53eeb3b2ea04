/**
 * The CS portfolio (importance-performance analysis, DESIGN.md §3): each factor placed by its
 * derived weight (importance) and satisfaction, with crosshairs at the mean weight and the
 * mean satisfaction of all factors and the four quadrants labelled. Markers differ by quadrant
 * in shape as well as colour.
 */
import type { Quadrant } from '../types.ts';
import type { ChartOption } from './echarts.ts';
import { baseOption, valueAxisStyle, type Formatter } from './common.ts';
import { escapeHtml } from './indicator.ts';
import { PALETTE, QUADRANT_COLOR, QUADRANT_SYMBOL } from './palette.ts';

export interface PortfolioFactor {
  code: string;
  label: string;
  weight: number | null;
  satisfaction: number | null;
  quadrant: Quadrant | null;
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The crosshairs: mean weight and mean satisfaction over the factors that have both. */
export function portfolioCrosshairs(factors: readonly PortfolioFactor[]): { weight: number | null; satisfaction: number | null } {
  const placed = factors.filter((f) => isNum(f.weight) && isNum(f.satisfaction));
  return { weight: mean(placed.map((f) => f.weight!)), satisfaction: mean(placed.map((f) => f.satisfaction!)) };
}

/** Axis ranges with some air around the factors; satisfaction stays within 0-100. */
export function portfolioExtent(factors: readonly PortfolioFactor[]) {
  const w = factors.map((f) => f.weight).filter(isNum);
  const s = factors.map((f) => f.satisfaction).filter(isNum);
  const maxW = w.length ? Math.max(...w) : 1;
  const xMax = Math.ceil((maxW * 1.15) / 0.05) * 0.05 || 1;
  const yMin = s.length ? Math.max(0, Math.floor((Math.min(...s) - 5) / 5) * 5) : 0;
  const yMax = s.length ? Math.min(100, Math.ceil((Math.max(...s) + 5) / 5) * 5) : 100;
  return { xMin: 0, xMax, yMin, yMax: yMax > yMin ? yMax : yMin + 10 };
}

export interface PortfolioInput {
  factors: readonly PortfolioFactor[];
  labels: { importance: string; satisfaction: string; quadrants: Record<Quadrant, string>; meanImportance: string; meanSatisfaction: string; description?: string };
  formatWeight: Formatter;
  formatScore: Formatter;
}

export function portfolioOption(input: PortfolioInput): ChartOption {
  const { factors, labels, formatWeight, formatScore } = input;
  const cross = portfolioCrosshairs(factors);
  const ext = portfolioExtent(factors);
  const placed = factors.filter((f) => isNum(f.weight) && isNum(f.satisfaction));
  const cx = cross.weight ?? (ext.xMax / 2);
  const cy = cross.satisfaction ?? ((ext.yMin + ext.yMax) / 2);
  const area = (q: Quadrant, x0: number, x1: number, y0: number, y1: number, position: string) => [
    { name: labels.quadrants[q], coord: [x0, y0], itemStyle: { color: 'rgba(0,0,0,0)' }, label: { position, color: QUADRANT_COLOR[q], fontWeight: 'bold' } },
    { coord: [x1, y1] },
  ];
  return {
    ...baseOption(labels.description),
    grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const f = placed[(p as { dataIndex: number }).dataIndex];
        if (!f) return '';
        return `<b>${escapeHtml(f.label)}</b><br>${escapeHtml(labels.importance)}: ${escapeHtml(formatWeight(f.weight))}<br>${escapeHtml(labels.satisfaction)}: ${escapeHtml(formatScore(f.satisfaction))}<br>${escapeHtml(f.quadrant ? labels.quadrants[f.quadrant] : '')}`;
      },
    },
    xAxis: { type: 'value', name: labels.importance, nameLocation: 'middle', nameGap: 28, min: ext.xMin, max: ext.xMax, ...valueAxisStyle, axisLabel: { ...valueAxisStyle.axisLabel, formatter: (v: number) => formatWeight(v) } },
    yAxis: { type: 'value', name: labels.satisfaction, nameLocation: 'middle', nameGap: 40, min: ext.yMin, max: ext.yMax, ...valueAxisStyle },
    series: [
      {
        id: 'factors',
        type: 'scatter',
        symbolSize: 14,
        data: placed.map((f) => ({
          name: f.label,
          value: [f.weight!, f.satisfaction!],
          symbol: f.quadrant ? QUADRANT_SYMBOL[f.quadrant] : 'circle',
          itemStyle: { color: f.quadrant ? QUADRANT_COLOR[f.quadrant] : PALETTE.neutral, borderColor: '#ffffff', borderWidth: 1 },
        })),
        label: { show: true, position: 'right', formatter: '{b}', color: PALETTE.text, fontSize: 12 },
        labelLayout: { hideOverlap: true },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: PALETTE.muted, type: 'dashed', width: 1.5 },
          label: { color: PALETTE.muted, fontSize: 11 },
          data: [
            { name: labels.meanImportance, xAxis: cx, label: { formatter: `${labels.meanImportance} ${formatWeight(cx)}`, position: 'end' } },
            { name: labels.meanSatisfaction, yAxis: cy, label: { formatter: `${labels.meanSatisfaction} ${formatScore(cy)}`, position: 'insideEndTop' } },
          ],
        },
        markArea: {
          silent: true,
          label: { fontSize: 12 },
          data: [
            area('keep_up', cx, ext.xMax, cy, ext.yMax, 'insideTopRight'),
            area('concentrate', cx, ext.xMax, ext.yMin, cy, 'insideBottomRight'),
            area('low_priority', ext.xMin, cx, ext.yMin, cy, 'insideBottomLeft'),
            area('possible_overkill', ext.xMin, cx, cy, ext.yMax, 'insideTopLeft'),
          ] as never,
        },
      },
    ],
  };
}
