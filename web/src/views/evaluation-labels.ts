/**
 * Labels of the evaluation views: a version's status, how an indicator counted, the grades in
 * order and the export formats. Plain functions, shared by the view and its breakdown.
 */
import { msg } from '@lit/localize';
import { NONE } from '../format.ts';
import type { CycleDefinition, EvaluationIndicator, EvaluationStatus, ExportFormat } from '../types.ts';

export const STATUS_ICON: Record<EvaluationStatus, string> = { provisional: '◔', final: '✓', superseded: '↺' };

export function evaluationStatusLabel(status: EvaluationStatus | null | undefined): string {
  switch (status) {
    case 'provisional':
      return msg('Provisional');
    case 'final':
      return msg('Final');
    case 'superseded':
      return msg('Superseded');
    default:
      return NONE;
  }
}

/** The grades of a definition from the best down (bands or distribution), for the chart's order. */
export function gradeOrder(definition: Pick<CycleDefinition, 'grading'> | null | undefined, gradedBy?: 'bands' | 'distribution'): string[] {
  const g = definition?.grading;
  if (!g) return [];
  if (g.method === 'bands') return g.bands.map((b) => b.grade);
  if (gradedBy === 'bands' && g.bands) return g.bands.map((b) => b.grade);
  return g.distribution.map((d) => d.grade);
}

export const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'XLSX' },
  { format: 'json', label: 'JSON' },
];

/** How an indicator entered a unit's evaluation score. */
export function countedLabel(i: EvaluationIndicator): string {
  switch (i.counted) {
    case 'score':
      return msg('Counted');
    case 'zero':
      return msg('Missing, counted as 0');
    case 'left_out':
      return msg('Left out');
    default:
      return msg('Does not apply');
  }
}
