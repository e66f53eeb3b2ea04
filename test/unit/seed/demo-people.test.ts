/** The demo roster generator: deterministic, about 300 people, transfers, joiners, leavers, a few ineligible, no overlaps. */
import { describe, expect, it } from 'vitest';
import { DEMO_PEOPLE_UNITS, demoRosterCsv, generateDemoRoster } from '../../../server/seed/demo-people.ts';
import { overlaps } from '../../../server/scoring/payout.ts';

describe('demo roster', () => {
  const rows = generateDemoRoster('2026');
  const byEmployee = new Map<string, typeof rows>();
  for (const r of rows) byEmployee.set(r.employee, [...(byEmployee.get(r.employee) ?? []), r]);

  it('is the same every time', () => {
    expect(demoRosterCsv(generateDemoRoster('2026'))).toBe(demoRosterCsv(rows));
  });

  it('has 300 employees over the units with transfers, joiners, leavers and a few ineligible', () => {
    expect(byEmployee.size).toBe(300);
    const transfers = [...byEmployee.values()].filter((list) => list.length === 2);
    expect(transfers.length).toBeGreaterThanOrEqual(10);
    expect(transfers.every(([a, b]) => a.unit !== b.unit)).toBe(true);
    expect(rows.filter((r) => r.from >= '2026-01-01').length).toBeGreaterThanOrEqual(10 + transfers.length);
    expect(rows.filter((r) => r.to !== null && r.to >= '2026-01-01' && byEmployee.get(r.employee)!.length === 1).length).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.filter((r) => !r.eligible).map((r) => r.employee)).size).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r.unit))).toEqual(new Set(DEMO_PEOPLE_UNITS.map((u) => u.unit)));
    expect(rows.every((r) => /^[가-힣]{2,4}$/.test(r.name))).toBe(true);
  });

  it('never overlaps one employee’s assignments and never ends before it starts', () => {
    for (const list of byEmployee.values()) {
      for (const r of list) expect(r.to === null || r.to >= r.from).toBe(true);
      if (list.length === 2) expect(overlaps(list[0], list[1])).toBe(false);
    }
  });
});
