/**
 * Response schemas of the evaluation routes (beside evaluationResultsOut in routes.ts): the
 * one description of these JSON shapes, for the OpenAPI document and, through `npm run gen:api`,
 * the web client's types.
 */
import { z } from 'zod';
import { localizedOut, statusOut } from '../scorecards/schemas.ts';

export const evaluationStatusOut = z.enum(['provisional', 'final', 'superseded']);
export const evaluationWindowOut = z.enum(['ytd', 'span']).meta({ id: 'EvaluationWindow' });
export const missingRuleOut = z.enum(['exclude', 'zero']).meta({ id: 'MissingRule' });
export const gradingMethodOut = z.enum(['bands', 'distribution']);

const gradeBand = z.object({ grade: z.string(), from: z.number() }).meta({ id: 'GradeBand' });
const gradeShare = z.object({ grade: z.string(), share: z.number() }).meta({ id: 'GradeShare' });
const unitsOut = z.union([z.array(z.string()), z.object({ level: z.number() })]);

/** The cycle file as JSON, as stored (the request bodies are validated in full by the service). */
export const cycleDefinitionOut = z
  .object({
    code: z.string(),
    name: z.union([z.string(), z.record(z.string(), z.string())]),
    from: z.string(),
    to: z.string(),
    window: evaluationWindowOut,
    units: unitsOut,
    missing: missingRuleOut,
    perspectiveWeights: z.record(z.string(), z.number()).optional(),
    adjustments: z.array(z.object({ unit: z.string(), points: z.number(), reason: z.string(), approvedBy: z.string().optional() }).meta({ id: 'EvaluationAdjustment' })),
    grading: z
      .discriminatedUnion('method', [
        z.object({ method: z.literal('bands'), bands: z.array(gradeBand) }),
        z.object({ method: z.literal('distribution'), distribution: z.array(gradeShare), minUnits: z.number().optional(), bands: z.array(gradeBand).optional() }),
      ])
      .meta({ id: 'GradingDefinition' }),
  })
  .meta({ id: 'CycleDefinition' });

export const evaluationSummariesOut = z.array(
  z
    .object({
      code: z.string(),
      name: localizedOut,
      from: z.string(),
      to: z.string(),
      window: evaluationWindowOut,
      grading: gradingMethodOut.nullable(),
      version: z.number().nullable(),
      status: evaluationStatusOut.nullable(),
      finalizedAt: z.date().nullable(),
      finalizedBy: z.string().nullable(),
      createdAt: z.date(),
      updatedAt: z.date(),
    })
    .meta({ id: 'EvaluationSummary' }),
);

export const evaluationCycleOut = z
  .object({
    code: z.string(),
    name: localizedOut,
    definition: cycleDefinitionOut,
    from: z.string(),
    to: z.string(),
    window: evaluationWindowOut,
    units: unitsOut,
    missing: missingRuleOut,
    grading: gradingMethodOut,
    status: evaluationStatusOut.nullable(),
    version: z.number().nullable(),
    createdAt: z.date(),
    createdBy: z.string(),
    updatedAt: z.date(),
    updatedBy: z.string(),
    versions: z.array(
      z
        .object({
          version: z.number(),
          status: evaluationStatusOut,
          fingerprint: z.string().nullable(),
          /** Finalised versions: whether today's inputs differ; null while provisional. */
          inputsChanged: z.boolean().nullable(),
          finalizedBy: z.string().nullable(),
          finalizedAt: z.date().nullable(),
          reopenedReason: z.string().nullable(),
          reopenedBy: z.string().nullable(),
          supersededAt: z.date().nullable(),
          createdAt: z.date(),
        })
        .meta({ id: 'EvaluationVersion' }),
    ),
  })
  .meta({ id: 'EvaluationCycle' });

export const evaluationReopenedOut = z
  .object({ cycle: z.string(), version: z.number(), status: z.literal('provisional'), superseded: z.number(), reason: z.string() })
  .meta({ id: 'EvaluationReopened' });

const indicatorOut = z
  .object({
    code: z.string(),
    name: localizedOut,
    unit: z.string(),
    weight: z.number(),
    actual: z.number().nullable(),
    target: z.number().nullable(),
    score: z.number().nullable(),
    status: statusOut,
    counted: z.enum(['score', 'zero', 'left_out', 'not_applicable']),
    warning: z.string().nullable(),
  })
  .meta({ id: 'EvaluationIndicator' });
const rolledOut = { code: z.string(), name: localizedOut, weight: z.number(), score: z.number().nullable(), coverage: z.number(), applies: z.boolean() };
const objectiveOut = z.object({ ...rolledOut, indicators: z.array(indicatorOut) }).meta({ id: 'EvaluationObjective' });
const perspectiveOut = z.object({ ...rolledOut, objectives: z.array(objectiveOut) }).meta({ id: 'EvaluationPerspective' });

export const evaluationBreakdownOut = z
  .object({
    cycle: z.string(),
    version: z.number(),
    provisional: z.boolean(),
    status: evaluationStatusOut,
    window: evaluationWindowOut,
    missing: missingRuleOut,
    months: z.array(z.string()),
    fingerprint: z.string(),
    unit: z.string(),
    name: localizedOut,
    score: z.number().nullable(),
    adjustment: z.number(),
    total: z.number().nullable(),
    coverage: z.number(),
    rank: z.number().nullable(),
    grade: z.string().nullable(),
    adjustments: z.array(z.object({ points: z.number(), reason: z.string(), approvedBy: z.string().nullable() })),
    perspectives: z.array(perspectiveOut),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'EvaluationBreakdown' });
