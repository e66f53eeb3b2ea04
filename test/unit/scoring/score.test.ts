import { describe, expect, it } from 'vitest';
import { gapOf, scoreIndicator, statusOf } from '../../../server/scoring/index.ts';
import type { BandStep, Direction, Scoring } from '../../../server/scoring/index.ts';

const score = (
  actual: number | null,
  target: number | null,
  direction: Direction,
  scoring: Scoring,
  extra: { baseline?: number | null; redFlag?: number | null; tolerance?: number } = {},
) => scoreIndicator({ actual, target, direction, scoring, ...extra });

const DESIGN_BANDS: BandStep[] = [
  { from: 0, score: 0 },
  { from: 80, score: 60 },
  { from: 90, score: 80 },
  { from: 100, score: 100 },
];

describe('ratio scoring', () => {
  const ratio: Scoring = { method: 'ratio' };

  it('when an increase indicator reaches 90 of 100, then it scores 90', () => {
    expect(score(90, 100, 'increase', ratio)).toEqual({ score: 90, warning: null });
  });

  it('when sales are 3126 against 3000, then the score is 104.2 (the DESIGN.md example)', () => {
    expect(score(3126, 3000, 'increase', ratio).score).toBe(104.2);
  });

  it('when an increase indicator overshoots, then the score stops at the default cap of 120', () => {
    expect(score(130, 100, 'increase', ratio).score).toBe(120);
    expect(score(130, 100, 'increase', { method: 'ratio', cap: 150 }).score).toBe(130);
  });

  it('when the actual is negative, then the score is floored at 0', () => {
    expect(score(-10, 100, 'increase', ratio).score).toBe(0);
  });

  it('when a decrease indicator is 20 % under target, then it scores (2 − 0.8) × 100 = 120', () => {
    expect(score(80, 100, 'decrease', ratio).score).toBe(120);
    expect(score(110, 100, 'decrease', ratio).score).toBe(90);
  });

  it('when a claim rate of 3 % misses a 2.5 % target, then it scores (2 − 1.2) × 100 = 80', () => {
    expect(score(3, 2.5, 'decrease', ratio).score).toBe(80);
  });

  it('when a decrease indicator is more than double its target, then the score is floored at 0', () => {
    expect(score(250, 100, 'decrease', ratio).score).toBe(0);
  });

  it('when the target is zero, then there is no score and a warning', () => {
    expect(score(5, 0, 'increase', ratio)).toEqual({ score: null, warning: 'target is 0, no score' });
    expect(score(5, 0, 'decrease', ratio)).toEqual({ score: null, warning: 'target is 0, no score' });
  });

  it('when the target is negative, then a ratio means nothing: no score and a warning', () => {
    const result = score(-5, -10, 'increase', ratio);
    expect(result.score).toBeNull();
    expect(result.warning).toMatch(/positive target.*-10/);
  });

  it('when the method is left out, then ratio is used', () => {
    expect(scoreIndicator({ actual: 45, target: 50, direction: 'increase', scoring: {} as Scoring }).score).toBe(90);
  });
});

