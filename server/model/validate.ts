import { parseFormula, FormulaError } from '../scoring/formula.ts';
import type { IndicatorInput, ModelFile, ObjectiveInput, UnitInput } from './schema.ts';

export interface ModelIssue {
  /** Where, as the user wrote it: `indicators[3] (SALES).aggregation.time`. */
  path: string;
  message: string;
}

/** What already exists in the database, for references a partial file does not repeat. */
export interface ExistingModel {
  units: { code: string; parent: string | null }[];
  perspectives: string[];
  objectives: { code: string; drives: string[] }[];
  indicators: { code: string; formula: string | null; aggregationOrg: string; scoringMethod: string; objective: string | null }[];
}

export interface FlatUnit {
  code: string;
  name: UnitInput['name'];
  parent: string | null;
  sortOrder: number;
  path: string;
}

/** Flattens nested `children` and flat `parent` references into one list, parents first when possible. */
export function flattenUnits(units: UnitInput[]): FlatUnit[] {
  const out: FlatUnit[] = [];
  const walk = (list: UnitInput[], parent: string | null, prefix: string) =>
    list.forEach((u, i) => {
      const path = `${prefix}[${i}]`;
      out.push({ code: u.code, name: u.name, parent: u.parent !== undefined && parent === null ? (u.parent ?? null) : parent, sortOrder: i, path: `${path} (${u.code})` });
      if (u.children) walk(u.children, u.code, `${path} (${u.code}).children`);
    });
  walk(units, null, 'units');
  return out;
}

const label = (section: string, index: number, code: string) => `${section}[${index}] (${code})`;

/** Cross-reference checks the schema cannot express. Returns every problem, not just the first. */
export function validateModel(file: ModelFile, existing: ExistingModel): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });

  const units = flattenUnits(file.units);
  checkDuplicates(units.map((u) => ({ code: u.code, path: u.path })), add);
  const unitParent = new Map(existing.units.map((u) => [u.code, u.parent]));
  for (const u of units) unitParent.set(u.code, u.parent);
  for (const u of units) {
    if (u.parent !== null && !unitParent.has(u.parent)) add(`${u.path}.parent`, `unknown unit "${u.parent}"`);
  }
  for (const u of units) {
    const cycle = findParentCycle(u.code, unitParent);
    if (cycle) add(`${u.path}.parent`, `the unit tree has a cycle: ${cycle.join(' → ')}`);
  }
  const unitCodes = new Set(unitParent.keys());

  const perspectives = new Set([...existing.perspectives, ...file.perspectives.map((p) => p.code)]);
  checkDuplicates(file.perspectives.map((p, i) => ({ code: p.code, path: label('perspectives', i, p.code) })), add);

  checkDuplicates(file.objectives.map((o, i) => ({ code: o.code, path: label('objectives', i, o.code) })), add);
  const objectiveCodes = new Set([...existing.objectives.map((o) => o.code), ...file.objectives.map((o) => o.code)]);
  file.objectives.forEach((o, i) => checkObjective(o, label('objectives', i, o.code), perspectives, objectiveCodes, add));

  checkDuplicates(file.indicators.map((ind, i) => ({ code: ind.code, path: label('indicators', i, ind.code) })), add);
  const indicators = new Map<string, { formula: string | null; org: string; method: string }>();
  for (const e of existing.indicators) indicators.set(e.code, { formula: e.formula, org: e.aggregationOrg, method: e.scoringMethod });
  for (const ind of file.indicators) indicators.set(ind.code, { formula: ind.formula ?? null, org: ind.aggregation.org, method: ind.scoring.method });
  file.indicators.forEach((ind, i) => checkIndicator(ind, label('indicators', i, ind.code), { objectiveCodes, unitCodes, indicators }, add));
  checkFormulaCycles(file.indicators, indicators, add);

  file.targets.forEach((t, i) => {
    const path = `targets[${i}] (${t.indicator} ${t.unit} ${t.period})`;
    const ind = indicators.get(t.indicator);
    if (!ind) add(`${path}.indicator`, `unknown indicator "${t.indicator}"`);
    if (!unitCodes.has(t.unit)) add(`${path}.unit`, `unknown unit "${t.unit}"`);
    if (ind?.method === 'progress' && (t.baseline === undefined || t.baseline === null)) add(`${path}.baseline`, `"${t.indicator}" uses progress scoring, which needs a baseline`);
    if (ind?.method === 'threshold' && (t.redFlag === undefined || t.redFlag === null)) add(`${path}.redFlag`, `"${t.indicator}" uses threshold scoring, which needs a red flag`);
  });
  const targetKeys = new Map<string, number>();
  file.targets.forEach((t, i) => {
    const key = `${t.indicator}|${t.unit}|${t.period}`;
    if (targetKeys.has(key)) add(`targets[${i}]`, `duplicate of targets[${targetKeys.get(key)}] (same indicator, unit and period)`);
    else targetKeys.set(key, i);
  });
  return issues;
}

