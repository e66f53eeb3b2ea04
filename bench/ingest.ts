/**
 * Ingest benchmark (issue "Many readers at once, and imports at the speed of their own
 * writes", part 3), on PostgreSQL and on the embedded PGlite: a generated measurement CSV is
 * imported through the same path as a file drop or an upload (importMeasurementFile: streamed,
 * checked, staged with COPY, validated over the set, merged with revisions, rollup rebuilt, one
 * transaction) into a fresh database with a synthetic model, and set against the write floor
 * of the same run: the same file COPYed into a bare temporary table and the same rows written
 * keyed (codes resolved to ids, in key order) into `measurement` and `measurement_revision`,
 * in one transaction, without validation, merge or rollup. A second floor adds the rollup the
 * import must also keep current (the full rebuild, as the import of an empty database runs it).
 * Each run is a child process so its peak RSS is its own: the import streams, so memory
 * should stay flat between 100 k and 1 M rows; each import runs again under a small heap cap.
 *
 * Run: `npx tsx bench/ingest.ts [--sizes 100000,1000000] [--db postgres,pglite]` (or `npm run
 * bench -- ingest`). PostgreSQL: see benchServerUrl() in support.ts; PGlite: a data directory
 * under the OS temp directory. Writes bench-results/ingest.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { copyFrom } from '../server/db/copy.ts';
import { rebuildRollups } from '../server/rollup/service.ts';
import { openDatabase, type DatabaseHandle, type Db } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { importModel } from '../server/model/service.ts';
import { importMeasurementFile } from '../server/measurements/import.ts';
import { systemActor } from '../server/audit/repository.ts';
import { createBenchDatabase, fmt } from './support.ts';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const DIVISIONS = 10;
const BRANCHES = 100; // per division: 1,000 data-entry units
const INDICATORS = 20;
const KEYS_PER_MONTH = DIVISIONS * BRANCHES * INDICATORS; // 20,000 rows a month
const HEAP_CAP_MB = 128;

function syntheticModel() {
  return {
    units: [
      {
        code: 'HQ',
        name: 'Company',
        children: Array.from({ length: DIVISIONS }, (_, d) => ({
          code: `D${d + 1}`,
          name: `Division ${d + 1}`,
          children: Array.from({ length: BRANCHES }, (_, b) => ({ code: `D${d + 1}-B${b + 1}`, name: `Branch ${d + 1}-${b + 1}` })),
        })),
      },
    ],
    objectives: Array.from({ length: 4 }, (_, i) => ({ code: `O${i + 1}`, name: `Objective ${i + 1}`, perspective: ['financial', 'customer', 'process', 'infrastructure'][i] })),
    indicators: Array.from({ length: INDICATORS }, (_, i) => ({
      code: `K${i + 1}`,
      objective: `O${(i % 4) + 1}`,
      unit: 'count',
      aggregation: i % 5 === 0 ? { time: 'avg', org: 'avg' } : { time: 'sum', org: 'sum' },
    })),
    targets: Array.from({ length: INDICATORS }, (_, i) => ({ indicator: `K${i + 1}`, unit: 'HQ', period: '2020', target: 1000 })),
  };
}

/**
 * `rows` rows, month by month from 2020-01: every unit × indicator once a month (distinct keys).
 * From `firstRow` on, to continue an earlier file with the months after it.
 */
