/**
 * The direction of the house: bin → jobs → server → (scoring, db), no import circles, pure
 * scoring, stand-alone migrations, a web app that knows the server only over HTTP. The rules are
 * in .dependency-cruiser.cjs; this test runs them so CI fails when an arrow turns around.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';

const cruiser = path.join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const config = path.join(repoRoot, '.dependency-cruiser.cjs');

function cruise(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cruiser, 'bin', 'server', 'jobs', 'migrations', 'scripts', 'web/src', '--config', config, '--output-type', 'err'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('architecture', () => {
  it('keeps the rules that give the layers their direction', () => {
    const rules = (createRequire(import.meta.url)(config) as { forbidden: { name: string; severity: string }[] }).forbidden;
    expect(rules.filter((r) => r.severity === 'error').map((r) => r.name)).toEqual(
      expect.arrayContaining(['no-circular', 'server-not-to-jobs', 'only-bin-composes', 'scoring-is-pure', 'migrations-stand-alone', 'web-not-to-node-side']),
    );
  });

  it('has no import circle and no import against the arrows', async () => {
    const { code, output } = await cruise();
    expect(output).not.toMatch(/error /);
    expect(code).toBe(0);
  }, 120_000);
});
