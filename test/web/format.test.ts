// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { NONE, formatDateTime, formatNumber, formatPercent, formatPeriod, formatRelative, formatScore, formatShare, formatValue } from '../../web/src/format.ts';

// Intl may use narrow no-break spaces; compare on plain spaces.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('numbers in English and Korean', () => {
  it('groups thousands and keeps scores to one decimal', () => {
    expect(formatNumber(1234567.89, 'en')).toBe('1,234,568');
    expect(formatNumber(1234567.89, 'ko')).toBe('1,234,568');
    expect(formatNumber(12.345, 'en')).toBe('12.3');
    expect(formatNumber(1.2345, 'ko')).toBe('1.23');
    expect(formatScore(104.25, 'en')).toBe('104.3');
    expect(formatScore(100, 'ko')).toBe('100.0');
  });

  it('shows a dash, never NaN or Infinity, when there is no number', () => {
    for (const v of [null, undefined, NaN, Infinity]) {
      expect(formatNumber(v as number, 'en')).toBe(NONE);
      expect(formatScore(v as number, 'ko')).toBe(NONE);
      expect(formatValue(v as number, '%', 'en')).toBe(NONE);
    }
  });

  it('formats shares and percentages, signed when asked', () => {
    expect(formatShare(0.925, 'en')).toBe('93%');
    expect(formatShare(1, 'ko')).toBe('100%');
    expect(formatPercent(4.2, 'en', true)).toBe('+4.2%');
    expect(formatPercent(-13, 'ko', true)).toBe('-13%');
    expect(formatPercent(0, 'en', true)).toBe('0%');
  });

  it('formats values in their display unit: %, KRW (compact when large) and suffixed units', () => {
    expect(formatValue(2.55, '%', 'en')).toBe('2.6%');
    expect(formatValue(31260, 'KRW', 'en')).toBe('₩31,260');
    expect(formatValue(3_126_000_000, 'KRW', 'en')).toBe('KRW 3.13bn');
    expect(formatValue(3_126_000_000, 'KRW', 'ko')).toBe('31.3억원');
    expect(formatValue(31260, 'KRW', 'ko')).toBe('31,260원');
    expect(formatValue(126, 'KRW', 'en', { signed: true })).toBe('+₩126');
    expect(plain(formatValue(4.25, 'days', 'en'))).toBe('4.25 days');
    expect(formatValue(4.25, 'days', 'ko')).toBe('4.25일');
    expect(formatValue(12, 'count', 'en')).toBe('12');
    expect(formatValue(12, 'count', 'ko')).toBe('12건');
    expect(formatValue(77.1, 'pts', 'ko')).toBe('77.1점');
  });
});

describe('dates in English and Korean', () => {
  it('formats a month key', () => {
    expect(formatPeriod('2026-03', 'en')).toBe('Mar 2026');
    expect(formatPeriod('2026-03', 'en', 'long')).toBe('March 2026');
    expect(formatPeriod('2026-03', 'ko')).toBe('2026년 3월');
    expect(formatPeriod('2026-Q1', 'en')).toBe('2026-Q1');
    expect(formatPeriod(null, 'en')).toBe(NONE);
  });

  it('formats instants and relative times', () => {
    const now = new Date('2026-04-10T12:00:00Z');
    expect(formatRelative('2026-04-10T09:00:00Z', 'en', now)).toBe('3 hours ago');
    expect(formatRelative('2026-04-10T09:00:00Z', 'ko', now)).toBe('3시간 전');
    expect(formatRelative('2026-04-09T12:00:00Z', 'en', now)).toBe('yesterday');
    expect(formatRelative(null, 'en', now)).toBe(NONE);
    expect(formatDateTime('2026-04-03T09:12:00Z', 'en')).toMatch(/2026/);
    expect(formatDateTime('2026-04-03T09:12:00Z', 'ko')).toMatch(/2026\. 4\. 3\./);
  });
});

describe('gaps in percentage points and achievement %', () => {
  it('writes a gap between two percentages as pp (en) / %p (ko), other gaps in their unit', async () => {
    const { formatGap } = await import('../../web/src/format.ts');
    expect(formatGap(0.1, '%', 'en')).toBe('+0.1pp');
    expect(formatGap(-1.25, '%', 'ko')).toBe('-1.3%p');
    expect(formatGap(0, '%', 'en')).toBe('0pp');
    expect(formatGap(126, 'count', 'en')).toBe('+126');
    expect(formatGap(null, '%', 'en')).toBe('–');
  });
  it('achievement % is A / T × 100, never the score, and null without a usable target', async () => {
    const { achievementPct } = await import('../../web/src/format.ts');
    expect(achievementPct(98, 100)).toBe(98);
    expect(achievementPct(15, 1)).toBe(1500); // a lower-is-better indicator reads as it is
    expect(achievementPct(5, 0)).toBeNull();
    expect(achievementPct(null, 100)).toBeNull();
  });
});

describe('one formatter: money in 백만원 / 억원, counts, percentage points', () => {
  it('reads KRW mn as millions of won and writes 억원 / 백만원 in Korean, KRW bn / mn in English', async () => {
    const { formatKrw, formatValue, unitLabel } = await import('../../web/src/format.ts');
    expect(formatValue(3126, 'KRW mn', 'ko')).toBe('31.3억원');
    expect(formatValue(3126, 'KRW mn', 'en')).toBe('KRW 3.13bn');
    expect(formatValue(312, 'KRW mn', 'ko')).toBe('3.1억원');
    expect(formatValue(45, 'KRW mn', 'ko')).toBe('45백만원');
    expect(formatValue(312, 'KRW mn', 'en')).toBe('KRW 312mn');
    expect(formatValue(12_345, 'KRW mn', 'ko')).toBe('123억원');
    expect(formatValue(-45, 'KRW mn', 'ko', { signed: true })).toBe('-45백만원');
    expect(formatValue(45, 'KRW mn', 'en', { signed: true })).toBe('+KRW 45mn');
    expect(formatKrw(2_500_000, 'ko')).toBe('2.5백만원');
    expect(unitLabel('KRW mn', 'ko')).toBe('백만원');
    expect(unitLabel('KRW mn', 'en')).toBe('KRW mn');
    expect(unitLabel('persons', 'ko')).toBe('명');
  });
  it('writes counts as whole numbers with the right Korean counter', async () => {
    const { formatCount } = await import('../../web/src/format.ts');
    expect(formatCount(1204.4, 'en')).toBe('1,204');
    expect(formatCount(12, 'ko', 'people')).toBe('12명');
    expect(formatCount(12, 'ko', 'items')).toBe('12건');
    expect(formatCount(12, 'en', 'people')).toBe('12');
    expect(formatValue(1204, 'persons', 'ko')).toBe('1,204명');
  });
  it('writes percentage points as pp / %p', async () => {
    const { formatPoints } = await import('../../web/src/format.ts');
    expect(formatPoints(2.34, 'en')).toBe('+2.3pp');
    expect(formatPoints(-2.34, 'ko')).toBe('-2.3%p');
  });
});
