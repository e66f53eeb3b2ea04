/**
 * The evaluation cycle form's state and the pure form → cycle JSON builder, apart from the
 * element that renders it (ns-evaluation-form.ts) so that it is tested alone: the fields as
 * typed, their checks with the messages shown under each field, and the way back from a stored
 * definition to the fields.
 */
import { msg, str } from '@lit/localize';
import { isMonth } from '../period.ts';
import type { CycleDefinition, GradeBand, GradeShare } from '../types.ts';

export interface AdjustmentField {
  unit: string;
  points: string;
  reason: string;
  approvedBy: string;
}

/** What the inputs hold: text as typed, turned into the cycle JSON by `buildCycle`. */
export interface CycleForm {
  code: string;
  nameKo: string;
  nameEn: string;
  from: string;
  to: string;
  unitsMode: 'list' | 'level';
  units: string[];
  level: string;
  window: 'ytd' | 'span';
  missing: 'exclude' | 'zero';
  /** perspective code → weight as typed; empty keeps the model's weight. */
  weights: Record<string, string>;
  adjustments: AdjustmentField[];
  method: 'bands' | 'distribution';
  bands: { grade: string; from: string }[];
  distribution: { grade: string; share: string }[];
  /** Distribution only: smaller groups are graded by the bands instead (empty: always the distribution). */
  minUnits: string;
}

/** A problem with one field; `path` is the cycle JSON's path, as in the server's `details`. */
export interface FieldError {
  path: string;
  message: string;
}

export const DEFAULT_BANDS = [
  { grade: 'S', from: '95' },
  { grade: 'A', from: '90' },
  { grade: 'B', from: '80' },
  { grade: 'C', from: '70' },
  { grade: 'D', from: '0' },
];
export const DEFAULT_DISTRIBUTION = [
  { grade: 'S', share: '10' },
  { grade: 'A', share: '20' },
  { grade: 'B', share: '40' },
  { grade: 'C', share: '20' },
  { grade: 'D', share: '10' },
];

/** An empty form with DESIGN.md §3's example grading. */
export function emptyCycleForm(): CycleForm {
  return {
    code: '',
    nameKo: '',
    nameEn: '',
    from: '',
    to: '',
    unitsMode: 'list',
    units: [],
    level: '2',
    window: 'ytd',
    missing: 'exclude',
    weights: {},
    adjustments: [],
    method: 'bands',
    bands: DEFAULT_BANDS.map((b) => ({ ...b })),
    distribution: DEFAULT_DISTRIBUTION.map((d) => ({ ...d })),
    minUnits: '',
  };
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** A number as typed ("1.5", "-2", "1,5" is not one); null when it is not a finite number. */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const monthsBetween = (from: string, to: string) => (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5)) - Number(from.slice(5)) + 1;

/**
 * Builds the cycle JSON (DESIGN.md §3) from the form and checks what the server would refuse,
 * with the same paths as its `details`. Returns the definition only when there is no error.
 */