describe('progress scoring', () => {
  const progress: Scoring = { method: 'progress' };

  it('when an increase indicator is half way from baseline 50 to target 100, then it scores 50', () => {
    expect(score(75, 100, 'increase', progress, { baseline: 50 }).score).toBe(50);
    expect(score(100, 100, 'increase', progress, { baseline: 50 }).score).toBe(100);
    expect(score(40, 100, 'increase', progress, { baseline: 50 }).score).toBe(0);
    expect(score(125, 100, 'increase', progress, { baseline: 50 }).score).toBe(120);
  });

  it('when delivery days fall from baseline 10 to 7 against target 4, then it scores (7 − 10) / (4 − 10) × 100 = 50', () => {
    expect(score(7, 4, 'decrease', progress, { baseline: 10 }).score).toBe(50);
    expect(score(3, 4, 'decrease', progress, { baseline: 10 }).score).toBeCloseTo(116.667, 3);
  });

  it('when the baseline is missing, then there is no score and the warning names it', () => {
    expect(score(75, 100, 'increase', progress)).toEqual({ score: null, warning: 'progress scoring needs a baseline, no score' });
    expect(score(75, 100, 'increase', progress, { baseline: null }).warning).toMatch(/needs a baseline/);
  });

  it('when the target equals the baseline, then the range is zero: no score and a warning', () => {
    const result = score(75, 100, 'increase', progress, { baseline: 100 });
    expect(result.score).toBeNull();
    expect(result.warning).toMatch(/zero range/);
  });

  it('when the baseline is on the wrong side of the target, then there is no score rather than an inverted one', () => {
    expect(score(75, 100, 'increase', progress, { baseline: 120 }).warning).toMatch(/baseline 120 is above target 100/);
    expect(score(7, 4, 'decrease', progress, { baseline: 2 }).warning).toMatch(/baseline 2 is below target 4/);
  });

  it('when the target is zero but the baseline is not, then progress still scores (it never divides by T)', () => {
    expect(score(5, 0, 'decrease', progress, { baseline: 10 }).score).toBe(50);
  });
});

describe('threshold scoring', () => {
  const threshold: Scoring = { method: 'threshold' };

  it('when an increase indicator sits on its red flag, then it scores 50; one gap below it, 0', () => {
    // T = 100, R = 80: 100 + 50 × (A − 100) / 20
    expect(score(100, 100, 'increase', threshold, { redFlag: 80 }).score).toBe(100);
    expect(score(90, 100, 'increase', threshold, { redFlag: 80 }).score).toBe(75);
    expect(score(80, 100, 'increase', threshold, { redFlag: 80 }).score).toBe(50);
    expect(score(60, 100, 'increase', threshold, { redFlag: 80 }).score).toBe(0);
  });

  it('when an increase indicator is one gap past the goal, then it scores 150 before the cap', () => {
    expect(score(120, 100, 'increase', threshold, { redFlag: 80 }).score).toBe(120);
    expect(score(120, 100, 'increase', { method: 'threshold', cap: 200 }, { redFlag: 80 }).score).toBe(150);
    expect(score(110, 100, 'increase', { method: 'threshold', cap: 200 }, { redFlag: 80 }).score).toBe(125);
  });

  it('when a decrease indicator has red flag 20 over target 10, then 15 scores 75 and 20 scores 50', () => {
    expect(score(15, 10, 'decrease', threshold, { redFlag: 20 }).score).toBe(75);
    expect(score(20, 10, 'decrease', threshold, { redFlag: 20 }).score).toBe(50);
    expect(score(5, 10, 'decrease', threshold, { redFlag: 20 }).score).toBe(120);
    expect(score(30, 10, 'decrease', threshold, { redFlag: 20 }).score).toBe(0);
  });

  it('when the red flag is missing, equal to the target or on the wrong side, then there is no score and a warning', () => {
    expect(score(90, 100, 'increase', threshold).warning).toBe('threshold scoring needs a red flag, no score');
    expect(score(90, 100, 'increase', threshold, { redFlag: 100 }).warning).toMatch(/zero range/);
    expect(score(90, 100, 'increase', threshold, { redFlag: 110 }).warning).toMatch(/red flag 110 is above target 100/);
    expect(score(15, 10, 'decrease', threshold, { redFlag: 5 }).warning).toMatch(/red flag 5 is below target 10/);
  });
});

