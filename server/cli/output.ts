import { toErrorResponse } from '../http/errors.ts';

export interface OutputOptions {
  json?: boolean;
}

/** Prints `data` as JSON (`--json`) or through `human` as text. */
export function print(data: unknown, options: OutputOptions, human?: (data: any) => string): void {
  if (options.json || !human) process.stdout.write(JSON.stringify(data, null, 2) + '\n');
  else process.stdout.write(human(data) + '\n');
}

/** Errors go to stderr, with their details, and the process exits non-zero. */
export function fail(err: unknown, options: OutputOptions = {}): never {
  const { status, body } = toErrorResponse(err);
  const message = status === 500 && err instanceof Error ? err.message : body.error.message;
  if (options.json) {
    process.stderr.write(JSON.stringify({ error: { ...body.error, message } }, null, 2) + '\n');
  } else {
    process.stderr.write(`error: ${message}\n`);
    const raw = body.error.details as unknown;
    // VOC errors carry their rows under details.rows.
    const details = raw && typeof raw === 'object' && Array.isArray((raw as { rows?: unknown }).rows) ? (raw as { rows: unknown[] }).rows : raw;
    if (Array.isArray(details)) for (const d of details.slice(0, 50)) process.stderr.write(`  - ${formatDetail(d)}\n`);
    else if (details !== undefined) process.stderr.write(`  ${JSON.stringify(details)}\n`);
    if (Array.isArray(details) && details.length > 50) process.stderr.write(`  … and ${details.length - 50} more\n`);
  }
  process.exit(1);
}

function formatDetail(d: unknown): string {
  if (typeof d !== 'object' || d === null) return String(d);
  const o = d as Record<string, unknown>;
  const where = [o.row !== undefined ? `row ${o.row}` : null, o.field ?? o.column ?? o.path].filter(Boolean).join(', ');
  return where ? `${where}: ${o.message ?? o.reason ?? JSON.stringify(o)}` : (String(o.message ?? JSON.stringify(o)));
}
