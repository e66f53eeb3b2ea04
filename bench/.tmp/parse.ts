import fs from 'node:fs';
import { readMeasurementRows } from '../../server/measurements/file.ts';
const rows = 1_000_000;
const lines: string[] = ['indicator,unit,period,value'];
for (let i = 0; i < rows; i++) lines.push(`K${(i % 20) + 1},D${(i % 10) + 1}-B${(i % 100) + 1},2020-${String((i % 12) + 1).padStart(2, '0')},${(i % 1000) / 10}`);
fs.writeFileSync('/tmp/nsdbg/parse.csv', lines.join('\n') + '\n');
let t = Date.now(); let n = 0;
for await (const r of readMeasurementRows({ path: '/tmp/nsdbg/parse.csv' })) n++;
console.log('readMeasurementRows', n, Date.now() - t, 'ms');
