import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp } from '../../helpers/app.ts';

const expectErrorShape = (body: any, code?: string) => {
  expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  if (code) expect(body.error.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
};

describe.each(testDatabaseKinds())('HTTP errors (%s)', (kind) => {
  const app = useTestApp(kind);

  it('when the JSON body is malformed, then it is a 400 in the documented shape', async () => {
    const res = await app.anonymous().post('/api/v1/auth/login', '{"username": "a",', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'malformed_json');
  });

  it('when a field has the wrong type, then it is a 400 naming the field', async () => {
    const res = await app.anonymous().post('/api/v1/auth/login', { username: 42, password: 'x' });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'validation_failed');
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: 'username' }));
  });

  it('when the body has an unknown field, then it is rejected', async () => {
    const res = await app.anonymous().post('/api/v1/auth/login', { username: 'a', password: 'b', admin: true });
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'validation_failed');
  });

  it('when the body is over the size limit, then it is a 413', async () => {
    const res = await app.anonymous().post('/api/v1/auth/login', JSON.stringify({ username: 'x'.repeat(6 * 1024 * 1024), password: 'y' }));
    expect(res.status).toBe(413);
    expectErrorShape(res.body, 'payload_too_large');
  });

  it('when the route does not exist, then it is a 404 in the documented shape', async () => {
    for (const path of ['/api/v1/nope', '/api/v2/anything', '/api/v1/units/X/zzz']) {
      const res = await app.anonymous().get(path);
      expect(res.status, path).toBe(404);
      expectErrorShape(res.body, 'not_found');
    }
  });

  it('when a query parameter is invalid, then it is a 400', async () => {
    await app.user('root', [{ role: 'admin', unit: null }]);
    const client = await app.signIn('root');
    const res = await client.get('/api/v1/audit?limit=abc');
    expect(res.status).toBe(400);
    expectErrorShape(res.body, 'validation_failed');
  });

  it('serves health, readiness and the OpenAPI document without sign-in', async () => {
    expect((await app.anonymous().get('/healthz')).status).toBe(200);
    const ready = await app.anonymous().get('/readyz');
    expect(ready.body).toEqual({ status: 'ready', database: kind });
    const doc = await app.anonymous().get('/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(doc.body.paths['/api/v1/auth/login'].post).toBeDefined();
    expect(doc.body.paths['/api/v1/units/{code}'].get.parameters[0].name).toBe('code');
  });

  it('sets security headers with a content security policy', async () => {
    const res = await app.anonymous().get('/healthz');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });
});
