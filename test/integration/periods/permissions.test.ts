/** DESIGN.md §6 on every entry and workflow path: a matrix of roles × units × actions. */
import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../helpers/database.ts';
import { useTestApp, type TestClient } from '../../helpers/app.ts';
import { importModelFile } from '../../helpers/model.ts';
import type { Role } from '../../../server/auth/policy.ts';

const ACTIONS = {
  read: (c: TestClient, u: string) => c.get(`/api/v1/entry/${u}/2026-02`),
  template: (c: TestClient, u: string) => c.get(`/api/v1/entry/${u}/2026-02/template?format=csv`),
  list: (c: TestClient, u: string) => c.get(`/api/v1/periods?unit=${u}&period=2026-02`),
  save: (c: TestClient, u: string) => c.put(`/api/v1/entry/${u}/2026-02`, { rows: [{ indicator: 'CLAIMS', value: 1, expectedRevision: 0 }] }),
  submit: (c: TestClient, u: string) => c.post(`/api/v1/periods/${u}/2026-02/submit`),
  return: (c: TestClient, u: string) => c.post(`/api/v1/periods/${u}/2026-02/return`, { comment: 'c' }),
  approve: (c: TestClient, u: string) => c.post(`/api/v1/periods/${u}/2026-02/approve`, { confirmLock: true }),
  lock: (c: TestClient, u: string) => c.post(`/api/v1/periods/${u}/2026-02/lock`, { reason: 'r' }),
  reopen: (c: TestClient, u: string) => c.post(`/api/v1/periods/${u}/2026-02/reopen`, { reason: 'r' }),
} as const;
type Action = keyof typeof ACTIONS;

const USERS: { name: string; role: Role; unit: string | null; allowed: Record<string, Action[]> }[] = [
  { name: 'admin', role: 'admin', unit: null, allowed: { SEOUL: Object.keys(ACTIONS) as Action[], BUSAN: Object.keys(ACTIONS) as Action[] } },
  { name: 'manager', role: 'manager', unit: 'HQ', allowed: { SEOUL: ['read', 'template', 'list', 'save', 'submit', 'return', 'approve', 'lock'], BUSAN: ['read', 'template', 'list', 'save', 'submit', 'return', 'approve', 'lock'] } },
  { name: 'contributor', role: 'contributor', unit: 'SEOUL', allowed: { SEOUL: ['read', 'template', 'list', 'save', 'submit'], BUSAN: [] } },
  { name: 'reviewer', role: 'reviewer', unit: 'HQ', allowed: { SEOUL: ['read', 'template', 'list'], BUSAN: ['read', 'template', 'list'] } },
  { name: 'viewer', role: 'viewer', unit: 'SEOUL', allowed: { SEOUL: ['read', 'template', 'list'], BUSAN: [] } },
];

describe.each(testDatabaseKinds())('entry and workflow permissions (%s)', (kind) => {
  const app = useTestApp(kind);

  it('every role × unit × action is allowed exactly as DESIGN.md §6 says (403 otherwise)', async () => {
    await importModelFile(app.db, 'design-example.yaml');
    const mismatches: string[] = [];
    // forbidden actions first for every user, so allowed state changes cannot mask a refusal
    const clients = new Map<string, TestClient>();
    for (const u of USERS) {
      await app.user(u.name, [{ role: u.role, unit: u.unit }]);
      clients.set(u.name, await app.signIn(u.name));
    }
    for (const pass of ['forbidden', 'allowed'] as const) {
      for (const u of USERS) {
        for (const unit of ['SEOUL', 'BUSAN']) {
          for (const action of Object.keys(ACTIONS) as Action[]) {
            const allowed = u.allowed[unit].includes(action);
            if ((pass === 'allowed') !== allowed) continue;
            const res = await ACTIONS[action](clients.get(u.name)!, unit);
            if ((res.status === 403) === allowed) mismatches.push(`${u.name} ${action} ${unit}: ${res.status}${allowed ? ' (should be allowed)' : ' (should be 403)'}`);
            if (allowed && res.status >= 500) mismatches.push(`${u.name} ${action} ${unit}: ${res.status}`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    // unknown units are 404, anonymous callers 401
    expect((await clients.get('admin')!.get('/api/v1/entry/NOPE/2026-02')).status).toBe(404);
    expect((await app.anonymous().get('/api/v1/entry/SEOUL/2026-02')).status).toBe(401);
    expect((await clients.get('admin')!.get('/api/v1/entry/SEOUL/2026-13')).status).toBe(400);
  });
});
