import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { TEST_PASSWORD, useTestApp } from '../../helpers/app.ts';
import { insertUnit, selectUnitByCode } from '../../../server/units/repository.ts';

describe.each(testDatabaseKinds())('security (%s)', (kind) => {
  const app = useTestApp(kind);

  async function orgTree() {
    const hq = await insertUnit(app.db, { code: 'HQ', name: { en: 'Company', ko: '전사' }, parent: null });
    const east = await insertUnit(app.db, { code: 'EAST', name: 'East', parent: hq });
    const west = await insertUnit(app.db, { code: 'WEST', name: 'West', parent: hq });
    await insertUnit(app.db, { code: 'EAST-1', name: 'East 1', parent: east });
    await insertUnit(app.db, { code: 'WEST-1', name: 'West 1', parent: west });
  }

  it('when nobody is signed in, then reads and writes are refused', async () => {
    const anon = app.anonymous();
    for (const path of ['/api/v1/units', '/api/v1/units/HQ', '/api/v1/audit', '/api/v1/users', '/api/v1/auth/session', '/api/v1/tokens', '/metrics']) {
      const res = await anon.get(path);
      expect(res.status, path).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    const write = await anon.post('/api/v1/users', { username: 'x', password: 'long-enough-pw' });
    expect(write.status).toBe(401);
  });

  it('when signed in, the session reports the user and grants but never a password hash', async () => {
    await app.user('alice', [{ role: 'admin', unit: null }]);
    const alice = await app.signIn('alice');
    const session = await alice.get('/api/v1/auth/session');
    expect(session.body.user).toMatchObject({ username: 'alice', grants: [{ role: 'admin', unit: null }] });
    const users = await alice.get('/api/v1/users');
    expect(users.status).toBe(200);
    expect(users.text).not.toMatch(/argon2|password_?hash|"password"/i);
  });

  it('when a cookie-authenticated write lacks the CSRF token, then it is refused', async () => {
    await app.user('alice', [{ role: 'admin', unit: null }]);
    const alice = await app.signIn('alice');
    const withoutToken = await alice.post('/api/v1/users', { username: 'bob', password: 'long-enough-pw' }, { 'x-csrf-token': '' });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.error.code).toBe('csrf_failed');
    const withToken = await alice.post('/api/v1/users', { username: 'bob', password: 'long-enough-pw' });
    expect(withToken.status).toBe(201);
  });

  it('when a user is granted on one unit, then units outside its subtree are out of reach', async () => {
    await orgTree();
    await app.user('eve', [{ role: 'manager', unit: 'EAST' }]);
    const eve = await app.signIn('eve');
    expect((await eve.get('/api/v1/units/EAST-1')).status).toBe(200);
    expect((await eve.get('/api/v1/units/WEST-1')).status).toBe(403);
    expect((await eve.get('/api/v1/units/HQ')).status).toBe(403);
    const visible = await eve.get('/api/v1/units');
    expect(visible.body.map((u: any) => u.code)).toEqual(['EAST', 'EAST-1']);
    // company-wide writes need a grant on the whole organisation
    expect((await eve.post('/api/v1/users', { username: 'mallory', password: 'long-enough-pw' })).status).toBe(403);
  });

  it('when a token has a scope, then it can do only that', async () => {
    await orgTree();
    await app.user('alice', [{ role: 'admin', unit: null }]);
    const alice = await app.signIn('alice');
    const created = await alice.post('/api/v1/tokens', { name: 'reader', scopes: ['scorecard:read'] });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^ns_/);
    const token = app.bearer(created.body.token);
    expect((await token.get('/api/v1/units/HQ')).status).toBe(200);
    expect((await token.get('/api/v1/users')).status).toBe(403);
    expect((await token.post('/api/v1/users', { username: 'x1', password: 'long-enough-pw' })).status).toBe(403);
    // the token list never shows the secret or its hash
    const list = await alice.get('/api/v1/tokens');
    expect(list.text).not.toContain(created.body.token);
    expect(list.text).not.toMatch(/token_hash|tokenHash/);
    // revoked tokens stop working
    expect((await alice.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
    expect((await token.get('/api/v1/units/HQ')).status).toBe(401);
  });

  it('when a token has expired, then it is refused', async () => {
    await app.user('alice', [{ role: 'admin', unit: null }]);
    const alice = await app.signIn('alice');
    const created = await alice.post('/api/v1/tokens', { name: 'old', scopes: ['scorecard:read'], expiresAt: '2020-01-01T00:00:00Z' });
    const res = await app.bearer(created.body.token).get('/api/v1/units');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('when signing in, the session id is new and the cookie is HttpOnly and SameSite', async () => {
    await app.user('alice', [{ role: 'viewer', unit: null }]);
    const first = await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'alice', password: TEST_PASSWORD }) });
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const oldSession = cookie.split(';')[0];
    const second = await fetch(`${app.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: oldSession }, body: JSON.stringify({ username: 'alice', password: TEST_PASSWORD }) });
    const newSession = second.headers.get('set-cookie')!.split(';')[0];
    expect(newSession).not.toBe(oldSession);
    // the old id no longer works
    const stale = await fetch(`${app.url}/api/v1/auth/session`, { headers: { cookie: oldSession } });
    expect(stale.status).toBe(401);
  });

  it('when something is written, then an audit row records who, what, before and after', async () => {
    await orgTree();
    await app.user('alice', [{ role: 'admin', unit: null }]);
    const alice = await app.signIn('alice');
    await alice.post('/api/v1/users', { username: 'bob', password: 'long-enough-pw', grants: [{ role: 'viewer', unit: 'EAST' }] });
    await alice.put('/api/v1/users/bob/grants', { grants: [{ role: 'manager', unit: 'EAST' }] });
    const audit = await alice.get('/api/v1/audit?entity=user_grants&key=bob');
    expect(audit.body[0]).toMatchObject({ actor: 'alice', action: 'update', before: [{ role: 'viewer', unit: 'EAST' }], after: [{ role: 'manager', unit: 'EAST' }] });
    const created = await alice.get('/api/v1/audit?entity=user&key=bob');
    expect(created.body[0].after).not.toHaveProperty('password');
    expect(JSON.stringify(created.body)).not.toContain('long-enough-pw');
    expect(await selectUnitByCode(app.db, 'EAST')).toBeDefined();
  });

  it('serves Prometheus metrics to an admin', async () => {
    await app.user('alice', [{ role: 'admin', unit: null }]);
    const alice = await app.signIn('alice');
    const res = await alice.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('northstar_http_request_duration_seconds');
  });
});

describe.each(testDatabaseKinds())('sign-in rate limit (%s)', (kind) => {
  const app = useTestApp(kind, { loginAttempts: 5 });

  it('when sign-in fails repeatedly, then further attempts are rate limited', async () => {
    await app.user('alice', [{ role: 'viewer', unit: null }]);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await app.anonymous().post('/api/v1/auth/login', { username: 'alice', password: 'wrong' })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });
});
