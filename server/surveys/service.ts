/**
 * Survey import end to end (DESIGN.md §3 "Survey indices", §4 CLI and Survey JSON): read the
 * responses, compute the indices with the pure engine, keep the run (inputs and settings) for
 * audit, and write the linked indicators through writeMeasurements like any other source.
 * Every function runs in the caller's transaction; problems are DomainErrors whose details name
 * the row, column or definition field.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Db } from '../db/database.ts';
import { DomainError } from '../http/errors.ts';
import { insertAudit, type Actor } from '../audit/repository.ts';
import type { UnitRow } from '../units/repository.ts';
import { fileNameOf, type FileSource } from '../measurements/file.ts';
import { loadLookup, writeMeasurements, type MeasurementInput, type ModelLookup, type RowError } from '../measurements/service.ts';
import {
  computeSurvey,
  detectDelimiter,
  extractAnswers,
  parseResponses,
  parseSurveyDefinition,
  SurveyDefinitionError,
  SurveyResponsesError,
  surveyFeeds,
  validateSurveyDefinition,
  type Delimiter,
  type DroppedAnswer,
  type GroupResult,
  type Respondent,
  type ResponseTable,
  type SurveyDefinition,
  type SurveyResult,
} from './index.ts';
import * as repo from './repository.ts';

// ---------------------------------------------------------------------------------------------
// Definitions

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** JSON with sorted keys and no undefined: equal definitions give equal text (and hash). */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, v[k]])) : v,
  );
}

const sha256 = (data: string | Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/** `factors[1].items: must not be empty` → { field: 'factors[1].items', message: 'must not be empty' }. */
function issueDetail(issue: string) {
  const at = issue.indexOf(': ');
  return at < 0 ? { field: 'definition', message: issue } : { field: issue.slice(0, at), message: issue.slice(at + 2) };
}

function definitionError(error: SurveyDefinitionError): DomainError {
  return new DomainError('invalid_definition', error.message, error.issues.map(issueDetail), 422);
}

/**
 * A survey definition from what a caller sent: YAML or JSON text (JSON when the file name ends
 * in .json), or an already-parsed object. Invalid input becomes a DomainError listing every
 * problem by field path.
 */
export function readSurveyDefinition(input: unknown, fileName?: string): SurveyDefinition {
  try {
    if (typeof input === 'string') return parseSurveyDefinition(input, fileName);
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw new SurveyDefinitionError(['definition: must be a map of fields (code, scale, overall, factors, …)'], fileName);
    }
    return validateSurveyDefinition(input, fileName);
  } catch (error) {
    if (error instanceof SurveyDefinitionError) throw definitionError(error);
    throw error;
  }
}

/** Every indicator a definition feeds, with the definition field that names it. */
export function feedIndicators(definition: SurveyDefinition): { field: string; indicator: string }[] {
  const { feeds } = definition;
  const out: { field: string; indicator: string }[] = [];
  for (const key of ['csi', 'overall', 'competitiveIndex', 'nps'] as const) {
    const indicator = feeds[key];
    if (indicator !== undefined) out.push({ field: `feeds.${key}`, indicator });
  }
  for (const [factor, indicator] of Object.entries(feeds.factors ?? {})) out.push({ field: `feeds.factors.${factor}`, indicator });
  for (const [loyalty, indicator] of Object.entries(feeds.loyalty ?? {})) out.push({ field: `feeds.loyalty.${loyalty}`, indicator });
  return out;
}

/** The feeds naming indicators that do not exist (known: the indicator codes there are). */
export function unknownFeedIndicators(definition: SurveyDefinition, known: ReadonlySet<string> | ReadonlyMap<string, unknown>): { field: string; indicator: string }[] {
  return feedIndicators(definition).filter((feed) => !known.has(feed.indicator));
}