function checkDuplicates(items: { code: string; path: string }[], add: (path: string, message: string) => void) {
  const seen = new Map<string, string>();
  for (const item of items) {
    const first = seen.get(item.code);
    if (first) add(`${item.path}.code`, `duplicate code "${item.code}" (also at ${first})`);
    else seen.set(item.code, item.path);
  }
}

function findParentCycle(start: string, parentOf: Map<string, string | null>): string[] | null {
  const seen: string[] = [start];
  let current = parentOf.get(start) ?? null;
  while (current !== null) {
    if (current === start) return [...seen, start];
    if (seen.includes(current) || seen.length > 10_000) return null; // a cycle not through `start`: reported for its own members
    seen.push(current);
    current = parentOf.get(current) ?? null;
  }
  return null;
}

function checkObjective(o: ObjectiveInput, path: string, perspectives: Set<string>, objectives: Set<string>, add: (path: string, message: string) => void) {
  if (!perspectives.has(o.perspective)) add(`${path}.perspective`, `unknown perspective "${o.perspective}"`);
  o.drives.forEach((d, j) => {
    if (!objectives.has(d)) add(`${path}.drives[${j}]`, `unknown objective "${d}"`);
    if (d === o.code) add(`${path}.drives[${j}]`, 'an objective cannot drive itself');
  });
}

function checkIndicator(
  ind: IndicatorInput,
  path: string,
  known: { objectiveCodes: Set<string>; unitCodes: Set<string>; indicators: Map<string, unknown> },
  add: (path: string, message: string) => void,
) {
  if (ind.objective && !known.objectiveCodes.has(ind.objective)) add(`${path}.objective`, `unknown objective "${ind.objective}"`);
  if (!ind.formula && !ind.aggregation.time) add(`${path}.aggregation.time`, 'required for an indicator without a formula (sum, avg, last, min or max)');
  if (ind.formula) {
    try {
      const formula = parseFormula(ind.formula);
      for (const input of formula.inputs) {
        if (!known.indicators.has(input)) add(`${path}.formula`, `names an unknown indicator "${input}"`);
      }
    } catch (err) {
      add(`${path}.formula`, err instanceof FormulaError ? err.message : String(err));
    }
  }
  const weightedBy = /^weighted:(.+)$/.exec(ind.aggregation.org)?.[1];
  if (weightedBy && !known.indicators.has(weightedBy)) add(`${path}.aggregation.org`, `weighted by an unknown indicator "${weightedBy}"`);
  if (weightedBy === ind.code) add(`${path}.aggregation.org`, 'an indicator cannot be weighted by itself');
  ind.appliesTo?.forEach((u, j) => {
    if (!known.unitCodes.has(u)) add(`${path}.appliesTo[${j}]`, `unknown unit "${u}"`);
  });
  if (ind.direction === 'decrease' && ind.scoring.method === 'bands' && ind.scoring.on === 'value' && ind.scoring.steps?.some((s) => !('upTo' in s))) {
    add(`${path}.scoring.steps`, 'decrease bands on value use { upTo, score } steps');
  }
}

function checkFormulaCycles(fileIndicators: IndicatorInput[], all: Map<string, { formula: string | null }>, add: (path: string, message: string) => void) {
  const inputsOf = (code: string): string[] => {
    const f = all.get(code)?.formula;
    if (!f) return [];
    try {
      return [...parseFormula(f).inputs];
    } catch {
      return [];
    }
  };
  fileIndicators.forEach((ind, i) => {
    const stack: string[] = [];
    const visit = (code: string): string[] | null => {
      if (stack.includes(code)) return [...stack.slice(stack.indexOf(code)), code];
      stack.push(code);
      for (const input of inputsOf(code)) {
        const cycle = visit(input);
        if (cycle) return cycle;
      }
      stack.pop();
      return null;
    };
    const cycle = visit(ind.code);
    if (cycle && cycle[0] === ind.code) add(`${label('indicators', i, ind.code)}.formula`, `formulas refer to each other in a cycle: ${cycle.join(' → ')}`);
  });
}
