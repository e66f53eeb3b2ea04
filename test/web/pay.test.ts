// @vitest-environment happy-dom
/** The pay view's pieces: who sees what, the route, the payout table with its totals (in Korean too). */
import { afterEach, describe, expect, it } from 'vitest';
import { payAccess } from '../../web/src/views/ns-pay-access.ts';
import { applyLocale } from '../../web/src/i18n.ts';
import { formatRoute, parseRoute } from '../../web/src/router.ts';
import '../../web/src/components/ns-payout-table.ts';
import type { PayoutDocument } from '../../web/src/components/ns-payout-table.ts';
import type { Grant, Unit } from '../../web/src/types.ts';

const units: Unit[] = [
  { code: 'HQ', name: { en: 'Company', ko: '전사' }, parent: null, depth: 1 },
  { code: 'SEOUL', name: { en: 'Seoul', ko: '서울' }, parent: 'HQ', depth: 2 },
];
const g = (role: Grant['role'], unit: string | null = null): Grant => ({ role, unit });

describe('pay access', () => {
  it('reviewers, hr and admins of the whole company read; hr and admins approve and import; nobody else sees pay', () => {
    expect(payAccess([g('reviewer')], units)).toEqual({ read: true, prepare: true, approve: false, roster: false, acknowledge: false });
    expect(payAccess([g('hr', 'HQ')], units)).toEqual({ read: true, prepare: true, approve: true, roster: true, acknowledge: false });
    expect(payAccess([g('admin')], units)).toEqual({ read: true, prepare: true, approve: true, roster: true, acknowledge: true });
    for (const role of ['viewer', 'contributor', 'manager'] as const) expect(payAccess([g(role)], units).read).toBe(false);
    expect(payAccess([g('reviewer', 'SEOUL')], units).read).toBe(false);
  });

  it('has a route of its own that keeps the cycle and version', () => {
    const route = parseRoute('/pay', '?cycle=2026-H1&version=2');
    expect(route).toMatchObject({ name: 'pay', params: { cycle: '2026-H1', version: '2' } });
    expect(formatRoute(route)).toContain('/pay?');
  });
});

const doc: PayoutDocument = {
  cycle: '2026-Q1',
  version: 1,
  evaluationStatus: 'final',
  finalizedBy: 'boss',
  run: 1,
  status: 'approved',
  span: { from: '2026-01-01', to: '2026-03-31', days: 90 },
  policy: { rates: { S: 150, B: 100 }, proration: 'days', rounding: 1000 },
  rows: [
    {
      employee: 'E002',
      name: '이서연',
      base: 4_000_000,
      rate: 125,
      payout: 5_000_000,
      days: 90,
      parts: [
        { unit: 'SEOUL', unitName: { en: 'Seoul', ko: '서울' }, days: 45, grade: 'S', rate: 150, amount: 3_000_000 },
        { unit: 'BUSAN', unitName: 'Busan', days: 45, grade: 'B', rate: 100, amount: 2_000_000 },
      ],
      warnings: [],
    },
  ],
  totals: { units: [{ unit: 'BUSAN', name: 'Busan', employees: 1, days: 45, payout: 2_000_000 }, { unit: 'SEOUL', name: { en: 'Seoul', ko: '서울' }, employees: 1, days: 45, payout: 3_000_000 }], overall: { employees: 1, base: 4_000_000, payout: 5_000_000 } },
  ineligible: 0,
  warnings: [],
  rosterChanged: false,
  preparedBy: 'rita',
  approvedBy: 'hana',
  frozenBy: null,
  frozenAt: null,
};

describe('payout table', () => {
  afterEach(async () => {
    document.body.innerHTML = '';
    await applyLocale('en');
  });

  it('shows each employee’s units with days and grade, subtotals per unit and the total, in Korean', async () => {
    await applyLocale('ko');
    const table = document.createElement('ns-payout-table');
    table.doc = doc;
    document.body.append(table);
    await table.updateComplete;
    const text = table.shadowRoot!.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('사번');
    expect(text).toContain('지급액');
    expect(text).toContain('서울 45일 S · Busan 45일 B');
    expect(text).toContain('소계');
    expect(table.shadowRoot!.querySelector('[data-testid="payout-total"]')!.textContent).toBe('5,000,000');
  });
});

describe('evaluation form', () => {
  it('keeps the pay policy and fairness thresholds it does not edit when it saves the cycle', async () => {
    await import('../../web/src/components/ns-evaluation-form.ts');
    const form = document.createElement('ns-evaluation-form');
    form.units = units;
    form.definition = {
      code: '2026-Q1',
      name: { ko: '2026 1분기', en: '2026 Q1' },
      from: '2026-01',
      to: '2026-03',
      window: 'ytd',
      units: ['SEOUL'],
      missing: 'exclude',
      adjustments: [],
      grading: { method: 'bands', bands: [{ grade: 'S', from: 95 }, { grade: 'B', from: 0 }] },
      pay: { rates: { S: 150, B: 100 }, proration: 'days', rounding: 1000 },
      fairness: { minCoverage: 0.8 },
    } as never;
    document.body.append(form);
    await form.updateComplete;
    let sent: any = null;
    form.addEventListener('ns-evaluation-submit', (e) => (sent = (e as CustomEvent).detail.definition));
    form.shadowRoot!.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(sent).toMatchObject({ code: '2026-Q1', pay: { rates: { S: 150, B: 100 }, rounding: 1000 }, fairness: { minCoverage: 0.8 } });
  });
});
