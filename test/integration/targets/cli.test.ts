/** `northstar targets cascade|show|check`, as a planner runs them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { fixturePath } from '../../helpers/model.ts';

const CLI_TIMEOUT = 300_000;

describe('targets CLI (embedded)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-targets-'));
  const env = { NORTHSTAR_DATA_DIR: dir, DATABASE_URL: undefined };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    'cascades by given shares and approves, shows the twelve months of the unit and its children, and checks the year',
    async () => {
      expect((await runCli(['model', 'import', fixturePath('model', 'targets.yaml'), '--json'], env)).code).toBe(0);
      const cascade = await runCli(['targets', 'cascade', '--indicator', 'REV', '--unit', 'RETAIL', '--year', '2026', '--target', '1000', '--by', 'shares', '--shares', 'S1=40,S2=35,S3=25', '--approve', '--json'], env);
      expect(cascade.stderr).toBe('');
      expect(cascade.json).toMatchObject({ status: 'approved', approval: { approved: ['RETAIL', 'S1', 'S2', 'S3'] } });
      expect(cascade.json.rows.map((r: any) => r.yearly)).toEqual([1000, 400, 350, 250]);

      const show = await runCli(['targets', 'show', '--indicator', 'REV', '--unit', 'RETAIL', '--year', '2026', '--json'], env);
      const s2 = show.json.units.find((u: any) => u.unit === 'S2');
      // 350 / 12 = 29.17: 29 in eleven months, December takes 31.
      expect(s2).toMatchObject({ status: 'approved', yearly: 350, months: [29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 31] });
      expect(show.json.units.map((u: any) => u.unit)).toEqual(['RETAIL', 'S1', 'S2', 'S3']);

      const text = await runCli(['targets', 'check', '--year', '2026'], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/REV C1: no target/);
      const bad = await runCli(['targets', 'cascade', '--indicator', 'REV', '--unit', 'RETAIL', '--year', '2026', '--target', '1000', '--by', 'shares', '--shares', 'S1=40'], env);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/no share for S2, S3/);
    },
    CLI_TIMEOUT,
  );
});
