/** `northstar period lock|reopen` followed by `northstar import`, as a user runs them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { fixturePath } from '../../helpers/model.ts';

const CLI_TIMEOUT = 300_000;

describe('period CLI (embedded)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-period-'));
  const env = { NORTHSTAR_DATA_DIR: dir, DATABASE_URL: undefined };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    'when a month is locked, then an import touching it exits non-zero, names the locked month and changes nothing; reopen needs a reason',
    async () => {
      expect((await runCli(['model', 'import', fixturePath('model', 'design-example.yaml'), '--json'], env)).code).toBe(0);
      const csv = path.join(dir, 'm.csv');
      fs.writeFileSync(csv, 'indicator,unit,period,value\nSALES,SEOUL,2026-01,100\n');
      expect((await runCli(['import', csv, '--json'], env)).json).toMatchObject({ changed: 1 });

      const lock = await runCli(['period', 'lock', '--unit', 'HQ', '--period', '2026-02', '--reason', 'month end', '--json'], env);
      expect(lock.stderr).toBe('');
      expect(lock.json).toMatchObject({ unit: 'HQ', period: '2026-02', state: 'locked', locked: true });

      fs.writeFileSync(csv, 'indicator,unit,period,value\nSALES,SEOUL,2026-01,101\nSALES,SEOUL,2026-02,120\n');
      const rejected = await runCli(['import', csv], env);
      expect(rejected.code).not.toBe(0);
      expect(rejected.stderr).toMatch(/2026-02 is locked for SEOUL/);
      const card = await runCli(['scorecard', '--unit', 'SEOUL', '--period', '2026-01', '--json'], env);
      const sales = card.json.perspectives.flatMap((p: any) => p.objectives).flatMap((o: any) => o.indicators).find((i: any) => i.code === 'SALES');
      expect(sales.actual).toBe(100); // the unlocked row in the same file was not applied either

      const noReason = await runCli(['period', 'reopen', '--unit', 'HQ', '--period', '2026-02'], env);
      expect(noReason.code).not.toBe(0);
      expect(noReason.stderr).toMatch(/reason/);
      const reopen = await runCli(['period', 'reopen', '--unit', 'HQ', '--period', '2026-02', '--reason', 'late invoice', '--json'], env);
      expect(reopen.json).toMatchObject({ state: 'draft', locked: false });
      expect((await runCli(['import', csv, '--json'], env)).json).toMatchObject({ changed: 2 });
    },
    CLI_TIMEOUT,
  );
});
