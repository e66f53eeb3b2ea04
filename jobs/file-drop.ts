import fs from 'node:fs';
import { sql } from 'kysely';
import path from 'node:path';
import type { AppContext } from '../server/context.ts';
import { DomainError } from '../server/http/errors.ts';
import { importMeasurementFile } from '../server/measurements/import.ts';
import type { RowError, WriteResult } from '../server/measurements/service.ts';
import { parseJobConfig, type FileDropConfig } from '../server/scheduling/config.ts';
import { checkAborted, jobActor } from './ingest.ts';
import { LOCK_SPACE, withAdvisoryLock } from './locks.ts';
import type { JobKind, JobOutcome, JobRunContext } from './types.ts';
import { csvFile } from '../server/files/csv.ts';
import { DropFolderError, ensurePlainSubfolder, resolveDropFolder } from '../server/scheduling/drop-folder.ts';
import { writeVocRecords, type VocRowIssue } from '../server/voc/service.ts';
import { readVocFile } from '../server/voc/file.ts';

const MEASUREMENT_FILE = /\.(csv|tsv|txt|xlsx)$/i;

/** The folder a file-drop job polls: inside `NORTHSTAR_DATA_DIR/drop/` or a listed drop root (drop-folder.ts). */
export function dropFolder(ctx: AppContext, config: { folder: string }): string {
  return resolveDropFolder(ctx.config.dataDir, config.folder);
}

interface FileReport {
  file: string;
  status: 'archived' | 'rejected';
  rows: number;
  accepted: number;
  changed: number;
  rejected: number;
  error?: string;
}

/**
 * File drop: every CSV/XLSX measurement file in the folder is imported in its own transaction,
 * oldest name first. An imported file moves to `archive/`, a refused one to `rejected/` with
 * `NAME.errors.csv` beside it (row, column, code, reason). A file is moved only after its
 * transaction committed, and importing the same file again changes nothing, so a crash between
 * the two (or a file dropped twice) leaves the same state. A folder-wide advisory lock keeps
 * two server instances (or two jobs sharing a folder) from working on it at once.
 */
export const fileDropJob: JobKind = {
  kind: 'file-drop',
  description: 'Imports CSV/XLSX measurement files dropped into a folder',
  async run(ctx, run) {
    const config = parseJobConfig<FileDropConfig>('file-drop', run.job.config);
    let folder: string;
    try {
      folder = dropFolder(ctx, config);
    } catch (err) {
      if (err instanceof DropFolderError) return { error: err.message };
      throw err;
    }
    if (!fs.existsSync(folder)) return { error: `The folder ${config.folder} does not exist` };
    const locked = await withAdvisoryLock(ctx, LOCK_SPACE.folder, folder, () => processFolder(ctx, run, config, folder));
    if (!locked.acquired) return { details: { files: [], note: 'the folder is being processed by another run' } };
    return locked.value;
  },
};

