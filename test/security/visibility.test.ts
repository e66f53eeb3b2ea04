/**
 * Class 8 of issue 14: reads are scoped like writes. Walks EVERY GET route of the OpenAPI
 * document (so routes added later are walked without touching this file) as a branch
 * contributor and as a viewer of that branch, over the demo company plus jobs and
 * notifications of other units, and asserts that no response names a unit outside the
 * branch's subtree and its chain of ancestors.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createMetrics } from '../../server/http/metrics.ts';
import { createLogger } from '../../server/logger.ts';
import { loadConfig } from '../../server/config.ts';
import { createUser } from '../../server/auth/service.ts';
import { systemActor } from '../../server/audit/repository.ts';
import { seedDemo } from '../../server/seed/demo.ts';
import { upsertJob } from '../../server/scheduling/repository.ts';
import { insertNotifications } from '../../server/notifications/repository.ts';
import { createTestDatabase, testDatabaseKinds } from '../helpers/database.ts';
import { TEST_PASSWORD } from '../helpers/app.ts';
import type { DatabaseHandle } from '../../server/db/database.ts';
import type { Role } from '../../server/auth/policy.ts';
import { insertComment } from '../../server/comments/repository.ts';

const BRANCH = 'SEOUL-GANGNAM';
const END_MONTH = '2026-09';

/**
 * Routes whose answer is legitimately the same for every signed-in user, and why. Everything
 * else must be filtered to what the caller may see.
 */
const GLOBAL_ROUTES: Record<string, string> = {
  '/api/v1/model':
    'the model’s definitions (perspectives, objectives, indicators); an indicator’s appliesTo names the units it is defined for, which is part of its definition, not data of those units',
};

/** Variants not requested, and why. */
const SKIPPED_VARIANTS: { path: string; query: Record<string, string>; why: string }[] = [
  { path: '/api/v1/reports/{unit}', query: { format: 'pdf' }, why: 'printed by Chromium from the HTML variant, which is walked' },
];

interface Walked {
  route: string;
  url: string;
  status: number;
  text: string;
}