describe('bands scoring', () => {
  const onRatio: Scoring = { method: 'bands', on: 'ratio', steps: DESIGN_BANDS };

  it('when the ratio score is 85, then the last step whose from ≤ 85 (from 80) gives 60', () => {
    expect(score(85, 100, 'increase', onRatio).score).toBe(60);
    expect(score(95, 100, 'increase', onRatio).score).toBe(80);
    expect(score(79.9, 100, 'increase', onRatio).score).toBe(0);
  });

  it('when the ratio score sits exactly on a step, then that step wins (from is inclusive)', () => {
    expect(score(90, 100, 'increase', onRatio).score).toBe(80);
    expect(score(100, 100, 'increase', onRatio).score).toBe(100);
  });

  it('when the ratio score is above every step, then the highest step wins', () => {
    expect(score(130, 100, 'increase', onRatio).score).toBe(100);
  });

  it('when on is left out, then bands read the ratio score', () => {
    expect(score(85, 100, 'increase', { method: 'bands', steps: DESIGN_BANDS }).score).toBe(60);
  });

  it('when a decrease indicator is 12 % over target, then its ratio score 88 falls in the 80 band: 60', () => {
    expect(score(112, 100, 'decrease', onRatio).score).toBe(60);
  });

  it('when steps are written out of order, then they are read sorted', () => {
    const shuffled: Scoring = { method: 'bands', steps: [DESIGN_BANDS[3], DESIGN_BANDS[1], DESIGN_BANDS[0], DESIGN_BANDS[2]] };
    expect(score(85, 100, 'increase', shuffled).score).toBe(60);
  });

  it('when the reading is below the lowest step, then it scores 0', () => {
    expect(score(50, 100, 'increase', { method: 'bands', steps: [{ from: 80, score: 60 }] }).score).toBe(0);
  });

  it('when an increase indicator is banded on value, then the last step whose from ≤ A wins', () => {
    const onValue: Scoring = { method: 'bands', on: 'value', steps: [{ from: 0, score: 0 }, { from: 3, score: 50 }, { from: 5, score: 100 }] };
    expect(score(4, 5, 'increase', onValue).score).toBe(50);
    expect(score(5, 5, 'increase', onValue).score).toBe(100);
    expect(score(2.99, 5, 'increase', onValue).score).toBe(0);
  });

  it('when a decrease indicator is banded on value, then the first step whose upTo ≥ A wins', () => {
    const upTo: Scoring = { method: 'bands', on: 'value', steps: [{ upTo: 2, score: 100 }, { upTo: 5, score: 50 }] };
    expect(score(1, 2, 'decrease', upTo).score).toBe(100);
    expect(score(2, 2, 'decrease', upTo).score).toBe(100);
    expect(score(3, 2, 'decrease', upTo).score).toBe(50);
    expect(score(6, 2, 'decrease', upTo).score).toBe(0);
  });

  it('when a step score exceeds the cap, then the cap still applies', () => {
    expect(score(100, 100, 'increase', { method: 'bands', steps: [{ from: 100, score: 200 }] }).score).toBe(120);
  });

  it('when steps are missing or of the wrong kind, then there is no score and a warning', () => {
    expect(score(1, 2, 'increase', { method: 'bands' }).warning).toBe('bands scoring needs steps, no score');
    expect(score(1, 2, 'decrease', { method: 'bands', on: 'value', steps: [{ from: 0, score: 1 }] }).warning).toMatch(/need upTo steps/);
    expect(score(1, 2, 'increase', { method: 'bands', on: 'value', steps: [{ upTo: 3, score: 1 }] }).warning).toMatch(/need from steps/);
    expect(score(1, 2, 'increase', { method: 'bands', steps: [{ from: Number.NaN, score: 1 }] }).warning).toMatch(/finite/);
  });

  it('when bands on ratio meet a zero target, then there is no score and a warning', () => {
    expect(score(1, 0, 'increase', onRatio).warning).toBe('target is 0, no score');
  });
});

describe('binary scoring', () => {
  const binary: Scoring = { method: 'binary' };

  it('when an increase indicator meets or beats its target, then 100, else 0', () => {
    expect(score(10, 10, 'increase', binary).score).toBe(100);
    expect(score(11, 10, 'increase', binary).score).toBe(100);
    expect(score(9.99, 10, 'increase', binary).score).toBe(0);
  });

  it('when a decrease indicator stays at or under its target, then 100, else 0', () => {
    expect(score(10, 10, 'decrease', binary).score).toBe(100);
    expect(score(10.01, 10, 'decrease', binary).score).toBe(0);
  });

  it('when the target is zero, then binary still scores (it never divides)', () => {
    expect(score(0, 0, 'decrease', binary).score).toBe(100);
    expect(score(1, 0, 'decrease', binary).score).toBe(0);
  });

  it('when the cap is below 100, then a met binary target scores the cap', () => {
    expect(score(10, 10, 'increase', { method: 'binary', cap: 80 }).score).toBe(80);
  });
});

