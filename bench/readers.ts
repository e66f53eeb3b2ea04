/**
 * Readers benchmark (issue 20 "Many readers at once"): `npm run bench -- readers`.
 *
 * On the demo company, with the server in its own process (`northstar serve`, logging off) and
 * the load generator (autocannon) in this one, so on two cores each has a core:
 *  1. 50 concurrent connections for 10 s against the static OpenAPI document, then against
 *     the company scorecard as the overview asks for it (history=12), read cache on; the
 *     ratio of the two is the goal (≥ 0.5);
 *  2. the same scorecard load with the cache off (NORTHSTAR_CACHE_MB=0): what every request
 *     cost before;
 *  3. a write-then-read loop: a measurement written through the API, then the store's card and
 *     the company card read at once: the first read must show the write (never stale; the
 *     bench fails otherwise) and its latency (a recompute) is set against a cached read.
 * On the embedded database always; on PostgreSQL too when BENCH_DATABASE_URL, TEST_DATABASE_URL
 * or DATABASE_URL names a server (a throwaway database is created there).
 * Writes bench-results/readers.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { seedDemo, lastCompleteMonth } from '../server/seed/demo.ts';
import { demoPassword } from '../server/seed/demo-bootstrap.ts';
import { systemActor } from '../server/audit/repository.ts';
import { startServerProcess, repoRoot } from '../test/helpers/cli.ts';
import { createPostgresDatabase } from '../test/helpers/postgres.ts';
import { fmt, median, percentile, time } from './support.ts';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_READERS_SECONDS ?? 10);
const WRITES = 20;
const COMPANY = 'HQ';
const STORE = 'SEOUL-GANGNAM';

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  bytesPerRequest: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  const requests = result.requests.total;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    bytesPerRequest: requests ? Math.round(result.throughput.total / requests) : 0,
  };
}

async function signIn(url: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo-admin', password: demoPassword() }) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

const indicatorsOf = (card: any): any[] => card.perspectives.flatMap((p: any) => p.objectives.flatMap((o: any) => o.indicators));

/** Write, then read at once: never stale, and how long the first (recomputing) read takes. */
async function writeThenRead(url: string, auth: Record<string, string>, period: string, companyPath: string) {
  const storePath = `/api/v1/scorecards/${STORE}?period=${period}&window=month`;
  const get = async (p: string) => {
    const { ms, result } = await time(async () => {
      const res = await fetch(`${url}${p}`, { headers: auth });
      return { status: res.status, cache: res.headers.get('x-northstar-cache'), body: (await res.json()) as any };
    });
    return { ms, ...result };
  };
  const before = await get(storePath);
  // A value entered at the store (no formula, not fed by a survey: a plain measurement).
  const candidates = indicatorsOf(before.body).filter((i) => i.actual !== null);
  let chosen: { code: string; base: number } | null = null;
  for (const i of candidates) {
    const res = await fetch(`${url}/api/v1/measurements`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ indicator: i.code, unit: STORE, period, value: i.actual }] }) });
    if (res.status === 200) {
      chosen = { code: i.code, base: i.actual };
      break;
    }
  }
  if (!chosen) throw new Error(`no indicator at ${STORE} takes a write in ${period}`);
  const cold = { store: [] as number[], company: [] as number[] };
  const warm = { store: [] as number[], company: [] as number[] };
  let stale = 0;
  for (let n = 1; n <= WRITES; n++) {
    await get(storePath);
    await get(companyPath); // both cached before the write
    const value = Math.round((chosen.base + n) * 100) / 100;
    const write = await fetch(`${url}/api/v1/measurements`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ rows: [{ indicator: chosen.code, unit: STORE, period, value }] }) });
    if (write.status !== 200) throw new Error(`write ${n} failed: ${write.status} ${await write.text()}`);
    const store = await get(storePath);
    const company = await get(companyPath);
    const seen = indicatorsOf(store.body).find((i) => i.code === chosen!.code)?.actual;
    if (seen !== value || store.cache !== 'miss' || company.cache !== 'miss') stale++;
    cold.store.push(store.ms);
    cold.company.push(company.ms);
    warm.store.push((await get(storePath)).ms);
    warm.company.push((await get(companyPath)).ms);
  }
  if (stale > 0) throw new Error(`STALE: ${stale} of ${WRITES} reads right after a write did not show it`);
  return {
    indicator: chosen.code,
    writes: WRITES,
    stale,
    storeFirstReadMs: median(cold.store),
    storeCachedReadMs: median(warm.store),
    companyFirstReadMs: median(cold.company),
    companyFirstReadP99Ms: percentile(cold.company, 99),
    companyCachedReadMs: median(warm.company),
  };
}

