import fs from 'node:fs';
import { Readable } from 'node:stream';
import unzipper, { type ZipEntry } from 'unzipper';
import { fileProblem, type FileLimits } from './limits.ts';

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const UNKNOWN_SIZE = 0xffffffff;

export type XlsxSource = { path: string } | { buffer: Buffer };

async function head(source: XlsxSource): Promise<Buffer> {
  if ('buffer' in source) return source.buffer.subarray(0, 4);
  const fd = await fs.promises.open(source.path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await fd.read(buf, 0, 4, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

/**
 * Checks an XLSX before any spreadsheet reader inflates it: a zip archive at all (a text file
 * named .xlsx is a 400, not a crash), and no part that inflates past the limits. A small file can
 * hold gigabytes (one shared string of 400 MB deflates to 400 KB), and readers keep the shared
 * strings in memory. Parts are read with the same streaming zip parser exceljs uses (the local
 * headers, in order), so what is checked is what the reader will see: a declared size over the
 * limit is refused before a byte is inflated, and the inflated bytes are counted as they come
 * (a size left out or understated stops at the limit), then thrown away: memory stays flat.
 */
export async function assertXlsxWithinLimits(source: XlsxSource, limits: FileLimits): Promise<void> {
  if (!(await head(source)).equals(ZIP_SIGNATURE)) throw fileProblem('not_xlsx', 'The file is not an XLSX workbook (no zip archive inside; is it a CSV or text file named .xlsx?)', 415);
  const input = 'buffer' in source ? Readable.from([source.buffer]) : fs.createReadStream(source.path);
  await new Promise<void>((resolve, reject) => {
    const zip = unzipper.Parse();
    let total = 0;
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) {
        input.unpipe(zip);
        input.destroy();
        zip.removeAllListeners('entry');
        zip.on('error', () => undefined);
        (zip as unknown as { destroy?: () => void }).destroy?.();
        reject(err);
      } else resolve();
    };
    const tooLarge = (part: string, limit: number) => fileProblem('xlsx_too_large', `The XLSX part ${part} inflates past ${limit} bytes (a zip bomb, or a workbook too large to import; the limit: ${part === 'xl/sharedStrings.xml' ? 'NORTHSTAR_XLSX_MAX_SHARED_STRINGS_BYTES' : 'NORTHSTAR_XLSX_MAX_PART_BYTES'})`, 413);
    zip.on('entry', (entry: ZipEntry) => {
      if (settled) return void entry.autodrain();
      const part = String(entry.path).replace(/[^\x20-\x7e]/g, '?').slice(0, 100);
      const limit = part === 'xl/sharedStrings.xml' ? limits.maxSharedStringsBytes : limits.maxEntryInflatedBytes;
      const declared = entry.vars?.uncompressedSize ?? 0;
      if (declared !== UNKNOWN_SIZE && declared > limit) {
        entry.autodrain();
        return finish(tooLarge(part, limit));
      }
      let size = 0;
      pending++;
      entry.on('end', () => {
        pending--;
        maybeDone();
      });
      entry.on('data', (chunk: Buffer) => {
        size += chunk.length;
        total += chunk.length;
        if (size > limit) finish(tooLarge(part, limit));
        else if (total > limits.maxTotalInflatedBytes) finish(fileProblem('xlsx_too_large', `The XLSX inflates past ${limits.maxTotalInflatedBytes} bytes (NORTHSTAR_XLSX_MAX_TOTAL_BYTES)`, 413));
      });
      entry.on('error', () => finish(notReadable()));
    });
    zip.on('error', () => finish(notReadable()));
    // Done when the archive is read and every part has been inflated to its end.
    let pending = 0;
    let archiveRead = false;
    const maybeDone = () => {
      if (archiveRead && pending === 0) finish();
    };
    zip.on('close', () => {
      archiveRead = true;
      maybeDone();
    });
    input.on('error', (err: Error) => finish(err));
    input.pipe(zip);
  });
}

export const notReadable = () => fileProblem('invalid_xlsx', 'The file is not a readable XLSX workbook (a damaged or unsupported zip archive)');
