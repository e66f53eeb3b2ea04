/**
 * Class 5 of issue 14: one process owns an embedded data directory. A second server refuses,
 * CLI commands refuse while a server runs and say what to do instead (the server's pid, its
 * URL and the API call), nothing diverges, and a lock left by a process that died is taken over.
 * PostgreSQL has no such lock: several servers share one database (startup.test.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.ts';
import { readDataDirOwner } from '../../server/db/data-dir-lock.ts';
import { runCli, startServerProcess } from '../helpers/cli.ts';

const tempDirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-lock-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the embedded data directory lock', () => {
  it('when a data directory is open, then a second open refuses naming the holder, and succeeds once it is closed', async () => {
    const dataDir = tempDir();
    const first = await openDatabase({ url: null, dataDir, claim: { role: 'server', command: 'serve' } });
    first.lock!.setUrl('http://localhost:4321');
    const refused = await openDatabase({ url: null, dataDir, claim: { role: 'cli', command: 'token create', apiHint: 'POST {api}/tokens' } }).then(
      () => null,
      (err) => err,
    );
    expect(refused?.code).toBe('data_dir_in_use');
    expect(refused.message).toContain(`The Northstar server (pid ${process.pid} at http://localhost:4321) holds the embedded database`);
    expect(refused.message).toContain('POST http://localhost:4321/api/v1/tokens');
    await first.close();
    expect(readDataDirOwner(dataDir)).toBeNull();
    const second = await openDatabase({ url: null, dataDir });
    await second.close();
  });

  it('when the process holding the lock died without releasing it, then the next one takes it over', async () => {
    const dataDir = tempDir();
    // a real process that has exited: its pid is free
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.mkdirSync(path.join(dataDir, 'northstar.lock'));
    fs.writeFileSync(path.join(dataDir, 'northstar.owner.json'), JSON.stringify({ pid: Number(dead.stdout), hostname: os.hostname(), role: 'server', command: 'serve', startedAt: new Date().toISOString(), url: null }));
    const handle = await openDatabase({ url: null, dataDir });
    expect(readDataDirOwner(dataDir)?.pid).toBe(process.pid);
    await handle.close();
  });
});

describe('a server and the CLI on one embedded data directory', () => {
  it('when a server runs, then a second serve and CLI commands refuse and say how, and after it stops the CLI works', async () => {
    const dataDir = tempDir();
    const env = { NORTHSTAR_DATA_DIR: dataDir, DATABASE_URL: undefined, NORTHSTAR_DEMO: 'off', NORTHSTAR_SCHEDULER: 'off', NORTHSTAR_ADMIN_PASSWORD: 'lock-test-admin-password' };
    const server = startServerProcess(env, 180_000);
    try {
      const url = await server.ready;
      const pid = server.child.pid!;

      const secondServe = await runCli(['serve'], { ...env, PORT: '0' });
      expect(secondServe.code).not.toBe(0);
      expect(secondServe.stderr).toContain(`The Northstar server (pid ${pid} at ${url}) holds the embedded database`);
      expect(secondServe.stderr).toMatch(/stop it first, or give this server its own NORTHSTAR_DATA_DIR/);

      const token = await runCli(['token', 'create', '--user', 'admin', '--name', 'etl', '--scopes', 'scorecard:read'], env);
      expect(token.code).not.toBe(0);
      expect(token.stdout).toBe('');
      expect(token.stderr).toContain(`The Northstar server (pid ${pid} at ${url}) holds the embedded database`);
      expect(token.stderr).toContain(`POST ${url}/api/v1/tokens`);

      const addUser = await runCli(['user', 'add', 'zoe', '--role', 'viewer'], env);
      expect(addUser.code).not.toBe(0);
      expect(addUser.stderr).toContain(`POST ${url}/api/v1/users`);
      const readOnly = await runCli(['jobs', 'list'], env);
      expect(readOnly.code).not.toBe(0);
      expect(readOnly.stderr).toContain('holds the embedded database');

      // nothing diverged: the server still answers, and still has exactly its admin
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'lock-test-admin-password' }) });
      expect(login.status).toBe(200);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'northstar.lock'))).toBe(false);
    const token = await runCli(['token', 'create', '--user', 'admin', '--name', 'etl', '--scopes', 'scorecard:read', '--json'], env);
    expect(token.code).toBe(0);
    expect(token.json.token).toMatch(/^ns_/);
  }, 400_000);
});
