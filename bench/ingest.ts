/**
 * Ingest benchmark (issue "Scheduled ingestion jobs and the push API", part 5), on PostgreSQL:
 * a generated measurement CSV is imported through the same path as a file drop or an upload
 * (importMeasurementFile: streamed, validated, merged with revisions, rollup rebuilt, one
 * transaction) into a fresh database with a synthetic model, and timed against a plain `COPY`
 * of the same file into a bare table of the same four columns on the same server. Each size runs
 * in a child process so its peak RSS is its own: the import streams, so memory should stay flat
 * between 100 k and 1 M rows.
 *
 * Run: `npx tsx bench/ingest.ts [--sizes 100000,1000000]` (or `npm run bench -- ingest`). The
 * server to create throwaway databases on: see benchServerUrl() in support.ts.
 * Writes bench-results/ingest.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { sql } from 'kysely';
import { openDatabase } from '../server/db/database.ts';
import { migrateToLatest } from '../server/db/migrate.ts';
import { importModel } from '../server/model/service.ts';
import { importMeasurementFile } from '../server/measurements/import.ts';
import { systemActor } from '../server/audit/repository.ts';
import { createBenchDatabase, fmt, median } from './support.ts';

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

const createDatabase = createBenchDatabase;

/**
 * Child: one import of `file` into a fresh database, then (if given) of `appendFile`, the
 * months after it; prints its figures as JSON.
 */
async function child(file: string, appendFile?: string) {
  const db = await createDatabase('ns_bench_ingest');
  try {
    const handle = await openDatabase({ url: db.url, dataDir: '' });
    await migrateToLatest(handle.db);
    await handle.db.transaction().execute((trx) => importModel(trx, systemActor('bench'), syntheticModel()));
    const rssBefore = process.memoryUsage().rss;
    const start = process.hrtime.bigint();
    const result = await handle.db.transaction().execute((trx) => importMeasurementFile(trx, systemActor('bench'), { path: file }, { accept: 'all', source: 'bench' }));
    const importMs = Number(process.hrtime.bigint() - start) / 1e6;
    const { rows } = await sql<{ n: number; revisions: number; rollup: number }>`select (select count(*)::int from measurement) as n, (select count(*)::int from measurement_revision) as revisions, (select count(*)::int from indicator_rollup) as rollup`.execute(handle.db);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    let append: { rows: number; ms: number } | null = null;
    if (appendFile) {
      const appendStart = process.hrtime.bigint();
      const appended = await handle.db.transaction().execute((trx) => importMeasurementFile(trx, systemActor('bench'), { path: appendFile }, { accept: 'all', source: 'bench' }));
      append = { rows: appended.changed, ms: Number(process.hrtime.bigint() - appendStart) / 1e6 };
    }
    await handle.close();
    process.stdout.write(JSON.stringify({ importMs, rows: result.rows, changed: result.changed, stored: rows[0], rssBeforeMb: rssBefore / 2 ** 20, peakRssMb, append }) + '\n');
  } finally {
    await db.drop();
  }
}

interface ChildFigures {
  importMs: number;
  rows: number;
  changed: number;
  stored: { n: number; revisions: number; rollup: number };
  rssBeforeMb: number;
  peakRssMb: number;
  append: { rows: number; ms: number } | null;
}

function runChild(file: string, options: { heapCapMb?: number; appendFile?: string } = {}): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    const flags = options.heapCapMb ? [`--max-old-space-size=${options.heapCapMb}`] : [];
    const proc = spawn(process.execPath, [...flags, '--import', 'tsx', here, '--child', file, ...(options.appendFile ? [options.appendFile] : [])], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('error', reject);
    proc.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`the import child exited with ${code}: ${out}`));
      resolve(JSON.parse(line));
    });
  });
}

/**
 * The baseline: `COPY bare FROM STDIN (csv, header)` of the same file into a bare table (the
 * median of three runs). For reference, two floors no import can go below:
 * - keyed: the same COPY into a table with nothing but a primary key on (indicator, unit,
 *   period), the least any import needs to tell a new row from a repeated one;
 * - write: the same rows written set-based, in key order, into `measurement` and
 *   `measurement_revision` straight from the copied table, without validation, merge or rollup.
 */
