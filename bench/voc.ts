/**
 * VOC benchmark (issue 17), on PostgreSQL:
 * 1. a generated VOC CSV of N records (default 1,000,000; VOC_BENCH_SIZE or --size) imported
 *    through the one VOC write path (readVocFile → writeVocRecords: checked, upserted, history,
 *    repeats, feeds written as measurements), against a plain COPY of the same file into a bare
 *    table in the same run (ratio), with the import's peak RSS;
 * 2. the feeds of ONE changed record after 10,000 and after N records (median of seven changes
 *    each, after vacuum analyze and two warm-up changes): the cost must not grow with the number of records stored (ratio ≤ 1.5).
 * Each import runs in a child process so its peak RSS is its own.
 *
 * Run: `npm run bench -- voc` or `npx tsx bench/voc.ts [--size 100000]`. Writes bench-results/voc.json.
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
import { systemActor } from '../server/audit/repository.ts';
import { writeVocRecords } from '../server/voc/service.ts';
import { readVocFile } from '../server/voc/file.ts';
import { createBenchDatabase, fmt, median } from './support.ts';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const DIVISIONS = 10;
const STORES = 20; // per division: 200 stores
const CATEGORIES = ['DEFECT', 'SOLDOUT', 'CHECKOUT', 'STAFF', 'CLEAN', 'PARKING', 'DELIVERY', 'REFUND', 'APP', 'OTHER'];
const FEEDS = { received: 'VOC_RECEIVED', complaints: 'VOC_COMPLAINTS', slaDue: 'VOC_SLA_DUE', slaMet: 'VOC_SLA_MET', resolved: 'VOC_RESOLVED', resolutionHours: 'VOC_RESOLUTION_HOURS', repeats: 'VOC_REPEATS' };
const TYPES = ['complaint', 'complaint', 'complaint', 'inquiry', 'inquiry', 'suggestion', 'praise'];

function model() {
  return {
    units: [{ code: 'HQ', name: 'Company', children: Array.from({ length: DIVISIONS }, (_, d) => ({ code: `D${d + 1}`, name: `Division ${d + 1}`, children: Array.from({ length: STORES }, (_, s) => ({ code: `D${d + 1}-S${s + 1}`, name: `Store ${d + 1}-${s + 1}` })) })) }],
    indicators: [...Object.values(FEEDS).map((code) => ({ code, unit: 'count', aggregation: { time: 'sum', org: 'sum' } })), { code: 'VOC_SLA_RATE', unit: '%', formula: 'VOC_SLA_MET / VOC_SLA_DUE * 100' }],
    voc: { timezone: 'Asia/Seoul', categories: CATEGORIES.map((code) => ({ code, name: code })), sla: { complaint: 24, inquiry: 48 }, feeds: FEEDS },
  };
}

/** N records spread over 24 months from 2024-01, 200 stores, 50,000 customers (some repeat). */
async function generateCsv(file: string, rows: number): Promise<number> {
  async function* lines() {
    yield 'id,received_at,channel,type,category,unit,severity,customer,text,status,resolved_at,root_cause\n';
    let buffer = '';
    const start = Date.UTC(2024, 0, 1);
    const span = 730 * 86_400_000;
    for (let i = 0; i < rows; i++) {
      const at = start + Math.floor(((i * 7919) % 100_003) / 100_003 * span);
      const type = TYPES[i % TYPES.length];
      const resolved = i % 10 !== 0;
      const hours = 1 + ((i * 31) % 60);
      const received = new Date(at).toISOString().slice(0, 19) + 'Z';
      const resolvedAt = resolved ? new Date(at + hours * 3_600_000).toISOString().slice(0, 19) + 'Z' : '';
      buffer += `V${i},${received},call,${type},${CATEGORIES[(i * 13) % CATEGORIES.length]},D${(i % DIVISIONS) + 1}-S${(Math.floor(i / DIVISIONS) % STORES) + 1},normal,C${(i * 104_729) % 50_000},고객 의견 ${i},${resolved ? 'resolved' : 'received'},${resolvedAt},${resolved && type === 'complaint' ? 'people' : ''}\n`;
      if (buffer.length > 1 << 16) {
        yield buffer;
        buffer = '';
      }
    }
    yield buffer;
  }
  await pipeline(lines, fs.createWriteStream(file));
  return fs.statSync(file).size;
}

