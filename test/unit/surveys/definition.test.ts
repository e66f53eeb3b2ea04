import { describe, expect, it } from 'vitest';
import { parseSurveyDefinition, SurveyDefinitionError } from '../../../server/surveys/index.ts';

const DESIGN_EXAMPLE = `
code: CSI-2026
scale: { min: 1, max: 10 }
overall: CUSA1
factors:
  - { code: IMAG, name: { en: Image, ko: 이미지 }, items: [IMAG1, IMAG2, IMAG3] }
  - { code: PERQ, name: Quality, items: [PERQ1, PERQ2] }
loyalty:
  - { code: REUSE, item: CUSL1, topBox: 8 }
  - { code: RECOMMEND, item: CUSL3, topBox: 8 }
nps: null
missing: [-99]
segment: { column: brand, own: "1" }
unitColumn: null
feeds: { csi: CSI, overall: OVERALL_SAT, loyalty: { RECOMMEND: RECOMMEND_RATE } }
`;

const MINIMAL = { code: 'S', scale: { min: 1, max: 5 }, overall: 'OV', factors: [{ code: 'A', items: ['A1'] }] };

/** The SurveyDefinitionError thrown for `definition` (an object, sent as JSON). */
function errorFor(definition: unknown): SurveyDefinitionError {
  try {
    parseSurveyDefinition(JSON.stringify(definition), 'def.json');
  } catch (error) {
    if (error instanceof SurveyDefinitionError) return error;
    throw error;
  }
  throw new Error('expected the definition to be rejected');
}

