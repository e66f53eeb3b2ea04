import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishWords, translations } from '@zxcvbn-ts/language-en';
import { HttpError } from '../http/errors.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;
/** zxcvbn's score: 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
const MIN_SCORE = 3;

let factory: ZxcvbnFactory | null = null;
const strength = () => (factory ??= new ZxcvbnFactory({ dictionary: { ...dictionary, ...englishWords }, graphs: adjacencyGraphs, translations }));

/**
 * Why `password` is not acceptable for this account, or null. Length first, then zxcvbn with
 * its common-password dictionary (and English words) plus what the account itself gives away (username, display
 * name, the product's name), so `northstar-admin-2026` does not pass for user `admin`.
 */
export function passwordProblem(password: string, userInputs: (string | null | undefined)[]): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must have at most ${MAX_PASSWORD_LENGTH} characters`;
  const inputs = [...userInputs.filter((s): s is string => typeof s === 'string' && s !== ''), 'northstar', 'demo'];
  const result = strength().check(password, inputs);
  if (result.score >= MIN_SCORE) return null;
  const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return `The password is too easy to guess${hint ? ` (${hint})` : ''}; use a longer passphrase of unrelated words`;
}

/** Throws a 422 naming the field when the password breaks the rules. */
export function assertPasswordAllowed(password: string, userInputs: (string | null | undefined)[], field = 'password'): void {
  const problem = passwordProblem(password, userInputs);
  if (problem) throw new HttpError(422, 'weak_password', problem, [{ path: field, message: problem }]);
}
