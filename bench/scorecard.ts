/**
 * Scorecard benchmark (issue "Scorecard model as code…", part 7), on PostgreSQL:
 *  (a) full rebuild of the materialized rollup over 2,000 units × 150 indicators × 12 months
 *      (3.6 M measurements) against hand-written SQL aggregate passes over the same rows;
 *  (b) changing one measurement and reading the company scorecard, at 36 k and at 3.6 M rows;
 *  (c) the scorecard endpoint's median and p99 latency.
 * Run: `npx tsx bench/scorecard.ts` (or `npm run bench`). Writes bench-results/scorecard.json.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { importModel } from '../server/model/service.ts';
import { rebuildRollups } from '../server/rollup/service.ts';
import { writeMeasurements } from '../server/measurements/service.ts';
import { getScorecard } from '../server/scorecards/service.ts';
import { systemActor } from '../server/audit/repository.ts';
import { createApp } from '../server/app.ts';
import { createLogger } from '../server/logger.ts';
import { createMetrics } from '../server/http/metrics.ts';
import { loadConfig } from '../server/config.ts';
import { createUser, createToken } from '../server/auth/service.ts';
import { createBenchDatabase, fmt, median, percentile, time } from './support.ts';

const actor = systemActor('bench');
const PERSPECTIVES = ['financial', 'customer', 'process', 'infrastructure'];

/** A company with `divisions` divisions of `branchesPer` branches and `indicators` indicators. */
function syntheticModel(divisions: number, branchesPer: number, indicators: number) {
  const units = [
    {
      code: 'HQ',
      name: 'Company',
      children: Array.from({ length: divisions }, (_, d) => ({
        code: `D${d + 1}`,
        name: `Division ${d + 1}`,
        children: Array.from({ length: branchesPer }, (_, b) => ({ code: `D${d + 1}-B${b + 1}`, name: `Branch ${d + 1}-${b + 1}` })),
      })),
    },
  ];
  const objectives = Array.from({ length: 12 }, (_, i) => ({ code: `O${i + 1}`, name: `Objective ${i + 1}`, perspective: PERSPECTIVES[i % 4], weight: 1 + (i % 3) }));
  const list = Array.from({ length: indicators }, (_, i) => {
    const org = i % 5 === 0 ? 'avg' : i % 7 === 0 ? 'weighted:K1' : 'sum';
    return { code: `K${i + 1}`, name: `Indicator ${i + 1}`, objective: `O${(i % 12) + 1}`, weight: 1 + (i % 4), unit: 'count', direction: i % 6 === 0 ? 'decrease' : 'increase', aggregation: { time: org === 'sum' ? 'sum' : 'avg', org } };
  });
  const targets = list.map((k) => ({ indicator: k.code, unit: 'HQ', period: '2026', target: 1000 }));
  return { units, objectives, indicators: list, targets };
}

async function setUp(url: string, divisions: number, branchesPer: number, indicators: number): Promise<DatabaseHandle> {
  const handle = await openDatabase({ url, dataDir: '' });
  await migrateToLatest(handle.db);
  await handle.db.transaction().execute((trx) => importModel(trx, actor, syntheticModel(divisions, branchesPer, indicators)));
  // Every unit reports every indicator every month: generated in SQL, the fastest honest load.
  await sql`insert into measurement (indicator_id, unit_id, period, value, source, revision)
    select i.id, u.id, to_char(make_date(2026, g.m, 1), 'YYYY-MM'), round((100 + (i.id * 7 + u.id * 13 + g.m * 31) % 900)::numeric + 0.25, 2), 'bench', 1
    from indicator i cross join org_unit u cross join generate_series(1, 12) as g(m)`.execute(handle.db);
  await sql`analyze`.execute(handle.db);
  return handle;
}