describe('maintain', () => {
  it('when the actual is inside target ± 5 % (the default tolerance), then it scores 100', () => {
    expect(score(104, 100, 'maintain', { method: 'ratio' }).score).toBe(100);
    expect(score(95, 100, 'maintain', { method: 'ratio' }).score).toBe(100);
  });

  it('when the actual is 10 % off, then it scores 100 − (10 − 5) = 95, on either side', () => {
    expect(score(110, 100, 'maintain', { method: 'ratio' }).score).toBe(95);
    expect(score(90, 100, 'maintain', { method: 'ratio' }).score).toBe(95);
  });

  it('when the tolerance is 10 and the actual 15 % off, then it scores 95', () => {
    expect(score(115, 100, 'maintain', { method: 'ratio' }, { tolerance: 10 }).score).toBe(95);
    expect(score(110, 100, 'maintain', { method: 'ratio' }, { tolerance: 10 }).score).toBe(100);
  });

  it('when the actual is far off, then the score is floored at 0', () => {
    expect(score(200, 100, 'maintain', { method: 'ratio' }).score).toBe(5); // 100 − (100 − 5)
    expect(score(300, 100, 'maintain', { method: 'ratio' }).score).toBe(0);
  });

  it('when the method is binary or bands, then maintain still scores by tolerance', () => {
    expect(score(110, 100, 'maintain', { method: 'binary' }).score).toBe(95);
    expect(score(110, 100, 'maintain', { method: 'bands', steps: DESIGN_BANDS }).score).toBe(95);
  });

  it('when the target is negative, then the tolerance is a percent of its size', () => {
    expect(score(-21, -20, 'maintain', { method: 'ratio' }).score).toBe(100); // 5 % off
    expect(score(-24, -20, 'maintain', { method: 'ratio' }).score).toBe(85); // 20 % off
  });

  it('when the target is zero, then there is no score and a warning', () => {
    expect(score(1, 0, 'maintain', { method: 'ratio' })).toEqual({ score: null, warning: 'target is 0, no score' });
  });

  it('when the actual sits exactly on the tolerance edge in decimals, then it is inside (1.05 against 1)', () => {
    // |1.05 − 1| / 1 × 100 is 5.000000000000004 in binary; read as the decimal 5 it is within 5 %.
    expect(score(1.05, 1, 'maintain', { method: 'ratio' }).score).toBe(100);
    expect(gapOf(1.05, 1, 'maintain').favourable).toBe(true);
  });
});

describe('missing and broken inputs', () => {
  it('when there is no actual, then there is no score and nothing to warn about', () => {
    expect(score(null, 100, 'increase', { method: 'ratio' })).toEqual({ score: null, warning: null });
  });

  it('when there is an actual but no target, then there is no score and a warning', () => {
    expect(score(5, null, 'increase', { method: 'ratio' })).toEqual({ score: null, warning: 'no target for the period, no score' });
  });

  it('when a number is NaN, Infinity or absurdly large, then there is no score and a warning', () => {
    expect(score(Number.NaN, 100, 'increase', { method: 'ratio' }).warning).toMatch(/actual is not a finite number/);
    expect(score(5, Number.POSITIVE_INFINITY, 'increase', { method: 'ratio' }).warning).toMatch(/target is not a finite/);
    expect(score(1e200, 1e-200, 'increase', { method: 'ratio' }).warning).toMatch(/out of range/);
  });

  it('when the cap is negative, then there is no score and a warning', () => {
    expect(score(5, 10, 'increase', { method: 'ratio', cap: -1 }).warning).toMatch(/cap must be/);
  });

  it('when the method or direction is unknown, then there is no score and a warning', () => {
    expect(score(5, 10, 'increase', { method: 'magic' as never }).warning).toMatch(/unknown scoring method "magic"/);
    expect(score(5, 10, 'sideways' as Direction, { method: 'ratio' }).warning).toMatch(/unknown direction/);
  });

  it('when decimals add up to the target with binary noise, then the score is exactly 100 and on track', () => {
    const actual = 0.1 + 0.2; // 0.30000000000000004
    expect(score(actual, 0.3, 'decrease', { method: 'ratio' }).score).toBe(100);
    expect(statusOf(score(actual, 0.3, 'decrease', { method: 'ratio' }).score)).toBe('on_track');
  });
});

