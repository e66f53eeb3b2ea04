/** Test factories for the survey engine: definitions with sensible defaults and hand-made respondents. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateSurveyDefinition, type Respondent, type SurveyDefinition, type SurveyDefinitionInput } from '../../../server/surveys/index.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The real survey files, copied into the repository (see test/fixtures/external/NOTICE.md). */
export function externalDataPath(fileName: string): string {
  return path.join(repoRoot, 'test', 'fixtures', 'external', fileName);
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