describe('survey definition files', () => {
  it('when the DESIGN.md example is read as YAML, then every field comes through', () => {
    const definition = parseSurveyDefinition(DESIGN_EXAMPLE, 'csi.yaml');
    expect(definition.code).toBe('CSI-2026');
    expect(definition.kind).toBe('csi');
    expect(definition.scale).toEqual({ min: 1, max: 10 });
    expect(definition.factors[0]).toEqual({ code: 'IMAG', name: { en: 'Image', ko: '이미지' }, items: ['IMAG1', 'IMAG2', 'IMAG3'] });
    expect(definition.loyalty.map((l) => l.code)).toEqual(['REUSE', 'RECOMMEND']);
    expect(definition.nps).toBeNull();
    expect(definition.missing).toEqual([-99]);
    expect(definition.segment).toEqual({ column: 'brand', own: '1' });
    expect(definition.feeds.loyalty).toEqual({ RECOMMEND: 'RECOMMEND_RATE' });
  });

  it('when optional fields are left out, then they take their defaults', () => {
    const definition = parseSurveyDefinition(JSON.stringify(MINIMAL), 'def.json');
    expect(definition).toMatchObject({ kind: 'csi', loyalty: [], nps: null, missing: [], segment: null, unitColumn: null, feeds: {} });
  });

  it('when the segment owner is written as a YAML number, then it is compared as text', () => {
    const definition = parseSurveyDefinition(DESIGN_EXAMPLE.replace('own: "1"', 'own: 1'));
    expect(definition.segment?.own).toBe('1');
  });

  it('when the kind is esi, icsi or coi, then it is kept', () => {
    for (const kind of ['esi', 'icsi', 'coi']) expect(parseSurveyDefinition(JSON.stringify({ ...MINIMAL, kind })).kind).toBe(kind);
    expect(errorFor({ ...MINIMAL, kind: 'nps' }).issues).toEqual(['kind: must be one of csi, esi, icsi, coi']);
  });

  it('when a factor has no items, then the error names the path of the empty list', () => {
    const error = errorFor({ ...MINIMAL, factors: [{ code: 'A', items: ['A1'] }, { code: 'B', items: [] }] });
    expect(error.issues).toEqual(['factors[1].items: must not be empty']);
    expect(error.message).toContain('factors[1].items: must not be empty');
    expect(error.message).toContain('def.json');
  });

  it('when a key is unknown, then it is rejected with its path', () => {
    expect(errorFor({ ...MINIMAL, factor: [] }).issues).toEqual(['factor: unknown field']);
    expect(errorFor({ ...MINIMAL, factors: [{ code: 'A', items: ['A1'], weight: 2 }] }).issues).toEqual(['factors[0].weight: unknown field']);
    expect(errorFor({ ...MINIMAL, feeds: { CSI: 'X' } }).issues).toEqual(['feeds.CSI: unknown field']);
  });

  it('when a required field is missing or of the wrong type, then the message says so', () => {
    const { overall: _overall, ...withoutOverall } = MINIMAL;
    expect(errorFor(withoutOverall).issues).toEqual(['overall: is required']);
    expect(errorFor({ ...MINIMAL, scale: { min: '1', max: 5 } }).issues).toEqual(['scale.min: must be a number']);
    expect(errorFor({ ...MINIMAL, factors: [{ code: 'A', items: [7] }] }).issues).toEqual(['factors[0].items[0]: must be a string']);
  });

  it('when the scale minimum is not below its maximum, then the scale is rejected', () => {
    expect(errorFor({ ...MINIMAL, scale: { min: 5, max: 5 } }).issues).toEqual(['scale: min must be below max']);
  });

  it('when two factors share a code, then the second is reported', () => {
    const error = errorFor({ ...MINIMAL, factors: [{ code: 'A', items: ['A1'] }, { code: 'A', items: ['A2'] }] });
    expect(error.issues).toEqual(['factors[1].code: duplicate factor code A (also factors[0])']);
  });

  it('when an item is used by two factors, then the second use is reported', () => {
    const error = errorFor({ ...MINIMAL, factors: [{ code: 'A', items: ['A1', 'X'] }, { code: 'B', items: ['B1', 'x'] }] });
    expect(error.issues).toEqual(['factors[1].items[1]: item x is already used by factor A']);
  });

  it('when the overall question is also a factor item, then it is rejected', () => {
    expect(errorFor({ ...MINIMAL, overall: 'A1' }).issues).toEqual(['overall: A1 is also an item of factor A']);
  });

  it('when a loyalty top box lies outside the scale, then it is rejected', () => {
    const error = errorFor({ ...MINIMAL, loyalty: [{ code: 'L', item: 'L1', topBox: 8 }] });
    expect(error.issues).toEqual(['loyalty[0].topBox: must lie within the scale (1-5)']);
  });

  it('when feeds name a factor or loyalty code the definition lacks, then the path names it', () => {
    const error = errorFor({ ...MINIMAL, feeds: { factors: { Z: 'Z_SAT' }, loyalty: { L: 'L_RATE' }, nps: 'NPS' } });
    expect(error.issues).toEqual([
      'feeds.factors.Z: no factor has this code',
      'feeds.loyalty.L: no loyalty item has this code',
      'feeds.nps: the definition has no nps column',
    ]);
  });

  it('when the NPS column is also a scale item of another scale, then it is rejected', () => {
    const error = errorFor({ ...MINIMAL, nps: 'L1', loyalty: [{ code: 'L', item: 'L1', topBox: 4 }] });
    expect(error.issues).toEqual(['nps: L1 is also a 1-5 scale item, but NPS answers are read on 0-10']);
    const zeroToTen = { ...MINIMAL, scale: { min: 0, max: 10 }, nps: 'L1', loyalty: [{ code: 'L', item: 'L1', topBox: 9 }] };
    expect(parseSurveyDefinition(JSON.stringify(zeroToTen)).nps).toBe('L1');
  });

  it('when several fields are wrong, then every problem is listed', () => {
    const error = errorFor({ ...MINIMAL, scale: { min: 1 }, factors: [{ code: '', items: ['A1'] }] });
    expect(error.issues).toEqual(['scale.max: is required', 'factors[0].code: must not be empty']);
  });

  it('when the text is not valid YAML or JSON, then the error says which', () => {
    expect(() => parseSurveyDefinition('code: [unclosed', 'def.yaml')).toThrow(/def\.yaml: invalid survey definition: definition: not valid YAML/);
    expect(() => parseSurveyDefinition('{ "code": ', 'def.json')).toThrow(/not valid JSON/);
    expect(() => parseSurveyDefinition('- just a list')).toThrow(/must be a map of fields/);
  });
});