async function processFolder(ctx: AppContext, run: JobRunContext, config: FileDropConfig, folder: string): Promise<JobOutcome> {
  const now = Date.now();
  const names = (await fs.promises.readdir(folder, { withFileTypes: true }))
    .filter((d) => d.isFile() && MEASUREMENT_FILE.test(d.name) && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  const reports: FileReport[] = [];
  const outcome = { rowsRead: 0, rowsAccepted: 0, rowsRejected: 0 };
  for (const name of names) {
    checkAborted(run.signal);
    const file = path.join(folder, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat) continue; // moved away meanwhile
    if (now - stat.mtimeMs < config.minAgeSeconds * 1000) continue;
    let result: WriteResult | null = null;
    let failure: { message: string; errors: RowError[] } | null = null;
    try {
      result =
        config.target === 'voc'
          ? await importVocFile(ctx, run, file, name)
          : await ctx.db.transaction().execute((trx) =>
              importMeasurementFile(trx, jobActor(run), { path: file }, { accept: config.accept, decimalComma: config.decimalComma, source: `file:${name}`, reason: `job ${run.job.name} run ${run.runId}`, signal: run.signal }),
            );
    } catch (err) {
      if (err instanceof DomainError) {
        const vocRows = (err.details as { rows?: VocRowIssue[] } | undefined)?.rows;
        const errors = Array.isArray(err.details) ? (err.details as RowError[]) : Array.isArray(vocRows) ? vocRows.map((i) => ({ row: i.row, field: i.field, code: i.code, message: i.reason, value: i.value })) : null;
        failure = { message: err.message, errors: errors ?? [{ row: 0, field: 'file', code: err.code, message: err.message }] };
      } else if (await isUnreadableFile(ctx, err, run)) {
        const message = `${name} could not be read: ${(err as Error).message}`;
        failure = { message, errors: [{ row: 0, field: 'file', code: 'unreadable_file', message }] };
      } else {
        throw err; // database trouble, time limit: the file stays for the next run
      }
    }
    if (result) {
      const target = await moveInto(folder, 'archive', name);
      if (result.rejected.length) await writeErrorReport(target, result.rejected);
      reports.push({ file: name, status: 'archived', rows: result.rows, accepted: result.accepted, changed: result.changed, rejected: result.rejected.length });
      outcome.rowsRead += result.rows;
      outcome.rowsAccepted += result.accepted;
      outcome.rowsRejected += result.rejected.length;
    } else if (failure) {
      const target = await moveInto(folder, 'rejected', name);
      await writeErrorReport(target, failure.errors);
      const rows = new Set(failure.errors.map((e) => e.row)).size;
      reports.push({ file: name, status: 'rejected', rows, accepted: 0, changed: 0, rejected: failure.errors.length, error: failure.message });
      outcome.rowsRejected += failure.errors.length;
    }
  }
  const rejectedFiles = reports.filter((r) => r.status === 'rejected');
  return {
    ...outcome,
    details: { folder: config.folder, files: reports },
    error: rejectedFiles.length ? `${rejectedFiles.length} of ${reports.length} file${reports.length === 1 ? '' : 's'} rejected (see rejected/): ${rejectedFiles.map((r) => `${r.file}: ${r.error}`).join(' | ').slice(0, 2000)}` : undefined,
  };
}

/** A VOC file (`target: voc`): all or nothing; its summary in the measurement import's terms, locked months as notices. */
async function importVocFile(ctx: AppContext, run: JobRunContext, file: string, name: string): Promise<WriteResult> {
  const summary = await ctx.db.transaction().execute((trx) => writeVocRecords(trx, jobActor(run), readVocFile({ path: file }), { label: name }));
  return { rows: summary.rows, accepted: summary.rows, changed: summary.created + summary.updated, unchanged: summary.unchanged, rejected: [], changes: [] };
}

/**
 * A parser's complaint (a corrupt XLSX, broken CSV quoting), not the database's, the system's or
 * the clock's: only then is the file to blame and moved to rejected/.
 */
async function isUnreadableFile(ctx: AppContext, err: unknown, run: JobRunContext): Promise<boolean> {
  if (run.signal.aborted || !(err instanceof Error)) return false;
  const e = err as Error & { severity?: unknown; code?: unknown };
  if (e.severity !== undefined) return false; // PostgreSQL and PGlite errors carry a severity
  if (typeof e.code === 'string' && (/^E[A-Z]+$/.test(e.code) || e.code.startsWith('CONNECT'))) return false; // ENOENT, ECONNRESET, CONNECTION_CLOSED…
  return sql`select 1`.execute(ctx.db).then(
    () => true,
    () => false,
  );
}

/** Moves `name` into `folder/sub/`, keeping an existing file of the same name (a timestamp suffix). */
async function moveInto(folder: string, sub: 'archive' | 'rejected', name: string): Promise<string> {
  const dir = await ensurePlainSubfolder(folder, sub);
  let target = path.join(dir, name);
  if (fs.existsSync(target)) {
    const ext = path.extname(name);
    target = path.join(dir, `${path.basename(name, ext)}.${new Date().toISOString().replace(/[:.]/g, '-')}${ext}`);
  }
  await fs.promises.rename(path.join(folder, name), target);
  return target;
}

/** `FILE.errors.csv` beside the file: one line per error, naming row, column and reason. */
async function writeErrorReport(file: string, errors: RowError[]): Promise<void> {
  const rows = errors.map((e) => [e.row, e.field, e.code, e.message, e.value]);
  await fs.promises.writeFile(`${file}.errors.csv`, csvFile([['row', 'column', 'code', 'message', 'value'], ...rows]));
}
