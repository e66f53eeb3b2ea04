/**
 * A safe evaluator for formula indicators (e.g. `CLAIMS / ORDERS * 100`).
 *
 * A hand-written tokenizer and recursive-descent parser build a small syntax tree; evaluation
 * walks that tree. Nothing is ever handed to `eval` or `Function`, and names are looked up only
 * in an explicit allow-list (functions) or as own keys of the values record (indicator codes),
 * so `constructor`, `__proto__` or `process.exit()` can never reach JavaScript.
 *
 * Grammar:
 *   expression := term (("+" | "-") term)*
 *   term       := unary (("*" | "/") unary)*
 *   unary      := ("-" | "+") unary | primary
 *   primary    := number | CODE | function "(" expression ("," expression)* ")" | "(" expression ")"
 * Codes are `[A-Z_][A-Z0-9_]*` as written; functions are `min`, `max`, `abs`, `round(x[, digits])`.
 */
import { isFiniteNumber, roundHalfAwayFromZero, tidy } from './numbers.ts';

export type BinaryOperator = '+' | '-' | '*' | '/';
export type FunctionName = 'min' | 'max' | 'abs' | 'round';

export type FormulaNode =
  | { type: 'number'; value: number; position: number }
  | { type: 'input'; code: string; position: number }
  | { type: 'negate'; operand: FormulaNode; position: number }
  | { type: 'binary'; operator: BinaryOperator; left: FormulaNode; right: FormulaNode; position: number }
  | { type: 'call'; name: FunctionName; args: FormulaNode[]; position: number };

export type Formula = { readonly text: string; readonly ast: FormulaNode; readonly inputs: readonly string[] };

/** A formula that cannot be parsed; `position` is the 0-based character index of the problem. */
export class FormulaError extends Error {
  readonly position: number;
  readonly reason: string;

  constructor(reason: string, position: number) {
    super(`Formula error at column ${position + 1}: ${reason}`);
    this.name = 'FormulaError';
    this.reason = reason;
    this.position = position;
  }
}

/** Formulas are short; the limits keep the recursive walks far from the stack's limit. */
const MAX_LENGTH = 4_000;
const MAX_TOKENS = 1_000;
/** Deep nesting would overflow the parser's stack with a RangeError; stop it with a clear message. */
const MAX_DEPTH = 100;
const MAX_ROUND_DIGITS = 15;
const CODE = /^[A-Z_][A-Z0-9_]*$/;
const FUNCTIONS: ReadonlyMap<string, { min: number; max: number }> = new Map([
  ['min', { min: 1, max: Infinity }],
  ['max', { min: 1, max: Infinity }],
  ['abs', { min: 1, max: 1 }],
  ['round', { min: 1, max: 2 }],
]);

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'name'; text: string; position: number }
  | { kind: 'symbol'; text: '+' | '-' | '*' | '/' | '(' | ')' | ','; position: number }
  | { kind: 'invalid'; text: string; position: number }
  | { kind: 'end'; text: ''; position: number };

const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const WHITESPACE = /\s+/y;
/** Typographic operators as they appear in documents (the design text itself uses "−"). */
const SYMBOL_ALIASES: Record<string, '+' | '-' | '*' | '/' | '(' | ')' | ','> = {
  '+': '+', '-': '-', '−': '-', '*': '*', '×': '*', '/': '/', '÷': '/', '(': '(', ')': ')', ',': ',',
};

function matchAt(pattern: RegExp, text: string, position: number): string | null {
  pattern.lastIndex = position;
  const match = pattern.exec(text);
  return match ? match[0] : null;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < text.length) {
    const space = matchAt(WHITESPACE, text, position);
    if (space) {
      position += space.length;
      continue;
    }
    const token = readToken(text, position);
    tokens.push(token);
    position += token.text.length;
  }
  tokens.push({ kind: 'end', text: '', position: text.length });
  if (tokens.length > MAX_TOKENS) throw new FormulaError(`the formula has more than ${MAX_TOKENS} parts`, tokens[MAX_TOKENS].position);
  return tokens;
}

