import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { AppContext } from '../../server/context.ts';
import { createMetrics } from '../../server/http/metrics.ts';
import { createLogger } from '../../server/logger.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createUser } from '../../server/auth/service.ts';
import { systemActor } from '../../server/audit/repository.ts';
import type { Role } from '../../server/auth/policy.ts';
import { useTestDatabase, type TestDatabaseKind } from './database.ts';
import { Scheduler } from '../../jobs/scheduler.ts';
import { jobKinds } from '../../jobs/registry.ts';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A real server on port 0 over a real database of `kind`, reset before each test. */
export function useTestApp(kind: TestDatabaseKind, options: { loginAttempts?: number; config?: Partial<Config> } = {}) {
  const database = useTestDatabase(kind);
  let server: http.Server;
  let baseUrl = '';
  let ctx: AppContext;
  beforeAll(async () => {
    ctx = {
      db: database.db,
      dbKind: kind,
      config: { ...loadConfig({}), dataDir: '/nonexistent', ...options.config },
      logger: createLogger('silent'),
      metrics: createMetrics(),
    };
    // Wired as bin/serve.ts does with NORTHSTAR_SCHEDULER=off: jobs run on demand only.
    ctx.jobs = new Scheduler(ctx, jobKinds);
    server = http.createServer(createApp(ctx, { loginAttempts: options.loginAttempts ?? 1000 }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(async () => {
    await database.truncate();
  });
  return {
    get ctx() {
      return ctx;
    },
    get db() {
      return database.db;
    },
    get url() {
      return baseUrl;
    },
    /** Creates a user with the given grants (unit codes, or null for the whole organisation). */
    async user(username: string, grants: { role: Role; unit: string | null }[]) {
      await createUser(database.db, systemActor('test'), { username, password: TEST_PASSWORD, grants });
      return username;
    },
    /** Signs in and returns a client that sends the cookie and the CSRF token. */
    async signIn(username: string, password = TEST_PASSWORD) {
      const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
      const cookie = res.headers.get('set-cookie')!.split(';')[0];
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return client(baseUrl, { cookie, 'x-csrf-token': csrfToken });
    },
    bearer(token: string) {
      return client(baseUrl, { authorization: `Bearer ${token}` });
    },
    anonymous() {
      return client(baseUrl, {});
    },
  };
}

export type TestClient = ReturnType<typeof client>;

function client(baseUrl: string, headers: Record<string, string>) {
  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...headers, ...extra } };
    if (body !== undefined) {
      init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${path}`, init);
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, body: json, text, headers: res.headers };
  };
  return {
    headers,
    get: (path: string, extra?: Record<string, string>) => call('GET', path, undefined, extra),
    post: (path: string, body?: unknown, extra?: Record<string, string>) => call('POST', path, body ?? {}, extra),
    put: (path: string, body?: unknown, extra?: Record<string, string>) => call('PUT', path, body ?? {}, extra),
    patch: (path: string, body?: unknown, extra?: Record<string, string>) => call('PATCH', path, body ?? {}, extra),
    delete: (path: string, extra?: Record<string, string>) => call('DELETE', path, undefined, extra),
  };
}
