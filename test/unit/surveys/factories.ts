/** Test factories for the survey engine: definitions with sensible defaults and hand-made respondents. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateSurveyDefinition, type Respondent, type SurveyDefinition, type SurveyDefinitionInput } from '../../../server/surveys/index.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * The real survey files live in shared/data/external beside the repository (CI clones the repo
 * into another folder with shared/ next to it); NORTHSTAR_EXTERNAL_DATA overrides the place.
 */
export function externalDataPath(fileName: string): string {
  const override = process.env.NORTHSTAR_EXTERNAL_DATA;
  const folder = override ? path.resolve(override) : path.resolve(repoRoot, '..', 'shared', 'data', 'external');
  return path.join(folder, fileName);
}

/** Two factors A (A1, A2) and B (B1) on a 1-5 scale, overall question OV, unless overridden. */
export function definitionOf(overrides: Partial<SurveyDefinitionInput> = {}): SurveyDefinition {
  return validateSurveyDefinition({
    code: 'TEST',
    scale: { min: 1, max: 5 },
    overall: 'OV',
    factors: [
      { code: 'A', items: ['A1', 'A2'] },
      { code: 'B', items: ['B1'] },
    ],
    ...overrides,
  });
}

let nextRow = 2;

/** A respondent with the given raw answers (missing keys are unanswered). */
export function respondent(answers: Record<string, number | null>, labels: { segment?: string; unit?: string } = {}): Respondent {
  return { row: nextRow++, answers, segment: labels.segment ?? null, unit: labels.unit ?? null };
}

/** Respondents from rows of [OV, A1, A2, B1] answers. */
export function respondentsOf(rows: readonly (readonly (number | null)[])[], labels: { segment?: string; unit?: string } = {}): Respondent[] {
  return rows.map(([OV, A1, A2, B1]) => respondent({ OV, A1, A2, B1 }, labels));
}