function unknownIndicatorsError(definition: SurveyDefinition, unknown: { field: string; indicator: string }[]): DomainError {
  const codes = [...new Set(unknown.map((u) => u.indicator))];
  const many = codes.length > 1;
  return new DomainError(
    'unknown_indicators',
    `Survey definition ${definition.code} feeds indicator${many ? 's' : ''} that do${many ? '' : 'es'} not exist: ${codes.join(', ')} (add ${many ? 'them' : 'it'} to the model first)`,
    unknown.map((u) => ({ field: u.field, value: u.indicator, message: `unknown indicator "${u.indicator}"` })),
    422,
  );
}

function requireKnownIndicators(definition: SurveyDefinition, known: ReadonlySet<string> | ReadonlyMap<string, unknown>): void {
  const unknown = unknownFeedIndicators(definition, known);
  if (unknown.length) throw unknownIndicatorsError(definition, unknown);
}

export interface StoredDefinition {
  code: string;
  kind: string;
  name: unknown;
  updatedAt: string;
  definition: SurveyDefinition;
}

export async function listSurveyDefinitions(db: Db): Promise<StoredDefinition[]> {
  const rows = await repo.selectSurveyDefinitions(db);
  return rows.map((row) => ({ code: row.code, kind: row.kind, name: (row.definition as { name?: unknown }).name ?? row.code, updatedAt: new Date(row.updatedAt).toISOString(), definition: row.definition as unknown as SurveyDefinition }));
}

/** A stored definition by code, validated again (the schema may have grown stricter since). */
export async function loadSurveyDefinition(db: Db, code: string): Promise<SurveyDefinition> {
  const row = await repo.selectSurveyDefinition(db, code);
  if (!row) throw new DomainError('not_found', `No survey definition with code "${code}" is stored (PUT /api/v1/surveys/definitions/${code} or a model file's surveys: section adds one)`, [{ field: 'definition', value: code, message: 'unknown survey definition' }], 404);
  return readSurveyDefinition(row.definition);
}