function readToken(text: string, position: number): Token {
  const number = matchAt(NUMBER, text, position);
  if (number) {
    const value = Number(number);
    if (!Number.isFinite(value)) throw new FormulaError(`number ${number} is too large`, position);
    return { kind: 'number', value, text: number, position };
  }
  const name = matchAt(NAME, text, position);
  if (name) return { kind: 'name', text: name, position };
  const char = text[position];
  const symbol = Object.hasOwn(SYMBOL_ALIASES, char) ? SYMBOL_ALIASES[char] : undefined;
  if (symbol) return { kind: 'symbol', text: symbol, position };
  // Reported by the parser when it gets there, so errors come in reading order:
  // in `process.exit()` the unknown name comes before the stray ".".
  return { kind: 'invalid', text: String.fromCodePoint(text.codePointAt(position)!), position };
}

// ---------------------------------------------------------------------------------------------
// Parser

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  parse(): FormulaNode {
    if (this.peek().kind === 'end') throw new FormulaError('the formula is empty', 0);
    const node = this.expression();
    const next = this.peek();
    if (next.kind !== 'end') throw new FormulaError(`unexpected ${describe(next)}`, next.position);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private isSymbol(...symbols: string[]): boolean {
    const token = this.peek();
    return token.kind === 'symbol' && symbols.includes(token.text);
  }

  private expect(symbol: ')' | '(', context: string): void {
    const token = this.peek();
    if (!this.isSymbol(symbol)) throw new FormulaError(`expected "${symbol}" ${context}, found ${describe(token)}`, token.position);
    this.index++;
  }

  private nested<T>(position: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new FormulaError(`the formula nests deeper than ${MAX_DEPTH} levels`, position);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private expression(): FormulaNode {
    let left = this.term();
    while (this.isSymbol('+', '-')) {
      const operator = this.next();
      const right = this.term();
      left = { type: 'binary', operator: operator.text as BinaryOperator, left, right, position: operator.position };
    }
    return left;
  }

  private term(): FormulaNode {
    let left = this.unary();
    while (this.isSymbol('*', '/')) {
      const operator = this.next();
      const right = this.unary();
      left = { type: 'binary', operator: operator.text as BinaryOperator, left, right, position: operator.position };
    }
    return left;
  }

  private unary(): FormulaNode {
    if (!this.isSymbol('-', '+')) return this.primary();
    const sign = this.next();
    const operand = this.nested(sign.position, () => this.unary());
    return sign.text === '-' ? { type: 'negate', operand, position: sign.position } : operand;
  }

  private primary(): FormulaNode {
    const token = this.next();
    if (token.kind === 'number') return { type: 'number', value: token.value, position: token.position };
    if (token.kind === 'name') return this.nameOrCall(token);
    if (token.kind === 'invalid') throw new FormulaError(`unexpected ${describe(token)}`, token.position);
    if (token.kind === 'symbol' && token.text === '(') {
      const inner = this.nested(token.position, () => this.expression());
      this.expect(')', `to close the "(" at column ${token.position + 1}`);
      return inner;
    }
    throw new FormulaError(`expected a number, an indicator code or "(", found ${describe(token)}`, token.position);
  }

  private nameOrCall(token: Token & { kind: 'name' }): FormulaNode {
    const isCall = this.isSymbol('(');
    if (isCall) {
      if (FUNCTIONS.has(token.text)) return this.call(token.text as FunctionName, token.position);
      const known = [...FUNCTIONS.keys()].join(', ');
      throw new FormulaError(`unknown function "${token.text}" (functions: ${known})`, token.position);
    }
    if (CODE.test(token.text)) return { type: 'input', code: token.text, position: token.position };
    if (FUNCTIONS.has(token.text)) throw new FormulaError(`function "${token.text}" needs arguments in parentheses`, token.position);
    throw new FormulaError(
      `unknown name "${token.text}": indicator codes are written in capitals, digits and _ (e.g. CLAIMS)`,
      token.position,
    );
  }

  private call(name: FunctionName, position: number): FormulaNode {
    this.next(); // "("
    const args = this.nested(position, () => this.arguments());
    this.expect(')', `to close the call to ${name}`);
    checkArity(name, args, position);
    if (name === 'round' && args.length === 2) checkDigits(args[1]);
    return { type: 'call', name, args, position };
  }

  private arguments(): FormulaNode[] {
    if (this.isSymbol(')')) return [];
    const args = [this.expression()];
    while (this.isSymbol(',')) {
      this.next();
      args.push(this.expression());
    }
    return args;
  }
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the formula';
  if (token.kind === 'invalid') return `character ${JSON.stringify(token.text)}`;
  return `"${token.text}"`;
}

function checkArity(name: FunctionName, args: FormulaNode[], position: number): void {
  const arity = FUNCTIONS.get(name)!;
  if (args.length >= arity.min && args.length <= arity.max) return;
  const expected =
    arity.max === Infinity
      ? `at least ${plural(arity.min, 'argument')}`
      : arity.min === arity.max
        ? plural(arity.min, 'argument')
        : `${arity.min} or ${arity.max} arguments`;
  throw new FormulaError(`${name} takes ${expected}, got ${args.length}`, position);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** round's digits must be a whole number written in the formula, so a typo cannot hide until run time. */
function checkDigits(node: FormulaNode): void {
  const value = node.type === 'number' ? node.value : node.type === 'negate' && node.operand.type === 'number' ? -node.operand.value : null;
  if (value === null || !Number.isInteger(value) || Math.abs(value) > MAX_ROUND_DIGITS) {
    throw new FormulaError(`round's digits must be a whole number from -${MAX_ROUND_DIGITS} to ${MAX_ROUND_DIGITS}`, node.position);
  }
}

export function parseFormula(text: string): Formula {
  if (typeof text !== 'string') throw new FormulaError('the formula must be text', 0);
  if (text.length > MAX_LENGTH) throw new FormulaError(`the formula is longer than ${MAX_LENGTH} characters`, MAX_LENGTH);
  const ast = new Parser(tokenize(text)).parse();
  return Object.freeze({ text, ast, inputs: Object.freeze(collectInputs(ast)) });
}

function collectInputs(node: FormulaNode, found: string[] = []): string[] {
  switch (node.type) {
    case 'input':
      if (!found.includes(node.code)) found.push(node.code);
      break;
    case 'negate':
      collectInputs(node.operand, found);
      break;
    case 'binary':
      collectInputs(node.left, found);
      collectInputs(node.right, found);
      break;
    case 'call':
      for (const arg of node.args) collectInputs(arg, found);
      break;
  }
  return found;
}

/** The distinct indicator codes the formula reads, in the order they first appear. */
export function formulaInputs(formula: Formula): string[] {
  return [...formula.inputs];
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type FormulaValues = Record<string, number | null | undefined>;

/**
 * The formula's value, or null when an input is missing (null, undefined, absent or not a
 * finite number), on division by zero, or when the result would not be a finite number.
 */
export function evaluateFormula(formula: Formula, values: FormulaValues): number | null {
  const result = evaluateNode(formula.ast, values);
  return result === null ? null : tidy(result);
}

function evaluateNode(node: FormulaNode, values: FormulaValues): number | null {
  const result = evaluateUnchecked(node, values);
  return isFiniteNumber(result) ? result : null;
}

function evaluateUnchecked(node: FormulaNode, values: FormulaValues): number | null {
  switch (node.type) {
    case 'number':
      return node.value;
    case 'input': {
      // Own keys only: a code can never resolve to something inherited from Object.prototype.
      const value = Object.hasOwn(values, node.code) ? values[node.code] : undefined;
      return isFiniteNumber(value) ? value : null;
    }
    case 'negate': {
      const operand = evaluateNode(node.operand, values);
      return operand === null ? null : -operand;
    }
    case 'binary':
      return evaluateBinary(node.operator, evaluateNode(node.left, values), evaluateNode(node.right, values));
    case 'call':
      return evaluateCall(node.name, node.args.map((arg) => evaluateNode(arg, values)));
  }
}

function evaluateBinary(operator: BinaryOperator, left: number | null, right: number | null): number | null {
  if (left === null || right === null) return null;
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0 ? null : left / right;
  }
}

function evaluateCall(name: FunctionName, args: (number | null)[]): number | null {
  if (args.some((arg) => arg === null)) return null;
  const numbers = args as number[];
  switch (name) {
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
    case 'abs':
      return Math.abs(numbers[0]);
    case 'round':
      return roundHalfAwayFromZero(numbers[0], numbers[1] ?? 0);
  }
}
