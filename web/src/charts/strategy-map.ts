/**
 * The strategy map: objectives laid out in lanes, one per perspective (financial at the top,
 * learning and growth at the bottom), with their `drives` cause → effect links as arrows;
 * nodes coloured by status and labelled with the status icon.
 */
import type { Status } from '../types.ts';
import type { ChartOption } from './echarts.ts';
import { baseOption, type Formatter } from './common.ts';
import { escapeHtml } from './indicator.ts';
import { PALETTE } from './palette.ts';
import { statusLook } from '../status.ts';

export interface MapObjective {
  code: string;
  label: string;
  perspective: string;
  score: number | null;
  status: Status;
  drives: readonly string[];
}

export interface NodePosition {
  /** 0-100 across the lane. */
  x: number;
  /** The lane: the perspective's index (0 = top). */
  y: number;
}

/** Spreads each perspective's objectives evenly across its lane, in the order given. */
export function layoutStrategyMap(perspectives: readonly { code: string }[], objectives: readonly { code: string; perspective: string }[]): Map<string, NodePosition> {
  const positions = new Map<string, NodePosition>();
  perspectives.forEach((p, lane) => {
    const inLane = objectives.filter((o) => o.perspective === p.code);
    inLane.forEach((o, i) => positions.set(o.code, { x: round(((i + 0.5) / inLane.length) * 100), y: lane }));
  });
  return positions;
}

/** Links for every `drives` entry whose both ends are on the map (self-links dropped). */
export function strategyLinks(objectives: readonly MapObjective[], positions: Map<string, NodePosition>) {
  const links: { source: string; target: string }[] = [];
  for (const o of objectives) {
    if (!positions.has(o.code)) continue;
    for (const target of o.drives) if (target !== o.code && positions.has(target)) links.push({ source: o.code, target });
  }
  return links;
}

export interface StrategyMapInput {
  perspectives: readonly { code: string; label: string }[];
  objectives: readonly MapObjective[];
  labels: { description?: string };
  formatScore: Formatter;
  statusText: (s: Status) => string;
  statusIcon: (s: Status) => string;
}

export function strategyMapOption(input: StrategyMapInput): ChartOption {
  const { perspectives, objectives, formatScore, statusIcon, statusText } = input;
  const positions = layoutStrategyMap(perspectives, objectives);
  const placed = objectives.filter((o) => positions.has(o.code));
  const byCode = new Map(placed.map((o) => [o.code, o]));
  return {
    ...baseOption(input.labels.description),
    grid: { left: 8, right: 16, top: 16, bottom: 16, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const param = p as { dataType?: string; name?: string; data?: { source?: string; target?: string } };
        if (param.dataType === 'edge') {
          const s = byCode.get(param.data?.source ?? '');
          const t = byCode.get(param.data?.target ?? '');
          return s && t ? `${escapeHtml(s.label)} → ${escapeHtml(t.label)}` : '';
        }
        const o = byCode.get(param.name ?? '');
        return o ? `${escapeHtml(o.label)}<br><b>${escapeHtml(formatScore(o.score))}</b> ${escapeHtml(statusIcon(o.status))} ${escapeHtml(statusText(o.status))}` : '';
      },
    },
    xAxis: { type: 'value', min: 0, max: 100, show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: perspectives.map((p) => p.label),
      boundaryGap: true,
      splitArea: { show: true, areaStyle: { color: ['#f7f9fc', '#eef2f7'] } },
      splitLine: { show: false },
      axisLine: { show: false },
      axisTick: { show: false },
      axisLabel: { color: PALETTE.text, fontWeight: 'bold', width: 110, overflow: 'break' },
    },
    series: [
      {
        id: 'objectives',
        type: 'graph',
        coordinateSystem: 'cartesian2d',
        symbol: 'roundRect',
        symbolSize: [150, 44],
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 9,
        data: placed.map((o) => {
          const pos = positions.get(o.code)!;
          return {
            name: o.code,
            value: [pos.x, pos.y],
            itemStyle: { color: statusLook(o.status).fill, borderColor: statusLook(o.status).color, borderWidth: 2 },
            label: {
              show: true,
              color: PALETTE.text,
              width: 136,
              overflow: 'truncate',
              lineHeight: 16,
              formatter: `${statusIcon(o.status)} ${o.label}\n${formatScore(o.score)}`,
            },
          };
        }),
        links: strategyLinks(placed, positions),
        lineStyle: { color: PALETTE.muted, width: 1.5, curveness: 0.15, opacity: 0.9 },
        emphasis: { focus: 'adjacency', lineStyle: { width: 3 } },
      },
    ],
  };
}

const round = (v: number) => Math.round(v * 100) / 100;
