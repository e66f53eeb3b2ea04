/**
 * Class 4 of issue 14: accounts. Passwords follow rules, users change their own, an admin
 * resets one (the user can do nothing else until they change it), accounts can be disabled
 * (sessions and tokens stop at once), sign-ins are throttled per account across processes, and
 * no demo account keeps the published password on a server the network can reach.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.ts';
import { TEST_PASSWORD, useTestApp } from '../helpers/app.ts';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createUser } from '../../server/auth/service.ts';
import { systemActor } from '../../server/audit/repository.ts';
import { PUBLISHED_DEMO_PASSWORD } from '../../server/seed/demo-bootstrap.ts';
import { replacePublishedPasswords } from '../../server/seed/published-passwords.ts';
import { backoffSeconds, FREE_FAILURES } from '../../server/auth/throttle.ts';

describe('per-account back-off', () => {
  it('is free for the first failures, then doubles, and never exceeds 15 minutes', () => {
    expect(FREE_FAILURES).toBe(5);
    expect([1, 4, 5, 6, 7, 10].map(backoffSeconds)).toEqual([0, 0, 2, 4, 8, 64]);
    expect(backoffSeconds(100)).toBe(900);
  });
});

const STRONG = 'violet-harbor-tractor-91';
const STRONGER = 'Tr4vel-plum-Orbit-97-quietly';

describe.each(testDatabaseKinds())('accounts (%s)', (kind) => {
  const app = useTestApp(kind);

  async function admin() {
    await app.user('root', [{ role: 'admin', unit: null }]);
    return app.signIn('root');
  }

  it('when an account is created with a short, common or name-based password, then it is refused naming the reason', async () => {
    const root = await admin();
    for (const [password, reason] of [
      ['short-pw-1', /at least 12 characters/],
      ['password1234', /too easy to guess/],
      ['mallory-mallory-1', /too easy to guess/],
    ] as const) {
      const res = await root.post('/api/v1/users', { username: 'mallory', password });
      expect(res.status, password).toBe(422);
      expect(res.body.error.code).toBe('weak_password');
      expect(res.body.error.message).toMatch(reason);
    }
    expect((await root.post('/api/v1/users', { username: 'mallory', password: STRONG })).status).toBe(201);
  });

  it('when users change their own password, then the current one is required, the new one must be strong, and other sessions end', async () => {
    await app.user('alice', [{ role: 'viewer', unit: null }]);
    const here = await app.signIn('alice');
    const elsewhere = await app.signIn('alice');
    expect((await here.post('/api/v1/auth/password', { currentPassword: 'not-my-password', newPassword: STRONG })).status).toBe(403);
    const weak = await here.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'alice-alice-12' });
    expect(weak.status).toBe(422);
    expect(weak.body.error.details[0].path).toBe('newPassword');
    expect((await here.post('/api/v1/auth/password', { currentPassword: TEST_PASSWORD, newPassword: STRONG })).status).toBe(204);
    expect((await here.get('/api/v1/auth/session')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/auth/session')).status).toBe(401);
    expect((await app.anonymous().post('/api/v1/auth/login', { username: 'alice', password: TEST_PASSWORD })).status).toBe(401);
    await app.signIn('alice', STRONG);
  });

  it('when an admin resets a password, then the user must change it before doing anything else', async () => {
    const root = await admin();
    await app.user('bob', [{ role: 'viewer', unit: null }]);
    const bobBefore = await app.signIn('bob');
    const token = await bobBefore.post('/api/v1/tokens', { name: 'reader', scopes: ['scorecard:read'] });
    const reset = await root.post('/api/v1/users/bob/password', {});
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ username: 'bob', mustChangePassword: true });
    const temporary = reset.body.password as string;
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    // the sessions from before the reset are gone
    expect((await bobBefore.get('/api/v1/auth/session')).status).toBe(401);

    const bob = await app.signIn('bob', temporary);
    const session = await bob.get('/api/v1/auth/session');
    expect(session.body.user.mustChangePassword).toBe(true);
    for (const res of [await bob.get('/api/v1/units'), await app.bearer(token.body.token).get('/api/v1/units'), await bob.post('/api/v1/tokens', { name: 'x', scopes: ['scorecard:read'] })]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('password_change_required');
    }
    expect((await bob.post('/api/v1/auth/password', { currentPassword: temporary, newPassword: STRONG })).status).toBe(204);
    expect((await bob.get('/api/v1/units')).status).toBe(200);
    expect((await bob.get('/api/v1/auth/session')).body.user.mustChangePassword).toBe(false);
    const audit = await root.get('/api/v1/audit?entity=user&key=bob');
    expect(audit.body.map((a: any) => a.action)).toEqual(expect.arrayContaining(['reset_password', 'change_password']));
    expect(audit.text).not.toContain(temporary);
  });

  it('when an account is disabled, then its sessions and tokens stop at once, and enabling it lets it sign in again', async () => {
    const root = await admin();
    await app.user('carol', [{ role: 'viewer', unit: null }]);
    const carol = await app.signIn('carol');
    const token = (await carol.post('/api/v1/tokens', { name: 'reader', scopes: ['scorecard:read'] })).body.token;
    expect((await app.bearer(token).get('/api/v1/units')).status).toBe(200);
    expect((await root.post('/api/v1/users/carol/disable')).body).toEqual({ username: 'carol', disabled: true });
    expect((await carol.get('/api/v1/units')).status).toBe(401);
    expect((await app.bearer(token).get('/api/v1/units')).status).toBe(401);
    expect((await app.anonymous().post('/api/v1/auth/login', { username: 'carol', password: TEST_PASSWORD })).status).toBe(401);
    expect((await root.get('/api/v1/users')).body.find((u: any) => u.username === 'carol').disabled).toBe(true);
    expect((await root.post('/api/v1/users/carol/enable')).body).toEqual({ username: 'carol', disabled: false });
    await app.signIn('carol');
    // only user managers may do this
    const viewer = await app.signIn('carol');
    expect((await viewer.post('/api/v1/users/root/disable')).status).toBe(403);
    expect((await root.post('/api/v1/users/root/disable')).status).toBe(422);
  });

  it('when sign-ins to one account keep failing, then it waits with a growing back-off, in every server process, whatever the address', async () => {
    await app.user('dave', [{ role: 'viewer', unit: null }]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.anonymous().post('/api/v1/auth/login', { username: 'dave', password: `guess-${i}` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    // now even the right password waits: the answer says so, and for how long
    const waiting = await app.anonymous().post('/api/v1/auth/login', { username: 'dave', password: TEST_PASSWORD });
    expect(waiting.status).toBe(429);
    expect(waiting.body.error.code).toBe('account_throttled');
    expect(waiting.body.error.message).toMatch(/this account; try again in \d+ seconds?/);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(0);
    // a second server process on the same database counts the same failures
    const second = http.createServer(createApp({ ...app.ctx, config: { ...app.ctx.config } }, { loginAttempts: 1000 }));
    await new Promise<void>((resolve) => second.listen(0, '127.0.0.1', resolve));
    try {
      const port = (second.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dave', password: TEST_PASSWORD }) });
      expect(res.status).toBe(429);
    } finally {
      second.closeAllConnections();
      await new Promise((resolve) => second.close(resolve));
    }
    // once the wait is over the right password works, and the count starts again
    await app.db.updateTable('login_throttle').set({ locked_until: new Date(Date.now() - 1000) }).execute();
    await app.signIn('dave');
    expect(await app.db.selectFrom('login_throttle').selectAll().execute()).toEqual([]);
  });

  it('when the server listens beyond loopback, then demo accounts lose the published password; on loopback they keep it', async () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    await createUser(app.db, systemActor('test'), { username: 'demo-admin', password: PUBLISHED_DEMO_PASSWORD, grants: [{ role: 'admin', unit: null }] });
    await createUser(app.db, systemActor('test'), { username: 'demo-viewer', password: STRONGER, grants: [{ role: 'viewer', unit: null }] });
    expect(await replacePublishedPasswords({ ...app.ctx, config: { ...app.ctx.config, host: '127.0.0.1' } })).toEqual([]);
    await app.signIn('demo-admin', PUBLISHED_DEMO_PASSWORD);

    const replaced = await replacePublishedPasswords({ ...app.ctx, config: { ...app.ctx.config, host: '0.0.0.0' } });
    // only the account that still had the published password
    expect(replaced.map((r) => r.username)).toEqual(['demo-admin']);
    expect((await app.anonymous().post('/api/v1/auth/login', { username: 'demo-admin', password: PUBLISHED_DEMO_PASSWORD })).status).toBe(401);
    await app.signIn('demo-admin', replaced[0].password);
    await app.signIn('demo-viewer', STRONGER);
  });
});
