import { describe, expect, it } from 'vitest';
import { rollupScores } from '../../../server/scoring/index.ts';

describe('rollup', () => {
  it('when weights are 2 and 1, then the scores count two thirds and one third', () => {
    // (2 × 90 + 1 × 120) / 3 = 100
    expect(rollupScores([{ weight: 2, score: 90 }, { weight: 1, score: 120 }])).toEqual({ score: 100, coverage: 1 });
  });

  it('when an item has no score, then it is left out, the weights renormalise and coverage drops', () => {
    const result = rollupScores([{ weight: 2, score: 90 }, { weight: 1, score: null }]);
    expect(result.score).toBe(90);
    expect(result.coverage).toBeCloseTo(2 / 3, 14);
  });

  it('when no item has a score, then there is no score and coverage 0', () => {
    expect(rollupScores([{ weight: 2, score: null }, { weight: 1, score: null }])).toEqual({ score: null, coverage: 0 });
    expect(rollupScores([])).toEqual({ score: null, coverage: 0 });
  });

  it('when a weight is zero or negative, then it counts as zero', () => {
    expect(rollupScores([{ weight: 0, score: 50 }, { weight: -1, score: 10 }, { weight: 1, score: 80 }])).toEqual({ score: 80, coverage: 1 });
    expect(rollupScores([{ weight: 0, score: 50 }])).toEqual({ score: null, coverage: 0 });
  });

  it('when the only scored item weighs zero, then there is no score', () => {
    expect(rollupScores([{ weight: 0, score: 50 }, { weight: 1, score: null }])).toEqual({ score: null, coverage: 0 });
  });

  it('when rolled-up items carry their own coverage, then coverage is weighted by it', () => {
    // score: (1 × 100 + 1 × 80) / 2 = 90; coverage: (1 × 0.5 + 1 × 1 + 2 × 0) / 4 = 0.375
    expect(
      rollupScores([
        { weight: 1, score: 100, coverage: 0.5 },
        { weight: 1, score: 80, coverage: 1 },
        { weight: 2, score: null, coverage: 0 },
      ]),
    ).toEqual({ score: 90, coverage: 0.375 });
  });

  it('when a score is NaN, then it counts as missing rather than poisoning the total', () => {
    expect(rollupScores([{ weight: 1, score: Number.NaN }, { weight: 1, score: 70 }])).toEqual({ score: 70, coverage: 0.5 });
  });
});
