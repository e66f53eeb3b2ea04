// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { actualTargetOption, gapBarsOption, gapColor, gapLabel, targetBand } from '../../web/src/charts/indicator.ts';
import { breakdownOption } from '../../web/src/charts/breakdown.ts';
import { heatmapCells, heatmapOption } from '../../web/src/charts/heatmap.ts';
import { layoutStrategyMap, strategyLinks, strategyMapOption, type MapObjective } from '../../web/src/charts/strategy-map.ts';
import { portfolioCrosshairs, portfolioExtent, portfolioOption } from '../../web/src/charts/portfolio.ts';
import { competitorOption, csiTrendOption } from '../../web/src/charts/survey.ts';
import { sparkline } from '../../web/src/charts/sparkline.ts';
import { PALETTE, QUADRANT_SYMBOL, STATUS_COLOR, STATUS_FILL } from '../../web/src/charts/palette.ts';
import { statusLook } from '../../web/src/status.ts';
import { STATUS_ICON } from '../../web/src/labels.ts';
import { heatmapMatrix } from '../../web/src/views/ns-heatmap-view.ts';
import { heatmap, seriesPoints, strategyMap, surveyResult } from './fixtures.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const fmt = (v: number | null) => (v === null ? '–' : String(v));
const signed = (v: number | null) => (v === null ? '–' : `${v > 0 ? '+' : ''}${v}`);
const period = (p: string) => `P${p}`;
const seriesById = (option: any) => Object.fromEntries((option.series as any[]).map((s) => [s.id, s]));

describe('actual against target', () => {
  it('draws the actual as a solid line and the target as a dashed line, aligned on the periods', () => {
    const option: any = actualTargetOption({ points: seriesPoints(), targetMode: 'line', labels: { actual: 'Actual', target: 'Target', band: 'Band' }, formatValue: fmt, formatPeriod: period });
    expect(option.xAxis.data).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    const s = seriesById(option);
    expect(Object.keys(s).sort()).toEqual(['actual', 'target']);
    expect(s.actual.type).toBe('line');
    expect(s.actual.data).toEqual([90, 105, null, 100]);
    expect(s.actual.connectNulls).toBe(false);
    expect(s.target.data).toEqual([100, 100, 100, null]);
    expect(s.target.lineStyle.type).toBe('dashed');
    expect(option.legend.data).toEqual(['Actual', 'Target']);
    expect(option.xAxis.axisLabel.formatter('2026-01')).toBe('P2026-01');
  });

  it('draws the target as a band of ±tolerance around it: a transparent base and a stacked width', () => {
    const option: any = actualTargetOption({ points: seriesPoints(), targetMode: 'band', tolerancePct: 10, labels: { actual: 'Actual', target: 'Target', band: 'Target ± 10%' }, formatValue: fmt, formatPeriod: period });
    const s = seriesById(option);
    expect(s['band-lower'].stack).toBe('target-band');
    expect(s.band.stack).toBe('target-band');
    expect(s['band-lower'].data).toEqual([90, 90, 90, null]);
    expect(s.band.data).toEqual([20, 20, 20, null]);
    expect(s.band.areaStyle).toBeTruthy();
    expect(s['band-lower'].areaStyle).toBeUndefined();
    expect(option.legend.data).toContain('Target ± 10%');
    // the band sits below the target line and the actual
    expect(s.band.z).toBeLessThan(s.actual.z);
  });

  it('computes the band edges from the target (5% by default), null where there is no target', () => {
    expect(targetBand([{ target: 200 }, { target: null }])).toEqual([{ lower: 190, upper: 210 }, null]);
    expect(targetBand([{ target: -100 }], 10)).toEqual([{ lower: -110, upper: -90 }]);
  });
});

