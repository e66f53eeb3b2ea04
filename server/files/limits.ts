import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import type { Readable } from 'node:stream';
import { DomainError } from '../http/errors.ts';

/**
 * Limits for every file Northstar reads (uploads, file drops, survey responses, benchmark CSV,
 * the CLI): a file that breaks one is refused with a 4xx naming the limit, before it can take
 * the server's memory or time. Each can be raised with an environment variable.
 */
export interface FileLimits {
  /** Bytes of the file itself. */
  maxBytes: number;
  /** Data rows (the header not counted). */
  maxRows: number;
  /** Cells in one row. */
  maxCellsPerRow: number;
  /** Characters in one cell (Excel's own limit is 32,767). */
  maxCellChars: number;
  /** Inflated bytes of one XLSX part (a worksheet). */
  maxEntryInflatedBytes: number;
  /** Inflated bytes of the shared strings, which the reader keeps in memory. */
  maxSharedStringsBytes: number;
  /** Inflated bytes of the whole XLSX. */
  maxTotalInflatedBytes: number;
}

const MB = 1024 * 1024;

const fromEnv = (env: NodeJS.ProcessEnv, name: string, fallback: number) => {
  const value = Number(env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export function fileLimits(env: NodeJS.ProcessEnv = process.env): FileLimits {
  return {
    maxBytes: fromEnv(env, 'NORTHSTAR_FILE_MAX_BYTES', 256 * MB),
    maxRows: fromEnv(env, 'NORTHSTAR_FILE_MAX_ROWS', 5_000_000),
    maxCellsPerRow: fromEnv(env, 'NORTHSTAR_FILE_MAX_CELLS_PER_ROW', 1000),
    maxCellChars: fromEnv(env, 'NORTHSTAR_FILE_MAX_CELL_CHARS', 32_767),
    maxEntryInflatedBytes: fromEnv(env, 'NORTHSTAR_XLSX_MAX_PART_BYTES', 512 * MB),
    maxSharedStringsBytes: fromEnv(env, 'NORTHSTAR_XLSX_MAX_SHARED_STRINGS_BYTES', 64 * MB),
    maxTotalInflatedBytes: fromEnv(env, 'NORTHSTAR_XLSX_MAX_TOTAL_BYTES', 1024 * MB),
  };
}

/** A file refused by a limit or for its bytes: always a 4xx, naming the problem (never a path). */
export const fileProblem = (code: string, message: string, status = 400, row?: number) =>
  new DomainError(code, message, [{ row: row ?? 0, field: 'file', code, message }], status);

export const tooManyRows = (limits: FileLimits) => fileProblem('too_many_rows', `The file has more than ${limits.maxRows.toLocaleString('en')} data rows (NORTHSTAR_FILE_MAX_ROWS)`, 413);

/** Row and cell limits for one row of cells; throws the 4xx that names the row. */
export function checkRowCells(cells: readonly unknown[], row: number, limits: FileLimits): void {
  if (cells.length > limits.maxCellsPerRow) throw fileProblem('too_many_cells', `Row ${row} has ${cells.length} cells, more than ${limits.maxCellsPerRow} (NORTHSTAR_FILE_MAX_CELLS_PER_ROW)`, 400, row);
  for (const cell of cells) {
    if (typeof cell === 'string' && cell.length > limits.maxCellChars) throw fileProblem('cell_too_long', `Row ${row} has a cell of ${cell.length} characters, more than ${limits.maxCellChars} (NORTHSTAR_FILE_MAX_CELL_CHARS)`, 400, row);
  }
}

/** The size limit, checked before a byte is parsed. */
export async function checkFileSize(source: { path: string } | { buffer: Buffer }, limits: FileLimits): Promise<void> {
  const size = 'buffer' in source ? source.buffer.length : (await fs.promises.stat(source.path)).size;
  if (size > limits.maxBytes) throw fileProblem('file_too_large', `The file has ${size} bytes, more than ${limits.maxBytes} (NORTHSTAR_FILE_MAX_BYTES)`, 413);
  if (size === 0) throw fileProblem('empty_file', 'The file is empty');
}

const lineOf = (bytes: Buffer, offset: number, before: number) => {
  let line = before + 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
};

/**
 * Text files must be UTF-8 without NUL bytes (PostgreSQL cannot store NUL in text, and a
 * mis-encoded file would store mojibake). Reads the file once in chunks; names the line.
 * Returns whether the text has a double quote (then it needs the full CSV parser).
 */
export async function checkTextBytes(chunks: AsyncIterable<Buffer> | Iterable<Buffer>): Promise<{ hasQuote: boolean }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lines = 0;
  let hasQuote = false;
  for await (const chunk of chunks) {
    const nul = chunk.indexOf(0);
    if (nul !== -1) throw fileProblem('nul_byte', `Line ${lineOf(chunk, nul, lines)} contains a NUL byte; the file must be UTF-8 text`, 400, lineOf(chunk, nul, lines));
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      throw fileProblem('invalid_utf8', `The file is not UTF-8 text (an invalid byte sequence near line ${lines + 1}); save it as CSV UTF-8`);
    }
    if (!hasQuote && chunk.includes(0x22)) hasQuote = true;
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
  }
  try {
    decoder.decode();
  } catch {
    throw fileProblem('invalid_utf8', 'The file is not UTF-8 text (it ends inside a character); save it as CSV UTF-8');
  }
  return { hasQuote };
}

/** checkTextBytes for a file or a buffer. */
export function checkTextSource(source: { path: string } | { buffer: Buffer }): Promise<{ hasQuote: boolean }> {
  if ('buffer' in source) {
    if (isUtf8(source.buffer) && !source.buffer.includes(0)) return Promise.resolve({ hasQuote: source.buffer.includes(0x22) });
    return checkTextBytes([source.buffer]);
  }
  return checkTextBytes(fs.createReadStream(source.path, { highWaterMark: MB }) as Readable & AsyncIterable<Buffer>);
}
