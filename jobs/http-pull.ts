import { parseJobConfig, SECRET_ENV, type HttpPullConfig } from '../server/scheduling/config.ts';
import { ingestPulled, ingestVoc, runPeriod, toInputs, type PulledRow } from './ingest.ts';
import { TransientJobError, type JobKind } from './types.ts';
import { describeUrl, HttpStatusError, RefusedAddressError, safeRequest, TooLargeError } from '../server/scheduling/safe-http.ts';

/** `a.b.0.c` into `value`; `''` is the value itself. */
export function pick(value: unknown, dotted: string): unknown {
  if (dotted === '') return value;
  let node: unknown = value;
  for (const part of dotted.split('.')) {
    if (node === null || node === undefined || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Header values from the config; `{ env: VAR }` is read from the environment now (never stored).
 * Only variables named NORTHSTAR_SECRET_* may be read: whoever may save a job must not be able to
 * send DATABASE_URL or any other of the server's settings to a URL of their choosing.
 */
export function resolveHeaders(headers: HttpPullConfig['headers'], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name] = value;
    else {
      if (!SECRET_ENV.test(value.env)) throw new Error(`The header ${name} names ${value.env}; secrets come only from variables named NORTHSTAR_SECRET_*`);
      const secret = env[value.env];
      if (secret === undefined || secret === '') throw new Error(`The environment variable ${value.env} (header ${name}) is not set`);
      out[name] = secret;
    }
  }
  return out;
}

/**
 * HTTP JSON pull: fetches the URL (with `{period}` replaced), maps the payload's records to
 * indicator, unit, period and value, and writes them like a file. A time-out, a network error
 * or a 5xx answer is transient (retried with backoff, then a failed run with the reason); any
 * other non-2xx answer fails the run at once.
 */
export const httpPullJob: JobKind = {
  kind: 'http-pull',
  description: 'Pulls measurements from an HTTP JSON endpoint',
  async run(ctx, run) {
    const config = parseJobConfig<HttpPullConfig>('http-pull', run.job.config);
    const period = runPeriod(run);
    const url = config.url.replaceAll('{period}', encodeURIComponent(period)).replaceAll('%7Bperiod%7D', encodeURIComponent(period));
    const headers = { accept: 'application/json', ...resolveHeaders(config.headers) };
    const signal = AbortSignal.any([run.signal, AbortSignal.timeout(config.timeoutMs)]);
    const where = describeUrl(url); // no credentials or query string in messages
    let payload: unknown;
    try {
      const text = await safeRequest(url, { method: config.method, headers, signal, maxBytes: config.maxBytes });
      try {
        payload = JSON.parse(text);
      } catch {
        return { error: `${where} did not answer JSON` };
      }
    } catch (err) {
      if (run.signal.aborted) throw run.signal.reason;
      if (err instanceof RefusedAddressError) return { error: `${where} is refused: ${err.message}` };
      if (err instanceof TooLargeError) return { error: `${where} ${err.message}` };
      if (err instanceof HttpStatusError) {
        const message = `${where} ${err.message}`;
        if (err.status >= 500 || err.status === 429 || err.status === 408) throw new TransientJobError(message);
        return { error: message };
      }
      const e = err as Error & { code?: string };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new TransientJobError(`${where} did not answer within ${config.timeoutMs} ms`);
      throw new TransientJobError(`${where} could not be reached: ${e.code ?? e.name}`);
    }
    const records = pick(payload, config.mapping.rows);
    if (!Array.isArray(records)) return { error: `The payload has no array at "${config.mapping.rows || '(root)'}"` };
    if (config.target === 'voc') return ingestVoc(ctx, run, records, `${where} (job ${run.job.name})`);
    const field = (record: unknown, ref: string | { const: string } | undefined) => (ref === undefined ? undefined : typeof ref === 'string' ? pick(record, ref) : ref.const);
    const pulled: PulledRow[] = records.map((r) => ({
      indicator: field(r, config.mapping.indicator),
      unit: field(r, config.mapping.unit),
      period: config.periodFromRun ? period : field(r, config.mapping.period),
      value: pick(r, config.mapping.value!),
      note: config.mapping.note ? (pick(r, config.mapping.note) ?? null) : undefined,
    }));
    // A backfill of one period applies only that period's records (unless every record gets it).
    const wanted = run.period && !config.periodFromRun ? pulled.filter((p) => String(p.period ?? '') === run.period) : pulled;
    return ingestPulled(ctx, run, toInputs(wanted), { accept: config.accept, source: `job:${run.job.name}` });
  },
};
