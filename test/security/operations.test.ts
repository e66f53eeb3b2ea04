/**
 * Class 11 of issue 14 (operations): `npm start` hands SIGTERM to the server, which drains and
 * exits (port closed, data directory released); request logs carry no credentials or CSRF
 * tokens; production builds have no source maps unless asked, and the server never serves
 * .map files.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfigFromFile } from 'vite';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/logger.ts';
import { readDataDirOwner } from '../../server/db/data-dir-lock.ts';
import { testDatabaseKinds } from '../helpers/database.ts';
import { useTestApp } from '../helpers/app.ts';
import { repoRoot } from '../helpers/cli.ts';

const tempDirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const portAccepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
const waitFor = async <T>(what: string, probe: () => T | null | undefined | false, timeoutMs: number): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe('npm start', () => {
  it('when npm receives SIGTERM, then the server drains and exits: no process left, port closed, data directory released', async () => {
    const dataDir = tempDir('northstar-start-');
    const npm = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '0', NORTHSTAR_DATA_DIR: dataDir, DATABASE_URL: undefined, NORTHSTAR_DEMO: 'off', NORTHSTAR_SCHEDULER: 'off', NORTHSTAR_ADMIN_PASSWORD: 'start-test-admin-password', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (d) => (output += d));
    npm.stderr.on('data', (d) => (output += d));
    const npmExited = new Promise<void>((resolve) => npm.on('close', () => resolve()));
    try {
      const owner = await waitFor('the server to listen', () => {
        if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}: ${output}`);
        const o = readDataDirOwner(dataDir);
        return o?.url ? o : null;
      }, 240_000);
      const port = Number(new URL(owner.url!).port);
      expect(owner.pid).not.toBe(npm.pid);
      expect((await fetch(`${owner.url}/healthz`)).status).toBe(200);

      npm.kill('SIGTERM');
      await waitFor('the server process to exit', () => !isRunning(owner.pid), 30_000);
      expect(await portAccepts(port)).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'northstar.lock'))).toBe(false);
      expect(readDataDirOwner(dataDir)).toBeNull();
      await npmExited;
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      const owner = readDataDirOwner(dataDir);
      if (owner && isRunning(owner.pid)) process.kill(owner.pid, 'SIGKILL');
    }
  }, 300_000);
});

describe('source maps', () => {
  it('are not built for production unless NORTHSTAR_SOURCEMAP asks', async () => {
    const load = async () => (await loadConfigFromFile({ command: 'build', mode: 'production' }, path.join(repoRoot, 'vite.config.ts'), repoRoot, 'silent'))!.config;
    const saved = process.env.NORTHSTAR_SOURCEMAP;
    try {
      delete process.env.NORTHSTAR_SOURCEMAP;
      expect((await load()).build?.sourcemap).toBe(false);
      process.env.NORTHSTAR_SOURCEMAP = '1';
      expect((await load()).build?.sourcemap).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.NORTHSTAR_SOURCEMAP;
      else process.env.NORTHSTAR_SOURCEMAP = saved;
    }
  });
});

describe.each(testDatabaseKinds())('the production server (%s)', (kind) => {
  const app = useTestApp(kind);

  async function serve(options: Parameters<typeof createApp>[1], logger = app.ctx.logger) {
    const server = http.createServer(createApp({ ...app.ctx, logger }, options));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it('when a build left a .map file beside the scripts, then it is not served', async () => {
    const webDir = tempDir('northstar-web-');
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1);\n//# sourceMappingURL=app.js.map');
    fs.writeFileSync(path.join(webDir, 'assets', 'app.js.map'), '{"version":3,"sources":["../../server/secret.ts"]}');
    const server = await serve({ webDir });
    try {
      expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200);
      const map = await fetch(`${server.url}/assets/app.js.map`);
      expect(map.status).toBe(404);
      expect(await map.text()).not.toContain('secret.ts');
    } finally {
      await server.close();
    }
  });

  it('when requests carry a session cookie, a bearer token or a CSRF token, then the request log shows none of them', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const server = await serve({ loginAttempts: 1000 }, createLogger('info', sink as never));
    try {
      await app.user('alice', [{ role: 'admin', unit: null }]);
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: 'correct-horse-battery' }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0];
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      await fetch(`${server.url}/api/v1/tokens`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', scopes: ['scorecard:read'] }) });
      await fetch(`${server.url}/api/v1/units`, { headers: { authorization: 'Bearer ns_secret_bearer_value' } });
      const log = lines.join('');
      expect(log).toContain('/api/v1/tokens');
      expect(log).toContain('[redacted]');
      for (const secret of [cookie.split('=')[1], csrfToken, 'ns_secret_bearer_value', 'correct-horse-battery']) expect(log).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});
