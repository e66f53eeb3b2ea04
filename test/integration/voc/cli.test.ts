/** `northstar voc import FILE` and `northstar export measurements`, as a user runs them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { createPostgresDatabase, testDatabaseKinds } from '../../helpers/database.ts';
import { fixturePath } from '../../helpers/model.ts';

const CLI_TIMEOUT = 300_000;

describe.each(testDatabaseKinds())('VOC CLI (%s)', (kind) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-voc-'));
  let env: Record<string, string | undefined> = { NORTHSTAR_DATA_DIR: dir, DATABASE_URL: undefined };
  let drop: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    if (kind === 'postgres') {
      const database = await createPostgresDatabase();
      env = { ...env, DATABASE_URL: database.url };
      drop = database.drop;
    }
    expect((await runCli(['model', 'import', fixturePath('model', 'voc.yaml'), '--json'], env)).stderr).toBe('');
  }, CLI_TIMEOUT);
  afterAll(async () => {
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports VOC, then exports the fed measurements as csv and json; a bad file names its row and changes nothing', async () => {
    const bad = await runCli(['voc', 'import', fixturePath('voc', 'bad-category.csv')], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('row 3, category: unknown category "NOPE"');
    const first = await runCli(['voc', 'import', fixturePath('voc', 'march.csv'), '--json'], env);
    expect(first.json).toMatchObject({ rows: 5, created: 5 });
    const again = await runCli(['voc', 'import', fixturePath('voc', 'march.csv')], env);
    expect(again.stdout).toContain('march.csv: 5 rows, 0 created, 0 updated, 5 unchanged');

    const json = await runCli(['export', 'measurements', '--unit', 'NORTH', '--indicator', 'VOC_SLA_MET', '--format', 'json'], env);
    expect(json.json).toEqual({
      rows: [
        { indicator: 'VOC_SLA_MET', unit: 'S1', period: '2026-03', value: 1, source: 'voc', note: null },
        { indicator: 'VOC_SLA_MET', unit: 'S2', period: '2026-03', value: 0, source: 'voc', note: null },
      ],
    });
    const out = path.join(dir, 'm.csv');
    const csv = await runCli(['export', 'measurements', '--from', '2026-Q1', '--to', '2026', '--format', 'csv', '--out', out], env);
    expect(csv.code).toBe(0);
    const rows: Record<string, string>[] = parse(fs.readFileSync(out, 'utf8'), { bom: true, columns: true });
    expect(Object.keys(rows[0])).toEqual(['indicator', 'unit', 'period', 'value', 'source', 'note']);
    expect(rows).toHaveLength(21); // 7 feeds × 3 stores
  }, CLI_TIMEOUT);
});
