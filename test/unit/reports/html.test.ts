import { describe, expect, it } from 'vitest';
import { completenessWords, renderReportHtml } from '../../../server/reports/html.ts';
import type { ReportData } from '../../../server/reports/data.ts';

const whole = { units: null, months: null };
const lateStore = { units: { reported: 3, expected: 4, missing: ['SEOUL-GANGNAM'] }, months: null };

function indicator(code: string, over: Record<string, unknown> = {}) {
  return { code, name: { en: code, ko: code }, unit: 'KRW', direction: 'increase', actual: 90, target: 100, score: 90, status: 'at_risk', weight: 1, gap: -10, gapPct: -10, favourable: false, completeness: whole, warning: null, trend: {}, ...over };
}

function report(indicators: ReturnType<typeof indicator>[], complete = true): ReportData {
  const scorecard = {
    unit: 'RETAIL', period: '2026-06', window: 'ytd', score: 95, coverage: 1, status: 'at_risk', complete, warnings: [],
    perspectives: [{ code: 'financial', name: 'Financial', score: 95, coverage: 1, status: 'at_risk', weight: 1, complete, objectives: [{ code: 'F1', name: 'F1', score: 95, coverage: 1, status: 'at_risk', weight: 1, complete, indicators }] }],
  };
  const offTarget = indicators.filter((i) => i.status === 'at_risk' || i.status === 'off_track').map((i) => ({ ...i, perspective: 'financial', objective: 'F1', objectiveName: 'F1' }));
  return { unit: { code: 'RETAIL', name: 'Retail' }, period: '2026-06', window: 'ytd', generatedAt: '2026-07-01T00:00:00.000Z', scorecard, offTarget, initiatives: [], priorities: [], survey: null } as unknown as ReportData;
}

describe('the management report on incomplete data', () => {
  it('says "3 of 4 units reported" with the missing unit, and "9 of 10 months reported"', () => {
    const en = { unitsReported: (r: number, n: number) => `${r} of ${n} units reported`, monthsReported: (r: number, n: number) => `${r} of ${n} months reported`, missing: 'missing' };
    expect(completenessWords(lateStore, en as never)).toEqual(['3 of 4 units reported (missing: SEOUL-GANGNAM)']);
    expect(completenessWords({ units: null, months: { reported: 9, expected: 10, missing: ['2026-10'] } }, en as never)).toEqual(['9 of 10 months reported (missing: 2026-10)']);
    expect(completenessWords(whole, en as never)).toEqual([]);
  });

  it('marks a partial indicator in the off-target list, lists every partial figure, and marks the partial total and perspective', () => {
    const html = renderReportHtml(report([indicator('REVENUE', { completeness: lateStore }), indicator('NPS', { status: 'on_track', score: 104, completeness: lateStore })], false));
    expect(html).toContain('3 of 4 units reported (missing: SEOUL-GANGNAM)');
    expect(html).toContain('Figures still incomplete');
    expect(html.match(/<table id="partial">.*?<\/table>/s)![0]).toContain('NPS');
    expect(html.match(/class="partial">Partial</g)!.length).toBe(2); // the total and the perspective
    const ko = renderReportHtml(report([indicator('REVENUE', { completeness: lateStore })], false), 'ko');
    expect(ko).toContain('4개 조직 중 3개 보고');
  });

  it('says nothing about completeness when every figure is complete', () => {
    const html = renderReportHtml(report([indicator('REVENUE')]));
    expect(html).not.toContain('Figures still incomplete');
    expect(html).not.toContain('class="partial"');
  });

  it('says "no data" rather than "on track" when nothing was scored', () => {
    const html = renderReportHtml(report([indicator('REVENUE', { status: 'no_data', score: null, actual: null })]));
    expect(html).toContain('No data for this period yet');
    expect(html).not.toContain('Every scored indicator is on track');
  });

  it('writes a gap between two percentages in percentage points', () => {
    const html = renderReportHtml(report([indicator('CLAIM_RATE', { unit: '%', actual: 2.6, target: 2.5, gap: 0.1, status: 'off_track' })]));
    expect(html).toContain('+0.1pp');
    expect(renderReportHtml(report([indicator('CLAIM_RATE', { unit: '%', actual: 2.6, target: 2.5, gap: 0.1, status: 'off_track' })]), 'ko')).toContain('+0.1%p');
  });
});
