import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';

// Each command starts its own embedded database (seconds on a busy machine); a test cut off
// early would leave its command holding the data directory for the next one.
describe('CLI accounts on the embedded database', { timeout: 240_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-cli-'));
  const env = { NORTHSTAR_DATA_DIR: dataDir, DATABASE_URL: undefined };
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('adds a user with a generated password and creates a scoped token, printing JSON', async () => {
    const user = await runCli(['user', 'add', 'carol', '--role', 'admin', '--json'], env);
    expect(user.stderr).toBe('');
    expect(user.code).toBe(0);
    expect(user.json).toMatchObject({ username: 'carol', role: 'admin', unit: null });
    expect(user.json.password).toMatch(/.{12,}/);

    const token = await runCli(['token', 'create', '--user', 'carol', '--name', 'etl', '--scopes', 'measurement:write,scorecard:read', '--json'], env);
    expect(token.code).toBe(0);
    expect(token.json).toMatchObject({ name: 'etl', scopes: ['measurement:write', 'scorecard:read'] });
    expect(token.json.token).toMatch(/^ns_/);
  });

  it('when the input is wrong, then it exits non-zero with the reason on stderr', async () => {
    const duplicate = await runCli(['user', 'add', 'carol', '--role', 'viewer'], env);
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toMatch(/already exists/);
    expect(duplicate.stdout).toBe('');

    const badScope = await runCli(['token', 'create', '--user', 'carol', '--name', 'x', '--scopes', 'everything'], env);
    expect(badScope.code).not.toBe(0);
    expect(badScope.stderr).toMatch(/Unknown scope "everything"/);

    const badRole = await runCli(['user', 'add', 'dave', '--role', 'king'], env);
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toMatch(/--role must be one of/);
  });
});
