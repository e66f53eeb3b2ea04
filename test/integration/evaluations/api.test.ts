/**
 * Evaluation cycles through the API: preview → finalise → reopen, immutability, roles, and the
 * worked examples of test/fixtures/evaluations (see the comments in the cycle files).
 */
import { sql } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';
import { measure } from '../../helpers/model.ts';
import { cycleFile, loadEvaluationCompany, row } from './setup.ts';

describe.each(testDatabaseKinds())('evaluation cycles over the API (%s)', (kind) => {
  const app = useTestApp(kind);
  beforeEach(async () => {
    await loadEvaluationCompany(app.db);
    await app.user('boss', [{ role: 'admin', unit: null }]);
    await app.user('rita', [{ role: 'reviewer', unit: null }]);
  });

  it('previews the bands example live and provisionally: totals on a band’s edge get that band', async () => {
    const boss = await app.signIn('boss');
    const created = await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: '2026-Q1', status: 'provisional', version: 1, versions: [{ version: 1, status: 'provisional', inputsChanged: null }] });

    const preview = await boss.get('/api/v1/evaluations/2026-Q1/preview');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ cycle: '2026-Q1', version: 1, provisional: true, status: 'provisional', inputsChanged: false, window: 'ytd', months: { from: '2026-01', to: '2026-03' } });
    expect(preview.body.confirmToken).toMatch(/^[0-9a-f]{64}$/);
    expect(preview.body.results.map(row)).toEqual([
      { unit: 'SEOUL', score: 100, adjustment: 0, total: 100, coverage: 1, rank: 1, grade: 'S' },
      { unit: 'INCHEON', score: 95, adjustment: 0, total: 95, coverage: 1, rank: 2, grade: 'S' },
      { unit: 'BUSAN', score: 90, adjustment: -1.5, total: 88.5, coverage: 1, rank: 3, grade: 'B' },
      { unit: 'DAEGU', score: 80, adjustment: 0, total: 80, coverage: 0.5, rank: 4, grade: 'B' },
    ]);
    expect(preview.body.results[0]).toEqual({
      unit: 'SEOUL',
      name: { en: 'Seoul branch', ko: '서울점' },
      score: 100,
      adjustment: 0,
      total: 100,
      coverage: 1,
      rank: 1,
      grade: 'S',
      perspectives: { financial: 100, customer: 100 },
      complete: true,
      completeness: { leftOut: [], partial: [] },
    });
    expect(preview.body.results.find((r: any) => r.unit === 'DAEGU').perspectives).toEqual({ financial: 80, customer: null });
    // Coverage and completeness in every row, provisional or final: DAEGU's CSAT was left out.
    expect(preview.body.results.find((r: any) => r.unit === 'DAEGU')).toMatchObject({ coverage: 0.5, complete: false, completeness: { leftOut: ['CSAT'], partial: [] } });
    expect(preview.body.warnings).toContain('DAEGU: CSAT: no data in the window, left out');
    // Nothing was stored by previewing.
    expect((await boss.get('/api/v1/evaluations/2026-Q1')).body.versions).toHaveLength(1);
  });

  it('counts missing data as left out or as 0, as the cycle says', async () => {
    const boss = await app.signIn('boss');
    const exclude = await boss.post('/api/v1/evaluations/preview', cycleFile('q1-bands.yaml'));
    const zero = await boss.post('/api/v1/evaluations/preview', cycleFile('q1-bands.yaml', { missing: 'zero' }));
    expect(exclude.status).toBe(200);
    // exclude: DAEGU = SALES 80 alone, coverage 0.5 → B; zero: (80 + 0) / 2 = 40, coverage 1 → D
    expect(row(exclude.body.results.find((r: any) => r.unit === 'DAEGU'))).toEqual({ unit: 'DAEGU', score: 80, adjustment: 0, total: 80, coverage: 0.5, rank: 4, grade: 'B' });
    expect(row(zero.body.results.find((r: any) => r.unit === 'DAEGU'))).toEqual({ unit: 'DAEGU', score: 40, adjustment: 0, total: 40, coverage: 1, rank: 4, grade: 'D' });
    expect(zero.body.results.find((r: any) => r.unit === 'DAEGU').perspectives).toEqual({ financial: 80, customer: 0 });
    expect(zero.body.results.filter((r: any) => r.unit !== 'DAEGU').map(row)).toEqual(exclude.body.results.filter((r: any) => r.unit !== 'DAEGU').map(row));
    // A preview of an unstored definition stores nothing.
    expect((await boss.get('/api/v1/evaluations')).body).toEqual([]);
  });

  it('scores a span window over exactly its months, and applies the cycle’s perspective weights', async () => {
    const boss = await app.signIn('boss');
    const span = await boss.post('/api/v1/evaluations/preview', cycleFile('q1-bands.yaml', { from: '2026-02', window: 'span' }));
    // SEOUL over Feb-Mar: SALES 230 / 200 → 115, CSAT 100 → 107.5 (YTD it is 100)
    expect(span.body.months).toEqual({ from: '2026-02', to: '2026-03' });
    expect(row(span.body.results[0])).toMatchObject({ unit: 'SEOUL', score: 107.5, rank: 1, grade: 'S' });
    const weighted = await boss.post('/api/v1/evaluations/preview', cycleFile('q1-bands.yaml', { perspectiveWeights: { financial: 3, customer: 1 } }));
    // DAEGU: customer has no data, so financial alone still counts (coverage 3/4); BUSAN unchanged (90 both)
    expect(row(weighted.body.results.find((r: any) => r.unit === 'DAEGU'))).toMatchObject({ score: 80, coverage: 0.75 });
    expect(weighted.body.perspectives).toEqual([
      { code: 'financial', name: { en: 'Financial', ko: '재무' }, weight: 3 },
      { code: 'customer', name: { en: 'Customer', ko: '고객' }, weight: 1 },
    ]);
  });

  it('grades the distribution example: ties at the top share the best rank’s grade, and a group too small is warned about or graded by fallback bands', async () => {
    const boss = await app.signIn('boss');
    const literal = await boss.post('/api/v1/evaluations/preview', cycleFile('q1-distribution.yaml'));
    expect(literal.status).toBe(200);
    expect(literal.body.results.map(row)).toEqual([
      { unit: 'INCHEON', score: 95, adjustment: 5, total: 100, coverage: 1, rank: 1, grade: 'A' },
      { unit: 'SEOUL', score: 100, adjustment: 0, total: 100, coverage: 1, rank: 1, grade: 'A' },
      { unit: 'BUSAN', score: 90, adjustment: 0, total: 90, coverage: 1, rank: 3, grade: 'C' },
      { unit: 'DAEGU', score: 80, adjustment: 0, total: 80, coverage: 0.5, rank: 4, grade: 'D' },
    ]);
    expect(literal.body.gradedBy).toBe('distribution');
    expect(literal.body.warnings).toContain('with 4 ranked units the distribution cannot award S (consider minUnits with fallback bands)');

    const grading = { ...(cycleFile('q1-distribution.yaml').grading as object), minUnits: 5, bands: [{ grade: 'S', from: 95 }, { grade: 'A', from: 90 }, { grade: 'B', from: 80 }, { grade: 'C', from: 0 }] };
    const fallback = await boss.post('/api/v1/evaluations/preview', cycleFile('q1-distribution.yaml', { grading }));
    expect(fallback.body.gradedBy).toBe('bands');
    expect(fallback.body.results.map((r: any) => [r.unit, r.grade])).toEqual([['INCHEON', 'S'], ['SEOUL', 'S'], ['BUSAN', 'A'], ['DAEGU', 'B']]);
  });

  it('finalises an immutable snapshot: later data changes never alter it, and it says its inputs changed', async () => {
    const boss = await app.signIn('boss');
    await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml'));
    const preview = await boss.get('/api/v1/evaluations/2026-Q1/preview');

    const unconfirmed = await boss.post('/api/v1/evaluations/2026-Q1/finalize', {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.code).toBe('confirmation_required');

    const final = await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirmToken: preview.body.confirmToken });
    expect(final.status).toBe(200);
    expect(final.body).toMatchObject({ cycle: '2026-Q1', version: 1, provisional: false, status: 'final', finalizedBy: 'boss', inputsChanged: false, fingerprint: preview.body.confirmToken });
    expect(final.body.confirmToken).toBeUndefined();
    expect(final.body.results).toEqual(preview.body.results);
    expect(Date.parse(final.body.finalizedAt)).not.toBeNaN();

    // DAEGU reports its February satisfaction late: the live figure would be (80 + 100) / 2 = 90.
    await measure(app.db, [['CSAT', 'DAEGU', '2026-02', 80]]);
    const after = await boss.get('/api/v1/evaluations/2026-Q1/results');
    expect(after.body).toMatchObject({ version: 1, provisional: false, status: 'final', inputsChanged: true });
    expect(after.body.results).toEqual(final.body.results);
    const cycle = await boss.get('/api/v1/evaluations/2026-Q1');
    expect(cycle.body.versions).toMatchObject([{ version: 1, status: 'final', inputsChanged: true, finalizedBy: 'boss' }]);

    // Nothing changes a final version: not the definition, not a second finalise, not SQL.
    const put = await boss.put('/api/v1/evaluations/2026-Q1', { ...cycleFile('q1-bands.yaml'), missing: 'zero' });
    expect(put.status).toBe(409);
    expect(put.body.error.code).toBe('already_final');
    expect((await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true })).status).toBe(409);
    await expect(sql`update evaluation_version set results = '{}'::jsonb where cycle_code = '2026-Q1'`.execute(app.db)).rejects.toThrow(/cannot change/);
    await expect(sql`delete from evaluation_version where cycle_code = '2026-Q1'`.execute(app.db)).rejects.toThrow(/cannot be deleted/);
    expect((await boss.get('/api/v1/evaluations/2026-Q1/results')).body.results).toEqual(final.body.results);
  });

  it('refuses a preview’s token once the inputs have moved, so what is finalised is what was seen', async () => {
    const boss = await app.signIn('boss');
    await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml'));
    const preview = await boss.get('/api/v1/evaluations/2026-Q1/preview');
    await measure(app.db, [['SALES', 'BUSAN', '2026-03', 120]]);
    const stale = await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirmToken: preview.body.confirmToken });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('inputs_changed');
    const again = await boss.get('/api/v1/evaluations/2026-Q1/preview');
    expect(again.body.confirmToken).not.toBe(preview.body.confirmToken);
    // BUSAN: SALES 300 / 300 → 100, CSAT 90 → 95, −1.5 → 93.5 → A
    expect(row(again.body.results.find((r: any) => r.unit === 'BUSAN'))).toMatchObject({ score: 95, total: 93.5, grade: 'A' });
    expect((await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirmToken: again.body.confirmToken })).status).toBe(200);
  });

  it('reopens with a reason into a new version; the old version stays readable as it was', async () => {
    const boss = await app.signIn('boss');
    await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml'));
    const v1 = await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
    await measure(app.db, [['CSAT', 'DAEGU', '2026-02', 80]]);

    expect((await boss.post('/api/v1/evaluations/2026-Q1/reopen', {})).status).toBe(400);
    const reopened = await boss.post('/api/v1/evaluations/2026-Q1/reopen', { reason: 'Late DAEGU survey accepted by the committee' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toEqual({ cycle: '2026-Q1', version: 2, status: 'provisional', superseded: 1, reason: 'Late DAEGU survey accepted by the committee' });
    expect((await boss.post('/api/v1/evaluations/2026-Q1/reopen', { reason: 'again' })).status).toBe(409);

    // The latest version is live and provisional: DAEGU now (80 + 100) / 2 = 90 → A.
    const live = await boss.get('/api/v1/evaluations/2026-Q1/results');
    expect(live.body).toMatchObject({ version: 2, provisional: true, status: 'provisional', reopenedReason: 'Late DAEGU survey accepted by the committee' });
    expect(row(live.body.results.find((r: any) => r.unit === 'DAEGU'))).toEqual({ unit: 'DAEGU', score: 90, adjustment: 0, total: 90, coverage: 1, rank: 3, grade: 'A' });

    // Version 1 is the snapshot as finalised, superseded.
    const old = await boss.get('/api/v1/evaluations/2026-Q1/results?version=1');
    expect(old.body).toMatchObject({ version: 1, provisional: false, status: 'superseded', finalizedBy: 'boss', inputsChanged: true });
    expect(old.body.results).toEqual(v1.body.results);

    // The definition may change again while provisional; then version 2 is finalised.
    const put = await boss.put('/api/v1/evaluations/2026-Q1', { ...cycleFile('q1-bands.yaml'), adjustments: [] });
    expect(put.status).toBe(200);
    const v2 = await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });
    expect(v2.body).toMatchObject({ version: 2, status: 'final' });
    expect(row(v2.body.results.find((r: any) => r.unit === 'BUSAN'))).toMatchObject({ adjustment: 0, total: 90, grade: 'A' });
    const cycle = await boss.get('/api/v1/evaluations/2026-Q1');
    expect(cycle.body.versions.map((v: any) => [v.version, v.status, v.reopenedReason])).toEqual([[1, 'superseded', null], [2, 'final', 'Late DAEGU survey accepted by the committee']]);
    expect((await boss.get('/api/v1/evaluations/2026-Q1/results?version=3')).status).toBe(404);

    const audit = await app.db.selectFrom('audit_log').select(['action', 'actor_name as actor', 'reason']).where('entity', '=', 'evaluation_cycle').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'finalize', 'reopen', 'update', 'finalize']);
    expect(audit.find((a) => a.action === 'reopen')).toMatchObject({ actor: 'boss', reason: 'Late DAEGU survey accepted by the committee' });
  });

  it('breaks a unit down to indicators, with adjustments carrying reason and approver', async () => {
    const boss = await app.signIn('boss');
    await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml', { adjustments: [{ unit: 'BUSAN', points: -1.5, reason: 'Complaint audit finding' }] }));
    const provisional = await boss.get('/api/v1/evaluations/2026-Q1/breakdown/BUSAN');
    expect(provisional.body).toMatchObject({ provisional: true, adjustments: [{ points: -1.5, reason: 'Complaint audit finding', approvedBy: null }] });
    await boss.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true });

    const busan = await boss.get('/api/v1/evaluations/2026-Q1/breakdown/BUSAN');
    expect(busan.status).toBe(200);
    // Finalising records the finaliser as approving an adjustment that named no approver.
    expect(busan.body).toMatchObject({ cycle: '2026-Q1', version: 1, provisional: false, unit: 'BUSAN', score: 90, adjustment: -1.5, total: 88.5, rank: 3, grade: 'B', adjustments: [{ points: -1.5, reason: 'Complaint audit finding', approvedBy: 'boss' }] });
    const daegu = await boss.get('/api/v1/evaluations/2026-Q1/breakdown/DAEGU');
    const indicators = daegu.body.perspectives.flatMap((p: any) => p.objectives.flatMap((o: any) => o.indicators));
    expect(indicators).toEqual([
      expect.objectContaining({ code: 'SALES', name: 'Sales', unit: 'KRW', actual: 240, target: 300, score: 80, counted: 'score', weight: 1 }),
      expect.objectContaining({ code: 'CSAT', actual: null, target: 80, score: null, counted: 'left_out', warning: 'CSAT: no data in the window, left out' }),
    ]);
    expect(daegu.body.perspectives.map((p: any) => [p.code, p.score, p.coverage])).toEqual([['financial', 80, 1], ['customer', null, 0]]);
    expect((await boss.get('/api/v1/evaluations/2026-Q1/breakdown/HQ')).status).toBe(404);
  });

  it('lets the reviewer read and export everything and change nothing; a subtree reviewer sees only its units', async () => {
    const boss = await app.signIn('boss');
    await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml'));
    const rita = await app.signIn('rita');
    expect((await rita.get('/api/v1/evaluations')).body).toMatchObject([{ code: '2026-Q1', status: 'provisional', version: 1 }]);
    expect((await rita.get('/api/v1/evaluations/2026-Q1')).status).toBe(200);
    expect((await rita.get('/api/v1/evaluations/2026-Q1/preview')).body.results).toHaveLength(4);
    expect((await rita.get('/api/v1/evaluations/2026-Q1/results')).status).toBe(200);
    expect((await rita.get('/api/v1/evaluations/2026-Q1/breakdown/SEOUL')).status).toBe(200);
    expect((await rita.get('/api/v1/evaluations/2026-Q1/export?format=csv')).status).toBe(200);
    for (const attempt of [
      rita.post('/api/v1/evaluations', cycleFile('q1-bands.yaml', { code: 'OTHER' })),
      rita.post('/api/v1/evaluations/preview', cycleFile('q1-bands.yaml')),
      rita.put('/api/v1/evaluations/2026-Q1', cycleFile('q1-bands.yaml')),
      rita.post('/api/v1/evaluations/2026-Q1/finalize', { confirm: true }),
      rita.post('/api/v1/evaluations/2026-Q1/reopen', { reason: 'because' }),
    ]) {
      expect((await attempt).status).toBe(403);
    }
    expect((await boss.get('/api/v1/evaluations/2026-Q1')).body.status).toBe('provisional');

    await app.user('sam', [{ role: 'reviewer', unit: 'SEOUL' }]);
    await app.user('vic', [{ role: 'viewer', unit: null }]);
    const sam = await app.signIn('sam');
    const mine = await sam.get('/api/v1/evaluations/2026-Q1/results');
    expect(mine.body.results.map(row)).toEqual([{ unit: 'SEOUL', score: 100, adjustment: 0, total: 100, coverage: 1, rank: 1, grade: 'S' }]);
    expect(mine.body.warnings.some((w: string) => w.startsWith('DAEGU'))).toBe(false);
    expect((await sam.get('/api/v1/evaluations/2026-Q1/breakdown/BUSAN')).status).toBe(404);
    expect((await sam.get('/api/v1/evaluations/2026-Q1')).body.definition.adjustments).toEqual([]);
    expect((await rita.get('/api/v1/evaluations/2026-Q1')).body.definition.adjustments).toHaveLength(1);
    expect((await sam.get('/api/v1/evaluations/2026-Q1/export?format=csv')).text.trim().split('\n')).toHaveLength(2);
    const vic = await app.signIn('vic');
    expect((await vic.get('/api/v1/evaluations')).status).toBe(403);
    expect((await app.anonymous().get('/api/v1/evaluations')).status).toBe(401);
  });

  it('rejects invalid cycles with 4xx and every problem named', async () => {
    const boss = await app.signIn('boss');
    const unknown = await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml', { units: ['SEOUL', 'BUSAN', 'JEJU'] }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_units', message: 'Unknown unit JEJU' });
    const shares = await boss.post('/api/v1/evaluations', cycleFile('q1-distribution.yaml', { grading: { method: 'distribution', distribution: [{ grade: 'A', share: 30 }, { grade: 'B', share: 60 }] } }));
    expect(shares.status).toBe(422);
    expect(shares.body.error.message).toMatch(/shares must add up to 100 \(they add up to 90\)/);
    const outside = await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml', { units: ['SEOUL'] }));
    expect(outside.status).toBe(422);
    expect(outside.body.error.details).toContainEqual({ path: 'adjustments[0].unit', message: 'unit BUSAN is not evaluated in this cycle' });
    const levelOutside = await boss.post('/api/v1/evaluations', cycleFile('q1-distribution.yaml', { units: { level: 1 } }));
    expect(levelOutside.status).toBe(422);
    const typo = await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml', { windw: 'span' }));
    expect(typo.status).toBe(422);
    const backwards = await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml', { from: '2026-04' }));
    expect(backwards.body.error.message).toMatch(/ends \(2026-03\) before it starts \(2026-04\)/);
    const weights = await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml', { perspectiveWeights: { finance: 1 } }));
    expect(weights.status).toBe(422);
    expect(weights.body.error.message).toMatch(/finance/);
    expect((await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml'))).status).toBe(201);
    const duplicate = await boss.post('/api/v1/evaluations', cycleFile('q1-bands.yaml'));
    expect(duplicate.status).toBe(409);
    expect((await boss.get('/api/v1/evaluations/NOPE/results')).status).toBe(404);
    expect((await boss.get('/api/v1/evaluations/2026-Q1/results?version=zero')).status).toBe(400);
  });
});