describe('status', () => {
  it('when the score is at least 100, then on track; at least 90, at risk; below, off track', () => {
    expect(statusOf(100)).toBe('on_track');
    expect(statusOf(120)).toBe('on_track');
    expect(statusOf(99.99)).toBe('at_risk');
    expect(statusOf(90)).toBe('at_risk');
    expect(statusOf(89.99)).toBe('off_track');
    expect(statusOf(0)).toBe('off_track');
  });

  it('when there is no score, then no data', () => {
    expect(statusOf(null)).toBe('no_data');
  });

  it('when the indicator overrides the thresholds, then they are used; a missing one falls back to the default', () => {
    expect(statusOf(96, { onTrack: 95, atRisk: 85 })).toBe('on_track');
    expect(statusOf(86, { onTrack: 95, atRisk: 85 })).toBe('at_risk');
    expect(statusOf(89, { onTrack: 95 })).toBe('off_track');
    expect(statusOf(99, null)).toBe('at_risk');
  });
});

describe('gap', () => {
  it('when sales are 3126 against 3000, then the gap is 126, 4.2 %, favourable', () => {
    expect(gapOf(3126, 3000, 'increase')).toEqual({ gap: 126, gapPct: 4.2, favourable: true });
  });

  it('when a decrease indicator is under target, then the negative gap is favourable', () => {
    expect(gapOf(2, 2.5, 'decrease')).toEqual({ gap: -0.5, gapPct: -20, favourable: true });
    expect(gapOf(3, 2.5, 'decrease')).toEqual({ gap: 0.5, gapPct: 20, favourable: false });
  });

  it('when the actual equals the target, then the gap is 0 and favourable in both directions', () => {
    expect(gapOf(10, 10, 'increase').favourable).toBe(true);
    expect(gapOf(10, 10, 'decrease').favourable).toBe(true);
  });

  it('when an increase indicator falls short, then the gap is unfavourable', () => {
    expect(gapOf(90, 100, 'increase')).toEqual({ gap: -10, gapPct: -10, favourable: false });
  });

  it('when a maintain indicator is within tolerance, then it is favourable either way', () => {
    expect(gapOf(104, 100, 'maintain').favourable).toBe(true);
    expect(gapOf(96, 100, 'maintain').favourable).toBe(true);
    expect(gapOf(106, 100, 'maintain').favourable).toBe(false);
    expect(gapOf(106, 100, 'maintain', 10).favourable).toBe(true);
  });

  it('when the target is zero, then there is a gap but no gap %', () => {
    expect(gapOf(3, 0, 'decrease')).toEqual({ gap: 3, gapPct: null, favourable: false });
  });

  it('when the actual or the target is missing, then everything is null', () => {
    expect(gapOf(null, 10, 'increase')).toEqual({ gap: null, gapPct: null, favourable: null });
    expect(gapOf(10, null, 'increase')).toEqual({ gap: null, gapPct: null, favourable: null });
  });

  it('when decimals differ only by binary noise, then the gap is clean', () => {
    expect(gapOf(1.1, 1.0, 'increase').gap).toBe(0.1);
    expect(gapOf(0.1 + 0.2, 0.3, 'decrease')).toEqual({ gap: 0, gapPct: 0, favourable: true });
  });
});
