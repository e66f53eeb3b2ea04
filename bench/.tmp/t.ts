import fs from 'node:fs';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { importModel } from '../../server/model/service.ts';
import { importMeasurementFile } from '../../server/measurements/import.ts';
import { systemActor } from '../../server/audit/repository.ts';
import postgres from 'postgres';
const a = postgres('postgres://postgres@127.0.0.1:5432/test', { max: 1, onnotice: () => {} });
await a.unsafe('drop database if exists ns_dbg with (force)'); await a.unsafe('create database ns_dbg'); await a.end();
const h = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/ns_dbg', dataDir: '' });
await migrateToLatest(h.db);
const model = {
  units: [{ code: 'HQ', name: 'Company', children: Array.from({ length: 2 }, (_, d) => ({ code: `D${d}`, name: `Division ${d}`, children: Array.from({ length: 25 }, (_, b) => ({ code: `D${d}B${b}`, name: `Branch ${d}-${b}` })) })) }],
  objectives: [{ code: 'O1', name: 'Objective', perspective: 'financial' }],
  indicators: Array.from({ length: 4 }, (_, i) => ({ code: `K${i}`, objective: 'O1', aggregation: { time: 'sum', org: 'sum' } })),
};
await h.db.transaction().execute((trx) => importModel(trx, systemActor('x'), model));
const rows = Number(process.argv[2] ?? 120000); console.time("all");
const lines = ['indicator,unit,period,value'];
for (let i = 0; i < rows; i++) { const key = i % 200; const month = Math.floor(i / 200);
  lines.push(`K${key % 4},D${Math.floor(key / 4) % 2}B${Math.floor(key / 8)},${2000 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')},${(i % 997) + 0.5}`); }
fs.writeFileSync('/tmp/nsdbg/big.csv', lines.join('\n') + '\n');
const t0 = Date.now();
const r = await h.db.transaction().execute((trx) => importMeasurementFile(trx, systemActor('x'), { path: '/tmp/nsdbg/big.csv' }, { accept: 'all' }).catch(e => { console.log('ERR', e.message, JSON.stringify(e.details?.slice?.(0,3))); throw e; }));
console.timeLog("all"); console.log(Date.now() - t0, 'ms', r.rows, r.changed, r.rejected.length);
await h.close();
