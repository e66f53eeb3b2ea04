/**
 * Class 2: http-pull reaches only public addresses unless NORTHSTAR_HTTP_ALLOW lists the host
 * or range (checked after DNS resolution and on every redirect); header secrets come only from
 * NORTHSTAR_SECRET_* variables; response bodies never reach the run's error.
 * The test servers listen on 127.0.0.1: most tests list it, one shows the refusal without it.
 */
import dns from 'node:dns/promises';
import http from 'node:http';
import os from 'node:os';
import ipaddr from 'ipaddr.js';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.ts';
import { useTestApp } from '../helpers/app.ts';
import { importModelFile } from '../helpers/model.ts';
import { count, runJob, saveJob } from '../integration/jobs/support.ts';

const mapping = { rows: 'items', indicator: 'kpi', unit: 'unit', period: 'month', value: 'value' };
const ITEMS = { items: [{ kpi: 'SALES', unit: 'SEOUL', month: '2026-01', value: 5 }] };

describe.each(testDatabaseKinds())('http-pull reaches only what it may (%s)', (kind) => {
  const app = useTestApp(kind);
  let server: http.Server;
  let base = '';
  let port = 0;
  const seen: { url: string; authorization?: string }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push({ url: req.url!, authorization: req.headers.authorization });
      const pathname = new URL(req.url!, 'http://x').pathname;
      if (pathname === '/to-metadata') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (pathname === '/to-loopback') return void res.writeHead(302, { location: `http://localhost:${port}/kpis` }).end();
      if (pathname === '/error') {
        res.writeHead(400, { 'content-type': 'text/plain' });
        return void res.end('stack: at /srv/internal/app.js password=hunter2');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ITEMS));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
    process.env.NORTHSTAR_SECRET_SEC_TOKEN = 'Bearer allowed-secret';
    process.env.NS_SEC_NOT_A_SECRET = 'postgres://leak';
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    delete process.env.NORTHSTAR_SECRET_SEC_TOKEN;
    delete process.env.NS_SEC_NOT_A_SECRET;
    delete process.env.NORTHSTAR_HTTP_ALLOW;
  });
  beforeEach(async () => {
    seen.length = 0;
    delete process.env.NORTHSTAR_HTTP_ALLOW;
    await importModelFile(app.db, 'design-example.yaml');
    await app.user('admin', [{ role: 'admin', unit: null }]);
  });

  it('when the URL is loopback and not allowed, then saving is a 422 naming config.url and a stored job is refused without a request', async () => {
    const admin = await app.signIn('admin');
    for (const url of [`${base}/kpis`, 'http://localhost/kpis', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.5/x', 'http://[::1]/x', 'http://0.0.0.0/x']) {
      const res = await admin.put('/api/v1/jobs/pull', { kind: 'http-pull', schedule: '0 6 * * *', config: { url, mapping } });
      expect(res.status, url).toBe(422);
      expect(res.body.error.details, url).toContainEqual(expect.objectContaining({ path: 'config.url' }));
    }
    await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/kpis`, mapping } });
    const run = await runJob(app.ctx, 'pull');
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(seen).toEqual([]);
    expect(await count(app.db, 'measurement')).toBe(0);
  });

  it('when a host name resolves to a loopback or private address, then it is saved but the connection is refused after DNS resolution', async () => {
    // The machine's own name resolves (through /etc/hosts or the container's DNS) to a loopback
    // or private address: a name that no save-time check can judge.
    const host = os.hostname();
    const { address } = await dns.lookup(host);
    expect(ipaddr.process(address).range()).not.toBe('unicast');
    const admin = await app.signIn('admin');
    const saved = await admin.put('/api/v1/jobs/pull', { kind: 'http-pull', schedule: '0 6 * * *', config: { url: `http://${host}:${port}/kpis`, mapping } });
    expect(saved.status).toBe(200);
    const run = await runJob(app.ctx, 'pull');
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatch(/refused: .* resolves to an address that is not public/);
    expect(seen).toEqual([]);
  });

  it('when NORTHSTAR_HTTP_ALLOW lists the address, then the pull works; a redirect to metadata or to an unlisted host is refused', async () => {
    process.env.NORTHSTAR_HTTP_ALLOW = '127.0.0.1/32';
    await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/kpis`, headers: { authorization: { env: 'NORTHSTAR_SECRET_SEC_TOKEN' } }, mapping } });
    expect((await runJob(app.ctx, 'pull')).status).toBe('succeeded');
    expect(seen[0]).toEqual({ url: '/kpis', authorization: 'Bearer allowed-secret' });

    await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/to-metadata`, mapping } });
    let run = await runJob(app.ctx, 'pull');
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatch(/refused.*169\.254\.169\.254/);

    // `localhost` is not in the list (only the address is): the redirect's host is refused by name.
    await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/to-loopback`, mapping } });
    run = await runJob(app.ctx, 'pull');
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toMatch(/refused/);
  });

  it('when a header names a variable other than NORTHSTAR_SECRET_*, then saving is refused and a stored one sends nothing', async () => {
    process.env.NORTHSTAR_HTTP_ALLOW = '127.0.0.1';
    const admin = await app.signIn('admin');
    const res = await admin.put('/api/v1/jobs/pull', { kind: 'http-pull', schedule: '0 6 * * *', config: { url: 'https://example.com/kpis', headers: { authorization: { env: 'DATABASE_URL' } }, mapping } });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: 'config.headers.authorization.env' }));
    await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/kpis`, headers: { authorization: { env: 'NS_SEC_NOT_A_SECRET' } }, mapping } });
    const run = await runJob(app.ctx, 'pull');
    expect(run.status).toBe('failed');
    expect(seen).toEqual([]);
    expect(JSON.stringify(run)).not.toContain('postgres://leak');
  });

  it('when the source answers an error with a body, then the run error has the status and a short sanitised reason only', async () => {
    process.env.NORTHSTAR_HTTP_ALLOW = '127.0.0.1';
    await saveJob(app.db, { name: 'pull', kind: 'http-pull', config: { url: `${base}/error?token=abc`, mapping } });
    const run = await runJob(app.ctx, 'pull');
    expect(run.status).toBe('failed');
    expect(run.outcome.error).toBe(`${base}/error answered HTTP 400 Bad Request`);
  });
});
