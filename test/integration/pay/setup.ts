/** The evaluation fixtures' company with a roster and a pay policy (see test/fixtures/pay/README.md). */
import fs from 'node:fs';
import { fixturePath } from '../../helpers/model.ts';
import { cycleFile } from '../evaluations/setup.ts';

export const POLICY = { rates: { S: 150, A: 120, B: 100, C: 80, D: 50 }, proration: 'days', rounding: 1000 };
export const payFixture = (name: string) => fixturePath('pay', name);
export const rosterFile = (name = 'roster.csv') => fs.readFileSync(payFixture(name));
export const payCycle = (overrides: Record<string, unknown> = {}) => cycleFile('q1-bands.yaml', { pay: POLICY, ...overrides });

/** The hand-computed payouts of roster.csv under cycle 2026-Q1 version 1. */
export const EXPECTED_V1 = { E001: 4_500_000, E002: 5_000_000, E003: 861_000, E004: 1_653_000 };
export const payoutsOf = (doc: any) => Object.fromEntries(doc.rows.map((r: any) => [r.employee, r.payout]));
