/**
 * The response schemas of the scorecard routes: the one description of these JSON shapes. They
 * document the API (OpenAPI) and, through `npm run gen:api`, type the web client
 * (web/src/api/schema.d.ts); change one here and regenerate.
 */
import { z } from 'zod';

export const statusOut = z.enum(['on_track', 'at_risk', 'off_track', 'no_data']).meta({ id: 'Status' });
/** A name as a plain string or by locale (`{ en, ko }`). */
export const localizedOut = z.union([z.string(), z.record(z.string(), z.string())]).meta({ id: 'LocalizedName' });
export const directionOut = z.enum(['increase', 'decrease', 'maintain']).meta({ id: 'Direction' });
export const windowOut = z.enum(['month', 'ytd']).meta({ id: 'Window' });

export const trendOut = z
  .object({
    current: z.number().nullable(),
    previous: z.number().nullable(),
    change: z.number().nullable(),
    sameLastYear: z.number().nullable(),
    changeYoY: z.number().nullable(),
    movingAverage3: z.number().nullable(),
    slope6: z.number().nullable(),
    forecast: z.number().nullable(),
    atRisk: z.boolean().nullable(),
  })
  .meta({ id: 'Trend' });

/** A figure compared with an earlier period (issue 19): the score then and the change since; `actual*` on indicators only. */
const changeOut = z.object({
  period: z.string(),
  score: z.number().nullable(),
  scoreDelta: z.number().nullable(),
  actual: z.number().nullable().optional(),
  actualDelta: z.number().nullable().optional(),
});
/** vs the period before (last month) and vs the same period last year, same window. */
export const compareOut = z.object({ previous: changeOut, lastYear: changeOut }).meta({ id: 'Comparison' });

/** One past month of a scorecard row (`history=N`). */
export const scoreHistoryOut = z.object({ period: z.string(), score: z.number().nullable() }).meta({ id: 'ScoreHistoryPoint' });
export const indicatorHistoryOut = z
  .object({ period: z.string(), score: z.number().nullable(), actual: z.number().nullable(), target: z.number().nullable() })
  .meta({ id: 'IndicatorHistoryPoint' });