describe('gap bars', () => {
  it('colours favourable gaps green, unfavourable red and unknown grey', () => {
    expect(gapColor(true)).toBe(PALETTE.favourable);
    expect(gapColor(false)).toBe(PALETTE.unfavourable);
    expect(gapColor(null)).toBe(PALETTE.neutral);
    const option: any = gapBarsOption({ points: seriesPoints(), labels: { gap: 'Gap', favourable: 'fav', unfavourable: 'unfav' }, formatGap: signed, formatPeriod: period });
    const bars = option.series[0].data;
    expect(option.series[0].type).toBe('bar');
    expect(bars.map((b: any) => b.value)).toEqual([-10, 5, null, null]);
    expect(bars.map((b: any) => b.itemStyle.color)).toEqual([PALETTE.unfavourable, PALETTE.favourable, PALETTE.neutral, PALETTE.neutral]);
    // unfavourable bars also carry a pattern, so colour is not the only signal
    expect(bars[0].itemStyle.decal).toBeTruthy();
    expect(bars[1].itemStyle.decal).toBeUndefined();
  });

  it('labels each bar with the signed gap and a favourable/unfavourable mark', () => {
    const option: any = gapBarsOption({ points: seriesPoints(), labels: { gap: 'Gap', favourable: 'fav', unfavourable: 'unfav' }, formatGap: signed, formatPeriod: period });
    const bars = option.series[0].data;
    expect(bars[0].label.formatter()).toBe('-10 ▼');
    expect(bars[1].label.formatter()).toBe('+5 ▲');
    expect(bars[0].label.position).toBe('bottom');
    expect(bars[1].label.position).toBe('top');
    expect(bars[2].label.show).toBe(false);
    expect(gapLabel(null, null, signed)).toBe('');
    const tip = option.tooltip.formatter([{ dataIndex: 0 }]);
    expect(tip).toContain('P2026-01');
    expect(tip).toContain('-10');
    expect(tip).toContain('unfav');
  });

  it('keeps only the latest label when there are more than twelve bars', () => {
    const points = Array.from({ length: 24 }, (_, i) => ({ period: `2025-${i}`, gap: i + 1, favourable: true }));
    const option: any = gapBarsOption({ points, labels: { gap: 'Gap', favourable: 'f', unfavourable: 'u' }, formatGap: signed, formatPeriod: period });
    const shown = option.series[0].data.filter((b: any) => b.label.show);
    expect(shown).toHaveLength(1);
    expect(shown[0].value).toBe(24);
  });
});

describe('heatmap', () => {
  const matrix = heatmapMatrix(heatmap(), { total: 'Total', column: (c) => c.toUpperCase(), unit: (c) => c });

  it('puts a Total column first and fills missing cells as no data', () => {
    expect(matrix.columns.map((c) => c.code)).toEqual(['__total', 'financial', 'customer']);
    expect(matrix.rows[1].cells).toEqual([
      { score: null, status: 'no_data' },
      { score: null, status: 'no_data' },
      { score: null, status: 'no_data' },
    ]);
  });

  it('carries each indicator column’s owner for its header', () => {
    const byIndicator = { ...heatmap(), by: 'indicator' as const, columns: [{ code: 'SALES', name: 'Sales', owner: 'kim' }, { code: 'NPS', name: 'NPS', owner: null }] };
    const m = heatmapMatrix(byIndicator, { total: 'Total', column: (c) => c, unit: (c) => c });
    expect(m.columns.map((c) => [c.code, c.owner ?? null])).toEqual([['__total', null], ['SALES', 'kim'], ['NPS', null]]);
  });

  it('fills every cell with its status colour (no score bands), the same function that picks its icon', () => {
    const option: any = heatmapOption({ ...matrix, labels: { noData: 'No data' }, formatScore: fmt, statusText: (s) => s, statusIcon: (s) => STATUS_ICON[s] });
    expect(option.visualMap).toBeUndefined();
    for (const item of [...option.series[0].data, ...option.series[1].data]) {
      expect(item.itemStyle.color).toBe(statusLook(item.status).fill);
    }
    expect(option.series.map((s: any) => s.type)).toEqual(['heatmap', 'heatmap']);
    expect(option.yAxis.inverse).toBe(true);
    expect(option.xAxis.data).toEqual(['Total', 'FINANCIAL', 'CUSTOMER']);
  });

  it('never lets the colour contradict the icon: a 104 that per-indicator thresholds call at risk is amber', () => {
    const odd = { columns: [{ code: 'X', label: 'X' }], rows: [{ unit: 'U', label: 'U', depth: 1, cells: [{ score: 104, status: 'at_risk' as const }] }] };
    const [cell] = heatmapCells(odd).scored;
    expect(cell.itemStyle.color).toBe(STATUS_FILL.at_risk);
    expect(statusLook('at_risk').icon).toBe('▲');
  });

  it('places scored cells as [column, row, score] and draws cells without a score grey', () => {
    const { scored, empty } = heatmapCells(matrix);
    expect(scored.map((c) => c.value)).toEqual([
      [0, 0, 97],
      [1, 0, 104],
      [2, 0, 85],
    ]);
    expect(empty.map((c) => c.value.slice(0, 2))).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });

  it('labels every cell with the score and the status icon, never colour alone', () => {
    const option: any = heatmapOption({ ...matrix, labels: { noData: 'No data' }, formatScore: fmt, statusText: (s) => s, statusIcon: (s) => STATUS_ICON[s] });
    const scored = option.series[0];
    expect(scored.label.formatter({ value: [2, 0, 85], data: { status: 'off_track' } })).toBe('85 ■');
    expect(option.series[1].label.formatter({ data: { status: 'no_data' } })).toBe('○');
    expect(option.tooltip.formatter({ value: [1, 0, 104], data: { status: 'on_track' } })).toContain('on_track');
  });
});