async function count(handle: DatabaseHandle) {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from measurement`.execute(handle.db);
  return rows[0].n;
}

/**
 * Lets the database settle after a bulk load or rebuild (vacuum, statistics, a checkpoint), so
 * that autovacuum and checkpoint writes triggered by the setup do not land in the timings of
 * the steady state measured next. Both sizes get the same treatment.
 */
async function settle(handle: DatabaseHandle) {
  await sql`vacuum analyze`.execute(handle.db);
  await sql`checkpoint`.execute(handle.db).catch(() => undefined); // needs a superuser or pg_checkpoint
}

/** Change one value and read the company scorecard that includes it. */
async function writeThenRead(handle: DatabaseHandle, iterations: number) {
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const { ms } = await time(async () => {
      await handle.db.transaction().execute((trx) =>
        writeMeasurements(trx, actor, [{ row: 1, indicator: 'K2', unit: 'D1-B1', period: '2026-06', value: 500 + i }], { source: 'bench', accept: 'all' }),
      );
      await getScorecard(handle.db, 'HQ', '2026-06', { window: 'ytd' });
    });
    samples.push(ms);
  }
  return { median: median(samples), p90: percentile(samples, 90) };
}

async function endpointLatency(handle: DatabaseHandle, requests: number) {
  const ctx = { db: handle.db, dbKind: 'postgres' as const, config: { ...loadConfig({}), dataDir: '/nonexistent' }, logger: createLogger('silent'), metrics: createMetrics() };
  const user = await createUser(handle.db, actor, { username: 'bench', password: 'bench-password-1', grants: [{ role: 'viewer', unit: null }] });
  const { token } = await createToken(handle.db, actor, { userId: user.id, name: 'bench', scopes: ['scorecard:read'], expiresAt: null });
  const server = http.createServer(createApp(ctx));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const units = ['HQ', 'D1', 'D7-B3', 'D20-B99'];
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const unit = units[i % units.length];
    const { ms, result } = await time(() => fetch(`${base}/api/v1/scorecards/${unit}?period=2026-${String((i % 12) + 1).padStart(2, '0')}&window=ytd`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status));
    if (result !== 200) throw new Error(`scorecard request failed: ${result}`);
    samples.push(ms);
  }
  server.closeAllConnections();
  server.close();
  return { requests, median: median(samples), p99: percentile(samples, 99) };
}

/** Runs (a)-(c). With `keepLarge`, the large database stays up for the web benchmark; call `drop` after. */
export async function runScorecardBench(options: { keepLarge?: boolean } = {}) {
  const results: Record<string, unknown> = {};
  console.log('scorecard bench: building the small organisation (20 units × 150 indicators × 12 months)…');
  const smallDb = await createBenchDatabase('ns_bench_small');
  const small = await setUp(smallDb.url, 3, 6, 150); // 1 + 3 + 18 = 22 units… trimmed below
  await sql`delete from measurement where unit_id in (select id from org_unit where code in ('D3-B5', 'D3-B6'))`.execute(small.db);
  await rebuildRollups(small.db);
  const smallRows = await count(small);
  await settle(small);
  const smallWrite = await writeThenRead(small, 60);
  await small.close();
  await smallDb.drop();

  console.log('scorecard bench: building the large organisation (2,000 units × 150 indicators × 12 months)…');
  const bigDb = await createBenchDatabase('ns_bench_big');
  const big = await setUp(bigDb.url, 20, 99, 150); // 1 + 20 + 1,980 = 2,001 units
  await sql`delete from measurement where unit_id = (select id from org_unit where code = 'D20-B99')`.execute(big.db);
  const bigRows = await count(big);

  const baselineAncestors = await time(() =>
    sql`create unlogged table bench_baseline_subtree as
        select m.indicator_id, a.id as unit_id, m.period, sum(m.value) as total, avg(m.value) as mean, count(*) as n
        from measurement m join org_unit u on u.id = m.unit_id join org_unit a on u.path like a.path || '%'
        group by 1, 2, 3`.execute(big.db),
  );
  const baselineOneLevel = await time(() =>
    sql`create unlogged table bench_baseline_level as
        select m.indicator_id, u.parent_id as unit_id, m.period, sum(m.value) as total, avg(m.value) as mean, count(*) as n
        from measurement m join org_unit u on u.id = m.unit_id where u.parent_id is not null
        group by 1, 2, 3`.execute(big.db),
  );
  await rebuildRollups(big.db); // warm-up: the first run also sets the table's size
  const rebuild = await time(() => big.db.transaction().execute((trx) => rebuildRollups(trx)));
  await settle(big);
  const bigWrite = await writeThenRead(big, 60);
  const endpoint = await endpointLatency(big, 400);
  await big.close();
  if (!options.keepLarge) await bigDb.drop();

  results.rebuild = {
    measurements: bigRows,
    rebuildMs: rebuild.ms,
    baselineSubtreeAggregateMs: baselineAncestors.ms,
    baselineOneLevelAggregateMs: baselineOneLevel.ms,
    ratioToSubtreeBaseline: rebuild.ms / baselineAncestors.ms,
    ratioToOneLevelBaseline: rebuild.ms / baselineOneLevel.ms,
    goal: 'rebuild ≤ 1.5 × the hand-written aggregate pass',
  };
  results.writeThenRead = {
    small: { measurements: smallRows, ...smallWrite },
    large: { measurements: bigRows, ...bigWrite },
    ratio: bigWrite.median / smallWrite.median,
    goal: 'large within 1.5 × small',
  };
  results.endpoint = endpoint;

  console.log('\nScorecard benchmark (PostgreSQL)');
  console.log(`(a) full rebuild of ${bigRows.toLocaleString('en')} measurements: ${fmt(rebuild.ms)}`);
  console.log(`    hand-written subtree aggregate (every unit's subtree, one GROUP BY): ${fmt(baselineAncestors.ms)}  → ratio ${(rebuild.ms / baselineAncestors.ms).toFixed(2)}×`);
  console.log(`    hand-written one-level aggregate (children → parent, one GROUP BY):  ${fmt(baselineOneLevel.ms)}  → ratio ${(rebuild.ms / baselineOneLevel.ms).toFixed(2)}×`);
  console.log(`(b) change one measurement + read the company scorecard: ${smallRows.toLocaleString('en')} rows median ${fmt(smallWrite.median)}, ${bigRows.toLocaleString('en')} rows median ${fmt(bigWrite.median)} → ratio ${(bigWrite.median / smallWrite.median).toFixed(2)}×`);
  console.log(`(c) GET /api/v1/scorecards/:unit, ${endpoint.requests} requests: median ${fmt(endpoint.median)}, p99 ${fmt(endpoint.p99)}`);
  fs.mkdirSync('bench-results', { recursive: true });
  fs.writeFileSync('bench-results/scorecard.json', JSON.stringify(results, null, 2));
  return { results, largeDatabaseUrl: bigDb.url, dropLarge: bigDb.drop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runScorecardBench().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