async function generateCsv(file: string, rows: number, firstRow = 0): Promise<number> {
  const out = fs.createWriteStream(file);
  async function* lines() {
    yield 'indicator,unit,period,value\n';
    let buffer = '';
    for (let i = firstRow; i < firstRow + rows; i++) {
      const month = Math.floor(i / KEYS_PER_MONTH);
      const k = i % KEYS_PER_MONTH;
      const unit = Math.floor(k / INDICATORS);
      const period = `${2020 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
      buffer += `K${(k % INDICATORS) + 1},D${Math.floor(unit / BRANCHES) + 1}-B${(unit % BRANCHES) + 1},${period},${((i * 7919) % 100_000) / 100}\n`;
      if (buffer.length > 1 << 16) {
        yield buffer;
        buffer = '';
      }
    }
    yield buffer;
  }
  await pipeline(lines, out);
  return fs.statSync(file).size;
}

type Kind = 'postgres' | 'pglite';

/** A fresh database of `kind` with the schema and the synthetic model; `dispose` removes it. */
async function freshDatabase(kind: Kind): Promise<{ handle: DatabaseHandle; dispose(): Promise<void> }> {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  if (kind === 'postgres') {
    const db = await createBenchDatabase('ns_bench_ingest');
    handle = await openDatabase({ url: db.url, dataDir: '' });
    drop = db.drop;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-pglite-'));
    handle = await openDatabase({ url: null, dataDir: dir, claim: { role: 'cli', command: 'bench ingest' } });
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  await migrateToLatest(handle.db);
  await handle.db.transaction().execute((trx) => importModel(trx, systemActor('bench'), syntheticModel()));
  return {
    handle,
    dispose: async () => {
      await handle.close();
      await drop();
    },
  };
}

const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/**
 * CPU time spent so far by this process and, on PostgreSQL, by the server backend serving
 * the transaction (read from /proc on this machine): on a shared machine wall times move with
 * the neighbours' load, CPU times much less.
 */
async function cpuClock(trx: Db, kind: Kind): Promise<() => number> {
  const pid = kind === 'postgres' ? (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0].pid : null;
  const backendMs = () => {
    if (pid === null) return 0;
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ticks of 10 ms
    } catch {
      return Number.NaN; // the server runs elsewhere
    }
  };
  return () => {
    const own = process.cpuUsage();
    return (own.user + own.system) / 1000 + backendMs();
  };
}

/**
 * Child: one import of `file` into a fresh database, then (if given) of `appendFile`, the
 * months after it; prints its figures (with the time of each step of the bulk write) as JSON.
 */
async function importChild(kind: Kind, file: string, appendFile?: string) {
  const { handle, dispose } = await freshDatabase(kind);
  try {
    const rssBefore = process.memoryUsage().rss;
    const steps: Record<string, { ms: number; cpuMs: number }> = {};
    let importMs = 0;
    let cpuMs = 0;
    const result = await handle.db.transaction().execute(async (trx) => {
      const cpu = await cpuClock(trx, kind);
      const start = process.hrtime.bigint();
      const cpuStart = cpu();
      let last = start;
      let lastCpu = cpuStart;
      const onStep = (step: string) => {
        const now = cpu();
        steps[step] = { ms: msSince(last), cpuMs: now - lastCpu };
        last = process.hrtime.bigint();
        lastCpu = now;
      };
      const written = await importMeasurementFile(trx, systemActor('bench'), { path: file }, { accept: 'all', source: 'bench', onStep });
      onStep('audit');
      importMs = msSince(start);
      cpuMs = cpu() - cpuStart;
      return written;
    });
    const { rows } = await sql<{ n: number; revisions: number; rollup: number }>`select (select count(*)::int from measurement) as n, (select count(*)::int from measurement_revision) as revisions, (select count(*)::int from indicator_rollup) as rollup`.execute(handle.db);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    let append: { rows: number; ms: number } | null = null;
    if (appendFile) {
      const appendStart = process.hrtime.bigint();
      const appended = await handle.db.transaction().execute((trx) => importMeasurementFile(trx, systemActor('bench'), { path: appendFile }, { accept: 'all', source: 'bench' }));
      append = { rows: appended.changed, ms: msSince(appendStart) };
    }
    process.stdout.write(JSON.stringify({ importMs, cpuMs, steps, rows: result.rows, changed: result.changed, stored: rows[0], rssBeforeMb: rssBefore / 2 ** 20, peakRssMb, append }) + '\n');
  } finally {
    await dispose();
  }
}

/** The file's data lines in chunks of about 1 MB, header dropped (a stream, like the import's). */
async function* fileChunks(file: string): AsyncGenerator<string> {
  let header = true;
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let text = rest + (chunk as string);
    const cut = text.lastIndexOf('\n') + 1;
    rest = text.slice(cut);
    text = text.slice(0, cut);
    if (header) {
      text = text.slice(text.indexOf('\n') + 1);
      header = false;
    }
    yield text;
  }
  if (rest) yield rest + '\n';
}

/**
 * Child: the write floor in a fresh database, in one transaction: COPY of the file into a bare
 * temporary table (through the same COPY path as the import's staging), then the same rows
 * keyed and in key order into `measurement` and `measurement_revision`; then, in the same
 * transaction, the full rollup rebuild those rows need.
 */
async function floorChild(kind: Kind, file: string) {
  const { handle, dispose } = await freshDatabase(kind);
  try {
    const figures = await handle.db.transaction().execute(async (trx) => {
      const cpu = await cpuClock(trx, kind);
      const start = process.hrtime.bigint();
      const cpuStart = cpu();
      await sql`create temp table bare (indicator text, unit text, period text collate "C", value numeric) on commit drop`.execute(trx);
      await copyFrom(trx, 'copy bare from stdin with (format csv)', fileChunks(file));
      const copyMs = msSince(start);
      await sql`insert into measurement (indicator_id, unit_id, period, value, source, revision)
        select i.id, u.id, b.period, b.value, 'bench', 1 from bare b join indicator i on i.code = b.indicator join org_unit u on u.code = b.unit
        order by u.id, b.period, i.id`.execute(trx);
      await sql`insert into measurement_revision (indicator_id, unit_id, period, revision, value, source)
        select indicator_id, unit_id, period, 1, value, 'bench' from measurement`.execute(trx);
      const floorMs = msSince(start);
      const floorCpuMs = cpu() - cpuStart;
      const rollupStart = process.hrtime.bigint();
      await rebuildRollups(trx);
      return { copyMs, floorMs, floorCpuMs, rollupMs: msSince(rollupStart), rollupCpuMs: cpu() - cpuStart - floorCpuMs };
    });
    process.stdout.write(JSON.stringify(figures) + '\n');
  } finally {
    await dispose();
  }
}

interface ImportFigures {
  importMs: number;
  cpuMs: number;
  steps: Record<string, { ms: number; cpuMs: number }>;
  rows: number;
  changed: number;
  stored: { n: number; revisions: number; rollup: number };
  rssBeforeMb: number;
  peakRssMb: number;
  append: { rows: number; ms: number } | null;
}

interface FloorFigures {
  copyMs: number;
  floorMs: number;
  floorCpuMs: number;
  rollupMs: number;
  rollupCpuMs: number;
}

function runChild<T>(args: string[], options: { heapCapMb?: number } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const flags = options.heapCapMb ? [`--max-old-space-size=${options.heapCapMb}`] : [];
    const proc = spawn(process.execPath, [...flags, '--import', 'tsx', here, '--child', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`the bench child exited with ${code}: ${out}`));
      resolve(JSON.parse(line));
    });
  });
}

/** Appended to the largest import: three new months, enough for the bulk path. */
const APPEND_ROWS = 3 * KEYS_PER_MONTH;

interface SizeResult {
  db: Kind;
  rows: number;
  fileMb: number;
  importMs: number;
  importCpuMs: number;
  steps: Record<string, { ms: number; cpuMs: number }>;
  copyMs: number;
  floorMs: number;
  floorCpuMs: number;
  ratio: number;
  cpuRatio: number;
  rollupFloorMs: number;
  rollupRatio: number;
  rollupCpuRatio: number;
  peakRssMb: number;
  cappedPeakRssMb: number;
  stored: unknown;
}

export async function runIngestBench(sizes = [100_000, 1_000_000], kinds: Kind[] = ['postgres', 'pglite']) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-ingest-'));
  const appends: { db: Kind; rows: number; onto: number; ms: number }[] = [];
  const results: SizeResult[] = [];
  try {
    for (const rows of sizes) {
      const largest = rows === sizes[sizes.length - 1];
      const file = path.join(dir, `measurements-${rows}.csv`);
      const appendFile = path.join(dir, `appended-${rows}.csv`);
      console.log(`ingest bench: generating ${rows.toLocaleString('en')} rows…`);
      const bytes = await generateCsv(file, rows);
      if (largest) await generateCsv(appendFile, APPEND_ROWS, Math.ceil(rows / KEYS_PER_MONTH) * KEYS_PER_MONTH);
      for (const kind of kinds) {
        console.log(`ingest bench (${kind}): importing ${rows.toLocaleString('en')} rows (${(bytes / 2 ** 20).toFixed(1)} MB) through the file import${largest ? `, then ${APPEND_ROWS.toLocaleString('en')} more` : ''}…`);
        const imported = await runChild<ImportFigures>([kind, 'import', file, ...(largest ? [appendFile] : [])]);
        if (imported.stored.n !== rows || imported.stored.revisions !== rows) throw new Error(`expected ${rows} measurements and revisions, found ${JSON.stringify(imported.stored)}`);
        if (imported.append) appends.push({ db: kind, rows: imported.append.rows, onto: rows, ms: imported.append.ms });
        console.log(`ingest bench (${kind}): the write floor of the same file…`);
        const floor = await runChild<FloorFigures>([kind, 'floor', file]);
        // V8 grows its heap lazily when memory is plentiful, so peak RSS overstates what an
        // import needs. Each import runs again under a small heap cap, where anything holding
        // the file in memory would fail: what it needs then is the figure that should stay flat.
        console.log(`ingest bench (${kind}): the same import under a ${HEAP_CAP_MB} MB heap cap…`);
        const capped = await runChild<ImportFigures>([kind, 'import', file], { heapCapMb: HEAP_CAP_MB });
        results.push({
          db: kind, rows, fileMb: bytes / 2 ** 20, importMs: imported.importMs, importCpuMs: imported.cpuMs, steps: imported.steps,
          copyMs: floor.copyMs, floorMs: floor.floorMs, floorCpuMs: floor.floorCpuMs, ratio: imported.importMs / floor.floorMs, cpuRatio: imported.cpuMs / floor.floorCpuMs,
          rollupFloorMs: floor.floorMs + floor.rollupMs, rollupRatio: imported.importMs / (floor.floorMs + floor.rollupMs),
          rollupCpuRatio: imported.cpuMs / (floor.floorCpuMs + floor.rollupCpuMs),
          peakRssMb: imported.peakRssMb, cappedPeakRssMb: capped.peakRssMb, stored: imported.stored,
        });
      }
      fs.rmSync(file);
      fs.rmSync(appendFile, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const table = [
    ['db', 'rows', 'file', 'import', 'write floor', 'import / floor', 'CPU import / floor', 'floor + rollup', 'import / (floor + rollup)', 'CPU', 'COPY', 'peak RSS', `capped ${HEAP_CAP_MB} MB`],
    ...results.map((r) => [
      r.db, r.rows.toLocaleString('en'), `${r.fileMb.toFixed(1)} MB`, fmt(r.importMs), fmt(r.floorMs), `${r.ratio.toFixed(2)}×`, `${r.cpuRatio.toFixed(2)}×`,
      fmt(r.rollupFloorMs), `${r.rollupRatio.toFixed(2)}×`, `${r.rollupCpuRatio.toFixed(2)}×`, fmt(r.copyMs), `${r.peakRssMb.toFixed(0)} MB`, `${r.cappedPeakRssMb.toFixed(0)} MB`,
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  console.log('\nMeasurement ingest (goal: import ≤ 1.5× the write floor, flat memory)');
  for (const row of table) console.log('  ' + row.map((cell, c) => (c <= 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '));
  console.log('  write floor: COPY of the file into a bare temporary table, then the same rows keyed (ids, key order) into measurement and measurement_revision; one transaction, no validation, merge or rollup');
  console.log('  floor + rollup: the same, then the full rollup rebuild of those rows in the same transaction (what an import into an empty database must also do)');
  console.log('  COPY: the first part of the floor alone. CPU: the same ratio in CPU time (this process and, on PostgreSQL, its server backend), which the neighbours\' load moves less than wall time');
  console.log('\n  Import steps:');
  for (const r of results) console.log(`    ${r.db} ${r.rows.toLocaleString('en')}: ${Object.entries(r.steps).map(([step, t]) => `${step} ${fmt(t.ms)} (CPU ${fmt(t.cpuMs)})`).join(', ')}`);
  for (const a of appends) console.log(`  ${a.db}: ${a.rows.toLocaleString('en')} rows (three new months) appended to the ${a.onto.toLocaleString('en')}: ${fmt(a.ms)} (the rollup of those months only)`);
  const growth: Record<string, { asV8Pleases: number; capped: number }> = {};
  for (const kind of kinds) {
    const of = results.filter((r) => r.db === kind);
    if (of.length < 2) continue;
    const [first, lastSize] = [of[0], of[of.length - 1]];
    growth[kind] = { asV8Pleases: lastSize.peakRssMb / first.peakRssMb, capped: lastSize.cappedPeakRssMb / first.cappedPeakRssMb };
    console.log(`  ${kind} peak RSS ${lastSize.rows.toLocaleString('en')} vs ${first.rows.toLocaleString('en')} rows: ${growth[kind].asV8Pleases.toFixed(2)}× as V8 pleases, ${growth[kind].capped.toFixed(2)}× under a ${HEAP_CAP_MB} MB heap cap`);
  }
  const report = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
    model: { units: 1 + DIVISIONS + DIVISIONS * BRANCHES, indicators: INDICATORS },
    goal: { ratioToWriteFloor: 1.5, memory: 'flat' },
    results,
    appends,
    memoryGrowth: growth,
  };
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results', 'ingest.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [kind, mode, file, appendFile] = args.slice(1) as [Kind, 'import' | 'floor', string, string | undefined];
  if (mode === 'floor') await floorChild(kind, file);
  else await importChild(kind, file, appendFile);
} else if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const option = (name: string) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1].split(',') : undefined;
  };
  await runIngestBench(option('--sizes')?.map(Number), option('--db') as Kind[] | undefined);
}