describe('strategy map', () => {
  const data = strategyMap();
  const objectives: MapObjective[] = data.objectives.map((o) => ({ ...o, label: String(o.name) }));
  const perspectives = data.perspectives.map((p) => ({ code: p.code, label: String(p.name) }));

  it('lays objectives out in their perspective lanes, spread evenly across', () => {
    const pos = layoutStrategyMap(perspectives, objectives);
    expect(pos.get('F1')).toEqual({ x: 50, y: 0 });
    expect(pos.get('C1')).toEqual({ x: 25, y: 1 });
    expect(pos.get('C2')).toEqual({ x: 75, y: 1 });
    expect(pos.get('P1')).toEqual({ x: 50, y: 2 });
  });

  it('links each objective to the objectives it drives, dropping unknown targets and self-links', () => {
    const pos = layoutStrategyMap(perspectives, objectives);
    expect(strategyLinks(objectives, pos)).toEqual([
      { source: 'C1', target: 'F1' },
      { source: 'C2', target: 'F1' },
      { source: 'P1', target: 'C1' },
      { source: 'P1', target: 'C2' },
    ]);
  });

  it('builds a graph on a grid with one lane per perspective, nodes coloured and labelled by status', () => {
    const option: any = strategyMapOption({ perspectives, objectives, labels: {}, formatScore: fmt, statusText: (s) => s, statusIcon: (s) => STATUS_ICON[s] });
    expect(option.yAxis.type).toBe('category');
    expect(option.yAxis.data).toEqual(['Financial', 'Customer', 'Process']);
    const graph = option.series[0];
    expect(graph.type).toBe('graph');
    expect(graph.coordinateSystem).toBe('cartesian2d');
    expect(graph.edgeSymbol).toEqual(['none', 'arrow']);
    const c2 = graph.data.find((n: any) => n.name === 'C2');
    expect(c2.value).toEqual([75, 1]);
    expect(c2.itemStyle.borderColor).toBe(STATUS_COLOR.off_track);
    expect(c2.label.formatter).toBe('■ Retain\n80');
    expect(graph.links).toHaveLength(4);
  });
});

describe('CS portfolio', () => {
  const factors = surveyResult().factors.map((f) => ({ code: f.code, label: f.code, weight: f.weight, satisfaction: f.satisfaction, quadrant: f.quadrant }));
  const labels = {
    importance: 'Importance',
    satisfaction: 'Satisfaction',
    quadrants: { keep_up: 'Keep up', concentrate: 'Concentrate', low_priority: 'Low priority', possible_overkill: 'Overkill' },
    meanImportance: 'Mean',
    meanSatisfaction: 'Mean',
  };

  it('puts the crosshairs at the mean weight and the mean satisfaction of the factors', () => {
    expect(portfolioCrosshairs(factors)).toEqual({ weight: 0.25, satisfaction: 68 });
    expect(portfolioCrosshairs([{ code: 'X', label: 'X', weight: null, satisfaction: 50, quadrant: null }])).toEqual({ weight: null, satisfaction: null });
  });

  it('draws the crosshairs as mark lines and the four quadrants as labelled areas', () => {
    const option: any = portfolioOption({ factors, labels, formatWeight: fmt, formatScore: fmt });
    const scatter = option.series[0];
    expect(scatter.type).toBe('scatter');
    expect(scatter.markLine.data.map((d: any) => d.xAxis ?? d.yAxis)).toEqual([0.25, 68]);
    expect(scatter.markLine.data[0]).toHaveProperty('xAxis');
    expect(scatter.markLine.data[1]).toHaveProperty('yAxis');
    const areas = scatter.markArea.data;
    expect(areas.map((a: any) => a[0].name)).toEqual(['Keep up', 'Concentrate', 'Low priority', 'Overkill']);
    const ext = portfolioExtent(factors);
    // keep_up: right of the weight crosshair, above the satisfaction crosshair
    expect(areas[0][0].coord).toEqual([0.25, 68]);
    expect(areas[0][1].coord).toEqual([ext.xMax, ext.yMax]);
    // concentrate: right and below
    expect(areas[1][0].coord).toEqual([0.25, ext.yMin]);
    expect(areas[1][1].coord).toEqual([ext.xMax, 68]);
  });

  it('places each factor at (weight, satisfaction) with a marker shape per quadrant', () => {
    const option: any = portfolioOption({ factors, labels, formatWeight: fmt, formatScore: fmt });
    const points = option.series[0].data;
    expect(points.map((p: any) => p.value)).toEqual([
      [0.4, 72],
      [0.3, 60],
      [0.1, 58],
      [0.2, 82],
    ]);
    expect(points.map((p: any) => p.symbol)).toEqual([QUADRANT_SYMBOL.keep_up, QUADRANT_SYMBOL.concentrate, QUADRANT_SYMBOL.low_priority, QUADRANT_SYMBOL.possible_overkill]);
    expect(new Set(points.map((p: any) => p.symbol)).size).toBe(4);
  });

  it('keeps the axes around the factors, satisfaction within 0-100', () => {
    const ext = portfolioExtent(factors);
    expect(ext.xMin).toBe(0);
    expect(ext.xMax).toBeGreaterThanOrEqual(0.4);
    expect(ext.yMin).toBeLessThanOrEqual(58);
    expect(ext.yMax).toBeGreaterThanOrEqual(82);
    expect(ext.yMax).toBeLessThanOrEqual(100);
  });
});

