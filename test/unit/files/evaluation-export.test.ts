import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../server/evaluations/export.ts';
import type { ResultsDocument } from '../../../server/evaluations/service.ts';

const doc = {
  cycle: '2026-H1',
  version: 2,
  status: 'provisional',
  finalizedAt: null,
  finalizedBy: null,
  perspectives: [{ code: 'financial', weight: 1 }, { code: 'customer', weight: 1 }],
  results: [
    { unit: 'SEOUL', name: { en: 'Seoul', ko: '서울점' }, score: 97.43333333, adjustment: -0.04, total: 97.39333333, coverage: 0.666666667, rank: 1, grade: 'A', perspectives: { financial: 104.25, customer: 90.6166 }, complete: false, completeness: { leftOut: [], partial: [] } },
  ],
} as unknown as ResultsDocument;

describe('reward export rounding and headers', () => {
  it('rounds scores to 1 decimal and coverage to 0.1 %, as the dashboard shows them', () => {
    const [header, row] = parse(toCsv(doc, 'en'), { bom: true }) as string[][];
    expect(header.slice(0, 8)).toEqual(['unit', 'unit_name', 'financial', 'customer', 'score', 'adjustment', 'total', 'coverage']);
    // half away from zero; a rounded -0.04 is 0, never "-0"
    expect(row.slice(0, 8)).toEqual(['SEOUL', 'Seoul', '104.3', '90.6', '97.4', '0', '97.4', '0.667']);
    expect(row[12]).toBe('provisional');
  });

  it('writes Korean headers and words with locale ko', () => {
    const [header, row] = parse(toCsv(doc, 'ko'), { bom: true }) as string[][];
    expect(header.slice(0, 10)).toEqual(['조직코드', '조직명', '재무', '고객', '점수', '가감점', '최종점수', '반영률', '순위', '등급']);
    expect([row[1], row[12], row[15]]).toEqual(['서울점', '잠정', '아니오']);
  });
});
