/**
 * The grade distribution of an evaluation: one bar per grade (best grade first) with the number
 * of units and their share written on the bar, so nothing depends on colour. The same counts are
 * listed in a table beside the chart (see ns-evaluations-view).
 */
import type { ChartOption } from './echarts.ts';
import { baseOption, categoryAxisStyle, valueAxisStyle } from './common.ts';
import { escapeHtml } from './indicator.ts';
import { PALETTE } from './palette.ts';

export interface GradeCount {
  /** The grade, or null for units without a total (not ranked, not graded). */
  grade: string | null;
  count: number;
  /** count / all units, 0-1. */
  share: number;
}

/**
 * Units per grade, best grade first. `order` (e.g. the grading bands from the top) decides the
 * order and lists grades no unit got (count 0); grades outside it follow in the order of their
 * best rank. Ungraded units come last as `grade: null`, and only when there are some.
 */
export function gradeDistribution(rows: readonly { grade: string | null; rank: number | null }[], order: readonly string[] = []): GradeCount[] {
  const total = rows.length;
  const counts = new Map<string, number>();
  const bestRank = new Map<string, number>();
  let ungraded = 0;
  for (const row of rows) {
    if (row.grade === null || row.grade === '') {
      ungraded += 1;
      continue;
    }
    counts.set(row.grade, (counts.get(row.grade) ?? 0) + 1);
    const rank = row.rank ?? Number.POSITIVE_INFINITY;
    bestRank.set(row.grade, Math.min(bestRank.get(row.grade) ?? Number.POSITIVE_INFINITY, rank));
  }
  const known = [...new Set(order)];
  const extra = [...counts.keys()].filter((g) => !known.includes(g)).sort((a, b) => bestRank.get(a)! - bestRank.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
  const share = (n: number) => (total === 0 ? 0 : n / total);
  const out: GradeCount[] = [...known, ...extra].map((grade) => ({ grade, count: counts.get(grade) ?? 0, share: share(counts.get(grade) ?? 0) }));
  if (ungraded > 0) out.push({ grade: null, count: ungraded, share: share(ungraded) });
  return out;
}

export interface GradeChartInput {
  counts: readonly GradeCount[];
  labels: { units: string; ungraded: string };
  formatCount: (n: number) => string;
  formatShare: (share: number) => string;
}

/** A vertical bar chart: grades on the x axis (best first), units on the y axis. */
export function gradeDistributionOption(input: GradeChartInput): ChartOption {
  const { counts, labels, formatCount, formatShare } = input;
  const names = counts.map((c) => c.grade ?? labels.ungraded);
  return {
    ...baseOption(),
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (p: unknown) => {
        const c = counts[(p as { dataIndex: number }).dataIndex];
        if (!c) return '';
        return `${escapeHtml(c.grade ?? labels.ungraded)}<br>${escapeHtml(labels.units)}: <b>${escapeHtml(formatCount(c.count))}</b> (${escapeHtml(formatShare(c.share))})`;
      },
    },
    xAxis: { type: 'category', data: names, ...categoryAxisStyle, axisLabel: { ...categoryAxisStyle.axisLabel, fontWeight: 'bold', color: PALETTE.text } },
    yAxis: { type: 'value', minInterval: 1, name: labels.units, nameTextStyle: { color: PALETTE.muted }, ...valueAxisStyle },
    series: [
      {
        id: 'grades',
        name: labels.units,
        type: 'bar',
        barMaxWidth: 48,
        data: counts.map((c) => ({
          value: c.count,
          itemStyle: { color: c.grade === null ? PALETTE.neutral : PALETTE.actual },
          label: { show: true, position: 'top', color: PALETTE.text, formatter: () => `${formatCount(c.count)} · ${formatShare(c.share)}` },
        })),
      },
    ],
  };
}
