import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../../server/api.ts';
import { PERMISSIONS } from '../../../server/auth/policy.ts';

/** Paths deliberately open to anyone; every other route must demand sign-in or a permission. */
const PUBLIC_ROUTES = new Set(['post /auth/login']);

describe('route policies', () => {
  it('every registered API route states an explicit policy', () => {
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const route of apiRoutes) {
      const key = `${route.method} ${route.path}`;
      expect(route.policy, key).toBeDefined();
      if ('public' in route.policy) expect(PUBLIC_ROUTES.has(key), `${key} is public but not on the allow-list`).toBe(true);
      else if ('permission' in route.policy) expect(PERMISSIONS, key).toContain(route.policy.permission);
      else expect(route.policy).toEqual({ authenticated: true });
    }
  });

  it('no two routes share a method and path', () => {
    const keys = apiRoutes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