export const modelOut = z
  .object({
    perspectives: z.array(z.object({ code: z.string(), name: localizedOut, weight: z.number() })),
    objectives: z.array(z.object({ code: z.string(), name: localizedOut, perspective: z.string(), weight: z.number(), drives: z.array(z.string()) })),
    indicators: z.array(
      z.object({
        code: z.string(),
        name: localizedOut,
        objective: z.string().nullable(),
        weight: z.number(),
        kind: z.enum(['kpi', 'sqi', 'index']),
        unit: z.string(),
        direction: directionOut,
        frequency: z.enum(['monthly', 'quarterly', 'yearly']),
        formula: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Model' });

export const seriesPointOut = z
  .object({
    period: z.string(),
    actual: z.number().nullable(),
    target: z.number().nullable(),
    score: z.number().nullable(),
    status: statusOut,
    gap: z.number().nullable(),
    gapPct: z.number().nullable(),
    favourable: z.boolean().nullable(),
  })
  .meta({ id: 'SeriesPoint' });

export const seriesOut = z
  .object({
    indicator: z.object({
      code: z.string(),
      name: localizedOut,
      unit: z.string(),
      direction: directionOut,
      aggregation: z.object({ time: z.string().nullable(), org: z.string().nullable() }),
      formula: z.string().nullable(),
      objective: z.string().nullable(),
    }),
    unit: z.string(),
    points: z.array(seriesPointOut),
    trend: trendOut,
    yearTarget: z.number().nullable(),
    forecast: z.number().nullable(),
  })
  .meta({ id: 'Series' });

const completenessPart = z.object({ reported: z.number().int(), expected: z.number().int(), missing: z.array(z.string()) });
/** DESIGN.md §3 "Saying so": units null at a unit that enters its own value, months null for a one-month window. */
export const completenessOut = z
  .object({ units: completenessPart.nullable(), months: completenessPart.nullable() })
  .meta({ id: 'Completeness' });

const scoredOut = {
  actual: z.number().nullable(),
  target: z.number().nullable(),
  score: z.number().nullable(),
  status: statusOut,
  gap: z.number().nullable(),
  gapPct: z.number().nullable(),
  completeness: completenessOut,
};

export const breakdownOut = z
  .object({
    indicator: z.string(),
    unit: z.string(),
    period: z.string(),
    window: windowOut,
    total: z.object(scoredOut),
    children: z.array(z.object({ unit: z.string(), name: localizedOut, ...scoredOut })),
  })
  .meta({ id: 'Breakdown' });

export const heatmapOut = z
  .object({
    unit: z.string(),
    period: z.string(),
    window: windowOut,
    by: z.enum(['perspective', 'indicator']),
    /** `by=indicator`: each column's owner at the unit (null when nobody owns it). */
    columns: z.array(z.object({ code: z.string(), name: localizedOut, owner: z.string().nullable().optional() })),
    rows: z.array(
      z.object({
        unit: z.string(),
        name: localizedOut,
        depth: z.number(),
        score: z.number().nullable(),
        status: statusOut,
        complete: z.boolean(),
        cells: z.record(
          z.string(),
          z.object({
            score: z.number().nullable(),
            status: statusOut,
            complete: z.boolean().optional(),
            completeness: completenessOut.optional(),
            /** With `compare=true`: the score one period earlier and the same period last year. */
            previous: z.number().nullable().optional(),
            lastYear: z.number().nullable().optional(),
          }),
        ),
        previous: z.number().nullable().optional(),
        lastYear: z.number().nullable().optional(),
      }),
    ),
    /** With `compare=true`: the periods the `previous` and `lastYear` scores are for. */
    compare: z.object({ previous: z.string(), lastYear: z.string() }).optional(),
  })
  .meta({ id: 'Heatmap' });

/** Exceptions first (issue 19): indicators below target, largest shortfall first. */
export const exceptionsOut = z
  .object({
    unit: z.string(),
    period: z.string(),
    window: windowOut,
    /** How many months back `offTargetMonths` looks at most. */
    lookBack: z.number().int(),
    total: z.number().int(),
    items: z.array(
      z.object({
        unit: z.string(),
        unitName: localizedOut,
        depth: z.number().int(),
        perspective: z.string(),
        objective: z.string(),
        indicator: z.string(),
        name: localizedOut,
        /** The indicator's unit of measure. */
        measure: z.string(),
        direction: directionOut,
        actual: z.number().nullable(),
        target: z.number().nullable(),
        score: z.number().nullable(),
        status: statusOut,
        gap: z.number().nullable(),
        gapPct: z.number().nullable(),
        favourable: z.boolean().nullable(),
        /** The gap in percent of the target, positive = worse (read with the direction). */
        shortfall: z.number().nullable(),
        /** Months in a row, ending with the period's last month, below target month by month. */
        offTargetMonths: z.number().int(),
        offTargetSince: z.string().nullable(),
        completeness: completenessOut,
      }),
    ),
  })
  .meta({ id: 'Exceptions' });

/** The overview's child-unit table (`children=true` on the scorecard). */
export const childTotalsOut = z.array(
  z.object({
    unit: z.string(),
    name: localizedOut,
    score: z.number().nullable(),
    status: statusOut,
    /** Score − 100, in score points. */
    gap: z.number().nullable(),
    coverage: z.number(),
    complete: z.boolean(),
    /** Indicators with an actual, of those that apply. */
    reported: z.number().int(),
    expected: z.number().int(),
    /** Indicators below target (off track or at risk). */
    exceptions: z.number().int(),
    previous: z.object({ score: z.number().nullable(), scoreDelta: z.number().nullable() }),
  }).meta({ id: 'ChildTotal' }),
);

export const strategyMapOut = z
  .object({
    unit: z.string(),
    period: z.string(),
    window: windowOut,
    perspectives: z.array(z.object({ code: z.string(), name: localizedOut, score: z.number().nullable() })),
    objectives: z.array(z.object({ code: z.string(), name: localizedOut, perspective: z.string(), score: z.number().nullable(), status: statusOut, complete: z.boolean(), drives: z.array(z.string()) })),
  })
  .meta({ id: 'StrategyMap' });

export const revisionsOut = z.array(
  z
    .object({
      revision: z.number(),
      value: z.number().nullable(),
      previousValue: z.number().nullable(),
      source: z.string().nullable(),
      note: z.string().nullable(),
      reason: z.string().nullable(),
      changedBy: z.string().nullable(),
      changedAt: z.date(),
    })
    .meta({ id: 'Revision' }),
);

export const freshnessOut = z
  .object({
    unit: z.string(),
    period: z.string(),
    sources: z.array(z.object({ job: z.string(), kind: z.string(), lastSuccessAt: z.date().nullable(), lastStatus: z.string().nullable() })),
    missing: z.array(z.object({ unit: z.string(), name: localizedOut, missing: z.number(), expected: z.number() })),
  })
  .meta({ id: 'Freshness' });

export const indicatorHitsOut = z.array(z.object({ code: z.string(), name: localizedOut, objective: z.string().nullable(), unit: z.string() }).meta({ id: 'IndicatorHit' }));