async function benchKind(kind: 'pglite' | 'postgres', env: Record<string, string | undefined>) {
  const base = { ...env, NORTHSTAR_SCHEDULER: 'off' };
  const period = lastCompleteMonth(new Date());
  const companyPath = `/api/v1/scorecards/${COMPANY}?period=${period}&window=ytd&history=12`;
  process.stdout.write(`readers (${kind}): starting the server (the demo company loads on first start)…\n`);
  let server = startServerProcess(base, 900_000);
  let url = await server.ready;
  let result;
  try {
    const auth = await signIn(url);
    const first = await time(() => fetch(`${url}${companyPath}`, { headers: auth }).then((r) => r.arrayBuffer()));
    process.stdout.write(`readers (${kind}): company card ${(first.result.byteLength / 1024).toFixed(0)} KB, first read ${fmt(first.ms)}; loading…\n`);
    const staticDoc = await load(`${url}/api/v1/openapi.json`);
    const cached = await load(`${url}${companyPath}`, { cookie: auth.cookie });
    const revalidated = await load(`${url}${companyPath}`, { cookie: auth.cookie, 'if-none-match': (await fetch(`${url}${companyPath}`, { headers: auth })).headers.get('etag') ?? '' });
    const loop = await writeThenRead(url, auth, period, companyPath);
    server.child.kill('SIGTERM');
    await server.exited;
    server = startServerProcess({ ...base, NORTHSTAR_CACHE_MB: '0' }, 900_000);
    url = await server.ready;
    const auth2 = await signIn(url);
    const uncached = await load(`${url}${companyPath}`, { cookie: auth2.cookie });
    result = { kind, period, cardBytes: first.result.byteLength, staticDoc, cached, revalidated, uncached, ratio: cached.requestsPerSecond / staticDoc.requestsPerSecond, uncachedRatio: uncached.requestsPerSecond / staticDoc.requestsPerSecond, writeThenRead: loop };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  return result;
}

function report(r: NonNullable<Awaited<ReturnType<typeof benchKind>>>) {
  const row = (name: string, l: Load) => `  ${name.padEnd(34)} ${l.requestsPerSecond.toFixed(0).padStart(6)} req/s   p50 ${String(l.p50).padStart(4)} ms   p99 ${String(l.p99).padStart(5)} ms   ${l.non2xx ? `(${l.non2xx} non-2xx!)` : ''}`;
  const w = r.writeThenRead;
  return [
    `readers (${r.kind}), ${CONNECTIONS} connections × ${SECONDS} s, company card ${(r.cardBytes / 1024).toFixed(0)} KB (history=12), period ${r.period}`,
    row('GET /api/v1/openapi.json', r.staticDoc),
    row('GET company scorecard (cached)', r.cached),
    row("  … with If-None-Match (304s counted as non-2xx)", r.revalidated),
    row('GET company scorecard (cache off)', r.uncached),
    `  ratio scorecard / static: ${r.ratio.toFixed(2)} (goal ≥ 0.5; cache off: ${r.uncachedRatio.toFixed(2)})`,
    `  write → read (${w.writes}×, ${w.indicator} at ${STORE}): never stale; store card first read ${fmt(w.storeFirstReadMs)} vs cached ${fmt(w.storeCachedReadMs)}; company card first read ${fmt(w.companyFirstReadMs)} (p99 ${fmt(w.companyFirstReadP99Ms)}) vs cached ${fmt(w.companyCachedReadMs)}`,
  ].join('\n');
}

export async function runReadersBench() {
  const results = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ns-readers-'));
  try {
    results.push(await benchKind('pglite', { NORTHSTAR_DATA_DIR: dataDir, DATABASE_URL: undefined }));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  process.stdout.write(report(results[0]) + '\n');
  const pgServer = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (pgServer) {
    const database = await createPostgresDatabase(pgServer, 'ns_readers');
    try {
      const handle = await openDatabase({ url: database.url, dataDir: '' });
      await migrateToLatest(handle.db);
      process.stdout.write('readers (postgres): loading the demo company…\n');
      await handle.db.transaction().execute((trx) => seedDemo(trx, systemActor('system:demo'), { endMonth: lastCompleteMonth(new Date()), accountPassword: demoPassword() }));
      await handle.close();
      results.push(await benchKind('postgres', { DATABASE_URL: database.url }));
      process.stdout.write(report(results[1]) + '\n');
    } finally {
      await database.drop();
    }
  } else {
    process.stdout.write('readers: PostgreSQL skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)\n');
  }
  fs.mkdirSync(path.join(repoRoot, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(repoRoot, 'bench-results', 'readers.json'), JSON.stringify(results, null, 2));
  return results;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) await runReadersBench();