export function buildCycle(form: CycleForm): { definition: CycleDefinition | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });

  const code = form.code.trim();
  if (!code) fail('code', msg('Enter a code.'));
  else if (code.length > 64 || !CODE.test(code)) fail('code', msg('Letters, digits, _ . - only, starting with a letter or digit.'));

  const name: Record<string, string> = {};
  if (form.nameKo.trim()) name.ko = form.nameKo.trim();
  if (form.nameEn.trim()) name.en = form.nameEn.trim();
  if (Object.keys(name).length === 0) fail('name', msg('Enter a name in Korean or English.'));

  const from = form.from.trim();
  const to = form.to.trim();
  if (!isMonth(from)) fail('from', msg('Pick the first month.'));
  if (!isMonth(to)) fail('to', msg('Pick the last month.'));
  if (isMonth(from) && isMonth(to)) {
    if (from > to) fail('to', msg('The cycle ends before it starts.'));
    else if (monthsBetween(from, to) > 36) fail('to', msg('A cycle spans at most 36 months.'));
  }

  let units: CycleDefinition['units'] = [];
  if (form.unitsMode === 'list') {
    const list = [...new Set(form.units.map((u) => u.trim()).filter(Boolean))];
    if (list.length === 0) fail('units', msg('Choose at least one unit.'));
    units = list;
  } else {
    const level = parseNumber(form.level);
    if (level === null || !Number.isInteger(level) || level < 1 || level > 50) fail('units.level', msg('A level is a whole number from 1 (the company) to 50.'));
    units = { level: level ?? 0 };
  }

  let perspectiveWeights: Record<string, number> | undefined;
  for (const [perspective, text] of Object.entries(form.weights)) {
    if (!text.trim()) continue;
    const w = parseNumber(text);
    if (w === null || w < 0) {
      fail(`perspectiveWeights.${perspective}`, msg('A weight is a number of 0 or more.'));
      continue;
    }
    perspectiveWeights = { ...perspectiveWeights, [perspective]: w };
  }
  if (perspectiveWeights && Object.values(perspectiveWeights).every((w) => w === 0)) fail('perspectiveWeights', msg('At least one perspective needs a weight above 0.'));

  const listed = Array.isArray(units) ? new Set(units) : null;
  const adjustments = form.adjustments.map((a, i) => {
    const unit = a.unit.trim();
    const points = parseNumber(a.points);
    if (!unit) fail(`adjustments[${i}].unit`, msg('Choose the unit.'));
    else if (listed && !listed.has(unit)) fail(`adjustments[${i}].unit`, msg('This unit is not evaluated in this cycle.'));
    if (points === null) fail(`adjustments[${i}].points`, msg('Enter the points (negative to deduct).'));
    else if (Math.abs(points) > 1000) fail(`adjustments[${i}].points`, msg('At most ±1000 points.'));
    if (!a.reason.trim()) fail(`adjustments[${i}].reason`, msg('Say why.'));
    return { unit, points: points ?? 0, reason: a.reason.trim(), ...(a.approvedBy.trim() ? { approvedBy: a.approvedBy.trim() } : {}) };
  });

  const bandsAt = (prefix: string): GradeBand[] => {
    if (form.bands.length === 0) fail(prefix, msg('Add at least one grade.'));
    const grades = new Set<string>();
    const froms = new Set<number>();
    return form.bands.map((b, i) => {
      const grade = b.grade.trim();
      const from = parseNumber(b.from);
      if (!grade) fail(`${prefix}[${i}].grade`, msg('Name the grade.'));
      else if (grades.has(grade)) fail(`${prefix}[${i}].grade`, msg('This grade is listed twice.'));
      if (from === null) fail(`${prefix}[${i}].from`, msg('Enter the lowest total of the grade.'));
      else if (froms.has(from)) fail(`${prefix}[${i}].from`, msg('Two grades start at this total.'));
      grades.add(grade);
      if (from !== null) froms.add(from);
      return { grade, from: from ?? 0 };
    });
  };

  let grading: CycleDefinition['grading'];
  if (form.method === 'bands') {
    grading = { method: 'bands', bands: bandsAt('grading.bands') };
  } else {
    if (form.distribution.length === 0) fail('grading.distribution', msg('Add at least one grade.'));
    const grades = new Set<string>();
    let total = 0;
    const distribution: GradeShare[] = form.distribution.map((d, i) => {
      const grade = d.grade.trim();
      const share = parseNumber(d.share);
      if (!grade) fail(`grading.distribution[${i}].grade`, msg('Name the grade.'));
      else if (grades.has(grade)) fail(`grading.distribution[${i}].grade`, msg('This grade is listed twice.'));
      grades.add(grade);
      if (share === null || share < 0) fail(`grading.distribution[${i}].share`, msg('A share is a percentage of 0 or more.'));
      else total += Math.round(share * 10_000);
      return { grade, share: share ?? 0 };
    });
    if (form.distribution.length > 0 && total !== 100 * 10_000 && errors.every((e) => !e.path.endsWith('.share'))) {
      const sum = total / 10_000;
      fail('grading.distribution', msg(str`The shares must add up to 100 (they add up to ${sum}).`));
    }
    grading = { method: 'distribution', distribution };
    if (form.minUnits.trim()) {
      const minUnits = parseNumber(form.minUnits);
      if (minUnits === null || !Number.isInteger(minUnits) || minUnits < 1) fail('grading.minUnits', msg('A whole number of 1 or more.'));
      grading = { ...grading, minUnits: minUnits ?? 1, bands: bandsAt('grading.bands') };
    }
  }

  const definition: CycleDefinition = {
    code,
    name,
    from,
    to,
    window: form.window,
    units,
    missing: form.missing,
    ...(perspectiveWeights ? { perspectiveWeights } : {}),
    adjustments,
    grading,
  };
  return errors.length ? { definition: null, errors } : { definition, errors };
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** The form of a stored definition (the inverse of `buildCycle`). */
export function formFromDefinition(d: Partial<CycleDefinition>): CycleForm {
  const form = emptyCycleForm();
  const name = d.name;
  const grading = d.grading;
  return {
    ...form,
    code: text(d.code),
    nameKo: typeof name === 'string' ? name : text(name?.ko),
    nameEn: typeof name === 'string' ? '' : text(name?.en),
    from: text(d.from),
    to: text(d.to),
    unitsMode: Array.isArray(d.units) || !d.units ? 'list' : 'level',
    units: Array.isArray(d.units) ? [...d.units] : [],
    level: d.units && !Array.isArray(d.units) ? String(d.units.level) : form.level,
    window: d.window === 'span' ? 'span' : 'ytd',
    missing: d.missing === 'zero' ? 'zero' : 'exclude',
    weights: Object.fromEntries(Object.entries(d.perspectiveWeights ?? {}).map(([k, v]) => [k, String(v)])),
    adjustments: (d.adjustments ?? []).map((a) => ({ unit: a.unit, points: String(a.points), reason: a.reason, approvedBy: text(a.approvedBy) })),
    method: grading?.method === 'distribution' ? 'distribution' : 'bands',
    bands: grading?.bands ? grading.bands.map((b) => ({ grade: b.grade, from: String(b.from) })) : form.bands,
    distribution: grading?.method === 'distribution' ? grading.distribution.map((s) => ({ grade: s.grade, share: String(s.share) })) : form.distribution,
    minUnits: grading?.method === 'distribution' && grading.minUnits !== undefined ? String(grading.minUnits) : '',
  };
}

/** The server's `details` (`[{ path, message }]`) as field errors; anything else is dropped. */
export function serverFieldErrors(details: unknown): FieldError[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is { path?: unknown; message?: unknown } => !!d && typeof d === 'object')
    .map((d) => ({ path: typeof d.path === 'string' ? d.path : '', message: typeof d.message === 'string' ? d.message : String(d.message ?? '') }))
    .filter((d) => d.message);
}

/** The errors for a field: its own path, and for containers (`units`) their element paths too. */
export function errorsAt(errors: readonly FieldError[], path: string, nested = false): FieldError[] {
  return errors.filter((e) => e.path === path || (nested && (e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`))));
}