describe.each(testDatabaseKinds())('what a branch can read (%s)', (kind) => {
  let handle: DatabaseHandle;
  let server: http.Server;
  let baseUrl = '';
  let document: any;
  let forbidden: string[] = [];
  const values: Record<string, string[]> = {};

  beforeAll(async () => {
    handle = await createTestDatabase(kind);
    const db = handle.db;
    await db.transaction().execute((trx) => seedDemo(trx, systemActor('test'), { endMonth: END_MONTH, accountPassword: null }));
    // Sources that name other units and secrets in their config, and notifications about
    // other units and about the whole company.
    await upsertJob(db, { name: 'busan-pos', kind: 'http-pull', schedule: '0 6 * * *', timezone: 'Asia/Seoul', enabled: true, timeLimitSeconds: 60, maxAttempts: 1, config: { url: 'https://pos.example.com/BUSAN-SEOMYEON?month={period}', headers: { Authorization: { env: 'NORTHSTAR_SECRET_POS' } }, mapping: { rows: 'items', indicator: 'kpi', unit: { const: 'BUSAN-SEOMYEON' }, period: 'month', value: 'v' } } });
    await upsertJob(db, { name: 'dwh-online', kind: 'sql-pull', schedule: '30 6 * * *', timezone: 'Asia/Seoul', enabled: true, timeLimitSeconds: 60, maxAttempts: 1, config: { connectionEnv: 'DWH_URL', query: "select indicator, 'ONLINE-MALL' as unit, period, value from kpi where period = {period}" } });
    const units = await db.selectFrom('org_unit').select(['id', 'code', 'path']).execute();
    const byCode = new Map(units.map((u) => [u.code, u]));
    await insertNotifications(db, [
      { kind: 'status_worsened', severity: 'warning', unitId: byCode.get('BUSAN-SEOMYEON')!.id, indicatorId: null, period: END_MONTH, message: 'BUSAN-SEOMYEON worsened', dedupeKey: 'walk-1' },
      { kind: 'rollup_mismatch', severity: 'error', unitId: null, indicatorId: null, period: END_MONTH, message: 'rollup differs at SVC-BUSAN and ONLINE-MARKET', dedupeKey: 'walk-2' },
      { kind: 'status_worsened', severity: 'warning', unitId: byCode.get(BRANCH)!.id, indicatorId: null, period: END_MONTH, message: `${BRANCH} worsened`, dedupeKey: 'walk-3' },
    ]);

    const branch = byCode.get(BRANCH)!;
    const visible = units.filter((u) => u.path.startsWith(branch.path) || branch.path.startsWith(u.path));
    forbidden = units.filter((u) => !visible.includes(u)).map((u) => u.code);
    expect(forbidden).toContain('BUSAN-SEOMYEON');
    expect(forbidden).not.toContain('HQ');

    // Path parameter values: the branch itself for units, and EVERY code of the other
    // entities, so another division's initiative or evaluation is asked for too.
    const indicators = await db.selectFrom('indicator').select('code').orderBy('id').execute();
    values.unit = [BRANCH];
    values.indicator = indicators.slice(0, 4).map((i) => i.code);
    values.period = [END_MONTH];
    values.name = (await db.selectFrom('job').select('name').execute()).map((j) => j.name);
    values['evaluations.code'] = (await db.selectFrom('evaluation_cycle').select('code').execute()).map((e) => e.code);
    values['initiatives.code'] = (await db.selectFrom('initiative').select('code').execute()).map((i) => i.code);
    values['units.code'] = [BRANCH];
    values.username = ['walker'];
    // A comment on another division's store: its history must not reach the branch.
    const commented = await db.selectFrom('indicator').select('id').where('objective_id', 'is not', null).orderBy('id').executeTakeFirstOrThrow();
    await insertComment(db, { indicatorId: commented.id, unitId: byCode.get('BUSAN-SEOMYEON')!.id, period: END_MONTH, kind: 'analysis', body: 'BUSAN-SEOMYEON missed', replyTo: null, authorId: null, authorName: 'walker', mentions: [] });
    values['comments.id'] = (await db.selectFrom('comment').select('id').execute()).map((c) => String(c.id));
    values['query.code'] = (await db.selectFrom('survey_definition').select('code').execute()).map((s) => s.code);
    // A VOC record of the branch and one of another division (asked for by id).
    const vocIds = await sql<{ id: string }>`select min(r.id) as id from voc_record r join org_unit u on u.id = r.unit_id where u.code in (${BRANCH}, 'BUSAN-SEOMYEON') group by u.code`.execute(db);
    values['voc.id'] = vocIds.rows.map((r) => r.id);
    expect(values['voc.id']).toHaveLength(2);
    expect(values['initiatives.code'].length).toBeGreaterThan(1);

    for (const [username, role] of [['branch-contributor', 'contributor'], ['branch-viewer', 'viewer']] as const) {
      await createUser(db, systemActor('test'), { username, password: TEST_PASSWORD, grants: [{ role: role as Role, unit: BRANCH }] });
    }
    const ctx = { db, dbKind: kind, config: { ...loadConfig({}), dataDir: '/nonexistent' }, logger: createLogger('silent'), metrics: createMetrics() };
    server = http.createServer(createApp(ctx, { loginAttempts: 1000 }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    document = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
  }, 300_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await handle?.close();
  });

  /** Every request of the walk: each GET path with each combination of parameter values. */
  function requests(): { route: string; url: string }[] {
    const out: { route: string; url: string }[] = [];
    for (const [route, item] of Object.entries<any>(document.paths)) {
      if (!item.get || route in GLOBAL_ROUTES) continue;
      const parameters: any[] = item.get.parameters ?? [];
      const area = route.split('/')[3];
      let paths = [route];
      for (const p of parameters.filter((x) => x.in === 'path')) {
        const candidates = values[`${area}.${p.name}`] ?? values[p.name];
        if (!candidates?.length) throw new Error(`No value for path parameter ${p.name} of ${route}: add one to the walk`);
        paths = paths.flatMap((path) => candidates.map((v) => path.replace(`{${p.name}}`, encodeURIComponent(v))));
      }
      // Required query parameters get a value; every enum parameter (format, window, by …) is
      // walked value by value.
      let queries: Record<string, string>[] = [{}];
      for (const p of parameters.filter((x) => x.in === 'query')) {
        const options: string[] | undefined = p.schema?.enum;
        const byName: Record<string, string[]> = { unit: [BRANCH], period: [END_MONTH], from: ['2026-01'], to: [END_MONTH], year: [END_MONTH.slice(0, 4)], code: values['query.code'], indicator: values.indicator };
        const required = byName[p.name] ?? null;
        const choices = options ?? (p.required ? required : null);
        if (p.required && !choices) throw new Error(`No value for query parameter ${p.name} of ${route}: add one to the walk`);
        if (choices) queries = queries.flatMap((q) => choices.map((c) => ({ ...q, [p.name]: c })));
      }
      for (const path of paths) {
        for (const query of queries) {
          if (SKIPPED_VARIANTS.some((s) => s.path === route && Object.entries(s.query).every(([k, v]) => query[k] === v))) continue;
          const search = new URLSearchParams(query).toString();
          out.push({ route, url: `${path}${search ? `?${search}` : ''}` });
        }
      }
    }
    return out;
  }

  async function bodyText(res: Response): Promise<string> {
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('spreadsheetml')) {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      const cells: string[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
      return cells.join('\n');
    }
    return res.text();
  }

  async function signIn(username: string) {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD }) });
    expect(res.status).toBe(200);
    return res.headers.get('set-cookie')!.split(';')[0];
  }

  it.each(['branch-contributor', 'branch-viewer'])('as %s, no GET route names a unit outside the branch', async (username) => {
    const cookie = await signIn(username);
    const pattern = new RegExp(`(?<![A-Za-z0-9_-])(${forbidden.map((c) => c.replace(/[-]/g, '\\-')).join('|')})(?![A-Za-z0-9_-])`);
    const walked: Walked[] = [];
    for (const { route, url } of requests()) {
      const res = await fetch(`${baseUrl}${url}`, { headers: { cookie } });
      walked.push({ route, url, status: res.status, text: await bodyText(res) });
    }
    const serverErrors = walked.filter((w) => w.status >= 500).map((w) => `${w.url} -> ${w.status}`);
    expect(serverErrors).toEqual([]);
    const leaks = walked.flatMap((w) => {
      const match = pattern.exec(w.text);
      return match ? [`${w.url} (${w.status}) names ${match[1]}: …${w.text.slice(Math.max(0, match.index - 80), match.index + 40)}…`] : [];
    });
    expect(leaks).toEqual([]);
    // Company-wide sources (their names, SQL, URLs) are not listed to a branch either.
    expect(walked.filter((w) => /busan-pos|dwh-online|pos\.example\.com|select indicator/.test(w.text)).map((w) => w.url)).toEqual([]);
    // The walk is not vacuous: the branch's own data is there.
    const answered = new Set(walked.filter((w) => w.status === 200).map((w) => w.route));
    for (const route of ['/api/v1/scorecards/{unit}', '/api/v1/units', '/api/v1/entry/{unit}/{period}', '/api/v1/notifications', '/api/v1/freshness']) {
      expect(answered, route).toContain(route);
    }
    // The whole model file (every unit's targets) is for readers of the whole company.
    expect(walked.filter((w) => w.route === '/api/v1/model/export').map((w) => w.status)).toEqual([403, 403]);
    expect(walked.find((w) => w.url.startsWith('/api/v1/notifications'))!.text).toContain(`${BRANCH} worsened`);
  });

  it('as a manager of the whole company without job:manage, jobs are listed without their SQL, URLs or headers', async () => {
    await createUser(handle.db, systemActor('test'), { username: 'hq-manager', password: TEST_PASSWORD, grants: [{ role: 'manager', unit: null }] });
    const cookie = await signIn('hq-manager');
    const jobs = await fetch(`${baseUrl}/api/v1/jobs`, { headers: { cookie } });
    expect(jobs.status).toBe(200);
    const text = await jobs.text();
    expect(text).toContain('dwh-online');
    expect(text).not.toMatch(/select indicator|pos\.example\.com|NORTHSTAR_SECRET_POS/);
    const exported = await (await fetch(`${baseUrl}/api/v1/model/export?format=json`, { headers: { cookie } })).text();
    expect(exported).not.toMatch(/select indicator|pos\.example\.com|NORTHSTAR_SECRET_POS/);
  });
});
