/**
 * Pay data (base amounts, payouts) is seen by reviewers, hr and admins only. Walks every GET
 * route of the API as a viewer, a contributor and a manager (of the whole company, and of a
 * branch) after a roster import and a prepared payout run, and finds no base and no payout in
 * any answer; the pay routes answer 403.
 */
import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../../server/api.ts';
import { payRoutes } from '../../../server/pay/routes.ts';
import type { Role } from '../../../server/auth/policy.ts';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { loadEvaluationCompany } from '../evaluations/setup.ts';
import { payCycle, rosterFile } from './setup.ts';

const SAMPLE_PARAMS: Record<string, string> = { code: '2026-Q1', unit: 'SEOUL', period: '2026-03', indicator: 'SALES', name: 'x', id: '1' };
const pathOf = (path: string) => path.replace(/:(\w+)/g, (_, p: string) => encodeURIComponent(SAMPLE_PARAMS[p] ?? 'x'));
/** Amounts of the roster and of its payouts, as they would appear in JSON, CSV or text. */
const PAY_FIGURES = ['3000000', '4000000', '2500000', '3200000', '4500000', '5000000', '861000', '1653000', '12014000', '3,000,000'];

describe.each(testDatabaseKinds())('pay data privacy (%s)', (kind) => {
  const app = useTestApp(kind);
  const people: { name: string; role: Role; unit: string | null }[] = [
    { name: 'vic', role: 'viewer', unit: null },
    { name: 'cora', role: 'contributor', unit: 'SEOUL' },
    { name: 'max', role: 'manager', unit: null },
    { name: 'mia', role: 'manager', unit: 'SEOUL' },
  ];

  it('no route shows a base or a payout to a viewer, contributor or manager', async () => {
    await loadEvaluationCompany(app.db);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('rita', [{ role: 'reviewer', unit: null }]);
    await app.user('sam', [{ role: 'reviewer', unit: 'SEOUL' }]);
    for (const p of people) await app.user(p.name, [{ role: p.role, unit: p.unit }]);
    const boss = await app.signIn('boss');
    expect((await boss.post('/api/v1/people/imports?filename=roster.csv', new Uint8Array(rosterFile()), { 'content-type': 'text/csv' })).status).toBe(200);
    await boss.post('/api/v1/evaluations', payCycle());
    await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
    const rita = await app.signIn('rita');
    expect((await rita.post('/api/v1/evaluations/2026-Q1/payouts/prepare', {})).status).toBe(200);
    // The reviewer does see them: the walk below would catch the figures if they leaked.
    expect((await rita.get('/api/v1/evaluations/2026-Q1/payouts')).text).toContain('"payout":4500000');

    const gets = apiRoutes.filter((r) => r.method === 'get');
    const payPaths = new Set(payRoutes.map((r) => `${r.method} ${r.path}`));
    let walked = 0;
    for (const who of [...people.map((p) => p.name), 'sam']) {
      const client = await app.signIn(who);
      for (const route of gets) {
        const res = await client.get(`/api/v1${pathOf(route.path)}${route.path.includes('export') ? '?format=csv' : ''}`);
        walked++;
        const where = `${who} GET ${route.path} → ${res.status}`;
        expect(res.text, where).not.toMatch(/"(base|payout)"\s*:/);
        for (const figure of PAY_FIGURES) expect(res.text, where).not.toContain(figure);
        if (payPaths.has(`get ${route.path}`) && !route.path.endsWith('/fairness')) expect(res.status, where).toBe(403);
      }
      const payWrites = payRoutes.filter((r) => r.method === 'post' && 'permission' in r.policy && /^(pay|roster):/.test(r.policy.permission));
      for (const route of payWrites) {
        const res = await client.post(`/api/v1${pathOf(route.path)}${route.path === '/people/imports' ? '?filename=roster.csv' : ''}`, {});
        expect(res.status, `${who} POST ${route.path}`).toBe(403);
      }
    }
    expect(walked).toBeGreaterThan(gets.length * 4);
  }, 180_000);
});