/** Child: import `file` into a fresh database, then change one record at a time (seven times); prints JSON. */
async function child(file: string) {
  const db = await createBenchDatabase('ns_bench_voc');
  try {
    const handle = await openDatabase({ url: db.url, dataDir: '' });
    await migrateToLatest(handle.db);
    await handle.db.transaction().execute((trx) => importModel(trx, systemActor('bench'), model()));
    const start = process.hrtime.bigint();
    const summary = await handle.db.transaction().execute((trx) => writeVocRecords(trx, systemActor('bench'), readVocFile({ path: file }), { label: path.basename(file) }));
    const importMs = Number(process.hrtime.bigint() - start) / 1e6;
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const { rows } = await sql<{ n: number; m: number }>`select (select count(*)::int from voc_record) as n, (select count(*)::int from measurement where source = 'voc') as m`.execute(handle.db);
    // Steady state, as autovacuum leaves it: the import rewrote every row it inserted (feed_due,
    // is_repeat), so vacuum and analyze first; two changes warm the caches and are not counted.
    await sql`vacuum analyze voc_record`.execute(handle.db);
    // One changed record: a complaint resolved (status, resolved_at, root cause), each a different one.
    const changes: number[] = [];
    for (let k = -2; k < 7; k++) {
      const id = `V${(k + 2) * 70}`; // i % 10 === 0: open; i % 7 === 0: a complaint
      const s = process.hrtime.bigint();
      const one = await handle.db.transaction().execute((trx) =>
        writeVocRecords(trx, systemActor('bench'), [[{ row: 1, input: { id, receivedAt: '', type: '', category: '', unit: '', status: 'resolved', resolvedAt: '2026-01-01T00:00:00Z', rootCause: 'procedure' } }]], { label: 'one change' }),
      );
      if (k >= 0) changes.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (one.updated !== 1) throw new Error(`expected one update, got ${JSON.stringify(one)}`);
    }
    await handle.close();
    process.stdout.write(JSON.stringify({ importMs, peakRssMb, created: summary.created, stored: rows[0], changeMs: median(changes), changes }) + '\n');
  } finally {
    await db.drop();
  }
}

interface ChildFigures {
  importMs: number;
  peakRssMb: number;
  created: number;
  stored: { n: number; m: number };
  changeMs: number;
  changes: number[];
}

function runChild(file: string): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', here, '--child', file], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('error', reject);
    proc.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the VOC child exited with ${code}: ${out}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
    });
  });
}

/** COPY of the same file into a bare table of its columns (median of three). */
async function copyBaseline(file: string): Promise<number> {
  const db = await createBenchDatabase('ns_bench_voc_copy');
  const client = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe('create table bare (id text, received_at text, channel text, type text, category text, unit text, severity text, customer text, text text, status text, resolved_at text, root_cause text)');
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      await client.unsafe('truncate bare');
      const start = process.hrtime.bigint();
      const writable = await client.unsafe('copy bare from stdin with (format csv, header true)').writable();
      await pipeline(fs.createReadStream(file), writable);
      runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return median(runs);
  } finally {
    await client.end();
    await db.drop();
  }
}

export async function runVocBench(size = Number(process.env.VOC_BENCH_SIZE ?? 1_000_000)) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'northstar-bench-voc-'));
  try {
    const small = path.join(dir, 'voc-10000.csv');
    const large = path.join(dir, `voc-${size}.csv`);
    await generateCsv(small, 10_000);
    const bytes = await generateCsv(large, size);
    console.log(`voc bench: 10,000 records, then one change at a time…`);
    const at10k = await runChild(small);
    console.log(`voc bench: ${size.toLocaleString('en')} records (${(bytes / 2 ** 20).toFixed(1)} MB) through the VOC import, then one change at a time…`);
    const atN = await runChild(large);
    if (atN.stored.n !== size) throw new Error(`expected ${size} records, found ${atN.stored.n}`);
    console.log('voc bench: COPY of the same file into a bare table…');
    const copyMs = await copyBaseline(large);
    const report = {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version },
      size,
      fileMb: bytes / 2 ** 20,
      importMs: atN.importMs,
      copyMs,
      importToCopy: atN.importMs / copyMs,
      peakRssMb: atN.peakRssMb,
      peakRssMb10k: at10k.peakRssMb,
      feedMeasurements: atN.stored.m,
      oneChangeMs: { at10k: at10k.changeMs, atN: atN.changeMs, ratio: atN.changeMs / at10k.changeMs, runs10k: at10k.changes, runsN: atN.changes },
    };
    console.log(`\nVOC (PostgreSQL)`);
    console.log(`  import of ${size.toLocaleString('en')} records + feeds: ${fmt(atN.importMs)}; COPY of the same file: ${fmt(copyMs)}; ratio ${report.importToCopy.toFixed(1)}×; peak RSS ${atN.peakRssMb.toFixed(0)} MB (10,000 records: ${at10k.peakRssMb.toFixed(0)} MB)`);
    console.log(`  one changed record (its feeds rewritten): ${fmt(at10k.changeMs)} at 10,000 records, ${fmt(atN.changeMs)} at ${size.toLocaleString('en')}: ratio ${report.oneChangeMs.ratio.toFixed(2)} (goal ≤ 1.5)`);
    fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'bench-results', 'voc.json'), JSON.stringify(report, null, 2) + '\n');
    return report;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args[1]);
} else if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const at = args.indexOf('--size');
  await runVocBench(at >= 0 ? Number(args[at + 1]) : undefined);
}
