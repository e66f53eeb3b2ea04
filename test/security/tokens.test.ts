/**
 * Class 10 of issue 14: API tokens. Revoking needs user:manage or owning the token (a token's
 * own scopes count: an admin's read-only token cannot revoke other people's tokens), and a
 * token's scopes must be rights its owner holds.
 */
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/database.ts';
import { useTestApp } from '../helpers/app.ts';
import { insertUnit } from '../../server/units/repository.ts';

describe.each(testDatabaseKinds())('API tokens (%s)', (kind) => {
  const app = useTestApp(kind);

  async function people() {
    const hq = await insertUnit(app.db, { code: 'HQ', name: 'Company', parent: null });
    await insertUnit(app.db, { code: 'EAST', name: 'East', parent: hq });
    await app.user('root', [{ role: 'admin', unit: null }]);
    await app.user('erin', [{ role: 'contributor', unit: 'EAST' }]);
    await app.user('frank', [{ role: 'viewer', unit: 'EAST' }]);
    return { root: await app.signIn('root'), erin: await app.signIn('erin'), frank: await app.signIn('frank') };
  }

  it('when a user asks for a scope they do not hold, then the token is refused with 403 naming the scope', async () => {
    const { erin } = await people();
    const res = await erin.post('/api/v1/tokens', { name: 'too much', scopes: ['measurement:write', 'user:manage'] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('scope_not_held');
    expect(res.body.error.message).toContain('"user:manage"');
    expect(res.body.error.message).not.toContain('"measurement:write"');
    expect((await erin.get('/api/v1/tokens')).body).toEqual([]);
    expect((await erin.post('/api/v1/tokens', { name: 'entry', scopes: ['measurement:write', 'scorecard:read'] })).status).toBe(201);
  });

  it('when someone who neither owns a token nor manages users revokes it, then it keeps working', async () => {
    const { root, erin, frank } = await people();
    const erinsToken = await erin.post('/api/v1/tokens', { name: 'entry', scopes: ['scorecard:read'] });
    // another user
    expect((await frank.delete(`/api/v1/tokens/${erinsToken.body.id}`)).status).toBe(404);
    // an admin's token that does not carry user:manage
    const rootReader = await root.post('/api/v1/tokens', { name: 'reader', scopes: ['scorecard:read'] });
    expect((await app.bearer(rootReader.body.token).delete(`/api/v1/tokens/${erinsToken.body.id}`)).status).toBe(404);
    expect((await app.bearer(erinsToken.body.token).get('/api/v1/units')).status).toBe(200);
    // ... nor may it list other people's tokens
    expect((await app.bearer(rootReader.body.token).get('/api/v1/tokens')).body.map((t: any) => t.username)).toEqual(['root']);

    // the owner may, even through the token itself
    expect((await app.bearer(erinsToken.body.token).delete(`/api/v1/tokens/${erinsToken.body.id}`)).status).toBe(204);
    expect((await app.bearer(erinsToken.body.token).get('/api/v1/units')).status).toBe(401);
    // and a user manager may revoke anyone's
    const another = await erin.post('/api/v1/tokens', { name: 'entry 2', scopes: ['scorecard:read'] });
    const manager = await root.post('/api/v1/tokens', { name: 'admin', scopes: ['user:manage'] });
    expect((await app.bearer(manager.body.token).delete(`/api/v1/tokens/${another.body.id}`)).status).toBe(204);
    const audit = await root.get('/api/v1/audit?entity=api_token');
    expect(audit.body.filter((a: any) => a.action === 'revoke').map((a: any) => a.actor).sort()).toEqual(['erin (token)', 'root (token)']);
  });
});
