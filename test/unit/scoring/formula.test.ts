import { describe, expect, it } from 'vitest';
import { evaluateFormula, FormulaError, formulaInputs, parseFormula } from '../../../server/scoring/index.ts';

const calc = (text: string, values: Record<string, number | null | undefined> = {}) => evaluateFormula(parseFormula(text), values);

/** The FormulaError thrown by parsing `text`. */
function errorOf(text: string): FormulaError {
  try {
    parseFormula(text);
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('formula arithmetic', () => {
  it('when * and + mix, then * binds tighter', () => {
    expect(calc('2 + 3 * 4')).toBe(14);
    expect(calc('(2 + 3) * 4')).toBe(20);
    expect(calc('2 * 3 + 4 * 5')).toBe(26);
  });

  it('when - and / repeat, then they group from the left', () => {
    expect(calc('10 - 4 - 3')).toBe(3);
    expect(calc('8 / 4 / 2')).toBe(1);
    expect(calc('100 / 10 * 2')).toBe(20);
  });

  it('when a minus stands before an operand, then it negates it', () => {
    expect(calc('-2 * 3')).toBe(-6);
    expect(calc('2 * -3')).toBe(-6);
    expect(calc('--2')).toBe(2);
    expect(calc('-(2 + 3)')).toBe(-5);
    expect(calc('-2 - -3')).toBe(1);
    expect(calc('+4')).toBe(4);
  });

  it('when numbers have decimals or exponents, then they are read as written', () => {
    expect(calc('.5 + 1.25')).toBe(1.75);
    expect(calc('1e3 + 2E-1')).toBe(1000.2);
  });

  it('when the typographic minus, times or divide signs are used, then they work like - * /', () => {
    expect(calc('10 − 4 × 2 ÷ 4')).toBe(8);
  });

  it('when decimal arithmetic leaves binary noise, then the result is clean', () => {
    expect(calc('0.1 + 0.2')).toBe(0.3);
    expect(calc('1.1 - 1')).toBe(0.1);
  });

  it('when min, max, abs and round are called, then they compute as named', () => {
    expect(calc('min(3, 1, 2)')).toBe(1);
    expect(calc('max(3, 1, 2)')).toBe(3);
    expect(calc('max(4)')).toBe(4);
    expect(calc('abs(-2.5)')).toBe(2.5);
    expect(calc('round(2.4)')).toBe(2);
    expect(calc('round(3.14159, 2)')).toBe(3.14);
    expect(calc('round(1234.5, -2)')).toBe(1200);
  });

  it('when round meets a half, then it rounds away from zero, as written in decimal', () => {
    expect(calc('round(2.5)')).toBe(3);
    expect(calc('round(-2.5)')).toBe(-3);
    expect(calc('round(1.005, 2)')).toBe(1.01); // 1.005 is stored as 1.00499999…
    expect(calc('round(-1.005, 2)')).toBe(-1.01);
  });
});

describe('formula inputs', () => {
  it('when codes are used, then their values are read from the values given', () => {
    expect(calc('CLAIMS / ORDERS * 100', { CLAIMS: 4, ORDERS: 104 })).toBeCloseTo(3.846153846, 9);
    expect(calc('A_1 + _B', { A_1: 1, _B: 2 })).toBe(3);
  });

  it('when a code appears twice, then it is listed once, in order of first appearance', () => {
    expect(formulaInputs(parseFormula('ORDERS - CLAIMS / ORDERS + max(NPS, CLAIMS)'))).toEqual(['ORDERS', 'CLAIMS', 'NPS']);
    expect(formulaInputs(parseFormula('1 + 2'))).toEqual([]);
  });

  it('when an input is missing, null, undefined or not a number, then the formula has no value', () => {
    expect(calc('A + B', { A: 1 })).toBeNull();
    expect(calc('A + B', { A: 1, B: null })).toBeNull();
    expect(calc('A + B', { A: 1, B: undefined })).toBeNull();
    expect(calc('A + B', { A: 1, B: Number.NaN })).toBeNull();
    expect(calc('min(A, B)', { A: 1 })).toBeNull();
  });

  it('when a formula divides by zero, then it has no value (not Infinity or NaN)', () => {
    expect(calc('CLAIMS / ORDERS', { CLAIMS: 1, ORDERS: 0 })).toBeNull();
    expect(calc('0 / 0')).toBeNull();
    expect(calc('1 / (A - A)', { A: 3 })).toBeNull();
  });

  it('when the result overflows, then it has no value', () => {
    expect(calc('A * A', { A: 1e200 })).toBeNull();
  });

  it('when a code names something inherited by every object, then it is not found', () => {
    const values = {} as Record<string, number>;
    expect(calc('TO_STRING + 1', values)).toBeNull();
    expect(calc('__PROTO__ + 1', values)).toBeNull();
  });
});

describe('formula errors', () => {
  it('when the formula is empty, then it is rejected', () => {
    expect(errorOf('   ').reason).toBe('the formula is empty');
  });

  it('when an operand is missing at the end, then the error points just past the text', () => {
    const error = errorOf('1 +');
    expect(error.position).toBe(3);
    expect(error.message).toBe('Formula error at column 4: expected a number, an indicator code or "(", found the end of the formula');
  });

  it('when a parenthesis is not closed, then the error says which one', () => {
    const error = errorOf('(A + B');
    expect(error.position).toBe(6);
    expect(error.reason).toMatch(/expected "\)" to close the "\(" at column 1/);
  });

  it('when there is a stray closing parenthesis or a second operand, then it is rejected where it stands', () => {
    expect(errorOf('A + B)').position).toBe(5);
    expect(errorOf('A B').position).toBe(2);
    expect(errorOf('1.2.3').reason).toBe('unexpected ".3"');
  });

  it('when an unknown character appears, then the error names it and its position', () => {
    const error = errorOf('A ^ 2');
    expect(error.position).toBe(2);
    expect(error.reason).toBe('unexpected character "^"');
    expect(errorOf('A; B').reason).toBe('unexpected character ";"');
  });

  it('when a lower-case name is used as a code, then it is rejected', () => {
    expect(errorOf('sales * 2').reason).toMatch(/unknown name "sales"/);
    expect(errorOf('SALES * x').position).toBe(8);
  });

  it.each([
    ['constructor', 0, /unknown name "constructor"/],
    ['process.exit()', 0, /unknown name "process"/],
    ['eval("1")', 0, /unknown function "eval"/],
    ['Function("return 1")()', 0, /unknown function "Function"/],
    ['this.constructor', 0, /unknown name "this"/],
    ['globalThis', 0, /unknown name "globalThis"/],
    ['__proto__', 0, /unknown name "__proto__"/],
    ['A + constructor(1)', 4, /unknown function "constructor"/],
    ['toString()', 0, /unknown function "toString"/],
    ['require("fs")', 0, /unknown function "require"/],
    ['A["x"]', 1, /unexpected character "\["/],
    ['`x`', 0, /unexpected character "`"/],
  ])('when the formula tries %j, then it is rejected at position %i', (text, position, reason) => {
    const error = errorOf(text);
    expect(error).toBeInstanceOf(FormulaError);
    expect(error.position).toBe(position);
    expect(error.reason).toMatch(reason);
  });

  it('when a code is called like a function, then it is rejected', () => {
    expect(errorOf('SALES(1)').reason).toMatch(/unknown function "SALES"/);
  });

  it('when a function gets the wrong number of arguments, then the error says how many it takes', () => {
    expect(errorOf('abs(1, 2)').reason).toBe('abs takes 1 argument, got 2');
    expect(errorOf('min()').reason).toBe('min takes at least 1 argument, got 0');
    expect(errorOf('round(1, 2, 3)').reason).toBe('round takes 1 or 2 arguments, got 3');
    expect(errorOf('max').reason).toMatch(/needs arguments/);
  });

  it("when round's digits are not a whole number written out, then it is rejected", () => {
    expect(errorOf('round(A, 1.5)').reason).toMatch(/whole number/);
    expect(errorOf('round(A, B)').reason).toMatch(/whole number/);
    expect(errorOf('round(A, 99)').reason).toMatch(/whole number/);
    expect(calc('round(A, -1)', { A: 15 })).toBe(20);
  });

  it('when parentheses nest absurdly deep, then a FormulaError (not a stack overflow) says so', () => {
    expect(errorOf('('.repeat(200) + '1' + ')'.repeat(200)).reason).toMatch(/nests deeper/);
    expect(errorOf('-'.repeat(200) + '1').reason).toMatch(/nests deeper/);
  });

  it('when the formula is huge, then it is rejected', () => {
    expect(errorOf('1' + ' + 1'.repeat(2000)).reason).toMatch(/longer than|more than/);
  });

  it('when a number is too large to represent, then it is rejected', () => {
    expect(errorOf('1e999').reason).toMatch(/too large/);
  });
});
