/**
 * What a partial figure says about itself (DESIGN.md §3 "Incomplete data"): "3 of 4 units",
 * "9 of 10 months", and who or which months are missing. Pure, so every screen words it the
 * same way and the words are tested once; <ns-completeness-badge> shows it.
 */
import { msg, str } from '@lit/localize';
import { formatPeriod } from './format.ts';
import { localName } from './i18n.ts';
import type { Completeness, CompletenessPart, Locale, LocalizedName, ScorecardObjective, ScorecardPerspective } from './types.ts';

export interface CompletenessNote {
  /** The short badge text: "3 of 4 units · 9 of 10 months". */
  text: string;
  /** One line per gap: "Not reported: Gangnam", "Months missing: Oct 2026". */
  details: string[];
}

const isPartial = (part: CompletenessPart | null | undefined): part is CompletenessPart => !!part && part.reported < part.expected;

/** True when some unit or month that was due did not report. */
export function isPartialFigure(c: Completeness | null | undefined): boolean {
  return !!c && (isPartial(c.units) || isPartial(c.months));
}

/**
 * The note of one indicator's figure, or null when it is complete (or the API says nothing).
 * `unitName` turns a unit code into its display name.
 */
export function completenessNote(c: Completeness | null | undefined, options: { locale: Locale; unitName?: (code: string) => string }): CompletenessNote | null {
  if (!isPartialFigure(c)) return null;
  const texts: string[] = [];
  const details: string[] = [];
  if (isPartial(c!.units)) {
    const { reported, expected, missing } = c!.units;
    texts.push(msg(str`${reported} of ${expected} units`));
    if (missing.length) details.push(msg(str`Not reported: ${missing.map((u) => options.unitName?.(u) ?? u).join(', ')}`));
  }
  if (isPartial(c!.months)) {
    const { reported, expected, missing } = c!.months;
    texts.push(msg(str`${reported} of ${expected} months`));
    if (missing.length) details.push(msg(str`Months missing: ${missing.map((m) => formatPeriod(m, options.locale)).join(', ')}`));
  }
  return { text: texts.join(' · '), details };
}

/** A rolled-up score (objective, perspective, unit total) that includes partial figures. */
export interface RollupPart {
  complete?: boolean;
  objectives?: readonly Pick<ScorecardObjective, 'indicators'>[];
  indicators?: ScorecardObjective['indicators'];
}

/**
 * The note of a rolled-up score: "Partial", with one line per partial indicator under it
 * ("Revenue: 3 of 4 units"). Null when the rollup is complete. An explicit `complete: false`
 * from the API marks it partial even when the indicators below carry no completeness.
 */
export function rollupNote(
  part: RollupPart & { perspectives?: readonly Pick<ScorecardPerspective, 'objectives'>[] },
  options: { locale: Locale; unitName?: (code: string) => string },
): CompletenessNote | null {
  const indicators = [
    ...(part.indicators ?? []),
    ...(part.objectives ?? []).flatMap((o) => o.indicators),
    ...(part.perspectives ?? []).flatMap((p) => p.objectives.flatMap((o) => o.indicators)),
  ];
  const details: string[] = [];
  for (const i of indicators) {
    const note = completenessNote(i.completeness, options);
    if (note) details.push(`${localName(i.name as LocalizedName, i.code)}: ${note.text}`);
  }
  if (part.complete !== false && !details.length) return null;
  return { text: msg('Partial'), details: details.length ? details : [msg('Some figures under this score are not complete yet.')] };
}

/**
 * The note of an evaluation result row (provisional or final alike): which indicators were left
 * out for want of a comparable month and which were scored on part of their data. Null when the
 * score rests on complete data.
 */
export function evaluationRowNote(
  row: { complete?: boolean; leftOut?: string[]; partial?: { indicator: string; completeness: Completeness }[] },
  options: { locale: Locale; unitName?: (code: string) => string },
): CompletenessNote | null {
  const leftOut = row.leftOut ?? [];
  const partial = (row.partial ?? []).map((p) => {
    const note = completenessNote(p.completeness, options);
    return note ? `${p.indicator} (${note.text})` : p.indicator;
  });
  if (row.complete !== false && !leftOut.length && !partial.length) return null;
  const details: string[] = [];
  if (leftOut.length) details.push(msg(str`Left out (no comparable month): ${leftOut.join(', ')}`));
  if (partial.length) details.push(msg(str`Scored on part of the data: ${partial.join(', ')}`));
  if (!details.length) details.push(msg('Some figures under this score are not complete yet.'));
  return { text: leftOut.length ? msg(str`${leftOut.length} left out`) : msg('Partial'), details };
}