export type SaveOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Stores a definition by code; an identical one is left alone (so re-importing a model file is
 * a no-op). The indicators it feeds must exist (`knownIndicators`, default: the database's).
 * With `audit: false` the caller writes the audit row (the model import collects its own).
 */
export async function saveSurveyDefinition(
  db: Db,
  actor: Actor,
  definition: SurveyDefinition,
  options: { knownIndicators?: ReadonlySet<string>; audit?: boolean } = {},
): Promise<{ outcome: SaveOutcome; before: Record<string, unknown> | null }> {
  requireKnownIndicators(definition, options.knownIndicators ?? (await loadLookup(db)).indicators);
  const before = (await repo.selectSurveyDefinition(db, definition.code))?.definition ?? null;
  if (before && canonicalJson(before) === canonicalJson(definition)) return { outcome: 'unchanged', before };
  await repo.upsertSurveyDefinition(db, { code: definition.code, kind: definition.kind, definition: definition as unknown as Record<string, unknown>, updatedBy: actor.id });
  if (options.audit !== false) {
    await insertAudit(db, actor, { action: before ? 'update' : 'create', entity: 'survey_definition', key: definition.code, before, after: definition });
  }
  return { outcome: before ? 'updated' : 'created', before };
}

// ---------------------------------------------------------------------------------------------
// Survey JSON (DESIGN.md §4)

type Localized = string | Record<string, string>;

export interface SurveyFactorJson {
  code: string;
  name?: Localized;
  satisfaction: number | null;
  importance: number;
  weight: number;
  quadrant: string | null;
  correlation: number | null;
  respondents: number;
}

export interface SurveyLoyaltyJson {
  code: string;
  name?: Localized;
  item: string;
  rate: number | null;
  respondents: number;
}

export interface SurveyGroupJson {
  respondents: number;
  csi: number | null;
  overall: number | null;
  factors: SurveyFactorJson[];
  loyalty: SurveyLoyaltyJson[];
  nps: number | null;
  warnings: string[];
}

export interface SurveyJson extends SurveyGroupJson {
  segments: (SurveyGroupJson & { value: string; own: boolean })[];
  competitiveIndex: number | null;
  market: { csi: number | null; overall: number | null; respondents: number } | null;
  byUnit?: (SurveyGroupJson & { unit: string })[];
}

function groupJson(definition: SurveyDefinition, group: GroupResult): SurveyGroupJson {
  const factorName = new Map(definition.factors.map((f) => [f.code, f.name]));
  const loyaltyName = new Map(definition.loyalty.map((l) => [l.code, l.name]));
  return {
    respondents: group.respondents,
    csi: group.csi,
    overall: group.overall,
    factors: group.factors.map((f) => {
      const name = factorName.get(f.code);
      return { code: f.code, ...(name !== undefined ? { name } : {}), satisfaction: f.satisfaction, importance: f.importance, weight: f.weight, quadrant: f.quadrant, correlation: f.correlation, respondents: f.respondents };
    }),
    loyalty: group.loyalty.map((l) => {
      const name = loyaltyName.get(l.code);
      return { code: l.code, ...(name !== undefined ? { name } : {}), item: l.item, rate: l.rate, respondents: l.respondents };
    }),
    nps: group.nps,
    warnings: group.warnings,
  };
}

/** The §4 Survey JSON of a result, with factor and loyalty names from the definition when it has them. */
export function surveyJson(definition: SurveyDefinition, result: SurveyResult): SurveyJson {
  const { warnings: _warnings, ...pooled } = groupJson(definition, result);
  return {
    ...pooled,
    segments: result.segments.map((s) => {
      const { respondents, ...rest } = groupJson(definition, s);
      return { value: s.value, own: s.own, respondents, ...rest };
    }),
    competitiveIndex: result.competitiveIndex,
    // Runs stored before the headline became the own segment's have no market.
    market: result.market ?? null,
    warnings: result.warnings,
    ...(result.byUnit ? { byUnit: result.byUnit.map((u) => ({ unit: u.unit, ...groupJson(definition, u) })) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Import

export interface SurveyImportInput {
  definition: SurveyDefinition;
  responses: FileSource;
  /** Receives the pooled result; required unless the definition has a unit column. */
  unit?: string | null;
  /** YYYY-MM. */
  period: string;
  /** `all` (default): any indicator value that cannot be written rejects the import. */
  accept?: 'all' | 'valid';
  /** CSV only; detected from the header line when left out. */
  delimiter?: Delimiter;
  reason?: string | null;
  /** Permission check per receiving unit (API callers); a refused unit rejects the import (403). */
  canWrite?: (unit: UnitRow) => boolean;
  /** Who may still change a submitted or approved month (see WriteOptions). */
  mayChangeSubmitted?: (unit: UnitRow) => boolean;
}

export interface ValidationReport {
  /** Answers that count as missing, by reason and by column. */
  dropped: number;
  byReason: Record<string, number>;
  byColumn: Record<string, number>;
  /** The first 100 dropped answers (the stored run keeps them all). */
  answers: DroppedAnswer[];
}

export interface FedValue {
  indicator: string;
  unit: string;
  period: string;
  value: number;
  respondents: number;
}

export interface SurveyImportResult extends SurveyJson {
  code: string;
  kind: string;
  unit: string | null;
  period: string;
  computedAt: string;
  runId: number;
  /** true when the same definition and file were already stored for this unit and period. */
  reused: boolean;
  fileName: string;
  fileSha256: string;
  report: ValidationReport;
  measurements: { changed: number; unchanged: number; rejected: (RowError & { indicator: string; unit: string })[]; values: FedValue[] };
}

const REPORT_SAMPLE = 100;

export function summarizeReport(dropped: readonly DroppedAnswer[]): ValidationReport {
  const byReason: Record<string, number> = {};
  const byColumn: Record<string, number> = {};
  for (const answer of dropped) {
    byReason[answer.reason] = (byReason[answer.reason] ?? 0) + 1;
    byColumn[answer.column] = (byColumn[answer.column] ?? 0) + 1;
  }
  return { dropped: dropped.length, byReason, byColumn, answers: dropped.slice(0, REPORT_SAMPLE) };
}

/** Where each column the definition reads comes from, for naming it when the file lacks it. */
function columnSources(definition: SurveyDefinition): { column: string; field: string }[] {
  const out: { column: string; field: string }[] = [{ column: definition.overall, field: 'overall' }];
  definition.factors.forEach((factor, i) => factor.items.forEach((item, j) => out.push({ column: item, field: `factors[${i}] (${factor.code}).items[${j}]` })));
  definition.loyalty.forEach((entry, i) => out.push({ column: entry.item, field: `loyalty[${i}] (${entry.code}).item` }));
  if (definition.nps !== null) out.push({ column: definition.nps, field: 'nps' });
  if (definition.segment !== null) out.push({ column: definition.segment.column, field: 'segment.column' });
  if (definition.unitColumn !== null) out.push({ column: definition.unitColumn, field: 'unitColumn' });
  return out;
}

/** Throws naming every column the definition reads but the file's header lacks (case-insensitive). */
function requireColumns(table: ResponseTable, definition: SurveyDefinition, fileName: string): void {
  const header = new Set(table.columns.map((c) => c.trim().toLowerCase()));
  const missing = columnSources(definition).filter((s) => !header.has(s.column.toLowerCase()));
  if (missing.length === 0) return;
  const columns = [...new Set(missing.map((m) => m.column))];
  throw new DomainError(
    'missing_columns',
    `${fileName}: the header lacks column${columns.length > 1 ? 's' : ''} ${columns.join(', ')} named by survey definition ${definition.code}`,
    missing.map((m) => ({ row: 1, column: m.column, field: m.field, message: `column ${m.column} is not in the header` })),
    422,
  );
}

async function readSource(source: FileSource): Promise<Buffer> {
  if ('buffer' in source) return source.buffer;
  try {
    return await fs.promises.readFile(source.path);
  } catch (error) {
    throw new DomainError('unreadable_file', `Cannot read the responses file ${source.path}: ${(error as Error).message}`, [{ field: 'responses', value: source.path, message: 'cannot be read' }], 400);
  }
}

function isXlsxName(fileName: string, buffer: Buffer): boolean {
  if (/\.xlsx$/i.test(fileName)) return true;
  if (/\.(csv|tsv|txt)$/i.test(fileName)) return false;
  return buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
}

async function readTable(buffer: Buffer, fileName: string, delimiter: Delimiter | undefined): Promise<{ table: ResponseTable; format: 'csv' | 'xlsx'; delimiter: Delimiter | null }> {
  const format = isXlsxName(fileName, buffer) ? 'xlsx' : 'csv';
  const effective = format === 'csv' ? (delimiter ?? detectDelimiter(buffer.subarray(0, 65536).toString('utf8').replace(/^\uFEFF/, ''))) : null;
  try {
    const table = await parseResponses(buffer, fileName, effective ? { delimiter: effective } : {});
    return { table, format, delimiter: effective };
  } catch (error) {
    if (error instanceof SurveyResponsesError) throw new DomainError('invalid_responses', error.message, [{ row: 1, field: 'responses', message: error.message }], 422);
    throw error;
  }
}

interface Receiver {
  unit: UnitRow;
  scope: 'pooled' | 'unit';
  result: SurveyResult;
}

function groupByUnit(respondents: readonly Respondent[]): Map<string, Respondent[]> {
  const groups = new Map<string, Respondent[]>();
  for (const respondent of respondents) {
    if (respondent.unit === null) continue;
    const list = groups.get(respondent.unit);
    if (list) list.push(respondent);
    else groups.set(respondent.unit, [respondent]);
  }
  return groups;
}

/**
 * The units that receive results: `--unit` gets the pooled result; with a unit column each unit
 * named in the file gets the full result (segments and competitive index included) computed on
 * its own respondents. Unknown units, a unit receiving two results and refused units are errors.
 */
function receivers(definition: SurveyDefinition, pooled: SurveyResult, respondents: readonly Respondent[], unit: UnitRow | null, lookup: ModelLookup): Receiver[] {
  const out: Receiver[] = [];
  if (unit) out.push({ unit, scope: 'pooled', result: pooled });
  if (definition.unitColumn === null) return out;
  const groups = groupByUnit(respondents);
  const unknown = [...groups.entries()].filter(([code]) => !lookup.units.has(code));
  if (unknown.length) {
    throw new DomainError(
      'unknown_units',
      `The unit column ${definition.unitColumn} names unit${unknown.length > 1 ? 's' : ''} that do${unknown.length > 1 ? '' : 'es'} not exist: ${unknown.map(([code]) => code).join(', ')}`,
      unknown.map(([code, members]) => ({ row: members[0].row, column: definition.unitColumn, value: code, message: `unknown unit "${code}" (${members.length} respondent${members.length > 1 ? 's' : ''}, first on row ${members[0].row})` })),
      422,
    );
  }
  if (unit && groups.has(unit.code)) {
    throw new DomainError(
      'unit_conflict',
      `Unit ${unit.code} would receive both the pooled result (--unit) and the result of its own respondents (unit column ${definition.unitColumn}); leave out --unit or name a unit that is not in the column`,
      [{ field: 'unit', value: unit.code, message: 'also named in the unit column' }],
      422,
    );
  }
  const perUnit: SurveyDefinition = { ...definition, unitColumn: null };
  for (const [code, members] of groups) out.push({ unit: lookup.units.get(code)!, scope: 'unit', result: computeSurvey(perUnit, members) });
  return out;
}

function feedInputs(definition: SurveyDefinition, period: string, targets: readonly Receiver[]): { inputs: MeasurementInput[]; values: FedValue[] } {
  const inputs: MeasurementInput[] = [];
  const values: FedValue[] = [];
  for (const target of targets) {
    for (const feed of surveyFeeds(definition, target.result)) {
      inputs.push({ row: inputs.length + 1, indicator: feed.indicator, unit: target.unit.code, period, value: feed.value, note: `n=${feed.respondents}` });
      values.push({ indicator: feed.indicator, unit: target.unit.code, period, value: feed.value, respondents: feed.respondents });
    }
  }
  return { inputs, values };
}

/** writeMeasurements' row numbers mean nothing to a survey user: name the indicator and unit. */
function describeRejections(rejected: RowError[], inputs: readonly MeasurementInput[]) {
  return rejected.map((e) => {
    const input = inputs[e.row - 1];
    return { ...e, indicator: input?.indicator ?? '', unit: input?.unit ?? '' };
  });
}

/**
 * Imports one survey file for a period in the caller's transaction: parse, extract, compute,
 * write the fed indicators (source `survey:<code>`, note `n=<respondents>`) and store the run.
 * The same definition and file again for the same unit and period adds no run and changes no
 * measurement; it answers with the stored run.
 */
export async function importSurvey(db: Db, actor: Actor, input: SurveyImportInput, lookup?: ModelLookup): Promise<SurveyImportResult> {
  const { definition, period } = input;
  const accept = input.accept ?? 'all';
  if (!MONTH.test(period)) throw new DomainError('invalid_period', `"${period}" is not a month (YYYY-MM)`, [{ field: 'period', value: period, message: 'a month: YYYY-MM' }], 422);
  const model = lookup ?? (await loadLookup(db));
  const unitCode = input.unit ?? null;
  const unit = unitCode === null ? null : (model.units.get(unitCode) ?? null);
  if (unitCode !== null && !unit) throw new DomainError('unknown_unit', `Unknown unit "${unitCode}"`, [{ field: 'unit', value: unitCode, message: 'unknown unit' }], 422);
  if (!unit && definition.unitColumn === null) {
    throw new DomainError('unit_required', `Name the unit that receives the results (--unit), or give survey definition ${definition.code} a unitColumn`, [{ field: 'unit', message: 'required unless the definition has a unitColumn' }], 422);
  }
  requireKnownIndicators(definition, model.indicators);

  const fileName = fileNameOf(input.responses);
  const buffer = await readSource(input.responses);
  const fileSha256 = sha256(buffer);
  const { table, format, delimiter } = await readTable(buffer, fileName, input.delimiter);
  requireColumns(table, definition, fileName);
  let extracted: ReturnType<typeof extractAnswers>;
  try {
    extracted = extractAnswers(table, definition);
  } catch (error) {
    if (error instanceof SurveyResponsesError) throw new DomainError('invalid_responses', `${fileName}: ${error.message}`, [{ row: 1, field: 'responses', message: error.message }], 422);
    throw error;
  }
  if (extracted.respondents.length === 0) {
    throw new DomainError('no_respondents', `${fileName} has a header but no respondents`, [{ row: 2, field: 'responses', message: 'no data rows' }], 422);
  }
  const result = computeSurvey(definition, extracted.respondents);
  const targets = receivers(definition, result, extracted.respondents, unit, model);
  if (input.canWrite) {
    const refused = [...new Set(targets.filter((t) => !input.canWrite!(t.unit)).map((t) => t.unit.code))];
    if (refused.length) {
      throw new DomainError('forbidden', `You may not enter data for unit${refused.length > 1 ? 's' : ''} ${refused.join(', ')}`, refused.map((code) => ({ field: 'unit', value: code, message: 'you need the measurement:write permission on this unit' })), 403);
    }
  }
  const { inputs, values } = feedInputs(definition, period, targets);

  const definitionSha256 = sha256(canonicalJson(definition));
  await repo.lockSurveyRunKey(db, `${definition.code}|${unit?.id ?? ''}|${period}`);
  const latest = await repo.selectLatestPooledRun(db, { code: definition.code, unitId: unit?.id ?? null, period });
  const reused = latest !== undefined && latest.definitionSha256 === definitionSha256 && latest.fileSha256 === fileSha256;

  const source = `survey:${definition.code}`;
  let written;
  try {
    written = await writeMeasurements(db, actor, inputs, { source, accept, reason: input.reason ?? null, mayChangeSubmitted: input.mayChangeSubmitted }, model);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_rows' && Array.isArray(error.details)) {
      const details = describeRejections(error.details as RowError[], inputs);
      const first = details[0];
      const allLocked = details.every((d) => d.code === 'period_locked');
      throw new DomainError(
        allLocked ? 'period_locked' : 'invalid_rows',
        `Survey ${definition.code} for ${period}: ${details.length} of ${inputs.length} indicator value${inputs.length === 1 ? '' : 's'} cannot be written; nothing was changed. First: ${first.indicator} for ${first.unit}: ${first.message}`,
        details,
        error.status,
      );
    }
    throw error;
  }

  const json = surveyJson(definition, result);
  const report = summarizeReport(extracted.report);
  const measurements = { changed: written.changed, unchanged: written.unchanged, rejected: describeRejections(written.rejected, inputs), values };
  const base = { code: definition.code, kind: definition.kind, unit: unit?.code ?? null, period, fileName, fileSha256 };

  if (reused) {
    const stored = await repo.selectSurveyRun(db, latest.id);
    return { ...base, computedAt: new Date(stored!.createdAt).toISOString(), runId: latest.id, reused: true, ...json, report, measurements };
  }

  const settings = {
    format,
    delimiter,
    accept,
    fileBytes: buffer.length,
    rows: table.rows.length,
    columns: table.columns,
    source,
    fed: values,
    rejected: measurements.rejected,
  };
  const common = {
    code: definition.code,
    kind: definition.kind,
    definition: definition as unknown as Record<string, unknown>,
    definitionSha256,
    period,
    fileName,
    fileSha256,
    createdBy: actor.id,
    createdByName: actor.name,
  };
  const pooled = await repo.insertSurveyRun(db, {
    ...common,
    parentId: null,
    scope: 'pooled',
    unitId: unit?.id ?? null,
    settings,
    respondents: result.respondents,
    result: json as unknown as Record<string, unknown>,
    report: extracted.report,
  });
  for (const target of targets.filter((t) => t.scope === 'unit')) {
    const rows = new Set(extracted.respondents.filter((r) => r.unit === target.unit.code).map((r) => r.row));
    await repo.insertSurveyRun(db, {
      ...common,
      parentId: pooled.id,
      scope: 'unit',
      unitId: target.unit.id,
      settings: { ...settings, fed: values.filter((v) => v.unit === target.unit.code), rejected: measurements.rejected.filter((r) => r.unit === target.unit.code) },
      respondents: target.result.respondents,
      result: surveyJson({ ...definition, unitColumn: null }, target.result) as unknown as Record<string, unknown>,
      report: extracted.report.filter((d) => rows.has(d.row)),
    });
  }
  await insertAudit(db, actor, {
    action: 'import',
    entity: 'survey_run',
    key: `${definition.code}/${unit?.code ?? '-'}/${period}`,
    after: { runId: pooled.id, fileName, fileSha256, respondents: result.respondents, csi: result.csi, units: targets.map((t) => t.unit.code), changed: written.changed },
    reason: input.reason ?? null,
  });
  return { ...base, computedAt: new Date(pooled.createdAt).toISOString(), runId: pooled.id, reused: false, ...json, report, measurements };
}

// ---------------------------------------------------------------------------------------------
// Reading results

export interface StoredSurveyResult extends SurveyJson {
  code: string;
  kind: string;
  unit: string;
  period: string;
  computedAt: string;
  respondents: number;
  runId: number;
  scope: string;
  fileName: string;
}

function requireUnit(lookup: Map<string, UnitRow>, code: string): UnitRow {
  const unit = lookup.get(code);
  if (!unit) throw new DomainError('not_found', `Unknown unit "${code}"`, [{ field: 'unit', value: code, message: 'unknown unit' }], 404);
  return unit;
}

/** The newest stored result for a unit and month (of `code`, or preferring a CSI survey). */
export async function getSurveyResult(db: Db, query: { unit: string; period: string; code?: string }): Promise<StoredSurveyResult> {
  const { units } = await loadLookup(db);
  const unit = requireUnit(units, query.unit);
  const row = await repo.selectLatestResult(db, { unitId: unit.id, period: query.period, code: query.code });
  if (!row) {
    throw new DomainError('not_found', `No survey result${query.code ? ` of ${query.code}` : ''} is stored for ${query.unit} ${query.period}`, undefined, 404);
  }
  const result = row.result as unknown as SurveyJson;
  return {
    code: row.code,
    kind: row.kind,
    unit: unit.code,
    period: row.period,
    computedAt: new Date(row.createdAt).toISOString(),
    runId: Number(row.id),
    scope: row.scope,
    fileName: row.fileName,
    ...result,
    respondents: Number(row.respondents),
  };
}

/** CSI, overall satisfaction and competitive index of one survey at one unit, period by period. */
export async function getSurveyTrend(db: Db, query: { unit: string; code: string }): Promise<repo.SurveyTrendRow[]> {
  const { units } = await loadLookup(db);
  const unit = requireUnit(units, query.unit);
  return repo.selectSurveyTrend(db, { unitId: unit.id, code: query.code });
}