describe('survey charts', () => {
  it('draws CSI, overall and (when present) the competitive index over the periods', () => {
    const points = [
      { period: '2025-12', csi: 70, overall: 76, competitiveIndex: null, respondents: 240 },
      { period: '2026-03', csi: 71, overall: 77.6, competitiveIndex: 103.5, respondents: 250 },
    ];
    const option: any = csiTrendOption({ points, labels: { csi: 'CSI', overall: 'Overall', competitiveIndex: 'CI' }, formatScore: fmt, formatPeriod: period });
    expect(option.series.map((s: any) => s.id)).toEqual(['csi', 'overall', 'competitive']);
    expect(option.series[0].data).toEqual([70, 71]);
    const without: any = csiTrendOption({ points: points.map((p) => ({ ...p, competitiveIndex: null })), labels: { csi: 'CSI', overall: 'Overall', competitiveIndex: 'CI' }, formatScore: fmt, formatPeriod: period });
    expect(without.series).toHaveLength(2);
  });

  it('compares segments side by side, competitors patterned', () => {
    const option: any = competitorOption({
      categories: [{ code: 'csi', label: 'CSI' }, { code: 'IMAG', label: 'Image' }],
      segments: [
        { label: 'Us', own: true, values: [72, 70] },
        { label: 'Them', own: false, values: [69, null] },
      ],
      labels: {},
      formatScore: fmt,
    });
    expect(option.series.map((s: any) => s.name)).toEqual(['Us', 'Them']);
    expect(option.series[1].data).toEqual([69, null]);
    expect(option.series[0].itemStyle.decal).toBeUndefined();
    expect(option.series[1].itemStyle.decal).toBeTruthy();
  });
});

describe('breakdown', () => {
  it('draws one bar per child coloured by status, labelled with score and icon, and a target line at 100', () => {
    const option: any = breakdownOption({
      children: [
        { unit: 'SEOUL', label: 'Seoul', score: 104, status: 'on_track', actual: 10 },
        { unit: 'BUSAN', label: 'Busan', score: 85, status: 'off_track', actual: 8 },
      ],
      labels: { score: 'Achievement', target: 'Target' },
      formatScore: fmt,
      formatActual: fmt,
      statusText: (s) => s,
      statusIcon: (s) => STATUS_ICON[s],
    });
    expect(option.yAxis.data).toEqual(['Seoul', 'Busan']);
    const bars = option.series[0].data;
    expect(bars.map((b: any) => b.itemStyle.color)).toEqual([STATUS_COLOR.on_track, STATUS_COLOR.off_track]);
    expect(bars[1].label.formatter()).toBe('85 ■');
    expect(option.series[0].markLine.data).toEqual([{ xAxis: 100 }]);
  });
});

describe('sparkline', () => {
  it('draws a path through the values, breaking at gaps, with the last point marked', () => {
    const line = sparkline([0, 10, null, 5], 100, 20, { padding: 0 });
    expect(line.path).toBe('M0 20 L33.3 0 M100 10');
    expect(line.last).toEqual({ x: 100, y: 10 });
    expect(line.min).toBe(0);
    expect(line.max).toBe(10);
  });

  it('is empty without values and flat for a constant series; shows a reference line in range', () => {
    expect(sparkline([null, null], 100, 20).path).toBe('');
    expect(sparkline([5, 5], 100, 20, { padding: 0 }).path).toBe('M0 10 L100 10');
    const withRef = sparkline([90, 110], 100, 20, { padding: 0, reference: 100 });
    expect(withRef.referenceY).toBe(10);
    expect(sparkline([10, 11], 100, 20, { reference: 100 }).referenceY).toBeNull();
  });
});