async function copyBaseline(file: string): Promise<{ copyMs: number; keyedMs: number; floorMs: number }> {
  const db = await createDatabase('ns_bench_copy');
  const handle = await openDatabase({ url: db.url, dataDir: '' });
  const client = postgres(db.url, { max: 1, onnotice: () => {} });
  const copyInto = async (table: string) => {
    await client.unsafe(`truncate ${table}`);
    const start = process.hrtime.bigint();
    const writable = await client.unsafe(`copy ${table} from stdin with (format csv, header true)`).writable();
    await pipeline(fs.createReadStream(file), writable);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  try {
    await migrateToLatest(handle.db);
    await handle.db.transaction().execute((trx) => importModel(trx, systemActor('bench'), syntheticModel()));
    await client.unsafe('create table bare (indicator text, unit text, period text, value numeric)');
    await client.unsafe('create table keyed (indicator text, unit text, period text, value numeric, primary key (indicator, unit, period))');
    const copies = [await copyInto('bare'), await copyInto('bare'), await copyInto('bare')];
    const copyMs = median(copies);
    const [{ n }] = await client`select count(*)::int as n from bare`;
    if (n <= 0) throw new Error('COPY loaded nothing');
    const keyedMs = await copyInto('keyed');
    const floorStart = process.hrtime.bigint();
    await client.begin(async (tx) => {
      await tx.unsafe(`insert into measurement (indicator_id, unit_id, period, value, source, revision)
        select i.id, u.id, b.period, b.value, 'bench', 1 from bare b join indicator i on i.code = b.indicator join org_unit u on u.code = b.unit
        order by u.id, b.period, i.id`);
      await tx.unsafe(`insert into measurement_revision (indicator_id, unit_id, period, revision, value, source)
        select indicator_id, unit_id, period, 1, value, 'bench' from measurement`);
    });
    const floorMs = Number(process.hrtime.bigint() - floorStart) / 1e6;
    return { copyMs, keyedMs, floorMs };
  } finally {
    await client.end();
    await handle.close();
    await db.drop();
  }
}

/** Appended to the largest import: three new months, enough for the bulk path. */
const APPEND_ROWS = 3 * KEYS_PER_MONTH;

interface SizeResult {
  rows: number;
  fileMb: number;
  importMs: number;
  copyMs: number;
  ratio: number;
  keyedMs: number;
  keyedRatio: number;
  floorMs: number;
  floorRatio: number;
  peakRssMb: number;
  cappedPeakRssMb: number;
  stored: unknown;
}

export async function runIngestBench(sizes = [100_000, 1_000_000]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-ingest-'));
  let heapCapped: { rows: number; heapCapMb: number; importMs: number; peakRssMb: number } | null = null;
  let append: { rows: number; onto: number; ms: number } | null = null;
  const results: SizeResult[] = [];
  try {
    for (const rows of sizes) {
      const largest = rows === sizes[sizes.length - 1];
      const file = path.join(dir, `measurements-${rows}.csv`);
      const appendFile = path.join(dir, `appended-${rows}.csv`);
      console.log(`ingest bench: generating ${rows.toLocaleString('en')} rows…`);
      const bytes = await generateCsv(file, rows);
      if (largest) await generateCsv(appendFile, APPEND_ROWS, Math.ceil(rows / KEYS_PER_MONTH) * KEYS_PER_MONTH);
      console.log(`ingest bench: importing ${rows.toLocaleString('en')} rows (${(bytes / 2 ** 20).toFixed(1)} MB) through the file import${largest ? `, then ${APPEND_ROWS.toLocaleString('en')} more` : ''}…`);
      const imported = await runChild(file, { appendFile: largest ? appendFile : undefined });
      if (imported.stored.n !== rows || imported.stored.revisions !== rows) throw new Error(`expected ${rows} measurements and revisions, found ${JSON.stringify(imported.stored)}`);
      if (imported.append) append = { rows: imported.append.rows, onto: rows, ms: imported.append.ms };
      console.log(`ingest bench: COPY of the same file into a bare table, and into a keyed one…`);
      const { copyMs, keyedMs, floorMs } = await copyBaseline(file);
      // V8 grows its heap lazily when memory is plentiful, so peak RSS overstates what an
      // import needs. Each import runs again under a small heap cap, where anything holding
      // the file in memory would fail: what it needs then is the figure that should stay flat.
      console.log(`ingest bench: the same import under a ${HEAP_CAP_MB} MB heap cap…`);
      const capped = await runChild(file, { heapCapMb: HEAP_CAP_MB });
      if (largest) heapCapped = { rows, heapCapMb: HEAP_CAP_MB, importMs: capped.importMs, peakRssMb: capped.peakRssMb };
      results.push({
        rows, fileMb: bytes / 2 ** 20, importMs: imported.importMs, copyMs, ratio: imported.importMs / copyMs,
        keyedMs, keyedRatio: keyedMs / copyMs, floorMs, floorRatio: floorMs / copyMs,
        peakRssMb: imported.peakRssMb, cappedPeakRssMb: capped.peakRssMb, stored: imported.stored,
      });
      fs.rmSync(file);
      fs.rmSync(appendFile, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const table = [
    ['rows', 'file', 'import', 'COPY', 'import / COPY', 'keyed COPY', 'keyed / COPY', 'write floor', 'floor / COPY', 'peak RSS', `capped ${HEAP_CAP_MB} MB`],
    ...results.map((r) => [
      r.rows.toLocaleString('en'), `${r.fileMb.toFixed(1)} MB`, fmt(r.importMs), fmt(r.copyMs), `${r.ratio.toFixed(1)}×`,
      fmt(r.keyedMs), `${r.keyedRatio.toFixed(1)}×`, fmt(r.floorMs), `${r.floorRatio.toFixed(1)}×`, `${r.peakRssMb.toFixed(0)} MB`, `${r.cappedPeakRssMb.toFixed(0)} MB`,
    ]),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  console.log('\nMeasurement ingest (PostgreSQL; goal: import ≤ 2× COPY, flat memory)');
  for (const row of table) console.log('  ' + row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   '));
  const growth = (of: (r: SizeResult) => number) => (results.length > 1 ? of(results[results.length - 1]) / of(results[0]) : null);
  const memoryGrowth = growth((r) => r.peakRssMb);
  const cappedMemoryGrowth = growth((r) => r.cappedPeakRssMb);
  console.log('  COPY: median of three into a bare table. keyed COPY: the same into a table with a primary key on (indicator, unit, period) and nothing else');
  console.log('  write floor: the same rows INSERT…SELECTed in key order from the copied table into measurement and measurement_revision, no validation, merge or rollup');
  if (append) console.log(`  ${append.rows.toLocaleString('en')} rows (three new months) appended to the ${append.onto.toLocaleString('en')}: ${fmt(append.ms)} (the rollup of those months only)`);
  if (memoryGrowth !== null && cappedMemoryGrowth !== null) {
    const sizesText = `${results[results.length - 1].rows.toLocaleString('en')} vs ${results[0].rows.toLocaleString('en')} rows`;
    console.log(`  peak RSS ${sizesText}: ${memoryGrowth.toFixed(2)}× as V8 pleases, ${cappedMemoryGrowth.toFixed(2)}× under a ${HEAP_CAP_MB} MB heap cap`);
  }
  if (heapCapped) console.log(`  ${heapCapped.rows.toLocaleString('en')} rows under a ${heapCapped.heapCapMb} MB heap cap: ${fmt(heapCapped.importMs)}, peak RSS ${heapCapped.peakRssMb.toFixed(0)} MB`);
  const report = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    model: { units: 1 + DIVISIONS + DIVISIONS * BRANCHES, indicators: INDICATORS },
    goal: { ratioToCopy: 2, memory: 'flat' },
    results,
    append,
    memoryGrowth,
    cappedMemoryGrowth,
    heapCapped,
  };
  fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench-results', 'ingest.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args[1], args[2]);
} else if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const sizesArg = args.indexOf('--sizes');
  const sizes = sizesArg >= 0 ? args[sizesArg + 1].split(',').map(Number) : undefined;
  await runIngestBench(sizes);
}
